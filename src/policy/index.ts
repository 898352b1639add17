/** Synth-time policy checks, as cdk-nag does for CDK; see docs/policy.md. */
export { applyPolicyChecks } from "./apply-policy-checks";
export { suppress } from "./suppressions";
