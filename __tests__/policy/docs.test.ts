import * as fs from "node:fs";
import * as path from "node:path";
import { POLICY_RULE_IDS } from "../../src/policy/policy-rules";
import { policyRulesTable } from "../../src/policy/rule-table";
import { ROOT } from "../helpers/fixtures";

const DOC = path.join(ROOT, "docs", "policy.md");
const TABLE = /(<!-- policy-rules:start[^>]*-->\n)[\s\S]*?(\n<!-- policy-rules:end -->)/;

describe("docs/policy.md", () => {
  // UPDATE_POLICY_DOCS=1 rewrites the table from POLICY_RULES instead of comparing.
  if (process.env.UPDATE_POLICY_DOCS) {
    const text = fs.readFileSync(DOC, "utf8");
    fs.writeFileSync(DOC, text.replace(TABLE, (_, start: string, end: string) => `${start}${policyRulesTable()}${end}`));
  }
  const doc = fs.readFileSync(DOC, "utf8");

  test("shows the rule table generated from POLICY_RULES", () => {
    expect(TABLE.exec(doc)?.[0]).toContain(policyRulesTable());
  });

  test.each([...POLICY_RULE_IDS])("mentions %s", (id) => {
    expect(doc).toContain(id);
  });
});
