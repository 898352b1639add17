/** Synth-time policy checks, as cdk-nag does for CDK; see docs/policy.md. */
export { applyPolicyChecks } from "./apply-policy-checks";
export { suppress } from "./suppressions";
export { POLICY_RULES, POLICY_RULE_IDS } from "./policy-rules";
export { parsePolicyAnnotation, formatPolicyAnnotation, type PolicyAnnotation, type PolicyAnnotationKind } from "./annotations";
export { PolicyAspect, type PolicyCheckOptions } from "./policy-aspect";
export type { PolicyRule, Finding, Severity } from "./rule";
export { policyRulesTable } from "./rule-table";
