import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformStack, Testing } from "cdktf";
import type { EnvironmentConfig } from "../../src/config/types";
import { BedrockAccess } from "../../src/constructs/bedrock-access";
import { BedrockAudit, bedrockLoggingKeyStatement } from "../../src/constructs/bedrock-audit";
import { BedrockEndpoints } from "../../src/constructs/bedrock-endpoints";
import { cloudWatchLogsKeyStatement, EncryptionKey } from "../../src/constructs/encryption-key";
import { serviceTrustPolicy } from "../../src/iam/policy-document";
import { bedrockRegionProvider } from "../../src/stacks/environment-provider";
import { loadProblems, merge } from "../helpers/fixtures";
import type { Json } from "../helpers/terraform-json";

// The look-ups every suite shares, under the names the Bedrock tests use.
export { only, synth } from "../helpers/terraform-json";

/** The problem lines for patches to the example files, with the temp folder shown as "environments". */
export function problemsFor(patches: Record<string, Json>): string[] {
  return loadProblems((files) => {
    for (const [file, patch] of Object.entries(patches)) files[file] = merge(files[file] ?? {}, patch);
  });
}

export interface BedrockTestStack {
  readonly stack: TerraformStack;
  readonly endpoints: BedrockEndpoints;
  readonly access: BedrockAccess;
  readonly audit: BedrockAudit;
}

/**
 * A stack wired the way DifyStack wires the Bedrock constructs: a VPC with
 * DNS on, private subnets, the host security group and role, and the
 * environment KMS key that allows CloudWatch Logs and Bedrock log delivery.
 */
export function bedrockStack(env: EnvironmentConfig, subnetCount = env.network.azCount): BedrockTestStack {
  const stack = new TerraformStack(Testing.app(), "bedrock-test");
  new AwsProvider(stack, "aws", { region: env.region, allowedAccountIds: [env.accountId] });
  const vpc = new Vpc(stack, "vpc", { cidrBlock: env.network.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true });
  const subnets = Array.from({ length: subnetCount }, (_, i) => new Subnet(stack, `private-${i}`, { vpcId: vpc.id, cidrBlock: `10.99.${i}.0/24` }));
  const hostSg = new SecurityGroup(stack, "host-sg", { name: env.names.of("host"), vpcId: vpc.id });
  const hostRole = new IamRole(stack, "host-role", { name: env.names.role("host"), assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") });
  const key = new EncryptionKey(stack, "key", {
    alias: env.names.prefix,
    description: "environment key",
    accountId: env.accountId,
    statements: [cloudWatchLogsKeyStatement(env.accountId, env.region), bedrockLoggingKeyStatement(env.accountId, env.region)],
  });

  const audit = new BedrockAudit(stack, "bedrock-audit", {
    names: env.names,
    accountId: env.accountId,
    bedrockRegion: env.bedrock.region,
    invocationLogging: env.bedrock.invocationLogging,
    guardrail: env.bedrock.guardrail,
    kmsKeyArn: key.arn,
    provider: bedrockRegionProvider(stack, "bedrock-region-provider", env),
    preventDestroy: env.production,
  });
  const endpoints = new BedrockEndpoints(stack, "bedrock-endpoints", {
    names: env.names,
    region: env.region,
    accountId: env.accountId,
    bedrock: env.bedrock,
    vpcId: vpc.id,
    subnetIds: subnets.map((s) => s.id),
    hostSecurityGroupId: hostSg.id,
  });
  const access = new BedrockAccess(stack, "bedrock-access", {
    bedrock: env.bedrock,
    accountId: env.accountId,
    role: hostRole.name,
    vpcEndpointIds: endpoints.endpointIds,
    guardrailArn: audit.guardrail?.guardrailArn,
  });
  return { stack, endpoints, access, audit };
}
