import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../src/synth";
import { EXAMPLES, ROOT } from "./helpers/fixtures";
import { TerraformValidator, describeErrors } from "./helpers/terraform";

/**
 * Every stack that the bundled environments and the examples/ scenarios
 * produce must pass `terraform validate` against the real AWS provider schema.
 */
const CONFIG_DIRS: Record<string, string> = {
  environments: EXAMPLES,
  ...Object.fromEntries(
    fs
      .readdirSync(path.join(ROOT, "examples"))
      .filter((d) => fs.existsSync(path.join(ROOT, "examples", d, "organization.json")))
      .map((d) => [`examples/${d}`, path.join(ROOT, "examples", d)]),
  ),
};

describe("terraform validate", () => {
  const validator = new TerraformValidator();
  afterAll(() => validator.dispose());

  test("terraform is installed", () => {
    expect(TerraformValidator.version()).toMatch(/^Terraform v1\.(1[0-9]|[2-9]\d)\./);
  });

  const cases: Array<[string, string, string]> = [];
  for (const [label, dir] of Object.entries(CONFIG_DIRS)) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-validate-"));
    const { stacks } = synthesize({ configDir: dir, outdir });
    for (const stack of stacks) cases.push([label, stack, path.join(outdir, "stacks", stack, "cdk.tf.json")]);
  }

  test("the bundled environments synthesize bootstrap plus every environment", () => {
    expect(cases.filter(([label]) => label === "environments").map(([, stack]) => stack).sort()).toEqual(["bootstrap", "dev", "prod", "staging"]);
  });

  test.each(cases)("%s: %s is valid", (_label, _stack, file) => {
    const result = validator.validate(fs.readFileSync(file, "utf8"));
    expect(describeErrors(result)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
