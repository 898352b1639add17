import type { EnvironmentConfig } from "../../src/config/types";
import { BACKUP_SERVICE_POLICIES, Backup } from "../../src/constructs/operations/backup";
import { FAKE, testStack } from "../data-tier/harness";
import { environment, exampleConfig } from "../helpers/fixtures";
import { only, resources, synth } from "../helpers/terraform-json";

const TOPIC = "arn:aws:sns:ap-northeast-1:333333333333:dify-prod-alarms";
const DB_ARN = "arn:aws:rds:ap-northeast-1:333333333333:db:dify-prod-db";

/** What DifyStack passes from operations.backup. */
const plan = (env: EnvironmentConfig) => ({ names: env.names, schedule: env.operations.backup.schedule, retentionDays: env.operations.backup.retentionDays });

function build(name: string, props: { resourceArns?: string[]; alarmTopicArn?: string } = {}) {
  const env = environment(exampleConfig(), name);
  const stack = testStack(env);
  new Backup(stack, "backup", { ...plan(env), kmsKeyArn: FAKE.kmsKeyArn, resourceArns: props.resourceArns ?? [DB_ARN], alarmTopicArn: props.alarmTopicArn });
  return synth(stack).tf;
}

describe("Backup (AWS Backup vault, plan and selection)", () => {
  const prod = build("prod", { alarmTopicArn: TOPIC });

  test("a vault encrypted with the environment key", () => {
    expect(only(prod, "aws_backup_vault")).toMatchObject({ name: "dify-prod-backup", kms_key_arn: FAKE.kmsKeyArn });
  });

  test("the plan follows operations.backup: schedule and retention (35 days in production)", () => {
    const [rule] = only(prod, "aws_backup_plan").rule;
    expect(rule).toMatchObject({
      rule_name: "daily",
      schedule: "cron(0 18 * * ? *)",
      lifecycle: { delete_after: 35 },
      start_window: 60,
      completion_window: 720,
    });
    expect(rule.target_vault_name).toMatch(/aws_backup_vault\.backup_vault_\w+\.name/);
  });

  test("non-production keeps 7 days; a custom schedule passes through", () => {
    const dev = build("dev", { resourceArns: [FAKE.dataVolumeArn] });
    expect(only(dev, "aws_backup_plan").rule[0].lifecycle.delete_after).toBe(7);
    const custom = environment(exampleConfig({ "dev.json": { operations: { backup: { schedule: "cron(30 3 * * ? *)", retentionDays: 14 } } } }), "dev");
    const stack = testStack(custom);
    new Backup(stack, "backup", { ...plan(custom), kmsKeyArn: FAKE.kmsKeyArn, resourceArns: [FAKE.dataVolumeArn] });
    expect(only(synth(stack).tf, "aws_backup_plan").rule[0]).toMatchObject({ schedule: "cron(30 3 * * ? *)", lifecycle: { delete_after: 14 } });
  });

  test("the selection is exactly the ARNs passed in, with the backup role", () => {
    const selection = only(prod, "aws_backup_selection");
    expect(selection.resources).toEqual([DB_ARN]);
    expect(selection.iam_role_arn).toMatch(/aws_iam_role\.backup_role_\w+\.arn/);
    expect(selection).not.toHaveProperty("selection_tag");
    const dev = build("dev", { resourceArns: [FAKE.dataVolumeArn] });
    expect(only(dev, "aws_backup_selection").resources).toEqual([FAKE.dataVolumeArn]);
  });

  test("the role is env.names.role('backup') with only the AWS Backup service-role policies", () => {
    const role = only(prod, "aws_iam_role");
    expect(role.name).toBe("dify-prod-backup");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    const attached = resources(prod, "aws_iam_role_policy_attachment").map((a) => a.policy_arn);
    expect(attached.sort()).toEqual([...BACKUP_SERVICE_POLICIES].sort());
    for (const arn of attached) expect(arn).not.toMatch(/AdministratorAccess|FullAccess/);
  });

  test("failed, aborted or expired jobs of this vault notify the alarm topic", () => {
    const rule = only(prod, "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["aws.backup"],
      "detail-type": ["Backup Job State Change"],
      detail: { state: ["FAILED", "ABORTED", "EXPIRED"], backupVaultName: ["dify-prod-backup"] },
    });
    expect(only(prod, "aws_cloudwatch_event_target").arn).toBe(TOPIC);
  });

  test("without a topic there is no rule", () => {
    expect(resources(build("staging"), "aws_cloudwatch_event_rule")).toHaveLength(0);
  });

  test("refuses an empty selection", () => {
    expect(() => build("dev", { resourceArns: [] })).toThrow(/at least one resource ARN/);
  });
});
