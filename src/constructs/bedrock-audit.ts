import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BedrockGuardrail } from "@cdktf/provider-aws/lib/bedrock-guardrail";
import { BedrockGuardrailVersion } from "@cdktf/provider-aws/lib/bedrock-guardrail-version";
import { BedrockModelInvocationLoggingConfiguration } from "@cdktf/provider-aws/lib/bedrock-model-invocation-logging-configuration";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { bedrockRegionProvider, useProvider } from "../bedrock/bedrock-region-provider";
import { GUARDRAIL_PII_ENTITIES, PII_ACTION } from "../bedrock/guardrail-pii";
import type { EnvironmentConfig } from "../config/types";
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from "../iam/policy-document";
import { EncryptionKey, cloudWatchLogsKeyStatement } from "./encryption-key";
import { logGroup } from "./log-group";
import { SecureBucket } from "./secure-bucket";

export interface BedrockAuditProps {
  /** The resolved environment; `env.bedrock.invocationLogging` and `env.bedrock.guardrail` decide what is built. */
  readonly env: EnvironmentConfig;
  /**
   * The environment KMS key (environment region). It encrypts the log group or
   * bucket when Bedrock runs in the environment region; its policy must allow
   * CloudWatch Logs and, for the s3 destination, `bedrockLoggingKeyStatement`.
   * When Bedrock runs in another region, a key is created there instead,
   * because KMS keys do not cross regions.
   */
  readonly kmsKeyArn: string;
}

/**
 * Key-policy statement that lets Bedrock write SSE-KMS encrypted invocation
 * logs to S3 for this account and region only (confused-deputy guard).
 */
export function bedrockLoggingKeyStatement(accountId: string, region: string): PolicyStatement {
  return {
    Sid: "BedrockInvocationLogsEncrypt",
    Effect: "Allow",
    Principal: { Service: "bedrock.amazonaws.com" },
    Action: "kms:GenerateDataKey",
    Resource: "*",
    Condition: bedrockSource(accountId, region),
  };
}

/** aws:SourceAccount and aws:SourceArn for Bedrock acting on the account's behalf in one region. */
function bedrockSource(accountId: string, region: string): NonNullable<PolicyStatement["Condition"]> {
  return {
    StringEquals: { "aws:SourceAccount": accountId },
    ArnLike: { "aws:SourceArn": `arn:aws:bedrock:${region}:${accountId}:*` },
  };
}

/**
 * Model invocation logging and the PII guardrail, both in the Bedrock region.
 *
 * Invocation logging records prompts and responses of bedrock-runtime calls
 * (Converse, InvokeModel and their streaming forms). Embedding, image and
 * video payloads are not delivered: they are large and the text log already
 * shows who called what. Rerank calls go through bedrock-agent-runtime and
 * are not logged by Bedrock at all.
 *
 * The guardrail carries no customer data, only which PII types to mask, so it
 * uses the AWS-owned key; a customer-managed key would make every caller need
 * kms:Decrypt. It uses the classic tier, which runs in the Bedrock region; the
 * standard tier needs a cross-region guardrail profile, which the residency
 * levels would have to allow.
 */
export class BedrockAudit extends Construct {
  readonly logGroup?: CloudwatchLogGroup;
  readonly bucket?: SecureBucket;
  readonly loggingRole?: IamRole;
  readonly loggingConfiguration?: BedrockModelInvocationLoggingConfiguration;
  readonly guardrail?: BedrockGuardrail;
  readonly guardrailVersion?: BedrockGuardrailVersion;
  /** The Bedrock-region provider, when the Bedrock region is not the environment region. */
  readonly provider?: AwsProvider;

