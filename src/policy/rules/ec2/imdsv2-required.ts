import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { block, str } from "../../values";

const ID = "CKV_AWS_79";

/**
 * IMDSv1 hands the instance role's credentials to anything that can make the
 * host send a GET (an SSRF in any of Dify's containers). Checkov passes a
 * host whose metadata endpoint is disabled, and so does this rule.
 */
export const imdsv2Required: PolicyRule = {
  ids: [ID],
  alsoKnownAs: ["AVD-AWS-0028"],
  title: 'IMDSv2 is required (metadata_options.http_tokens = "required")',
  severity: "error",
  resourceTypes: ["aws_instance", "aws_launch_template", "aws_launch_configuration"],
  check({ attributes }) {
    const options = block(attributes.metadata_options);
    if (str(options?.http_endpoint) === "disabled") return [];
    const tokens = str(options?.http_tokens);
    if (tokens === "required") return [];
    const fix = 'set metadata_options.http_tokens = "required"';
    if (tokens === "unknown") return [unverifiable(ID, "metadata_options.http_tokens", fix)];
    return [{ ruleId: ID, problem: tokens ? `IMDSv2 is not required (http_tokens is "${tokens}")` : "IMDSv2 is not required", fix }];
  },
};
