import type { Json } from "../terraform/terraform-document";
import { blocks } from "../terraform/terraform-json";
import { NOMINAL_USE } from "./assumptions";
import type { EstimateContext } from "./estimate-context";

/** KMS keys, Secrets Manager secrets, CloudWatch Logs and alarms, WAF web ACLs. */
export function estimateManagedServices(ctx: EstimateContext): void {
  for (const key of ctx.resources("aws_kms_key", "aws_kms_replica_key")) {
    const prices = ctx.prices(key);
    if (!prices) continue;
    ctx.add({ service: "KMS", item: "Customer managed key", count: ctx.count(key), perThing: 1, unit: "key-month", addresses: [key.address] }, prices.kms.key);
  }

  for (const secret of ctx.resources("aws_secretsmanager_secret")) {
    const prices = ctx.prices(secret);
    if (!prices) continue;
    ctx.add({ service: "Secrets Manager", item: "Secret", count: ctx.count(secret), perThing: 1, unit: "secret-month", addresses: [secret.address] }, prices.secretsManager.secret);
  }

  const logGroups = ctx.resources("aws_cloudwatch_log_group");
  const logPrices = logGroups.length ? ctx.prices(logGroups[0]) : undefined;
  if (logPrices) {
    ctx.add(
      {
        service: "CloudWatch",
        item: `Logs ingested (${logGroups.length} log group${logGroups.length === 1 ? "" : "s"})`,
        count: 1,
        perThing: NOMINAL_USE.logsIngestedGbPerStack,
        unit: "GB",
        nominal: true,
        addresses: logGroups.map((g) => g.address),
      },
      logPrices.cloudWatch.logsIngestedGb,
    );
  }

  for (const alarm of ctx.resources("aws_cloudwatch_metric_alarm")) {
    const prices = ctx.prices(alarm);
    if (!prices) continue;
    ctx.add({ service: "CloudWatch", item: "Metric alarm", count: ctx.count(alarm), perThing: 1, unit: "alarm-month", addresses: [alarm.address] }, prices.cloudWatch.alarm);
  }

  for (const acl of ctx.resources("aws_wafv2_web_acl")) {
    const prices = ctx.prices(acl);
    if (!prices) continue;
    const count = ctx.count(acl);
    const line = { service: "WAF", count, perThing: 1, addresses: [acl.address] };
    ctx.add({ ...line, item: "Web ACL", unit: "web-ACL-month" }, prices.waf.webAcl);
    // Each rule, managed rule group included, bills as one rule.
    const rules = blocks(acl.body.rule).length || ruleJsonLength(acl.body.rule_json);
    if (rules) ctx.add({ ...line, item: "Web ACL rule", count: rules * count, unit: "rule-month" }, prices.waf.rule);
    ctx.add({ ...line, item: "Requests", perThing: NOMINAL_USE.wafMillionRequestsPerWebAcl, unit: "million-requests", nominal: true }, prices.waf.millionRequests);
  }
}

/** Rules given as `rule_json` (a JSON list) instead of `rule` blocks. */
function ruleJsonLength(value: Json | undefined): number {
  if (typeof value !== "string") return 0;
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
}
