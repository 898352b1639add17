import type { IConstruct } from "constructs";
import { POLICY_RULE_IDS } from "./policy-rules";

/** Construct metadata type of a suppression; not an annotation, so cdktf does not print it. */
const SUPPRESSION_METADATA = "dify/policy-suppression";

interface SuppressionEntry {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Accepts the findings of one rule on `scope` and every construct below it.
 * The reason is required, and shows up in the synth output and the PR review
 * as an info annotation, `[<ruleId>] suppressed: <reason>`.
 *
 * Stored as construct metadata rather than node context, because context
 * cannot be set once a construct has children, and suppressions are usually
 * added to constructs that already have them.
 *
 * @example suppress(loadBalancer, "CKV_AWS_91", "internal load-test ALB, deleted after the test")
 */
export function suppress(scope: IConstruct, ruleId: string, reason: string): void {
  if (!POLICY_RULE_IDS.has(ruleId)) {
    throw new Error(`suppress: unknown rule id ${JSON.stringify(ruleId)}; known ids: ${[...POLICY_RULE_IDS].join(", ")}`);
  }
  if (typeof reason !== "string" || !reason.trim()) {
    throw new Error(`suppress: ${ruleId} on ${scope.node.path || "the app"} needs a reason (say why the finding is acceptable)`);
  }
  const entry: SuppressionEntry = { ruleId, reason: reason.trim().replace(/\s+/g, " ") };
  scope.node.addMetadata(SUPPRESSION_METADATA, entry);
}

/** The reason `ruleId` is suppressed on `construct`, from the nearest scope that suppresses it. */
export function suppressionReason(construct: IConstruct, ruleId: string): string | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const entry = scope.node.metadata
      .filter((m) => m.type === SUPPRESSION_METADATA)
      .map((m) => m.data as SuppressionEntry)
      .find((s) => s.ruleId === ruleId);
    if (entry) return entry.reason;
  }
  return undefined;
}
