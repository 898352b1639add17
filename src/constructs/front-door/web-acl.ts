import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";

export interface WebAclProps {
  readonly names: Names;
  readonly loadBalancerArn: string;
}

const MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"];

/** AWS WAF in front of the ALB with AWS managed rule groups. */
export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, { names, loadBalancerArn }: WebAclProps) {
    super(scope, id);
    const metric = (name: string) => ({ cloudwatchMetricsEnabled: true, metricName: `${names.prefix}-${name}`, sampledRequestsEnabled: true });
    this.acl = new Wafv2WebAcl(this, "acl", {
      name: names.of("waf"),
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: metric("waf"),
      rule: MANAGED_RULE_GROUPS.map((group, priority) => ({
        name: group,
        priority,
        overrideAction: { none: {} },
        // The bindings type `statement` as any (it nests too deep to generate),
        // so it is written in Terraform's own snake_case.
        statement: {
          managed_rule_group_statement: {
            vendor_name: "AWS",
            name: group,
            // Dify posts prompts, documents and workflow graphs far larger than
            // the common rule set's 8 KB body limit; count those instead of blocking.
            ...(group === "AWSManagedRulesCommonRuleSet" ? { rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }] } : {}),
          },
        },
        visibilityConfig: metric(group),
      })),
    });
    new Wafv2WebAclAssociation(this, "association", { resourceArn: loadBalancerArn, webAclArn: this.acl.arn });
  }
}
