import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformDataSource, TerraformResource, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/types";
import { environmentProvider } from "../stacks/environment-provider";

/**
 * Invocation logging and guardrails are regional Bedrock settings: they must
 * live in the region Dify calls, and the log destinations must be in that
 * same region ("only destinations from the same account and Region are
 * supported"). When that is not the environment region (an environment in
 * Tokyo using the oregon preset), those resources need a provider for the
 * Bedrock region that reaches the account exactly as the stack's own
 * provider does: same role, same allowed account, same tags.
 */
export function bedrockRegionProvider(scope: Construct, id: string, env: EnvironmentConfig): AwsProvider {
  return environmentProvider(scope, env, { id, alias: "bedrock_region", region: env.bedrock.region });
}

/**
 * Points every resource and data source under `scope` at `provider`. The
 * shared constructs (SecureBucket, EncryptionKey) take no provider, so the
 * Bedrock-region ones are built as usual and moved afterwards.
 */
export function useProvider(scope: Construct, provider: TerraformProvider): void {
  for (const node of scope.node.findAll()) {
    if (node instanceof TerraformResource || node instanceof TerraformDataSource) node.provider = provider;
  }
}
