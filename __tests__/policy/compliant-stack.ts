import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { TerraformStack } from "cdktf";
import { cloudWatchLogsKeyStatement, EncryptionKey } from "../../src/constructs/encryption-key";
import { SecureBucket } from "../../src/constructs/secure-bucket";
import { policyDocument, serviceTrustPolicy } from "../../src/iam/policy-document";

const ACCOUNT = "111111111111";
const REGION = "ap-northeast-1";

/**
 * One resource of every type the rules look at, each written the compliant
 * way. The tests check that it has no finding at all and that Terraform
 * accepts it, so the "passing" shapes in the rules are real Terraform.
 */
export function addCompliantResources(stack: TerraformStack): void {
  const key = new EncryptionKey(stack, "key", { alias: "policy-test", description: "policy test", accountId: ACCOUNT, statements: [cloudWatchLogsKeyStatement(ACCOUNT, REGION)] });

  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
  const flowGroup = new CloudwatchLogGroup(stack, "flow-group", { name: "/policy-test/flow", retentionInDays: 365, kmsKeyId: key.arn });
  const flowRole = new IamRole(stack, "flow-role", { name: "policy-test-flow", assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com") });
  new IamRolePolicy(stack, "flow-policy", {
    role: flowRole.id,
    policy: policyDocument([{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${flowGroup.arn}:*` }]),
  });
  new FlowLog(stack, "flow", { vpcId: vpc.id, trafficType: "ALL", logDestination: flowGroup.arn, iamRoleArn: flowRole.arn });

  const subnets = [0, 1].map((i) => new Subnet(stack, `private-${i}`, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24`, availabilityZone: `${REGION}${"ac"[i]}`, mapPublicIpOnLaunch: false }));

  const albGroup = new SecurityGroup(stack, "alb-sg", { name: "policy-test-alb", description: "alb", vpcId: vpc.id });
  new VpcSecurityGroupIngressRule(stack, "https-in", { securityGroupId: albGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
  new SecurityGroup(stack, "host-sg", {
    name: "policy-test-host",
    description: "host",
    vpcId: vpc.id,
    ingress: [{ fromPort: 80, toPort: 80, protocol: "tcp", securityGroups: [albGroup.id], description: "from the ALB" }],
  });

  const hostRole = new IamRole(stack, "host-role", { name: "policy-test-host", assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") });
  new IamRolePolicyAttachment(stack, "ssm", { role: hostRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });

  const imds = { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 };
  new Instance(stack, "host", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.large",
    subnetId: subnets[0].id,
    metadataOptions: imds,
    rootBlockDevice: { encrypted: true, kmsKeyId: key.arn },
  });
  new EbsVolume(stack, "data", { availabilityZone: `${REGION}a`, size: 50, type: "gp3", encrypted: true, kmsKeyId: key.arn });
  const template = new LaunchTemplate(stack, "template", {
    imageId: "ami-0123456789abcdef0",
    instanceType: "t3.large",
    metadataOptions: imds,
    networkInterfaces: [{ associatePublicIpAddress: "false", securityGroups: [albGroup.id] }],
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3", volumeSize: 30 } }],
  });
  new AutoscalingGroup(stack, "hosts", { minSize: 1, maxSize: 2, vpcZoneIdentifier: subnets.map((s) => s.id), launchTemplate: { id: template.id, version: "$Latest" } });

  const logs = new SecureBucket(stack, "alb-logs", { bucketName: "policy-test-alb-logs" });
  const alb = new Lb(stack, "alb", {
    name: "policy-test",
    loadBalancerType: "application",
    subnets: subnets.map((s) => s.id),
    securityGroups: [albGroup.id],
    dropInvalidHeaderFields: true,
    accessLogs: { bucket: logs.name, enabled: true },
  });
  const web = new LbTargetGroup(stack, "web", { name: "policy-test-web", port: 80, protocol: "HTTP", vpcId: vpc.id });
  new LbListener(stack, "https", {
    loadBalancerArn: alb.arn,
    port: 443,
    protocol: "HTTPS",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/00000000-0000-0000-0000-000000000000`,
    defaultAction: [{ type: "forward", targetGroupArn: web.arn }],
  });
  new LbListener(stack, "http", {
    loadBalancerArn: alb.arn,
    port: 80,
    protocol: "HTTP",
    defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
  });

  new SecureBucket(stack, "data-bucket", { bucketName: "policy-test-data", kmsKeyArn: key.arn });
}
