import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TESTED_DIFY_VERSIONS } from "../src/dify-host/dify-releases";
import { UPSTREAM_DEFAULT_SECRETS } from "../src/dify-host/env-overrides";
import { synthesize } from "../src/synth";
import { secretKeys } from "./data-tier/harness";
import { EXAMPLES, ROOT } from "./helpers/fixtures";

/**
 * Secrets stay out of the synthesized Terraform, and so out of the state:
 * no upstream default secret, no password/token/secret argument, and the
 * pinned Dify release (never a branch) in every host's user data.
 */
const dirs = [EXAMPLES, path.join(ROOT, "examples", "terraform-cloud-closed-network")];
const stacks: Array<[string, string]> = [];
for (const dir of dirs) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-secrets-"));
  for (const stack of synthesize({ configDir: dir, outdir }).stacks) {
    stacks.push([`${path.basename(dir)}/${stack}`, fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")]);
  }
}

describe.each(stacks)("%s", (_name, json) => {
  test("contains none of upstream .env.example's default secrets", () => {
    expect(UPSTREAM_DEFAULT_SECRETS.length).toBeGreaterThanOrEqual(5);
    for (const secret of UPSTREAM_DEFAULT_SECRETS) expect(json).not.toContain(secret);
  });

  test("sets no password, token or secret argument (they would land in state)", () => {
    expect(secretKeys(JSON.parse(json))).toEqual([]);
  });
});

describe("the pinned Dify release in the user data", () => {
  const hosts = stacks.filter(([, json]) => json.includes("langgenius/dify/archive/refs/tags/"));

  test("every environment stack has a host that fetches a release tag", () => {
    expect(hosts.map(([name]) => name).sort()).toEqual([
      "environments/dev",
      "environments/prod",
      "environments/staging",
      "terraform-cloud-closed-network/closed",
      "terraform-cloud-closed-network/oregon",
    ]);
  });

  test.each(hosts)("%s pins a tested release and no branch or latest", (_name, json) => {
    const pinned = [...json.matchAll(/DIFY_VERSION='([^']*)'/g)].map((m) => m[1]);
    expect(pinned.length).toBeGreaterThan(0);
    for (const version of pinned) expect(TESTED_DIFY_VERSIONS).toContain(version);
    expect(json).not.toMatch(/refs\/heads\/|dify\/archive\/(main|master)|:latest\b/);
  });
});
