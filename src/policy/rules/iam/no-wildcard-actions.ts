import { listOf, parsePolicyJson, statementName } from "../../policy-json";
import type { Finding, PolicyRule } from "../../rule";
import { IDENTITY_POLICY_TYPES, identityPolicies } from "./identity-policies";

const ID = "CKV_AWS_63";
const WILDCARDS = new Set(["*", "*:*"]);

/** No identity policy allows every action; the host role in particular lists what Dify calls. */
export const noWildcardActions: PolicyRule = {
  ids: [ID],
  title: 'IAM identity policies allow no "*" (or "*:*") action',
  severity: "error",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource) {
    return identityPolicies(resource).flatMap(({ name, document }): Finding[] => {
      const parsed = parsePolicyJson(document);
      if (parsed.kind === "unparseable") {
        return [{ ruleId: ID, problem: `cannot read ${name} at synth time (${parsed.reason})`, fix: "write it as literal JSON with policyDocument()", severity: "warning" }];
      }
      return parsed.statements.flatMap((statement, i): Finding[] => {
        const wildcard = listOf(statement.Action).find((a) => WILDCARDS.has(a));
        if (statement.Effect !== "Allow" || !wildcard) return [];
        return [{ ruleId: ID, problem: `${statementName(statement, i)} of ${name} allows every action (Action "${wildcard}")`, fix: "list the actions the principal needs" }];
      });
    });
  },
};
