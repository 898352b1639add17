import type { PolicyResource } from "./policy-resource";
import type { StackIndex } from "./stack-index";

export type Severity = "error" | "warning";

export interface RuleContext {
  /** The environment is production (`production: true` in its file). */
  readonly production: boolean;
  /** Every resource of the stack, for rules that relate resources. */
  readonly stack: StackIndex;
}

/** One problem on one resource. */
export interface Finding {
  /** One of the rule's `ids`. */
  readonly ruleId: string;
  /** What is wrong, as a short clause without a trailing period. */
  readonly problem: string;
  /** What to change, naming the Terraform attribute. */
  readonly fix: string;
  /**
   * Overrides the rule's severity. Used for values that are only known at
   * apply time: the rule cannot prove a problem, so it warns.
   */
  readonly severity?: Severity;
}

/**
 * A synth-time check, in the manner of a cdk-nag rule: it looks at one
 * resource (and, through the stack index, at the resources related to it)
 * and returns its findings; none means compliant or not applicable.
 */
export interface PolicyRule {
  /** The scanner rule IDs it mirrors; findings carry one of them, and suppressions name one. */
  readonly ids: readonly [string, ...string[]];
  /** Other scanners' IDs for the same check (tfsec/Trivy), for the docs only. */
  readonly alsoKnownAs?: readonly string[];
  /** One line for the rule table. */
  readonly title: string;
  readonly severity: Severity;
  /** Environments the rule runs in. @default "all" */
  readonly appliesTo?: "all" | "production";
  /** Terraform resource types the rule looks at. */
  readonly resourceTypes: readonly string[];
  readonly check: (resource: PolicyResource, context: RuleContext) => readonly Finding[];
}

/** A finding for a value that is a Terraform expression and so cannot be checked at synth time. */
export function unverifiable(ruleId: string, what: string, fix: string): Finding {
  return { ruleId, problem: `cannot check ${what} at synth time (it is a Terraform expression)`, fix, severity: "warning" };
}
