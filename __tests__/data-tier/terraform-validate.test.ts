import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { Testing } from "cdktf";
import { environment, exampleConfig } from "../helpers/fixtures";
import { describeErrors, describeWithTerraform, TerraformValidator } from "../helpers/terraform";
import { testStack } from "./harness";

/**
 * The data-tier and operations constructs are planned inside the full
 * stacks, both tiers and both cache engines (terraform-plan.test.ts). What
 * stays here shows that the provider schema is strict where the constructs
 * rely on it.
 */
describeWithTerraform("terraform validate: data tier", () => {
  const validator = new TerraformValidator();
  afterAll(() => validator.dispose());

  const config = exampleConfig();

  test("the provider schema does reject a wrong ElastiCache authentication mode", () => {
    const env = environment(config, "staging");
    const stack = testStack(env);
    new ElasticacheUser(stack, "wrong", {
      userId: "wrong",
      userName: "wrong",
      engine: "redis",
      accessString: "off -@all",
      authenticationMode: { type: "none" },
    });
    const result = validator.validate(Testing.synth(stack));
    expect(result.valid).toBe(false);
    expect(describeErrors(result).join("\n")).toMatch(/authentication_mode|type/);
  });
});
