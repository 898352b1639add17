import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { tfcSubjects } from "../src/constructs/tfc-oidc-trust";
import { loadConfig } from "../src/loader/load";
import { BootstrapStack } from "../src/stacks/bootstrap-stack";
import { CLOUD_BACKEND, entries, statements } from "./deployers/synth-bootstrap";
import { environmentsDir, merge, ROOT } from "./helpers/fixtures";

/**
 * What the CI credentials may reach, read from the synthesized bootstrap
 * stack: which Terraform Cloud runs each deployer role trusts, and how long
 * its sessions may last.
 */
type Json = Record<string, any>;

/** The bootstrap stack of the example environments with organization.json patched; its temp folder removed. */
function synthBootstrap(organization: Json = {}): { tf: Json } {
  const dir = environmentsDir((files) => {
    files["organization.json"] = merge(files["organization.json"], organization);
  });
  try {
    return { tf: JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), loadConfig({ dir }).config))) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every subject pattern that a TerraformCloudRuns statement accepts, across all deployer roles. */
function tfcRunSubjects(tf: Json): string[] {
  return entries(tf, "aws_iam_role").flatMap(([, role]) =>
    statements(role.assume_role_policy)
      .filter((s) => s.Sid === "TerraformCloudRuns")
      .flatMap((s) => Object.values(s.Condition?.StringLike ?? {}).flat() as string[]),
  );
}

const SUBJECT = /^organization:([^:]+):project:([^:]+):workspace:([^:]+):run_phase:\*$/;

describe("Terraform Cloud trust of the deployer roles", () => {
  test("without a project: exact workspace names only, so no one can create a workspace that matches", () => {
    const subjects = tfcRunSubjects(synthBootstrap(CLOUD_BACKEND).tf);
    expect(subjects.sort()).toEqual([
      "organization:example-org:project:*:workspace:dify-dev:run_phase:*",
      "organization:example-org:project:*:workspace:dify-prod:run_phase:*",
      "organization:example-org:project:*:workspace:dify-staging:run_phase:*",
    ]);
    for (const s of subjects) expect(SUBJECT.exec(s)![3]).not.toMatch(/[*?]/);
  });

  test("with a project: namespaced workspaces by pattern, confined to that project", () => {
    const subjects = tfcRunSubjects(synthBootstrap({ backend: { ...CLOUD_BACKEND.backend, project: "dify" } }).tf);
    expect(subjects).toContain("organization:example-org:project:dify:workspace:dify-dev-*:run_phase:*");
    expect(subjects).toContain("organization:example-org:project:dify:workspace:dify-prod:run_phase:*");
    expect(subjects).not.toContain("organization:example-org:project:dify:workspace:dify-prod-*:run_phase:*");
    for (const s of subjects) expect(SUBJECT.exec(s)![2]).toBe("dify");
  });

  test("a wildcard project counts as no project", () => {
    expect(tfcSubjects("o", "*", ["dify-dev", "dify-dev-*"])).toEqual(["organization:o:project:*:workspace:dify-dev:run_phase:*"]);
    expect(tfcSubjects("o", "", ["dify-dev", "dify-dev-*"])).toEqual(["organization:o:project:*:workspace:dify-dev:run_phase:*"]);
    expect(tfcSubjects("o", "team", ["dify-dev-*"])).toEqual(["organization:o:project:team:workspace:dify-dev-*:run_phase:*"]);
  });
});

describe("session length for applies", () => {
  test("the deployer roles allow at least the session the apply jobs ask for", () => {
    const deploy = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "deploy.yml"), "utf8")) as Json;
    const asked = Object.entries(deploy.jobs as Json)
      .filter(([id]) => id.startsWith("apply-"))
      .flatMap(([, job]) => (job.steps as Json[]).filter((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@")))
      .map((s) => Number(s.with["role-duration-seconds"]));
    expect(asked).toHaveLength(3);
    const roles = entries(synthBootstrap().tf, "aws_iam_role").filter(([name]) => /^deployer-\d{12}_role_/.test(name));
    expect(roles.length).toBeGreaterThan(0);
    for (const [, role] of roles) expect(role.max_session_duration).toBeGreaterThanOrEqual(Math.max(...asked));
  });
});
