/**
 * IAM counts a customer managed policy's size without whitespace and refuses
 * anything above 6,144 characters with "LimitExceeded: Cannot exceed quota for
 * PolicySize" at apply time, long after review. Checking at synth time turns
 * that into an error a reviewer sees in the PR.
 */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** Size of a policy document as IAM counts it for the managed policy quota. */
export function managedPolicySize(document: string): number {
  return JSON.stringify(JSON.parse(document)).replace(/\s/g, "").length;
}
