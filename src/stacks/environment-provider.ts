import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import { deployRoleArn } from "../config/deploy-role";
import type { EnvironmentConfig } from "../config/types";

export interface EnvironmentProviderOptions {
  /** Construct id. @default "aws" */
  readonly id?: string;
  /** Provider alias, for a second region of the same account. @default (the default provider) */
  readonly alias?: string;
  /** @default the environment region */
  readonly region?: string;
}

/**
 * An AWS provider for the environment's account: it reaches the account
 * through role assumption, and allowed_account_ids makes a wrong-account
 * deploy fail before Terraform changes anything.
 */
export function environmentProvider(scope: Construct, env: EnvironmentConfig, options: EnvironmentProviderOptions = {}): AwsProvider {
  return new AwsProvider(scope, options.id ?? "aws", {
    alias: options.alias,
    region: options.region ?? env.region,
    allowedAccountIds: [env.accountId],
    // Terraform Cloud runs already hold the deployer role (TFC_AWS_RUN_ROLE_ARN);
    // a role cannot assume itself unless its own trust policy names it.
    assumeRole: env.assumeDeployRole
      ? [
          {
            roleArn: deployRoleArn(env),
            sessionName: `${env.names.prefix}-cdktf`.slice(0, 64),
            externalId: env.externalId,
          },
        ]
      : undefined,
    defaultTags: [{ tags: { ...env.tags } }],
  });
}

/**
 * Invocation logging and guardrails are regional Bedrock settings: they must
 * live in the region Dify calls, and the log destinations must be in that
 * same region ("only destinations from the same account and Region are
 * supported"). When that is not the environment region (an environment in
 * Tokyo using the oregon preset), those resources need a provider for the
 * Bedrock region that reaches the account exactly as the stack's own
 * provider does: same role, same allowed account, same tags.
 * None when Bedrock runs in the environment region.
 */
export function bedrockRegionProvider(scope: Construct, id: string, env: EnvironmentConfig): AwsProvider | undefined {
  if (env.bedrock.region === env.region) return undefined;
  return environmentProvider(scope, env, { id, alias: "bedrock_region", region: env.bedrock.region });
}
