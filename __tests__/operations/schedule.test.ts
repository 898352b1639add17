import { cronAt, Schedule } from "../../src/constructs/operations/schedule";
import { allInOneTier, FAKE, managedTier, testStack } from "../data-tier/harness";
import { environment, exampleConfig } from "../helpers/fixtures";
import { only, resources, synth } from "../helpers/terraform-json";

const WORK_HOURS = { timezone: "Asia/Tokyo", start: "08:00", stop: "20:00", weekdays: true };

function schedules(tf: any): Record<string, any> {
  return Object.fromEntries(resources(tf, "aws_scheduler_schedule").map((s) => [s.name, s]));
}

function rolePolicy(tf: any): any[] {
  return JSON.parse(only(tf, "aws_iam_role_policy").policy).Statement;
}

describe("Schedule (dev cost saver)", () => {
  describe("all-in-one (dev)", () => {
    const env = environment(exampleConfig(), "dev");
    const stack = testStack(env);
    allInOneTier(stack, env);
    const { tf } = synth(stack);
    const jobs = schedules(tf);

    test("a schedule group named from env.names", () => {
      expect(only(tf, "aws_scheduler_schedule_group").name).toBe("dify-dev-cost-saver");
      for (const s of Object.values(jobs)) expect(s.group_name).toMatch(/aws_scheduler_schedule_group\./);
    });

    test("stop and start the instance on weekdays, in the configured time zone", () => {
      expect(Object.keys(jobs).sort()).toEqual(["start-host", "stop-host"]);
      expect(jobs["stop-host"]).toMatchObject({
        schedule_expression: "cron(0 20 ? * MON-FRI *)",
        schedule_expression_timezone: "Asia/Tokyo",
        state: "ENABLED",
        flexible_time_window: { mode: "OFF" },
      });
      expect(jobs["start-host"].schedule_expression).toBe("cron(0 8 ? * MON-FRI *)");
    });

    test("universal EC2 targets with the instance id", () => {
      expect(jobs["stop-host"].target.arn).toBe("arn:aws:scheduler:::aws-sdk:ec2:stopInstances");
      expect(jobs["start-host"].target.arn).toBe("arn:aws:scheduler:::aws-sdk:ec2:startInstances");
      for (const s of Object.values(jobs)) {
        expect(JSON.parse(s.target.input)).toEqual({ InstanceIds: [FAKE.instanceId] });
        expect(s.target.role_arn).toMatch(/aws_iam_role\.schedule_role_\w+\.arn/);
      }
    });

    test("the scheduler role: env.names.role('scheduler'), trusted by Scheduler of this account only", () => {
      const role = resources(tf, "aws_iam_role").find((r) => r.name === "dify-dev-scheduler")!;
      expect(role).toBeDefined();
      expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "scheduler.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
        },
      ]);
    });

    test("the scheduler role may stop/start this one instance and grant EC2 use of the volume key, nothing else", () => {
      expect(rolePolicy(tf)).toEqual([
        {
          Sid: "StopStartHost",
          Effect: "Allow",
          Action: ["ec2:StopInstances", "ec2:StartInstances"],
          Resource: `arn:aws:ec2:ap-northeast-1:111111111111:instance/${FAKE.instanceId}`,
        },
        {
          Sid: "EncryptedVolumes",
          Effect: "Allow",
          Action: "kms:CreateGrant",
          Resource: FAKE.kmsKeyArn,
          Condition: { Bool: { "kms:GrantIsForAWSResource": true }, StringEquals: { "kms:ViaService": "ec2.ap-northeast-1.amazonaws.com" } },
        },
      ]);
    });
  });

  describe("managed (staging with a schedule)", () => {
    const env = environment(exampleConfig({ "staging.json": { dify: { schedule: WORK_HOURS } } }), "staging");
    const stack = testStack(env);
    managedTier(stack, env);
    const { tf } = synth(stack);
    const jobs = schedules(tf);

    test("the Auto Scaling group goes to 0 at night and back to min/desired in the morning", () => {
      expect(jobs["stop-hosts"].target.arn).toBe("arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup");
      expect(JSON.parse(jobs["stop-hosts"].target.input)).toEqual({ AutoScalingGroupName: FAKE.autoScalingGroupName, MinSize: 0, DesiredCapacity: 0 });
      expect(JSON.parse(jobs["start-hosts"].target.input)).toEqual({ AutoScalingGroupName: FAKE.autoScalingGroupName, MinSize: 1, DesiredCapacity: 1 });
      expect(jobs["stop-hosts"].schedule_expression).toBe("cron(0 20 ? * MON-FRI *)");
    });

    test("RDS stops after the hosts and starts before them", () => {
      expect(jobs["stop-database"]).toMatchObject({
        schedule_expression: "cron(20 20 ? * MON-FRI *)",
        target: { arn: "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance" },
      });
      expect(jobs["start-database"]).toMatchObject({
        schedule_expression: "cron(40 7 ? * MON-FRI *)",
        target: { arn: "arn:aws:scheduler:::aws-sdk:rds:startDBInstance" },
      });
      expect(JSON.parse(jobs["stop-database"].target.input)).toEqual({
        DbInstanceIdentifier: expect.stringMatching(/aws_db_instance\.data_database_instance_\w+\.identifier/),
      });
      for (const s of Object.values(jobs)) expect(s.schedule_expression_timezone).toBe("Asia/Tokyo");
    });

    test("the role may update this one group and stop/start this one database, no wildcard action or account", () => {
      const statements = rolePolicy(tf);
      expect(statements.map((s) => s.Action)).toEqual(["autoscaling:UpdateAutoScalingGroup", ["rds:StopDBInstance", "rds:StartDBInstance"]]);
      expect(statements[0].Resource).toBe(`arn:aws:autoscaling:ap-northeast-1:222222222222:autoScalingGroup:*:autoScalingGroupName/${FAKE.autoScalingGroupName}`);
      expect(statements[1].Resource).toMatch(/^arn:aws:rds:ap-northeast-1:222222222222:db:\$\{aws_db_instance\.data_database_instance_\w+\.identifier\}$/);
      for (const s of statements) {
        expect(s.Resource).not.toBe("*");
        expect([s.Action].flat().some((a: string) => a.endsWith("*"))).toBe(false);
      }
    });
  });

  describe("cron expressions", () => {
    test("weekdays or every day", () => {
      expect(cronAt("08:30", true)).toBe("cron(30 8 ? * MON-FRI *)");
      expect(cronAt("08:30", false)).toBe("cron(30 8 * * ? *)");
    });

    test("an offset across midnight moves the weekday range with it", () => {
      expect(cronAt("00:10", true, -20)).toBe("cron(50 23 ? * SUN-THU *)");
      expect(cronAt("23:50", true, 20)).toBe("cron(10 0 ? * TUE-SAT *)");
      expect(cronAt("00:10", false, -20)).toBe("cron(50 23 * * ? *)");
    });
  });

  describe("guards", () => {
    test("production refuses a schedule unless allowInProduction (resolve-environment)", () => {
      expect(() => exampleConfig({ "prod.json": { dify: { schedule: WORK_HOURS } } })).toThrow(/dify\.schedule: .*allowInProduction/);
      expect(() => exampleConfig({ "prod.json": { dify: { schedule: { ...WORK_HOURS, allowInProduction: true } } } })).not.toThrow();
    });

    test("the construct needs a host, the volume key with an instance, and the capacity to restore with a group", () => {
      const dev = environment(exampleConfig(), "dev");
      const props = { names: dev.names, accountId: dev.accountId, region: dev.region, hours: WORK_HOURS };
      expect(() => new Schedule(testStack(dev), "s", { ...props, autoScalingGroupName: "g" })).toThrow(/needs hostCapacity/);
      expect(() => new Schedule(testStack(dev), "s", props)).toThrow(/instanceId or the managed autoScalingGroupName/);
      expect(() => new Schedule(testStack(dev), "s", { ...props, instanceId: FAKE.instanceId })).toThrow(/volumeKmsKeyArn/);
    });
  });
});
