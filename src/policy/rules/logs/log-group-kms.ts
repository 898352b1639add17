import type { PolicyRule } from "../../rule";
import { str } from "../../values";

const ID = "CKV_AWS_158";

/**
 * Logs hold prompts, user e-mails and IP addresses; they are encrypted with
 * the environment key so that access to them is also governed by its policy.
 */
export const logGroupKms: PolicyRule = {
  ids: [ID],
  title: "CloudWatch log groups are encrypted with a KMS key",
  severity: "error",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check({ attributes }) {
    if (str(attributes.kms_key_id)) return [];
    return [
      {
        ruleId: ID,
        problem: "the log group is not encrypted with a KMS key",
        fix: "set kms_key_id to the environment key (its policy needs cloudWatchLogsKeyStatement)",
      },
    ];
  },
};
