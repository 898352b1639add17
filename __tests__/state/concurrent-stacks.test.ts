import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers/fixtures";
import type { RecordedRequest } from "./s3-test-server";
import { stateAccountAuthorizer } from "./state-account-policies";
import { STATE_KEY_ARN, StateWorld } from "./state-world";
import { holdUntil, type RunResult, waitFor } from "./terraform-sandbox";

/**
 * Four stacks that share the state bucket apply at the same time with
 * Terraform's real S3 backend: two environments, and two namespaces of one
 * environment. The recordings then show which key, role, session and
 * encryption each one used.
 */

const world = new StateWorld();
const { project, state } = world.config.organization;

interface Deployment {
  readonly env: string;
  readonly namespace?: string;
  /** What the README names: `<project>/<env>[/<namespace>]/terraform.tfstate`. */
  readonly key: string;
  result?: RunResult;
}

const deployments: Deployment[] = [
  { env: "dev", key: `${project}/dev/terraform.tfstate` },
  { env: "staging", key: `${project}/staging/terraform.tfstate` },
  { env: "dev", namespace: "alice", key: `${project}/dev/alice/terraform.tfstate` },
  { env: "dev", namespace: "bob", key: `${project}/dev/bob/terraform.tfstate` },
];

beforeAll(async () => {
  await world.start();
  const dirs = deployments.map((d) =>
    world.stack(`project-${d.namespace ?? "main"}`, d.env, world.environmentBackend(d.env, d.namespace ? { [`${d.env}.json`]: { namespace: d.namespace } } : {})),
  );
  const inits = await Promise.all(dirs.map((dir) => world.terraform.run(dir, ["init", "-input=false", "-no-color"])));
  for (const init of inits) expect(init.code).toBe(0);
  // Each run holds its lock until all four hold theirs: that only ends if none waits for another.
  const release = path.join(world.terraform.root, "release");
  const runs = dirs.map((dir) => world.terraform.start(dir, ["apply", "-input=false", "-no-color", "-auto-approve", ...holdUntil(release)]));
  const allLocked = () => deployments.every((d) => world.server.object(world.bucket, `${d.key}.tflock`) !== undefined);
  const anyEnded = () => runs.some((r) => r.child.exitCode !== null || r.child.signalCode !== null);
  // A run that stopped at another's lock ends at once; the assertions below then say so.
  await waitFor(() => allLocked() || anyEnded(), 30_000, "all four locks").finally(() => fs.writeFileSync(release, ""));
  const results = await Promise.all(runs.map((r) => r.done));
  results.forEach((r, i) => (deployments[i].result = r));
});
afterAll(() => world.dispose());

const s3Requests = (): RecordedRequest[] => world.server.requests.filter((r) => r.service === "s3");
const puts = (): RecordedRequest[] => s3Requests().filter((r) => r.method === "PUT");

describe("concurrent deployers with the S3 backend", () => {
  test("the backend blocks used here are the ones whole environment stacks synthesize", () => {
    const patches = { "dev.json": { namespace: "alice" } };
    const full = world.fullEnvironmentTerraformBlock("dev", patches);
    expect(full.backend).toEqual(world.environmentBackend("dev", patches));
    expect(full.backend.s3.kms_key_id).toBe(world.aliasArn);
  });

  test("two environments and two namespaces of one environment apply at once without blocking", () => {
    for (const d of deployments) expect(d.result?.code).toBe(0);
    expect(s3Requests().filter((r) => r.status === 412)).toEqual([]);
    const held = deployments.map((d) => {
      const taken = puts().find((r) => r.key === `${d.key}.tflock` && r.status === 200)!.at;
      const released = s3Requests().find((r) => r.method === "DELETE" && r.key === `${d.key}.tflock`)!.at;
      return { taken, released };
    });
    // Every lock was taken before any was released: they were all held at once (the runs only
    // went on once all four locks existed, so this holds by construction and guards the setup).
    expect(Math.max(...held.map((h) => h.taken))).toBeLessThan(Math.min(...held.map((h) => h.released)));
  });

  test("each writes the state key the README names, and nothing else", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("`s3://<state.bucket>/<project>/<env>[/<namespace>]/terraform.tfstate`");
    const written = new Set(
      puts()
        .filter((r) => r.status === 200)
        .map((r) => r.key),
    );
    expect([...written].sort()).toEqual(deployments.flatMap((d) => [d.key, `${d.key}.tflock`]).sort());
    expect([...world.server.objects.keys()].sort()).toEqual(deployments.map((d) => `${world.bucket}/${d.key}`).sort());
  });

  test("each assumes exactly its environment's state role, with the session name <project>-<env>-state", () => {
    for (const d of deployments) {
      const mine = s3Requests().filter((r) => r.key === d.key || r.key === `${d.key}.tflock`);
      expect(mine.length).toBeGreaterThan(3);
      for (const r of mine) {
        expect(r.roleArn).toBe(`arn:aws:iam::${state.accountId}:role/${state.roleName}-${d.env}`);
        expect(r.sessionName).toBe(`${project}-${d.env}-state`);
      }
    }
    // No S3 request went out with the caller's own credentials.
    expect(s3Requests().filter((r) => r.roleArn === undefined)).toEqual([]);
  });

  test("the state roles' synthesized policies allow every state and lock request Terraform made", () => {
    const objectRequests = s3Requests().filter((r) => r.key !== undefined);
    expect(objectRequests.filter((r) => r.status === 403)).toEqual([]);
    // Terraform also lists workspaces under "env:/", outside every role's prefix. The endpoint
    // refuses it as S3 would, and Terraform 1.11 carries on with the default workspace.
    const lists = s3Requests().filter((r) => r.key === undefined);
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) expect([list.query.prefix, list.status]).toEqual(["env:/", 403]);
  });

  test("a state role reaches its own environment's state and not another's", async () => {
    const authorize = stateAccountAuthorizer(world.policies, state.accountId);
    const asDev = {
      bucket: world.bucket,
      headers: { "x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": world.aliasArn },
      principal: `arn:aws:sts::${state.accountId}:assumed-role/${state.roleName}-dev/${project}-dev-state`,
      roleArn: `arn:aws:iam::${state.accountId}:role/${state.roleName}-dev`,
    };
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
      expect([action, await authorize({ ...asDev, action, key: `${project}/dev/alice/terraform.tfstate.tflock` })]).toEqual([action, true]);
      expect([action, await authorize({ ...asDev, action, key: `${project}/staging/terraform.tfstate` })]).toEqual([action, false]);
      expect([action, await authorize({ ...asDev, action, key: `${project}/bootstrap/terraform.tfstate` })]).toEqual([action, false]);
    }
  });

  test("every state and lock object is written with SSE-KMS under the state bucket's key", () => {
    const written = puts().filter((r) => r.status === 200);
    expect(written.some((r) => r.key!.endsWith(".tflock"))).toBe(true);
    expect(written.some((r) => r.key!.endsWith(".tfstate"))).toBe(true);
    for (const r of written) {
      expect([r.key, r.headers["x-amz-server-side-encryption"]]).toEqual([r.key, "aws:kms"]);
      expect([r.key, r.headers["x-amz-server-side-encryption-aws-kms-key-id"]]).toEqual([r.key, world.aliasArn]);
    }
    for (const obj of world.server.objects.values()) expect(obj.kmsKeyArn).toBe(STATE_KEY_ARN);
  });
});
