import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { Testing } from "cdktf";
import { TerraformValidator, describeErrors, describeWithTerraform } from "../helpers/terraform";
import { environment, exampleConfig } from "../helpers/fixtures";
import { allInOneTier, managedTier, testStack } from "./harness";

/**
 * Every data-tier and operations construct, for both tiers and both cache
 * engines, against the real AWS provider schema (5.100.0): this is what
 * proves that the ElastiCache user's IAM mode, the disabled default user,
 * the scheduler targets and the alarm dimensions are Terraform the provider
 * accepts.
 */
describeWithTerraform("terraform validate: data tier and operations", () => {
  const validator = new TerraformValidator();
  afterAll(() => validator.dispose());

  const schedule = { timezone: "Asia/Tokyo", start: "08:00", stop: "20:00", weekdays: true };
  const config = exampleConfig({
    "prod.json": { dify: { schedule: { ...schedule, allowInProduction: true } } },
    "staging.json": { dify: { schedule, cache: { engine: "redis" } } },
  });

  test.each([
    ["prod", "managed, valkey, Multi-AZ, schedule allowed in production", managedTier],
    ["staging", "managed, redis with the disabled default user, schedule", managedTier],
    ["dev", "all-in-one, schedule", allInOneTier],
  ] as const)("%s (%s) is valid", (name, _what, tier) => {
    const env = environment(config, name);
    const stack = testStack(env);
    tier(stack, env);
    const result = validator.validate(Testing.synth(stack));
    expect(describeErrors(result)).toEqual([]);
    expect(result.valid).toBe(true);
  });

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
