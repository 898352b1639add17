import * as fs from "node:fs";
import * as path from "node:path";
import { generateJsonSchemas } from "../src/config/json-schema";
import { withConfigReference } from "../src/config/reference-table";
import { withPolicyTable } from "../src/policy/rule-table";

// Writes environments/schema/*.json and the README's configuration reference
// (from the zod schemas) and policy rule table (from POLICY_RULES). Tests fail
// when any of them drifts.
const root = path.join(__dirname, "..");
const dir = path.join(root, "environments", "schema");
fs.mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(generateJsonSchemas())) {
  fs.writeFileSync(path.join(dir, file), text);
  process.stdout.write(`wrote environments/schema/${file}\n`);
}
const readme = path.join(root, "README.md");
fs.writeFileSync(readme, withPolicyTable(withConfigReference(fs.readFileSync(readme, "utf8"))));
process.stdout.write("updated the configuration reference and the policy rule table in README.md\n");
const policyDoc = path.join(root, "docs", "policy.md");
fs.writeFileSync(policyDoc, withPolicyTable(fs.readFileSync(policyDoc, "utf8")));
process.stdout.write("updated the policy rule table in docs/policy.md\n");
