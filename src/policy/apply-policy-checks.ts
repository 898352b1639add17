import { Aspects, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { PolicyAspect, type PolicyCheckOptions } from "./policy-aspect";

/**
 * Checks every resource below `scope` (usually a stack) at synth time.
 * Errors refuse the synth, with one line each; see docs/policy.md.
 *
 * @example applyPolicyChecks(stack, { production: env.production })
 */
export function applyPolicyChecks(scope: IConstruct, options: PolicyCheckOptions = {}): void {
  // cdktf invokes aspects from each stack down; one added to the App would never run.
  if (!scope.node.scopes.some((s) => TerraformStack.isStack(s))) {
    throw new Error(`applyPolicyChecks: ${scope.node.path || "the app"} is not a stack or inside one; apply the checks to each stack`);
  }
  const production = options.production ?? false;
  const existing = Aspects.of(scope).all.find((a): a is PolicyAspect => a instanceof PolicyAspect);
  if (existing) {
    if (existing.production !== production) {
      throw new Error(`applyPolicyChecks: ${scope.node.path || "the app"} is already checked with production: ${existing.production}`);
    }
    return;
  }
  Aspects.of(scope).add(new PolicyAspect({ production }));
}
