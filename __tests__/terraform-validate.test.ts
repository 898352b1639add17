import * as fs from "node:fs";
import * as path from "node:path";
import { synthesize } from "../src/synth";
import { environmentsDir, ROOT, SHIPPED_ENVIRONMENTS, shippedConfigDirs } from "./helpers/fixtures";
import { PlanBatch } from "./helpers/plan-batch";
import { describeWithTerraform, type PlanResult } from "./helpers/terraform";
import { testRoot } from "./helpers/test-root";

/**
 * The shipped configurations are examples, not fixtures: whatever files a
 * user keeps in environments/ and examples/<name>/, every stack they produce
 * must synthesize without a policy finding, and plan offline against the
 * real AWS provider schema (a plan validates first). No assumption here on
 * which environment files exist. All their stacks, and the README's qa
 * environment, are planned in one Terraform process.
 */

interface ShippedStack {
  readonly label: string;
  readonly stack: string;
  readonly json: string;
}

/** Synthesizes one config folder; returns its stacks and the policy warnings among the warnings. */
function synthesizeShipped(label: string, dir: string): { stacks: ShippedStack[]; policyWarnings: string[] } {
  const outdir = fs.mkdtempSync(path.join(testRoot(), "shipped-"));
  try {
    const result = synthesize({ configDir: dir, outdir });
    // Config warnings start with the file's path; policy annotations with the stack's name.
    const policyWarnings = result.warnings.filter((w) => result.stacks.some((s) => w.startsWith(`${s}: `)));
    const stacks = result.stacks.map((stack) => ({ label, stack, json: fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8") }));
    return { stacks, policyWarnings };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A plan failure or a validation error (the real provider's, provider blocks included), in Terraform's words. */
function planProblems(plan: PlanResult): string[] {
  if (plan.passed && plan.validation.valid) return [];
  return [plan.output, ...plan.validation.errors];
}

/** The JSON block the README gives for adding a `qa` environment. */
function readmeQaExample(): Record<string, unknown> {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.split("### Adding an account or environment")[1] ?? "";
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README: no JSON example under 'Adding an account or environment'");
  return JSON.parse(block[1]) as Record<string, unknown>;
}

// Synthesized once for both describe blocks; a refusal is reported by the first one's test.
const shipped = shippedConfigDirs().map(([label, dir]) => {
  try {
    return { label, error: undefined, ...synthesizeShipped(label, dir) };
  } catch (e) {
    return { label, error: String(e), stacks: [], policyWarnings: [] };
  }
});

describe("the shipped configurations synthesize without policy findings", () => {
  test.each(shipped.map((s) => [s.label, s] as const))("%s", (_label, { error, stacks, policyWarnings }) => {
    expect(error).toBeUndefined();
    expect(stacks.map((s) => s.stack)).toContain("bootstrap");
    expect(policyWarnings).toEqual([]);
  });
});

const plans = new PlanBatch();
const shippedPlans = shipped.flatMap((s) => s.stacks).map((s) => [s.label, s.stack, plans.add(`${s.label}: ${s.stack}`, () => ({ json: s.json }))] as const);

/** environments/ with the README's qa.json added, synthesized when the batch runs. */
const qaPlan = plans.add("environments + qa.json: qa", () => {
  const dir = environmentsDir((files) => {
    files["qa.json"] = readmeQaExample();
  }, SHIPPED_ENVIRONMENTS);
  try {
    const { stacks, policyWarnings } = synthesizeShipped("environments + qa.json", dir);
    const qa = stacks.find((s) => s.stack === "qa");
    if (!qa) throw new Error(`environments + qa.json: no qa stack among ${stacks.map((s) => s.stack).join(", ")}`);
    return { json: qa.json, stacks, policyWarnings };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describeWithTerraform("the shipped configurations plan offline", () => {
  test.each(shippedPlans)("%s: %s plans", (_label, _stack, result) => {
    const { plan } = result();
    expect(planProblems(plan)).toEqual([]);
  });
});

describeWithTerraform("an environment added as the README shows", () => {
  test("environments/ plus the README's qa.json synthesizes, the bootstrap stack reaches the new account, and qa plans", () => {
    const { stacks, policyWarnings, plan, json } = qaPlan();
    expect(stacks.map((s) => s.stack)).toContain("qa");
    expect(policyWarnings).toEqual([]);
    const bootstrap = stacks.find((s) => s.stack === "bootstrap")!;
    expect(JSON.parse(json).provider.aws[0].allowed_account_ids).toEqual([readmeQaExample().accountId]);
    // The bootstrap stack gains a provider for the new account (its shape is planned above).
    expect(JSON.stringify(JSON.parse(bootstrap.json).provider.aws)).toContain(String(readmeQaExample().accountId));
    expect(planProblems(plan)).toEqual([]);
  });
});
