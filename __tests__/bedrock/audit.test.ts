import { GUARDRAIL_PII_ENTITIES } from "../../src/bedrock/guardrail-pii";
import type { PolicyStatement } from "../../src/iam/policy-document";
import { environment, exampleConfig, resources } from "../helpers/fixtures";
import { bedrockStack, only, synth } from "./bedrock-stack";

function synthAudit(name: string, patches = {}) {
  const env = environment(exampleConfig(patches), name);
  return { env, ...synth(bedrockStack(env).stack) };
}

const BEDROCK_TYPES = ["aws_bedrock_model_invocation_logging_configuration", "aws_bedrock_guardrail", "aws_bedrock_guardrail_version"];

describe("BedrockAudit: invocation logging", () => {
  test("off (dev): no logging, no guardrail, no outputs", () => {
    const { tf } = synthAudit("dev");
    for (const type of BEDROCK_TYPES) expect(resources(tf, type)).toEqual([]);
    expect(resources(tf, "aws_cloudwatch_log_group")).toEqual([]);
    expect(tf.output ?? {}).toEqual({});
  });

  test("cloudwatch (staging): an encrypted log group with retention, and a delivery role Bedrock alone may assume", () => {
    const { tf } = synthAudit("staging");
    const group = only(tf, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: "/dify/staging/bedrock/model-invocations", retention_in_days: 30, kms_key_id: "${aws_kms_key.key_F64E54E4.arn}" });

    const role = resources(tf, "aws_iam_role").find((r) => r.name === "dify-staging-bedrock-logging");
    expect(JSON.parse(role?.assume_role_policy as string).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "bedrock.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": "222222222222" },
          ArnLike: { "aws:SourceArn": "arn:aws:bedrock:ap-northeast-1:222222222222:*" },
        },
      },
    ]);
    const delivery = resources(tf, "aws_iam_role_policy").find((p) => p.name === "deliver-invocation-logs");
    expect(JSON.parse(delivery?.policy as string).Statement[0]).toMatchObject({
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.\S+\.arn\}:log-stream:\*$/),
    });

    const logging = only(tf, "aws_bedrock_model_invocation_logging_configuration") as { logging_config: Record<string, unknown>; depends_on: string[] };
    expect(logging.logging_config).toMatchObject({
      text_data_delivery_enabled: true,
      embedding_data_delivery_enabled: false,
      image_data_delivery_enabled: false,
      cloudwatch_config: { log_group_name: expect.stringContaining("aws_cloudwatch_log_group"), role_arn: expect.stringContaining("aws_iam_role") },
    });
    expect(logging.logging_config.s3_config).toBeUndefined();
    expect(logging.depends_on).toEqual([expect.stringContaining("aws_iam_role_policy")]);
  });

  test("s3 (prod): a SecureBucket that only Bedrock of this account and region may write logs to", () => {
    const { env, tf } = synthAudit("prod");
    const bucket = only(tf, "aws_s3_bucket");
    expect(bucket.bucket).toBe(env.names.bucket("bedrock-logs"));
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    const encryption = only(tf, "aws_s3_bucket_server_side_encryption_configuration") as { rule: Array<{ apply_server_side_encryption_by_default: Record<string, string> }> };
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.key_F64E54E4.arn}" });
    const lifecycle = only(tf, "aws_s3_bucket_lifecycle_configuration") as { rule: Array<Record<string, unknown>> };
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 400 }]);

    const policy = JSON.parse(only(tf, "aws_s3_bucket_policy").policy as string) as { Statement: PolicyStatement[] };
    expect(policy.Statement.find((s) => s.Sid === "BedrockInvocationLogDelivery")).toEqual({
      Sid: "BedrockInvocationLogDelivery",
      Effect: "Allow",
      Principal: { Service: "bedrock.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: expect.stringMatching(/^\$\{aws_s3_bucket\.\S+\.arn\}\/AWSLogs\/333333333333\/BedrockModelInvocationLogs\/\*$/),
      Condition: {
        StringEquals: { "aws:SourceAccount": "333333333333" },
        ArnLike: { "aws:SourceArn": "arn:aws:bedrock:ap-northeast-1:333333333333:*" },
      },
    });
    expect(policy.Statement.map((s) => s.Sid)).toContain("DenyInsecureTransport");

    const logging = only(tf, "aws_bedrock_model_invocation_logging_configuration") as { logging_config: Record<string, unknown>; depends_on: string[] };
    expect(logging.logging_config.s3_config).toEqual({ bucket_name: expect.stringContaining("aws_s3_bucket") });
    expect(logging.logging_config.cloudwatch_config).toBeUndefined();
    expect(logging.depends_on).toEqual([expect.stringContaining("aws_s3_bucket_policy")]);
    expect(resources(tf, "aws_iam_role").map((r) => r.name)).not.toContain("dify-prod-bedrock-logging");
  });
});

