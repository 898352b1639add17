import type { PolicyRule } from "../../rule";
import { num } from "../../values";

const ID = "CKV_AWS_66";

/**
 * Every log group says how long it keeps logs. Unset means forever, which is
 * a cost nobody decided on (0 written explicitly is a decision, and passes).
 */
export const logGroupRetention: PolicyRule = {
  ids: [ID],
  title: "CloudWatch log groups set retention_in_days",
  severity: "error",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check({ attributes }) {
    if (num(attributes.retention_in_days) !== undefined) return [];
    return [{ ruleId: ID, problem: "the log group keeps logs forever (no retention_in_days)", fix: "set retention_in_days (operations.logRetentionDays)" }];
  },
};
