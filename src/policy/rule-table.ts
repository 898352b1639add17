import { POLICY_RULES } from "./policy-rules";
import type { PolicyRule } from "./rule";

/** The markdown table of the rule pack, as docs/policy.md shows it. */
export function policyRulesTable(rules: readonly PolicyRule[] = POLICY_RULES): string {
  const rows = rules.map((rule) => {
    const ids = rule.ids.join(", ") + (rule.alsoKnownAs?.length ? ` (also ${rule.alsoKnownAs.join(", ")})` : "");
    const severity = rule.severity + ((rule.appliesTo ?? "all") === "production" ? ", production only" : "");
    const types = rule.resourceTypes.map((t) => `\`${t}\``).join(", ");
    return `| ${ids} | ${rule.title.replace(/\|/g, "\\|")} | ${severity} | ${types} |`;
  });
  return ["| Rule IDs | Check | Severity | Resource types |", "|---|---|---|---|", ...rows].join("\n");
}

const README_TABLE = /(<!-- policy-rules:start[^>]*-->\n)[\s\S]*?(\n?<!-- policy-rules:end -->)/;

/** Replaces the generated rule table between the policy-rules markers of a Markdown document. */
export function withPolicyTable(markdown: string): string {
  if (!README_TABLE.test(markdown)) throw new Error("no <!-- policy-rules:start --> ... <!-- policy-rules:end --> block");
  return markdown.replace(README_TABLE, (_, start: string) => `${start}${policyRulesTable()}\n<!-- policy-rules:end -->`);
}
