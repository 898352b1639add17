import type { EnvironmentConfig } from "./types";

/** The role Terraform deploys an environment with: the provider, the state role's trust and the quotas command all use it. */
export function deployRoleArn(env: Pick<EnvironmentConfig, "accountId" | "deployRoleName">): string {
  return `arn:aws:iam::${env.accountId}:role/${env.deployRoleName}`;
}