describe("BedrockAudit: PII guardrail", () => {
  test.each([
    ["anonymize", "ANONYMIZE"],
    ["block", "BLOCK"],
  ])("pii %s: every PII entity with action %s, a published version and the outputs Dify needs", (pii, action) => {
    const { tf } = synthAudit("prod", { "prod.json": { bedrock: { guardrail: { pii } } } });
    const guardrail = only(tf, "aws_bedrock_guardrail") as Record<string, unknown> & {
      sensitive_information_policy_config: Array<{ pii_entities_config: Array<{ type: string; action: string }> }>;
    };
    expect(guardrail.name).toBe("dify-prod-pii");
    const entities = guardrail.sensitive_information_policy_config[0].pii_entities_config;
    expect(entities.map((e) => e.type)).toEqual([...GUARDRAIL_PII_ENTITIES]);
    expect(entities.map((e) => e.type)).toEqual(expect.arrayContaining(["EMAIL", "PHONE", "NAME", "ADDRESS", "CREDIT_DEBIT_CARD_NUMBER"]));
    expect(new Set(entities.map((e) => e.action))).toEqual(new Set([action]));
    expect(guardrail.blocked_input_messaging).toEqual(expect.any(String));

    const version = only(tf, "aws_bedrock_guardrail_version") as Record<string, unknown>;
    expect(version).toMatchObject({
      guardrail_arn: expect.stringMatching(/^\$\{aws_bedrock_guardrail\.\S+\.guardrail_arn\}$/),
      skip_destroy: true,
      lifecycle: { replace_triggered_by: [expect.stringMatching(/^aws_bedrock_guardrail\.[\w-]+$/)] },
    });

    expect(Object.keys(tf.output ?? {}).sort()).toEqual(["bedrock_guardrail_arn", "bedrock_guardrail_id", "bedrock_guardrail_region", "bedrock_guardrail_version"]);
    expect(tf.output?.bedrock_guardrail_id).toMatchObject({ value: expect.stringMatching(/\.guardrail_id\}$/) });
    expect(tf.output?.bedrock_guardrail_version).toMatchObject({ value: expect.stringMatching(/^\$\{aws_bedrock_guardrail_version\.\S+\.version\}$/) });
    expect(tf.output?.bedrock_guardrail_region).toMatchObject({ value: "ap-northeast-1" });
  });

  test("pii off: no guardrail", () => {
    const { tf } = synthAudit("prod", { "prod.json": { bedrock: { guardrail: { pii: "off" } } } });
    expect(resources(tf, "aws_bedrock_guardrail")).toEqual([]);
    expect(tf.output ?? {}).toEqual({});
  });
});

describe("BedrockAudit in another Bedrock region", () => {
  test("logging and guardrail live in the Bedrock region, through a second provider with the same role, and a key there", () => {
    const { tf } = synthAudit("staging", { "staging.json": { bedrock: { strategy: "oregon", residency: "global", guardrail: { pii: "block" } } } });
    const providers = tf.provider.aws as Array<Record<string, unknown>>;
    const regional = providers.find((p) => p.alias === "bedrock_region");
    expect(regional).toMatchObject({
      region: "us-west-2",
      allowed_account_ids: ["222222222222"],
      assume_role: [{ role_arn: "arn:aws:iam::222222222222:role/dify-deployer", session_name: "dify-staging-cdktf" }],
    });
    for (const type of [...BEDROCK_TYPES, "aws_cloudwatch_log_group", "aws_iam_role_policy"]) {
      for (const resource of resources(tf, type).filter((r) => r.name !== "bedrock-invoke")) expect(resource.provider).toBe("aws.bedrock_region");
    }
    // The environment key is in ap-northeast-1; KMS keys do not cross regions.
    const keys = resources(tf, "aws_kms_key");
    expect(keys).toHaveLength(2);
    const logsKey = keys.find((k) => k.provider === "aws.bedrock_region");
    expect(JSON.parse(logsKey?.policy as string).Statement.map((s: PolicyStatement) => s.Sid)).toEqual(["AccountAdministers", "CloudWatchLogsUse", "BedrockInvocationLogsEncrypt"]);
    expect(only(tf, "aws_cloudwatch_log_group").kms_key_id).toMatch(/^\$\{aws_kms_key\.bedrock-audit_regional_key_\w+\.arn\}$/);
    const trust = JSON.parse(resources(tf, "aws_iam_role").find((r) => r.name === "dify-staging-bedrock-logging")?.assume_role_policy as string);
    expect(trust.Statement[0].Condition.ArnLike["aws:SourceArn"]).toBe("arn:aws:bedrock:us-west-2:222222222222:*");
    expect(tf.output?.bedrock_guardrail_region).toMatchObject({ value: "us-west-2" });
  });

  test("the s3 destination's bucket, with every control of SecureBucket, and its key are created with the Bedrock-region provider", () => {
    const { tf } = synthAudit("staging", { "staging.json": { bedrock: { strategy: "oregon", residency: "global", invocationLogging: { destination: "s3", retentionDays: 90 } } } });
    const bucketTypes = Object.keys(tf.resource).filter((type) => type.startsWith("aws_s3_bucket"));
    expect(bucketTypes).toEqual(expect.arrayContaining(["aws_s3_bucket", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_versioning"]));
    for (const type of [...bucketTypes, "aws_kms_alias", "aws_bedrock_model_invocation_logging_configuration"]) {
      const regional = resources(tf, type).filter((r) => r.provider === "aws.bedrock_region");
      expect(regional.length).toBeGreaterThan(0);
    }
    expect(resources(tf, "aws_s3_bucket").every((b) => b.provider === "aws.bedrock_region")).toBe(true);
  });

  test("in the environment region nothing gets a second provider", () => {
    const { tf } = synthAudit("prod");
    expect(tf.provider.aws).toHaveLength(1);
    expect(JSON.stringify(tf.resource)).not.toContain("bedrock_region");
  });
});
