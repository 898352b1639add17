import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { num } from "../../values";

const ID = "CKV_AWS_338";
const ONE_YEAR = 365;

/**
 * Production keeps logs at least a year (0, never expire, also passes, as in
 * checkov). Other environments are not checked: their 30-day default is a
 * deliberate cost choice (operations.logRetentionDays), and a warning on
 * every log group of every dev synth would only teach people to skip warnings.
 */
export const logGroupRetentionOneYear: PolicyRule = {
  ids: [ID],
  title: "CloudWatch log groups keep logs at least 365 days",
  severity: "error",
  appliesTo: "production",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check({ attributes }) {
    const days = num(attributes.retention_in_days);
    const fix = `set retention_in_days to ${ONE_YEAR} or more (operations.logRetentionDays)`;
    if (days === "unknown") return [unverifiable(ID, "retention_in_days", fix)];
    // Unset is CKV_AWS_66's finding.
    if (days === undefined || days === 0 || days >= ONE_YEAR) return [];
    return [{ ruleId: ID, problem: `the log group keeps logs ${days} days, less than a year`, fix }];
  },
};
