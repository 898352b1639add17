import * as fs from "node:fs";
import * as path from "node:path";
import { stateAccountAuthorizer } from "./state-account-policies";
import { STATE_KEY_ARN, StateWorld } from "./state-world";
import { tinyConfig } from "./terraform-sandbox";

/**
 * The state bucket's synthesized policy, enforced by the local S3 endpoint,
 * against real Terraform runs whose backend asks for the wrong encryption.
 */

const world = new StateWorld();
const { accountId } = world.config.organization.state;
const OTHER_KEY_ARN = `arn:aws:kms:ap-northeast-1:${accountId}:key/7f3c2b1a-9d8e-4c6b-a5f4-3e2d1c0b9a87`;

beforeAll(() => world.start());
afterAll(() => world.dispose());

/** Inits and applies the prod stack of `namespace` with its synthesized backend, edited by `edit`. */
async function applyWith(namespace: string, edit: (s3: Record<string, unknown>) => void) {
  const backend = world.environmentBackend("prod", { "prod.json": { namespace } });
  edit(backend.s3);
  const dir = world.stack(`project-${namespace}`, "prod", backend);
  const init = await world.terraform.run(dir, ["init", "-input=false", "-no-color"]);
  expect([init.code, init.output]).toEqual([0, init.output]);
  const apply = await world.terraform.run(dir, ["apply", "-input=false", "-no-color", "-auto-approve"]);
  const key = `dify/prod/${namespace}/terraform.tfstate`;
  return { apply, key, puts: world.server.requests.filter((r) => r.method === "PUT" && r.key?.startsWith(key)) };
}

type Applied = Awaited<ReturnType<typeof applyWith>>;
let noKms: Applied, otherKey: Applied, viaAlias: Applied, viaKeyArn: Applied;

// The four runs touch different keys, so they run at once.
beforeAll(async () => {
  [noKms, otherKey, viaAlias, viaKeyArn] = await Promise.all([
    applyWith("nokms", (s3) => delete s3.kms_key_id),
    applyWith("otherkey", (s3) => (s3.kms_key_id = OTHER_KEY_ARN)),
    applyWith("alias", () => undefined),
    applyWith("keyarn", (s3) => (s3.kms_key_id = STATE_KEY_ARN)),
  ]);
});

describe("the state bucket refuses writes that are not under its KMS key", () => {
  test("the two deny statements, as a reviewer reads them in the synthesized bootstrap stack", () => {
    const objects = `arn:aws:s3:::${world.bucket}/*`;
    const sids = world.policy.Statement.map((st: { Sid: string }) => st.Sid);
    expect(sids).toEqual(["DenyInsecureTransport", "DenyWritesNotUnderKms", "DenyWritesNotUnderStateKey"]);
    expect(world.policy.Statement.slice(1)).toEqual([
      {
        Sid: "DenyWritesNotUnderKms",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objects,
        Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
      },
      {
        Sid: "DenyWritesNotUnderStateKey",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: objects,
        Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": [world.aliasArn, STATE_KEY_ARN] } },
      },
    ]);
  });

  test("a backend without kms_key_id (encrypt = true sends AES256) fails loudly at the lock", () => {
    const { apply, key, puts } = noKms;
    expect(apply.code).toBe(1);
    expect(apply.output).toContain("Error acquiring the state lock");
    expect(apply.output).toContain("StatusCode: 403");
    expect(apply.output).toContain("AccessDenied");
    expect(puts.map((r) => [r.key, r.headers["x-amz-server-side-encryption"], r.status])).toEqual([[`${key}.tflock`, "AES256", 403]]);
    expect(world.server.object(world.bucket, key)).toBeUndefined();
  });

  test("a backend that names another KMS key is refused", () => {
    const { apply, key, puts } = otherKey;
    expect(apply.code).toBe(1);
    expect(puts.map((r) => [r.headers["x-amz-server-side-encryption-aws-kms-key-id"], r.status])).toEqual([[OTHER_KEY_ARN, 403]]);
    expect(world.server.object(world.bucket, key)).toBeUndefined();
  });

  test("the synthesized alias ARN and the key ARN itself are both accepted", () => {
    for (const run of [viaAlias, viaKeyArn]) {
      expect(run.apply.code).toBe(0);
      expect(run.puts.every((r) => r.status === 200)).toBe(true);
      expect(world.server.object(world.bucket, run.key)?.kmsKeyArn).toBe(STATE_KEY_ARN);
    }
    expect(viaAlias.puts[0].headers["x-amz-server-side-encryption-aws-kms-key-id"]).toBe(world.aliasArn);
  });

  test("a PUT that leaves encryption to the bucket default (no SSE headers) is refused", async () => {
    const authorize = stateAccountAuthorizer(world.policies, accountId);
    const put = { action: "s3:PutObject", bucket: world.bucket, key: "dify/prod/terraform.tfstate", principal: `arn:aws:iam::${accountId}:user/someone` };
    expect(await authorize({ ...put, headers: {} })).toBe(false);
    expect(await authorize({ ...put, headers: { "x-amz-server-side-encryption": "aws:kms" } })).toBe(false);
    expect(
      await authorize({
        ...put,
        headers: { "x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": world.aliasArn },
      }),
    ).toBe(true);
  });
});

describe("upgrading a stack whose state was written before the state key was required", () => {
  test("init -reconfigure once; the next write puts the state under the key", async () => {
    const key = "dify/prod/upgrade/terraform.tfstate";
    // State as an older version left it: written with SSE-S3, before the bucket policy refused that.
    const seedDir = world.terraform.stackDir("seed", "prod", tinyConfig({ local: { path: "seed.tfstate" } }));
    expect((await world.terraform.run(seedDir, ["init", "-input=false", "-no-color"])).code).toBe(0);
    expect((await world.terraform.run(seedDir, ["apply", "-input=false", "-no-color", "-auto-approve"])).code).toBe(0);
    world.server.objects.set(`${world.bucket}/${key}`, {
      body: fs.readFileSync(path.join(seedDir, "seed.tfstate")),
      etag: '"seed"',
      lastModified: new Date(),
      sse: "AES256",
    });

    const current = world.environmentBackend("prod", { "prod.json": { namespace: "upgrade" } });
    const old = { s3: { ...current.s3 } };
    delete old.s3.kms_key_id;
    const dir = world.stack("project-upgrade", "prod", old);
    expect((await world.terraform.run(dir, ["init", "-input=false", "-no-color"])).code).toBe(0);
    expect((await world.terraform.run(dir, ["apply", "-input=false", "-no-color", "-auto-approve", "-replace=terraform_data.work"])).code).toBe(1);

    world.stack("project-upgrade", "prod", current);
    const init = await world.terraform.run(dir, ["init", "-input=false", "-no-color"]);
    expect(init.code).toBe(1);
    expect(init.output).toContain("Backend configuration changed");
    expect((await world.terraform.run(dir, ["init", "-reconfigure", "-input=false", "-no-color"])).code).toBe(0);
    const plan = await world.terraform.run(dir, ["plan", "-input=false", "-no-color"]);
    expect(plan.output).toContain("No changes.");
    expect((await world.terraform.run(dir, ["apply", "-input=false", "-no-color", "-auto-approve", "-replace=terraform_data.work"])).code).toBe(0);
    expect(world.server.object(world.bucket, key)).toMatchObject({ sse: "aws:kms", kmsKeyArn: STATE_KEY_ARN });
  });
});
