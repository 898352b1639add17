import { BEDROCK_ALARM_THRESHOLDS } from "../../src/constructs/operations/bedrock-alarms";
import { environment, exampleConfig, type Json, synthEnvironment } from "../helpers/fixtures";
import type { TerraformJson } from "../helpers/terraform-json";
import { resources, resourcesByType } from "../helpers/terraform-json";

const OREGON = { bedrock: { strategy: "oregon", residency: "global" } };

function build(name: string, patch: Record<string, Json> = {}) {
  return { tf: synthEnvironment(name, patch).tf, env: environment(exampleConfig(patch), name) };
}

const bedrockAlarms = (tf: TerraformJson) => resources(tf, "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/Bedrock");
const topicRef = (tf: TerraformJson, predicate: (topic: Json) => boolean) => {
  const [name] = Object.entries(resourcesByType(tf, "aws_sns_topic")).find(([, t]) => predicate(t)) ?? [];
  expect(name).toBeDefined();
  return `\${aws_sns_topic.${name}.arn}`;
};

describe("BedrockAlarms", () => {
  const prod = build("prod");
  // dev builds no other Bedrock-region resource; staging logs invocations there, so a provider exists already.
  const devOregon = build("dev", { "dev.json": { ...OREGON, operations: { alarmEmail: "dev-oncall@example.com" } } });
  const stagingOregon = build("staging", { "staging.json": OREGON });

  test.each([
    ["prod (jp. profiles, Tokyo)", prod],
    ["dev (oregon preset from Tokyo)", devOregon],
    ["staging (oregon preset from Tokyo)", stagingOregon],
  ])("%s: one throttle and one server-error alarm per configured model or profile", (_label, { tf, env }) => {
    const configured = [...new Set(Object.values(env.bedrock.models))].sort();
    const alarms = bedrockAlarms(tf);
    for (const [metric, threshold] of [
      ["InvocationThrottles", BEDROCK_ALARM_THRESHOLDS.throttlesPer5Minutes],
      ["InvocationServerErrors", BEDROCK_ALARM_THRESHOLDS.serverErrorsPer5Minutes],
    ] as const) {
      const ofMetric = alarms.filter((a) => a.metric_name === metric);
      expect(ofMetric.map((a) => a.dimensions.ModelId).sort()).toEqual(configured);
      for (const a of ofMetric) {
        expect(a).toMatchObject({ statistic: "Sum", threshold, comparison_operator: "GreaterThanOrEqualToThreshold", treat_missing_data: "notBreaching" });
      }
    }
    expect(alarms).toHaveLength(configured.length * 2);
    expect(new Set(alarms.map((a) => a.alarm_name)).size).toBe(alarms.length);
  });

  test("in the environment region, the alarms notify the environment's alarm topic", () => {
    const topic = topicRef(prod.tf, (t) => t.name === "dify-prod-alarms");
    for (const a of bedrockAlarms(prod.tf)) {
      expect(a.provider).toBeUndefined();
      expect(a.alarm_actions).toEqual([topic]);
      expect(a.ok_actions).toEqual([topic]);
    }
    expect(resources(prod.tf, "aws_sns_topic")).toHaveLength(1);
  });

  test.each([
    ["dev", devOregon],
    ["staging", stagingOregon],
  ])("%s with Bedrock in Oregon: alarms, an encrypted topic and its key live in the Bedrock region", (name, { tf }) => {
    const providers = tf.provider.aws;
    const regional = providers.filter((p: Json) => p.alias === "bedrock_region");
    expect(regional).toEqual([expect.objectContaining({ region: "us-west-2" })]);
    const topic = topicRef(tf, (t) => t.name === `dify-${name}-alarms-us-west-2`);
    const [regionalTopic] = resources(tf, "aws_sns_topic").filter((t) => t.name === `dify-${name}-alarms-us-west-2`);
    expect(regionalTopic.provider).toBe("aws.bedrock_region");
    expect(regionalTopic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.bedrock-alarms_regional_key_\w+\.arn\}$/);
    const key = Object.entries(resourcesByType(tf, "aws_kms_key")).find(([id]) => id.startsWith("bedrock-alarms_regional_key"))?.[1];
    expect(key?.provider).toBe("aws.bedrock_region");
    const policy = JSON.parse(resources(tf, "aws_sns_topic_policy").find((p) => p.provider === "aws.bedrock_region")!.policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Condition: expect.objectContaining({ ArnLike: { "aws:SourceArn": expect.stringMatching(/^arn:aws:cloudwatch:us-west-2:\d{12}:alarm:\*$/) } }),
      }),
    ]);
    for (const a of bedrockAlarms(tf)) {
      expect(a.provider).toBe("aws.bedrock_region");
      expect(a.alarm_actions).toEqual([topic]);
    }
  });

  test("the Bedrock-region topic mails the same address as the environment's topic", () => {
    const subscriptions = resources(devOregon.tf, "aws_sns_topic_subscription");
    const regional = subscriptions.filter((s) => s.provider === "aws.bedrock_region");
    expect(regional).toEqual([expect.objectContaining({ protocol: "email", endpoint: "dev-oncall@example.com" })]);
    expect(regional[0].topic_arn).toBe(topicRef(devOregon.tf, (t) => t.name === "dify-dev-alarms-us-west-2"));
    expect(resources(stagingOregon.tf, "aws_sns_topic_subscription")).toHaveLength(0);
  });
});
