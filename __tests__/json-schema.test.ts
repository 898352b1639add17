import * as fs from "node:fs";
import * as path from "node:path";
import { generateJsonSchemas } from "../src/config/json-schema";
import { configReferenceMarkdown, withConfigReference } from "../src/config/reference-table";
import { policyRulesTable, withPolicyTable } from "../src/policy/rule-table";
import { SHIPPED_ENVIRONMENTS as EXAMPLES, ROOT } from "./helpers/fixtures";

describe("the committed JSON Schemas", () => {
  test.each(Object.entries(generateJsonSchemas()))("%s matches the zod schema (run `npm run schema`)", (file, text) => {
    expect(fs.readFileSync(path.join(EXAMPLES, "schema", file), "utf8")).toBe(text);
  });

  test("every example file references its schema", () => {
    const dirs = [EXAMPLES, ...fs.readdirSync(path.join(ROOT, "examples")).map((d) => path.join(ROOT, "examples", d))];
    for (const dir of dirs.filter((d) => fs.statSync(d).isDirectory())) {
      const toSchema = path.relative(dir, path.join(EXAMPLES, "schema")).split(path.sep).join("/");
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
        const expected = `${toSchema.startsWith(".") ? "" : "./"}${toSchema}/${file === "organization.json" ? "organization" : "environment"}.schema.json`;
        const actual = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")).$schema;
        expect({ file: path.join(dir, file), $schema: actual }).toEqual({ file: path.join(dir, file), $schema: expected });
      }
    }
  });

  test("describes the fields for editors", () => {
    const schema = JSON.parse(generateJsonSchemas()["environment.schema.json"]);
    expect(schema.properties.accountId.pattern).toBe("^\\d{12}$");
    expect(schema.properties.dify.properties.version.description).toMatch(/Pinned Dify release/);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["accountId", "region", "network", "dify"]));
  });
});

describe("the README's configuration reference", () => {
  test("is generated from the schema (run `npm run schema`)", () => {
    const readme = fs.readFileSync(path.join(EXAMPLES, "..", "README.md"), "utf8");
    expect(readme).toBe(withConfigReference(readme));
  });

  test("shows the policy rule table generated from POLICY_RULES (run `npm run schema`)", () => {
    const readme = fs.readFileSync(path.join(EXAMPLES, "..", "README.md"), "utf8");
    expect(readme).toBe(withPolicyTable(readme));
    expect(readme).toContain(policyRulesTable());
  });

  test("lists every top-level key with its default", () => {
    const table = configReferenceMarkdown();
    expect(table).toContain('| `deployRoleName` | string | `"OrganizationAccountAccessRole"` |');
    expect(table).toContain("| `dify.tier` |");
    expect(table).toContain('| `backend.type` | `"s3"` \\| `"cloud"` \\| `"local"` |');
  });
});
