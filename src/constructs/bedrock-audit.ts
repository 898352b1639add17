import { BedrockGuardrail } from "@cdktf/provider-aws/lib/bedrock-guardrail";
import { BedrockGuardrailVersion } from "@cdktf/provider-aws/lib/bedrock-guardrail-version";
import { BedrockModelInvocationLoggingConfiguration } from "@cdktf/provider-aws/lib/bedrock-model-invocation-logging-configuration";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformOutput, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { GUARDRAIL_PII_ENTITIES, PII_ACTION } from "../bedrock/guardrail-pii";
import type { ResolvedBedrock } from "../bedrock/resolve";
import type { Names } from "../config/naming";
import { type PolicyStatement, policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import { cloudWatchLogsKeyStatement, EncryptionKey } from "./encryption-key";
import { logGroup } from "./log-group";
import { SecureBucket } from "./secure-bucket";

export interface BedrockAuditProps {
  readonly names: Names;
  readonly accountId: string;
  /** Region Dify calls Bedrock in (bedrock.region): where the logging configuration and the guardrail live. */
  readonly bedrockRegion: string;
  /** Where model invocations are logged, and for how long. "off" builds no logging. */
  readonly invocationLogging: ResolvedBedrock["invocationLogging"];
  /** PII filter; "off" builds no guardrail. */
  readonly guardrail: ResolvedBedrock["guardrail"];
  /**
   * The environment KMS key (environment region). It encrypts the log group or
   * bucket when Bedrock runs in the environment region; its policy must allow
   * CloudWatch Logs and, for the s3 destination, `bedrockLoggingKeyStatement`.
   * Unused with `provider`: a key is then created in the Bedrock region,
   * because KMS keys do not cross regions.
   */
  readonly kmsKeyArn: string;
  /**
   * Provider for the Bedrock region, when that is not the environment region
   * (an environment in Tokyo using the oregon preset). It must reach the
   * account exactly as the stack's own provider does.
   * @default the stack's default provider (Bedrock in the environment region)
   */
  readonly provider?: TerraformProvider;
  /** Keeps the log bucket and the Bedrock-region key from `destroy` (production). @default false */
  readonly preventDestroy?: boolean;
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

  constructor(scope: Construct, id: string, props: BedrockAuditProps) {
    super(scope, id);
    const { names, provider } = props;
    const { destination, retentionDays } = props.invocationLogging;
    if (destination === "off" && props.guardrail.pii === "off") return;

    const region = props.bedrockRegion;
    const account = props.accountId;
    // Everything regional is built under `inRegion`, with the Bedrock-region provider when there is one.
    const inRegion = new Construct(this, "regional");

    let kmsKeyArn = props.kmsKeyArn;
    if (provider && destination !== "off") {
      kmsKeyArn = new EncryptionKey(inRegion, "key", {
        alias: names.of(`bedrock-logs-${region}`),
        description: `Bedrock invocation logs of ${names.prefix} in ${region}`,
        accountId: account,
        statements: [cloudWatchLogsKeyStatement(account, region), bedrockLoggingKeyStatement(account, region)],
        preventDestroy: props.preventDestroy,
        provider,
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
        name: names.logGroup("bedrock/model-invocations"),
        retentionDays,
        kmsKeyArn,
        provider,
      });
      this.loggingRole = new IamRole(inRegion, "logging-role", {
        provider,
        name: names.role("bedrock-logging"),
        description: "Lets Bedrock deliver model invocation logs to CloudWatch Logs",
        assumeRolePolicy: serviceTrustPolicy("bedrock.amazonaws.com", bedrockSource(account, region)),
      });
      const delivery = new IamRolePolicy(inRegion, "logging-role-policy", {
        provider,
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
        provider,
        loggingConfig: { ...loggingConfig, cloudwatchConfig: { logGroupName: this.logGroup.name, roleArn: this.loggingRole.arn } },
        // Bedrock checks that it can write when the configuration is put.
        dependsOn: [delivery],
      });
    } else if (destination === "s3") {
      this.bucket = new SecureBucket(inRegion, "bucket", {
        bucketName: names.bucket("bedrock-logs"),
        kmsKeyArn,
        expireDays: retentionDays,
        preventDestroy: props.preventDestroy,
        provider,
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
        provider,
        loggingConfig: { ...loggingConfig, s3Config: { bucketName: this.bucket.name } },
        dependsOn: [this.bucket.policy],
      });
    }

    const pii = props.guardrail.pii;
    if (pii !== "off") {
      const action = PII_ACTION[pii];
      this.guardrail = new BedrockGuardrail(inRegion, "guardrail", {
        provider,
        // Guardrail names allow 50 characters of [0-9a-zA-Z_-].
        name: names.of("pii").slice(0, 50),
        description: `PII filter of ${names.prefix} (${pii})`,
        blockedInputMessaging: "個人情報が含まれているため、このリクエストは処理できません。 This request contains personal information and cannot be processed.",
        blockedOutputsMessaging: "個人情報が含まれるため、この回答は表示できません。 This answer contains personal information and cannot be shown.",
        sensitiveInformationPolicyConfig: [{ piiEntitiesConfig: GUARDRAIL_PII_ENTITIES.map((type) => ({ type, action })) }],
      });
      this.guardrailVersion = new BedrockGuardrailVersion(inRegion, "guardrail-version", {
        provider,
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
  }

  private output(name: string, value: string, description: string): void {
    new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
  }
}
