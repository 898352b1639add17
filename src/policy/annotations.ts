/**
 * The text of policy annotations, shared by the rules (which write them) and
 * the PR review tool (which reads them back from cdktf.out/manifest.json).
 *
 *   error       [CKV_AWS_79] IMDSv2 is not required: set metadata_options.http_tokens = "required"
 *   warning     [CKV_AWS_63] warning: the policy is a Terraform expression: write it with policyDocument()
 *   suppressed  [CKV_AWS_91] suppressed: internal test ALB, no traffic
 *
 * Errors and warnings read "<problem>: <fix>". The kind is in the text itself
 * (not only in the manifest level) so that a line copied into a PR comment or
 * a CI log still says what it is.
 */

export type PolicyAnnotationKind = "error" | "warning" | "suppressed";

export interface PolicyAnnotation {
  /** The scanner rule ID, for example "CKV_AWS_79". */
  readonly ruleId: string;
  readonly kind: PolicyAnnotationKind;
  /** "<problem>: <fix>" for errors and warnings; the reason for suppressions. */
  readonly text: string;
}

/** Manifest levels that cdktf writes for Annotations.addError / addWarning / addInfo. */
export const ANNOTATION_LEVELS: Readonly<Record<PolicyAnnotationKind, string>> = {
  error: "@cdktf/error",
  warning: "@cdktf/warn",
  suppressed: "@cdktf/info",
};

/** Checkov-style IDs ("CKV_AWS_79", "CKV2_AWS_11") and project ones ("DIFY_1"). */
const RULE_ID = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const MESSAGE = /^\[([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\] ([\s\S]*)$/;
const MARKERS: ReadonlyArray<readonly [PolicyAnnotationKind, string]> = [
  ["warning", "warning: "],
  ["suppressed", "suppressed: "],
];

function isRuleId(value: string): boolean {
  return RULE_ID.test(value);
}

/** Formats a finding or suppression as the annotation message. */
export function formatPolicyAnnotation(annotation: PolicyAnnotation): string {
  if (!isRuleId(annotation.ruleId)) throw new Error(`not a rule id: ${JSON.stringify(annotation.ruleId)}`);
  const marker = MARKERS.find(([kind]) => kind === annotation.kind)?.[1] ?? "";
  return `[${annotation.ruleId}] ${marker}${annotation.text}`;
}

/**
 * Reads a policy annotation message back. Returns undefined for annotations
 * that the policy checks did not write (cdktf's own warnings, for example).
 *
 * @param level the manifest level (`@cdktf/info|warn|error`), when known; it
 *   decides the kind for a message without a marker.
 */
export function parsePolicyAnnotation(message: string, level?: string): PolicyAnnotation | undefined {
  const match = MESSAGE.exec(message);
  if (!match) return undefined;
  const [, ruleId, rest] = match;
  for (const [kind, marker] of MARKERS) {
    if (rest.startsWith(marker)) return { ruleId, kind, text: rest.slice(marker.length) };
  }
  const kind: PolicyAnnotationKind = level?.endsWith("warn") ? "warning" : level?.endsWith("info") ? "suppressed" : "error";
  return { ruleId, kind, text: rest };
}
