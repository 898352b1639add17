import { ALARM_THRESHOLDS, Alarms, alarmTopicKeyStatement } from "../../src/constructs/operations/alarms";
import { allInOneTier, FAKE, managedTier, testStack } from "../data-tier/harness";
import { environment, exampleConfig } from "../helpers/fixtures";
import { only, resources, synth } from "../helpers/terraform-json";

const config = exampleConfig();

function managed(name: string) {
  const env = environment(config, name);
  const stack = testStack(env);
  managedTier(stack, env);
  return synth(stack).tf;
}

function allInOne() {
  const env = environment(config, "dev");
  const stack = testStack(env);
  allInOneTier(stack, env);
  return synth(stack).tf;
}

const TOPIC = /^\$\{aws_sns_topic\.alarms_topic_\w+\.arn\}$/;
const byMetric = (tf: any, metric: string) => resources(tf, "aws_cloudwatch_metric_alarm").filter((a) => a.metric_name === metric);

describe("Alarms (SNS topic and CloudWatch alarms)", () => {
  const prod = managed("prod");
  const dev = allInOne();

  test("an SNS topic encrypted with the environment key", () => {
    expect(only(prod, "aws_sns_topic")).toMatchObject({ name: "dify-prod-alarms", kms_master_key_id: FAKE.kmsKeyArn });
  });

  test("the topic policy lets CloudWatch alarms, EventBridge rules and Budgets of this account publish, nothing else", () => {
    const policy = JSON.parse(only(prod, "aws_sns_topic_policy").policy);
    expect(policy.Statement).toHaveLength(3);
    const [cloudwatch, events, budgets] = policy.Statement;
    expect(cloudwatch).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Condition: {
        StringEquals: { "aws:SourceAccount": "333333333333" },
        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:ap-northeast-1:333333333333:alarm:*" },
      },
    });
    expect(events).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish" });
    // AWS Cost Management guide, "Creating an Amazon SNS topic for budget notifications" (budgets-sns-policy.html).
    expect(budgets).toMatchObject({
      Principal: { Service: "budgets.amazonaws.com" },
      Action: "sns:Publish",
      Condition: { StringEquals: { "aws:SourceAccount": "333333333333" }, ArnLike: { "aws:SourceArn": "arn:aws:budgets::333333333333:*" } },
    });
    for (const s of policy.Statement) expect(s.Resource).toMatch(TOPIC);
  });

  test("an email subscription only when operations.alarmEmail is set", () => {
    expect(only(prod, "aws_sns_topic_subscription")).toMatchObject({ protocol: "email", endpoint: "dify-oncall@example.com" });
    expect(resources(dev, "aws_sns_topic_subscription")).toHaveLength(0);
  });

  test.each([
    ["prod (managed)", () => prod, 8],
    ["dev (all-in-one)", () => dev, 5],
  ])("%s: at least three alarms, every one notifying the topic on alarm and on recovery", (_name, tf, count) => {
    const alarms = resources(tf(), "aws_cloudwatch_metric_alarm");
    expect(alarms.length).toBe(count);
    expect(alarms.length).toBeGreaterThanOrEqual(3);
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(TOPIC)]);
      expect(alarm.ok_actions).toEqual([expect.stringMatching(TOPIC)]);
      expect(["notBreaching", "missing"]).toContain(alarm.treat_missing_data);
      expect(alarm.alarm_name).toMatch(/^dify-(prod|dev)-/);
    }
  });

  test("ALB 5xx from the load balancer and from the targets, by LoadBalancer arn suffix", () => {
    for (const metric of ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count"]) {
      expect(byMetric(prod, metric)).toEqual([
        expect.objectContaining({
          namespace: "AWS/ApplicationELB",
          dimensions: { LoadBalancer: FAKE.loadBalancerArnSuffix },
          statistic: "Sum",
          threshold: ALARM_THRESHOLDS.http5xxPer5Minutes,
          treat_missing_data: "notBreaching",
        }),
      ]);
    }
  });

  test("unhealthy hosts by TargetGroup and LoadBalancer", () => {
    expect(byMetric(prod, "UnHealthyHostCount")).toEqual([
      expect.objectContaining({
        dimensions: { TargetGroup: FAKE.targetGroupArnSuffix, LoadBalancer: FAKE.loadBalancerArnSuffix },
        comparison_operator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        evaluation_periods: ALARM_THRESHOLDS.unhealthyMinutes,
      }),
    ]);
  });

  test("host CPU by AutoScalingGroupName (managed) or InstanceId (all-in-one)", () => {
    const cpu = (tf: any) => byMetric(tf, "CPUUtilization").filter((a) => a.namespace === "AWS/EC2");
    expect(cpu(prod)).toEqual([expect.objectContaining({ dimensions: { AutoScalingGroupName: FAKE.autoScalingGroupName } })]);
    expect(cpu(dev)).toEqual([expect.objectContaining({ dimensions: { InstanceId: FAKE.instanceId } })]);
  });

  test("data volume disk use from the CloudWatch agent, with the dimensions the lead passes (all-in-one only)", () => {
    expect(byMetric(dev, "disk_used_percent")).toEqual([expect.objectContaining({ namespace: "CWAgent", dimensions: FAKE.diskDimensions, threshold: ALARM_THRESHOLDS.diskPercent })]);
    expect(byMetric(prod, "disk_used_percent")).toHaveLength(0);
  });

  test("managed: RDS CPU and free storage by DBInstanceIdentifier", () => {
    const rds = resources(prod, "aws_cloudwatch_metric_alarm").filter((a) => a.namespace === "AWS/RDS");
    expect(rds.map((a) => a.metric_name).sort()).toEqual(["CPUUtilization", "FreeStorageSpace"]);
    for (const a of rds) expect(a.dimensions.DBInstanceIdentifier).toMatch(/aws_db_instance\.data_database_instance_\w+\.identifier/);
    const [free] = byMetric(prod, "FreeStorageSpace");
    expect(free).toMatchObject({ comparison_operator: "LessThanThreshold", statistic: "Minimum", threshold: 5 * 1024 ** 3 });
  });

  test("a database alarm without the database's storage is a wiring error", () => {
    const env = environment(exampleConfig(), "staging");
    const props = {
      names: env.names,
      accountId: env.accountId,
      region: env.region,
      kmsKeyArn: FAKE.kmsKeyArn,
      loadBalancerArnSuffix: FAKE.loadBalancerArnSuffix,
      targetGroupArnSuffix: FAKE.targetGroupArnSuffix,
    };
    expect(() => new Alarms(testStack(env), "alarms", { ...props, dbInstanceIdentifier: "dify-staging-db" })).toThrow(/needs dbStorageGb/);
  });

  test("managed: cache memory per node by CacheClusterId (node metrics have no replication-group dimension)", () => {
    const memory = byMetric(prod, "DatabaseMemoryUsagePercentage");
    expect(memory.map((a) => a.dimensions)).toEqual([{ CacheClusterId: "dify-prod-cache-001" }, { CacheClusterId: "dify-prod-cache-002" }]);
    expect(byMetric(managed("staging"), "DatabaseMemoryUsagePercentage")).toHaveLength(1);
    expect(byMetric(dev, "DatabaseMemoryUsagePercentage")).toHaveLength(0);
  });

  test("the key-policy statement the lead adds lets CloudWatch and EventBridge of this account use the key", () => {
    expect(alarmTopicKeyStatement("333333333333")).toMatchObject({
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Condition: { StringEquals: { "aws:SourceAccount": "333333333333" } },
    });
  });
});
