import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import { type PolicyStatement, policyDocument, serviceTrustPolicy } from "../../iam/policy-document";

export interface HostRoleProps {
  /** Names the role and scopes it to the environment's SSM prefix and log groups. */
  readonly names: Names;
  readonly accountId: string;
  readonly region: string;
  /** The environment KMS key: SecureString secrets and log encryption. */
  readonly kmsKeyArn: string;
  /** Statements for the resources of the chosen tier (files bucket, RDS secret, Redis user). */
  readonly statements?: readonly PolicyStatement[];
}

/** The only AWS managed policy on the host: what Session Manager needs. */
const SSM_MANAGED_INSTANCE_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

/**
 * The Dify host's own role. Session Manager replaces SSH; everything else is
 * scoped to this environment: its SSM prefix, its log groups, its key.
 * Bedrock permissions are attached separately by BedrockAccess.
 */
export class HostRole extends Construct {
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, { names, accountId, region, kmsKeyArn, statements = [] }: HostRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: names.role("host"),
      description: `Dify host role (${names.prefix})`,
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "ssm-core", { role: this.role.name, policyArn: SSM_MANAGED_INSTANCE_CORE });
    this.instanceProfile = new IamInstanceProfile(this, "profile", { name: names.role("host"), role: this.role.name });

    const parameter = (path: string) => `arn:aws:ssm:${region}:${accountId}:parameter${names.ssmPrefix}${path}`;
    const logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${names.logGroup("")}*`;
    // Every container that reaches the metadata service (the hop limit is 2 for
    // the Bedrock plugin) acts with this role, third-party plugins included. So
    // what Terraform writes (config/, the endpoints) is read-only here: a
    // plugin that could rewrite the database host would receive its password.
    this.policy = new IamRolePolicy(this, "policy", {
      name: "dify-host",
      role: this.role.id,
      policy: policyDocument([
        {
          Sid: "ReadConfiguration",
          Effect: "Allow",
          Action: ["ssm:GetParameter", "ssm:GetParameters"],
          Resource: parameter("config/*"),
        },
        {
          Sid: "GeneratedSecretsAndMigrationLease",
          Effect: "Allow",
          Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:PutParameter"],
          Resource: [parameter("secrets/*"), parameter("migrations/*")],
        },
        {
          // A secret is created once, by the first host that needs it. Anything
          // holding this role (a plugin that reaches the metadata service) could
          // otherwise replace SECRET_KEY or the Redis token with a value it knows.
          // The CLI sends Overwrite only with --overwrite, so creation still works.
          Sid: "SecretsAreNeverOverwritten",
          Effect: "Deny",
          Action: "ssm:PutParameter",
          Resource: parameter("secrets/*"),
          Condition: { StringEquals: { "ssm:Overwrite": "true" } },
        },
        {
          // Only through Parameter Store (SecureString secrets); the files bucket and the RDS secret add their own, service-bound.
          Sid: "EnvironmentKeyThroughSsm",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
          Resource: kmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `ssm.${region}.amazonaws.com` } },
        },
        {
          Sid: "ContainerAndAgentLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [logGroupArn, `${logGroupArn}:*`],
        },
        {
          // PutMetricData has no resource type; the namespace condition narrows it.
          Sid: "AgentMetrics",
          Effect: "Allow",
          Action: "cloudwatch:PutMetricData",
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": "CWAgent" } },
        },
        ...statements,
      ]),
    });
  }
}
