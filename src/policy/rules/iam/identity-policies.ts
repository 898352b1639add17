import type { PolicyResource } from "../../policy-resource";
import { blocks } from "../../values";

/**
 * IAM identity policies (what a role, user or group may do). Resource
 * policies (KMS key policies, bucket policies) are deliberately not here: a
 * key policy's "kms:*" for the account root is how KMS delegates to IAM, not
 * a grant of every action to someone.
 */
export const IDENTITY_POLICY_TYPES = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"];

export interface IdentityPolicy {
  /** "the policy" or "inline policy <name>", for messages. */
  readonly name: string;
  readonly document: unknown;
}

export function identityPolicies(resource: PolicyResource): IdentityPolicy[] {
  if (resource.type !== "aws_iam_role") return [{ name: "the policy", document: resource.attributes.policy }];
  // Only the inline policies: assume_role_policy is a trust policy.
  return blocks(resource.attributes.inline_policy)
    .filter((p) => p.policy !== undefined && p.policy !== null)
    .map((p) => ({ name: `inline policy ${typeof p.name === "string" ? p.name : "(unnamed)"}`, document: p.policy }));
}