  constructor(scope: Construct, id: string, props: BedrockAuditProps) {
    super(scope, id);
    const { env } = props;
    const bedrock = env.bedrock;
    const { destination, retentionDays } = bedrock.invocationLogging;
    if (destination === "off" && bedrock.guardrail.pii === "off") return;

    const region = bedrock.region;
    const account = env.accountId;
    const crossRegion = region !== env.region;
    // Everything regional is built under `inRegion`, then moved to the Bedrock-region provider if needed.
    const inRegion = new Construct(this, "regional");

    let kmsKeyArn = props.kmsKeyArn;
    if (crossRegion && destination !== "off") {
      kmsKeyArn = new EncryptionKey(inRegion, "key", {
        alias: env.names.of(`bedrock-logs-${region}`),
        description: `Bedrock invocation logs of ${env.names.prefix} in ${region}`,
        accountId: account,
        statements: [cloudWatchLogsKeyStatement(account, region), bedrockLoggingKeyStatement(account, region)],
        preventDestroy: env.production,
      }).arn;
    }

    const loggingConfig = {
      textDataDeliveryEnabled: true,
      embeddingDataDeliveryEnabled: false,
      imageDataDeliveryEnabled: false,
      videoDataDeliveryEnabled: false,
    };
    if (destination === "cloudwatch") {
      this.logGroup = logGroup(inRegion, "log-group", {
        name: env.names.logGroup("bedrock/model-invocations"),
        retentionDays,
        kmsKeyArn,
      });
      this.loggingRole = new IamRole(inRegion, "logging-role", {
        name: env.names.role("bedrock-logging"),
        description: "Lets Bedrock deliver model invocation logs to CloudWatch Logs",
        assumeRolePolicy: serviceTrustPolicy("bedrock.amazonaws.com", bedrockSource(account, region)),
      });
      const delivery = new IamRolePolicy(inRegion, "logging-role-policy", {
        name: "deliver-invocation-logs",
        role: this.loggingRole.name,
        policy: policyDocument([
          {
            Sid: "DeliverInvocationLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${this.logGroup.arn}:log-stream:*`,
          },
        ]),
      });
      this.loggingConfiguration = new BedrockModelInvocationLoggingConfiguration(inRegion, "logging", {
        loggingConfig: { ...loggingConfig, cloudwatchConfig: { logGroupName: this.logGroup.name, roleArn: this.loggingRole.arn } },
        // Bedrock checks that it can write when the configuration is put.
        dependsOn: [delivery],
      });
    } else if (destination === "s3") {
      this.bucket = new SecureBucket(inRegion, "bucket", {
        bucketName: env.names.bucket("bedrock-logs"),
        kmsKeyArn,
        expireDays: retentionDays,
        preventDestroy: env.production,
        statements: (arn) => [
          {
            Sid: "BedrockInvocationLogDelivery",
            Effect: "Allow",
            Principal: { Service: "bedrock.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${arn}/AWSLogs/${account}/BedrockModelInvocationLogs/*`,
            Condition: bedrockSource(account, region),
          },
        ],
      });
      this.loggingConfiguration = new BedrockModelInvocationLoggingConfiguration(inRegion, "logging", {
        loggingConfig: { ...loggingConfig, s3Config: { bucketName: this.bucket.name } },
        dependsOn: [this.bucket.policy],
      });
    }

    const pii = bedrock.guardrail.pii;
    if (pii !== "off") {
      const action = PII_ACTION[pii];
      this.guardrail = new BedrockGuardrail(inRegion, "guardrail", {
        // Guardrail names allow 50 characters of [0-9a-zA-Z_-].
        name: env.names.of("pii").slice(0, 50),
        description: `PII filter of ${env.names.prefix} (${pii})`,
        blockedInputMessaging:
          "個人情報が含まれているため、このリクエストは処理できません。 This request contains personal information and cannot be processed.",
        blockedOutputsMessaging:
          "個人情報が含まれるため、この回答は表示できません。 This answer contains personal information and cannot be shown.",
        sensitiveInformationPolicyConfig: [{ piiEntitiesConfig: GUARDRAIL_PII_ENTITIES.map((type) => ({ type, action })) }],
      });
      this.guardrailVersion = new BedrockGuardrailVersion(inRegion, "guardrail-version", {
        guardrailArn: this.guardrail.guardrailArn,
        description: `PII ${pii}, managed by cdktf`,
        // A version is an immutable snapshot: publish a new one whenever the guardrail
        // changes, and keep the old one so Dify keeps working until it is switched.
        skipDestroy: true,
      });
      // cdktf renders replaceTriggeredBy as "${...}", which Terraform's JSON syntax
      // rejects there; the override writes the bare resource address it expects.
      this.guardrailVersion.addOverride("lifecycle.replace_triggered_by", [`${this.guardrail.terraformResourceType}.${this.guardrail.friendlyUniqueId}`]);
      this.output("bedrock_guardrail_id", this.guardrail.guardrailId, "Guardrail id for Dify's Bedrock settings");
      this.output("bedrock_guardrail_version", this.guardrailVersion.version, "Published guardrail version for Dify's Bedrock settings");
      this.output("bedrock_guardrail_arn", this.guardrail.guardrailArn, "Guardrail ARN");
      this.output("bedrock_guardrail_region", region, "Region the guardrail lives in (the Bedrock region)");
    }

    if (crossRegion) {
      this.provider = bedrockRegionProvider(this, "bedrock-region-provider", env);
      useProvider(inRegion, this.provider);
    }
  }

  private output(name: string, value: string, description: string): void {
    new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
  }
}
