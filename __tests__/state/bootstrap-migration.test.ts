import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { BootstrapStack } from "../../src/stacks/bootstrap-stack";
import { environmentsDir, ROOT, runApp } from "../helpers/fixtures";
import { readmeBlocks } from "./readme-blocks";
import { StateWorld } from "./state-world";

/**
 * The README's bootstrap state migration, step by step, with the real
 * Terraform CLI: the first run on the default local backend, then the block
 * that the real app (`npm run synth`) writes with DIFY_BOOTSTRAP_STATE=s3.
 */

const world = new StateWorld();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "dify-state-synth-"));
const configDir = environmentsDir();

beforeAll(() => world.start());
afterAll(async () => {
  await world.dispose();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(configDir, { recursive: true, force: true });
});

/** The bootstrap stack's backend block as `npm run synth` writes it, with `env` set. */
function synthesizedBootstrapBackend(env: Record<string, string>): Record<string, any> {
  const outdir = fs.mkdtempSync(path.join(work, "out-"));
  const app = runApp(configDir, outdir, env);
  expect([app.status, app.stderr]).toEqual([0, app.stderr]);
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "bootstrap", "cdk.tf.json"), "utf8")).terraform.backend;
}

test.each([
  ["README.md", "## Bootstrap order"],
  ["docs/deployers.md", "### 2. Migrate the bootstrap state into the bucket"],
])("the commands in %s are the ones tested here", (file, heading) => {
  const [commands] = readmeBlocks(heading, path.join(ROOT, file)).filter((b) => b.includes("DIFY_BOOTSTRAP_STATE"));
  expect(
    commands
      .split("\n")
      .map((l) => l.replace(/\s+#.*$/, "").trim())
      .filter(Boolean),
  ).toEqual([
    "DIFY_BOOTSTRAP_STATE=s3 npm run synth",
    "terraform -chdir=cdktf.out/stacks/bootstrap init -migrate-state",
    "terraform -chdir=cdktf.out/stacks/bootstrap plan",
    "rm -f terraform.bootstrap.tfstate terraform.bootstrap.tfstate.backup",
  ]);
});

test("local first run, DIFY_BOOTSTRAP_STATE=s3, init -migrate-state, then a plan with no changes", async () => {
  const t = world.terraform;
  const project = path.join(t.root, "project");

  // 1. The first bootstrap keeps its state in the project root.
  const local = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), world.config))).terraform.backend;
  expect(Object.keys(local)).toEqual(["local"]);
  const dir = world.stack("project", "bootstrap", local);
  expect((await t.run(dir, ["init", "-input=false", "-no-color"])).code).toBe(0);
  expect((await t.run(dir, ["apply", "-input=false", "-no-color", "-auto-approve"])).code).toBe(0);
  expect(fs.existsSync(path.join(project, "terraform.bootstrap.tfstate"))).toBe(true);

  // 2. DIFY_BOOTSTRAP_STATE=s3 npm run synth
  const s3 = synthesizedBootstrapBackend({ DIFY_BOOTSTRAP_STATE: "s3" });
  expect(s3.s3.key).toBe("dify/bootstrap/terraform.tfstate");
  world.stack("project", "bootstrap", s3);

  // 3. init -migrate-state, answering "yes".
  const migrate = await t.run(dir, ["init", "-migrate-state", "-no-color"], "yes\n");
  expect(migrate.code).toBe(0);
  expect(migrate.output).toContain("Do you want to copy existing state to the new backend?");
  expect(migrate.output).toContain('Successfully configured the backend "s3"!');
  const moved = world.server.object(world.bucket, "dify/bootstrap/terraform.tfstate");
  expect(JSON.parse(moved!.body.toString("utf8")).resources.map((r: any) => `${r.type}.${r.name}`)).toEqual(["terraform_data.work"]);
  const writes = world.server.requests.filter((r) => r.method === "PUT");
  expect(writes.length).toBeGreaterThan(0);
  for (const put of writes) {
    expect([put.key, put.status, put.headers["x-amz-server-side-encryption"], put.headers["x-amz-server-side-encryption-aws-kms-key-id"]]).toEqual([put.key, 200, "aws:kms", world.aliasArn]);
    // Bootstrap reaches the bucket with the admin credentials that run it, not a state role.
    expect(put.roleArn).toBeUndefined();
  }

  // 4. plan: no changes against the moved state.
  const plan = await t.run(dir, ["plan", "-no-color"]);
  expect(plan.code).toBe(0);
  expect(plan.output).toContain("No changes. Your infrastructure matches the configuration.");

  // 5. The old local state is in the project root, where the README removes it. After a single
  // apply there is no .backup yet, hence `rm -f`.
  expect(fs.existsSync(path.join(project, "terraform.bootstrap.tfstate"))).toBe(true);
  expect(fs.existsSync(path.join(project, "terraform.bootstrap.tfstate.backup"))).toBe(false);

  // Forgetting DIFY_BOOTSTRAP_STATE later stops init instead of starting from empty state.
  world.stack("project", "bootstrap", local);
  const forgot = await t.run(dir, ["init", "-input=false", "-no-color"]);
  expect(forgot.code).toBe(1);
  expect(forgot.output).toContain("Backend configuration changed");
});
