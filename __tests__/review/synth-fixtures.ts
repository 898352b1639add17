import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { S3Backend, TerraformStack, Testing } from "cdktf";
import { policyDocument } from "../../src/iam/policy-document";
import type { Annotation } from "../../src/review/synth-output";

/**
 * Small, hand-built stacks for the review's unit tests. They are written with
 * the real provider classes (so the JSON has exactly cdktf's shape, and
 * `terraform validate` can check them), with known sizes so that exact dollar
 * figures can be asserted.
 */

export interface FixtureOptions {
  /** @default "us-west-2" */
  readonly region?: string;
  /** @default "t3.large" */
  readonly instanceType?: string;
  /** @default ["10.0.0.0/16"] */
  readonly ingressCidrs?: string[];
  /** @default true */
  readonly multiAz?: boolean;
  /** @default false */
  readonly withoutNat?: boolean;
}

const MODEL_ARN = "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0";
const PROFILE_ARN = "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0";

/**
 * One of everything the estimate prices:
 * - aws_instance t3.large, 30 GB gp3 root; aws_ebs_volume 100 GB gp3
 * - ASG of 2 × t3.medium from a launch template with a 40 GB gp3 root
 * - NAT gateway with its EIP; internet-facing ALB in 2 subnets
 * - interface endpoint (bedrock-runtime) in 2 subnets; S3 gateway endpoint
 * - RDS PostgreSQL db.t4g.medium, 50 GB gp3, Multi-AZ, RDS-managed secret
 * - ElastiCache Valkey cache.t4g.small × 2
 * - KMS key, Secrets Manager secret, log group, S3 bucket, WAF web ACL with 2 rules
 */
export function costFixture(options: FixtureOptions = {}): string {
  const region = options.region ?? "us-west-2";
  const stack = new TerraformStack(Testing.app(), "fixture");
  new AwsProvider(stack, "aws", { region, allowedAccountIds: ["123456789012"] });
  new S3Backend(stack, { bucket: "state", key: "fixture/terraform.tfstate", region, encrypt: true });

  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
  const a = new Subnet(stack, "subnet-a", { vpcId: vpc.id, cidrBlock: "10.0.0.0/24", availabilityZone: `${region}a` });
  const b = new Subnet(stack, "subnet-b", { vpcId: vpc.id, cidrBlock: "10.0.1.0/24", availabilityZone: `${region}b` });
  const sg = new SecurityGroup(stack, "alb-sg", {
    vpcId: vpc.id,
    description: "ALB",
    ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: options.ingressCidrs ?? ["10.0.0.0/16"] }],
    egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] }],
  });

  new Instance(stack, "host", {
    ami: "ami-0123456789abcdef0",
    instanceType: options.instanceType ?? "t3.large",
    subnetId: a.id,
    rootBlockDevice: { volumeSize: 30, volumeType: "gp3", encrypted: true },
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
  });
  new EbsVolume(stack, "data", { availabilityZone: `${region}a`, size: 100, type: "gp3", encrypted: true });

  const template = new LaunchTemplate(stack, "hosts", {
    imageId: "ami-0123456789abcdef0",
    instanceType: "t3.medium",
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 40, volumeType: "gp3", encrypted: "true" } }],
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
  });
  new AutoscalingGroup(stack, "asg", {
    minSize: 1,
    maxSize: 4,
    desiredCapacity: 2,
    vpcZoneIdentifier: [a.id, b.id],
    launchTemplate: { id: template.id, version: "$Latest" },
  });

  if (!options.withoutNat) {
    const eip = new Eip(stack, "nat-eip", { domain: "vpc" });
    new NatGateway(stack, "nat", { allocationId: eip.id, subnetId: a.id });
  }
  new Lb(stack, "alb", { loadBalancerType: "application", internal: false, subnets: [a.id, b.id], securityGroups: [sg.id] });

  new VpcEndpoint(stack, "bedrock-runtime", {
    vpcId: vpc.id,
    serviceName: `com.amazonaws.${region}.bedrock-runtime`,
    vpcEndpointType: "Interface",
    subnetIds: [a.id, b.id],
    privateDnsEnabled: true,
    policy: policyDocument([{ Effect: "Allow", Principal: "*", Action: "bedrock:InvokeModel", Resource: MODEL_ARN }]),
  });
  new VpcEndpoint(stack, "s3", { vpcId: vpc.id, serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway" });

  new DbInstance(stack, "db", {
    engine: "postgres",
    engineVersion: "16.8",
    instanceClass: "db.t4g.medium",
    allocatedStorage: 50,
    storageType: "gp3",
    multiAz: options.multiAz ?? true,
    storageEncrypted: true,
    username: "dify",
    manageMasterUserPassword: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "dify-final",
  });
  new ElasticacheReplicationGroup(stack, "cache", {
    replicationGroupId: "dify",
    description: "Dify cache",
    engine: "valkey",
    nodeType: "cache.t4g.small",
    numCacheClusters: 2,
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: "true",
  });

  new KmsKey(stack, "key", { enableKeyRotation: true, description: "fixture" });
  new SecretsmanagerSecret(stack, "secret", { name: "fixture" });
  new CloudwatchLogGroup(stack, "logs", { name: "/fixture", retentionInDays: 30 });
  new S3Bucket(stack, "bucket", { bucket: "fixture-bucket" });
  new Wafv2WebAcl(stack, "waf", {
    name: "fixture",
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "fixture", sampledRequestsEnabled: true },
    rule: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"].map((name, priority) => ({
      name,
      priority,
      overrideAction: { none: {} },
      // The provider types `statement` as free JSON, so it is written in Terraform's snake_case.
      statement: { managed_rule_group_statement: { vendor_name: "AWS", name } },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
    })),
  });

  const role = new IamRole(stack, "host-role", {
    name: "fixture-host",
    assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]),
  });
  new IamRolePolicy(stack, "bedrock", {
    role: role.id,
    policy: policyDocument([{ Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: [MODEL_ARN, PROFILE_ARN] }]),
  });
  return Testing.synth(stack);
}

export interface FixtureStack {
  readonly json: string;
  readonly annotations?: readonly Annotation[];
}

/** Writes a cdktf.out-shaped folder (manifest.json + stacks/<name>/cdk.tf.json) and returns its path. */
export function writeSynthDir(stacks: Record<string, FixtureStack>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-review-"));
  const manifest: { version: string; stacks: Record<string, unknown> } = { version: "0.21.0", stacks: {} };
  for (const [name, stack] of Object.entries(stacks)) {
    const rel = `stacks/${name}/cdk.tf.json`;
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), stack.json);
    manifest.stacks[name] = {
      name,
      constructPath: name,
      annotations: stack.annotations ?? [],
      dependencies: [],
      synthesizedStackPath: rel,
      workingDirectory: `stacks/${name}`,
    };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return dir;
}
