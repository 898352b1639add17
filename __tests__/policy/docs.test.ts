import * as fs from "node:fs";
import * as path from "node:path";
import { POLICY_RULE_IDS } from "../../src/policy/policy-rules";
import { policyRulesTable, withPolicyTable } from "../../src/policy/rule-table";
import { ROOT } from "../helpers/fixtures";

const DOC = path.join(ROOT, "docs", "policy.md");

describe("docs/policy.md", () => {
  const doc = fs.readFileSync(DOC, "utf8");

  test("shows the rule table generated from POLICY_RULES (run `npm run schema`)", () => {
    expect(doc).toBe(withPolicyTable(doc));
    expect(doc).toContain(policyRulesTable());
  });

  test.each([...POLICY_RULE_IDS])("mentions %s", (id) => {
    expect(doc).toContain(id);
  });
});
