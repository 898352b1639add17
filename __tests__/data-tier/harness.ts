import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import type { EnvironmentConfig } from "../../src/config/types";
import { ManagedDataTier } from "../../src/constructs/data-tier/managed-data-tier";
import { Alarms } from "../../src/constructs/operations/alarms";
import { Backup } from "../../src/constructs/operations/backup";
import { Schedule } from "../../src/constructs/operations/schedule";

/**
 * A bare test stack for the data-tier and operations constructs: an AWS
 * provider plus fake upstream ids (the network, host security group, key,
 * ALB and hosts that the lead's constructs provide in the real stack).
 */

export const FAKE = {
  vpcId: "vpc-0123456789abcdef0",
  isolatedSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2", "subnet-0aaaaaaaaaaaaaaa3"],
  hostSecurityGroupId: "sg-0host0000000000001",
  kmsKeyArn: "arn:aws:kms:ap-northeast-1:333333333333:key/11111111-2222-3333-4444-555555555555",
  loadBalancerArnSuffix: "app/dify-prod-alb/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/dify-prod-web/0123456789abcdef",
  instanceId: "i-0123456789abcdef0",
  dataVolumeArn: "arn:aws:ec2:ap-northeast-1:111111111111:volume/vol-0123456789abcdef0",
  autoScalingGroupName: "dify-prod-hosts",
  diskDimensions: { InstanceId: "i-0123456789abcdef0", path: "/var/lib/dify", device: "nvme1n1", fstype: "xfs" },
} as const;

export function testStack(env: EnvironmentConfig): TerraformStack {
  const stack = new TerraformStack(Testing.app(), `${env.name}-test`);
  new AwsProvider(stack, "aws", { region: env.region });
  return stack;
}

/** What DifyStack passes from the resolved environment to the operations constructs. */
const operations = (env: EnvironmentConfig) => ({ names: env.names, accountId: env.accountId, region: env.region });
const backupPlan = (env: EnvironmentConfig) => ({ names: env.names, schedule: env.operations.backup.schedule, retentionDays: env.operations.backup.retentionDays });

export function dataTier(stack: TerraformStack, env: EnvironmentConfig): ManagedDataTier {
  return new ManagedDataTier(stack, "data", {
    names: env.names,
    accountId: env.accountId,
    region: env.region,
    production: env.production,
    database: env.dify.database,
    cache: env.dify.cache,
    logRetentionDays: env.operations.logRetentionDays,
    vpcId: FAKE.vpcId,
    subnetIds: FAKE.isolatedSubnetIds,
    hostSecurityGroupId: FAKE.hostSecurityGroupId,
    kmsKeyArn: FAKE.kmsKeyArn,
  });
}

/** Every construct of the managed tier, wired the way DifyStack does it. */
export function managedTier(stack: TerraformStack, env: EnvironmentConfig) {
  const data = dataTier(stack, env);
  const alarms = new Alarms(stack, "alarms", {
    ...operations(env),
    alarmEmail: env.operations.alarmEmail,
    kmsKeyArn: FAKE.kmsKeyArn,
    loadBalancerArnSuffix: FAKE.loadBalancerArnSuffix,
    targetGroupArnSuffix: FAKE.targetGroupArnSuffix,
    autoScalingGroupName: FAKE.autoScalingGroupName,
    dbInstanceIdentifier: data.database.identifier,
    dbStorageGb: { allocated: env.dify.database.allocatedStorageGb, max: env.dify.database.maxAllocatedStorageGb },
    cacheClusterIds: data.cache.memberClusterIds,
  });
  const backup = new Backup(stack, "backup", {
    ...backupPlan(env),
    kmsKeyArn: FAKE.kmsKeyArn,
    resourceArns: [data.database.arn],
    alarmTopicArn: alarms.topic.arn,
  });
  const schedule = env.dify.schedule
    ? new Schedule(stack, "schedule", {
        ...operations(env),
        hours: env.dify.schedule,
        autoScalingGroupName: FAKE.autoScalingGroupName,
        hostCapacity: env.dify.hosts,
        dbInstanceIdentifier: data.database.identifier,
      })
    : undefined;
  return { database: data.database, cache: data.cache, files: data.files, endpoints: data.endpoints, alarms, backup, schedule };
}

/** Every construct of the all-in-one tier. */
export function allInOneTier(stack: TerraformStack, env: EnvironmentConfig) {
  const alarms = new Alarms(stack, "alarms", {
    ...operations(env),
    alarmEmail: env.operations.alarmEmail,
    kmsKeyArn: FAKE.kmsKeyArn,
    loadBalancerArnSuffix: FAKE.loadBalancerArnSuffix,
    targetGroupArnSuffix: FAKE.targetGroupArnSuffix,
    instanceId: FAKE.instanceId,
    diskDimensions: FAKE.diskDimensions,
  });
  const backup = new Backup(stack, "backup", {
    ...backupPlan(env),
    kmsKeyArn: FAKE.kmsKeyArn,
    resourceArns: [FAKE.dataVolumeArn],
    alarmTopicArn: alarms.topic.arn,
  });
  const schedule = env.dify.schedule
    ? new Schedule(stack, "schedule", { ...operations(env), hours: env.dify.schedule, instanceId: FAKE.instanceId, volumeKmsKeyArn: FAKE.kmsKeyArn })
    : undefined;
  return { alarms, backup, schedule };
}

/**
 * Keys whose presence in synthesized Terraform would put a secret in the
 * configuration or the state: passwords, auth tokens, secret strings.
 */
const SECRET_KEYS = /^(password|passwords|password_wo|master_password|auth_token|secret_string|secret_string_wo|value_wo)$/;

/** Paths of every secret-carrying key in a synthesized document. */
export function secretKeys(node: unknown, path = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => secretKeys(v, `${path}[${i}]`));
  if (node && typeof node === "object") {
    return Object.entries(node).flatMap(([k, v]) => [...(SECRET_KEYS.test(k) ? [`${path}.${k}`] : []), ...secretKeys(v, `${path}.${k}`)]);
  }
  return [];
}
