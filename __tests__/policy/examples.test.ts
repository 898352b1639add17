import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Aspects, type TerraformStack, Testing } from "cdktf";
import { applyPolicyChecks } from "../../src/policy/apply-policy-checks";
import { PolicyAspect } from "../../src/policy/policy-aspect";
import { BootstrapStack } from "../../src/stacks/bootstrap-stack";
import { DifyStack } from "../../src/stacks/dify-stack";
import { synthesize } from "../../src/synth";
import { EXAMPLES, exampleConfig } from "../helpers/fixtures";
import { addCompliantResources } from "./compliant-stack";
import { annotationsOf, policyStack } from "./helpers";

/** Checks a stack unless the app already does (once the lead wires applyPolicyChecks in). */
function checked(stack: TerraformStack, production: boolean): TerraformStack {
  if (!Aspects.of(stack).all.some((a) => a instanceof PolicyAspect)) applyPolicyChecks(stack, { production });
  return stack;
}

describe("the bundled examples pass the policy checks", () => {
  const config = exampleConfig();
  const app = Testing.app();
  const stacks = [
    // The state bucket holds production state: it gets the production rules.
    checked(new BootstrapStack(app, config), true),
    ...config.environments.map((env) => checked(new DifyStack(app, config.organization, env), env.production)),
  ];

  test.each(stacks.map((s) => [s.node.id, s] as const))("%s has no policy errors", (_, stack) => {
    const errors = annotationsOf(stack)
      .filter((a) => a.kind === "error")
      .map((a) => `${a.message} (${a.path})`);
    expect(errors).toEqual([]);
  });

  test("synthesize() of the examples is not refused", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-examples-"));
    expect(() => synthesize({ configDir: EXAMPLES, outdir })).not.toThrow();
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

describe("a stack of compliant resources", () => {
  test("has no finding at all, not even a warning", () => {
    const stack = policyStack({ production: true });
    addCompliantResources(stack);
    expect(
      annotationsOf(stack)
        .filter((a) => a.ruleId)
        .map((a) => `${a.message} (${a.path})`),
    ).toEqual([]);
  });

  // Terraform's check of this stack ("is valid Terraform": it plans, so it validates) is in terraform-plan.test.ts's batch.
});
