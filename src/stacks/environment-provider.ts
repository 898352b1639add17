import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/types";

/**
 * The environment's AWS provider: it reaches the account through role
 * assumption, and allowed_account_ids makes a wrong-account deploy fail
 * before Terraform changes anything.
 */
export function environmentProvider(scope: Construct, env: EnvironmentConfig): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: env.region,
    allowedAccountIds: [env.accountId],
    assumeRole: [
      {
        roleArn: `arn:aws:iam::${env.accountId}:role/${env.deployRoleName}`,
        sessionName: `${env.names.prefix}-cdktf`.slice(0, 64),
        externalId: env.externalId,
      },
    ],
    defaultTags: [{ tags: { ...env.tags } }],
  });
}
