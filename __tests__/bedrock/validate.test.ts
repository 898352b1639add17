import { TerraformValidator, describeErrors, describeWithTerraform } from "../helpers/terraform";
import { environment, exampleConfig } from "../helpers/fixtures";
import { bedrockStack, synth } from "./bedrock-stack";

/**
 * terraform validate against the real AWS provider schema (5.100.0): proves
 * that every attribute, block and reference the Bedrock constructs write is
 * real Terraform, in the same-region case and in the cross-region case with
 * its second provider.
 */
describeWithTerraform("the Bedrock constructs are valid Terraform", () => {
  const validator = new TerraformValidator();
  afterAll(() => validator.dispose());

  test("prod: jp. profiles, three endpoints, SourceVpce, S3 logging, anonymizing guardrail", () => {
    const env = environment(exampleConfig(), "prod");
    const { json } = synth(bedrockStack(env).stack);
    const result = validator.validate(json);
    expect(describeErrors(result)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("Tokyo environment on the oregon preset: CloudWatch logging and a blocking guardrail in us-west-2", () => {
    const env = environment(
      exampleConfig({
        "staging.json": { bedrock: { strategy: "oregon", residency: "global", guardrail: { pii: "block" } } },
      }),
      "staging",
    );
    const { json } = synth(bedrockStack(env).stack);
    const result = validator.validate(json);
    expect(describeErrors(result)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
