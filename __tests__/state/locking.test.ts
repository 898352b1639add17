import * as fs from "node:fs";
import * as path from "node:path";
import { matchesExample, readmeBlocks } from "./readme-blocks";
import { StateWorld } from "./state-world";
import { holdUntil, waitFor } from "./terraform-sandbox";

/**
 * S3-native locking with Terraform's real S3 backend: the synthesized
 * backend blocks, a local S3 endpoint that honours `If-None-Match: *`, and
 * real `terraform apply` runs.
 */

const APPLY = ["apply", "-input=false", "-no-color", "-auto-approve"];
const INIT = ["init", "-input=false", "-no-color"];
const world = new StateWorld();

beforeAll(() => world.start());
afterAll(() => world.dispose());

function lockHeld(key: string): () => boolean {
  return () => world.server.object(world.bucket, `${key}.tflock`) !== undefined;
}

describe("locking and concurrent deployers (README)", () => {
  test("a second apply of the same stack stops at the lock, with the README's message", async () => {
    const dir = world.stack("project", "prod", world.environmentBackend("prod"));
    expect((await world.terraform.run(dir, INIT)).code).toBe(0);

    const release = path.join(world.terraform.root, "release-prod");
    const first = world.terraform.start(dir, [...APPLY, ...holdUntil(release)]);
    await waitFor(lockHeld("dify/prod/terraform.tfstate"), 20_000, "the first apply's lock");
    const second = await world.terraform.run(dir, APPLY);
    fs.writeFileSync(release, "");
    const done = await first.done;

    expect(done.code).toBe(0);
    expect(second.code).toBe(1);
    expect(second.output).not.toContain("Creating...");
    const [example] = readmeBlocks("### Locking and concurrent deployers");
    expect(example).toContain("Error acquiring the state lock");
    expect(matchesExample(second.output, example)).toBe(true);
    // The same check fails on a message of another shape.
    expect(matchesExample(done.output, example)).toBe(false);
    expect(world.server.object(world.bucket, "dify/prod/terraform.tfstate.tflock")).toBeUndefined();
  });

  test("after a killed run, force-unlock with the ID from the message releases the lock", async () => {
    const dir = world.stack("project", "staging", world.environmentBackend("staging"));
    expect((await world.terraform.run(dir, INIT)).code).toBe(0);

    const killed = world.terraform.start(dir, [...APPLY, "-var", "sleep=60"]);
    await waitFor(lockHeld("dify/staging/terraform.tfstate"), 20_000, "the killed apply's lock");
    await world.terraform.kill(killed);
    const stale = world.server.object(world.bucket, "dify/staging/terraform.tfstate.tflock");
    expect(stale).toBeDefined();

    const blocked = await world.terraform.run(dir, APPLY);
    expect(blocked.code).toBe(1);
    const id = /^\s*ID:\s+(\S+)$/m.exec(blocked.output)?.[1];
    expect(id).toBe(JSON.parse(stale!.body.toString("utf8")).ID);

    // As the README shows it: `terraform force-unlock <ID>` in the stack folder, answered "yes".
    const unlock = await world.terraform.run(dir, ["force-unlock", "-no-color", id!], "yes\n");
    expect(unlock.code).toBe(0);
    expect(unlock.output).toContain("Terraform state has been successfully unlocked!");
    expect(world.server.object(world.bucket, "dify/staging/terraform.tfstate.tflock")).toBeUndefined();

    const retry = await world.terraform.run(dir, APPLY);
    expect(retry.code).toBe(0);
    expect(retry.output).toContain("Apply complete! Resources: 1 added");
  });
});
