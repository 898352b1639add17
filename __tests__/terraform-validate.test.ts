import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesize } from "../src/synth";
import { EXAMPLES } from "./helpers/fixtures";
import { TerraformValidator, describeErrors } from "./helpers/terraform";

/**
 * Every stack that the bundled examples produce must pass `terraform validate`
 * against the real AWS provider schema (5.100.0).
 */
describe("terraform validate", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-validate-"));
  const validator = new TerraformValidator();
  const { stacks } = synthesize({ configDir: EXAMPLES, outdir });

  afterAll(() => validator.dispose());

  test("terraform is installed", () => {
    expect(TerraformValidator.version()).toMatch(/^Terraform v1\.(1[0-9]|[2-9]\d)\./);
  });

  test("the examples synthesize bootstrap plus every environment", () => {
    expect([...stacks].sort()).toEqual(["bootstrap", "dev", "prod", "staging"]);
  });

  test.each(["bootstrap", "dev", "staging", "prod"])("%s is valid", (stack) => {
    const result = validator.validate(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    expect(describeErrors(result)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
