import * as fs from "node:fs";
import * as path from "node:path";
import { StateWorld } from "./state-world";
import { holdUntil, tinyConfig, waitFor } from "./terraform-sandbox";

/**
 * The other two backends, as far as they can run offline: the local backend
 * for real, and the Terraform Cloud block through Terraform's own parser.
 */

const world = new StateWorld();
const t = world.terraform;
const LOCAL = { "organization.json": { backend: { type: "local" } } };
const CLOUD = { "organization.json": { backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } } };

afterAll(() => world.dispose());

describe("local backend", () => {
  test("state files land in the project root as terraform.<env>[.<namespace>].tfstate, one per stack", async () => {
    const dev = world.stack("project", "dev", world.environmentBackend("dev", LOCAL));
    const aliceDir = world.stack("project", "dev-alice", world.environmentBackend("dev", { ...LOCAL, "dev.json": { namespace: "alice" } }));

    for (const dir of [dev, aliceDir]) expect((await t.run(dir, ["init", "-input=false", "-no-color"])).code).toBe(0);
    const runs = await Promise.all([dev, aliceDir].map((dir) => t.run(dir, ["apply", "-input=false", "-no-color", "-auto-approve", "-var", "sleep=1"])));
    for (const run of runs) expect(run.code).toBe(0);
    const states = fs.readdirSync(path.join(t.root, "project")).filter((f) => f.endsWith(".tfstate"));
    expect(states.sort()).toEqual(["terraform.dev.alice.tfstate", "terraform.dev.tfstate"]);
  });

  test("a second apply of the same stack on the same machine stops at the state file's lock", async () => {
    const dir = world.stack("project-lock", "staging", world.environmentBackend("staging", LOCAL));
    expect((await t.run(dir, ["init", "-input=false", "-no-color"])).code).toBe(0);
    const release = path.join(t.root, "release-local");
    const first = t.start(dir, ["apply", "-input=false", "-no-color", "-auto-approve", ...holdUntil(release)]);
    await waitFor(() => first.output().includes("Provisioning with 'local-exec'"), 20_000, "the first apply to start work");
    const second = await t.run(dir, ["apply", "-input=false", "-no-color", "-auto-approve"]);
    fs.writeFileSync(release, "");
    expect((await first.done).code).toBe(0);
    expect(second.code).toBe(1);
    expect(second.output).toContain("Error acquiring the state lock");
  });
});

describe("cloud backend (offline)", () => {
  test("Terraform accepts the synthesized cloud block, and every stack and namespace gets a workspace of its own", async () => {
    const blocks = [
      world.environmentTerraformBlock("dev", CLOUD),
      world.environmentTerraformBlock("staging", CLOUD),
      world.environmentTerraformBlock("dev", { ...CLOUD, "dev.json": { namespace: "alice" } }),
    ];
    for (const block of blocks) expect(block.backend).toBeUndefined();
    const workspaces = blocks.map((b) => b.cloud.workspaces.name);
    expect(workspaces).toEqual(["dify-dev", "dify-staging", "dify-dev-alice"]);

    // Terraform parses the block as synthesized (init cannot reach app.terraform.io offline).
    const config = tinyConfig({});
    config.terraform = { cloud: blocks[0].cloud };
    const dir = t.stackDir("project-cloud", "dev", config);
    const init = await t.run(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    expect([init.code, init.output]).toEqual([0, init.output]);
    const validate = await t.run(dir, ["validate", "-json", "-no-color"]);
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
  });
});
