import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { environment, exampleConfig } from "../helpers/fixtures";
import { synth } from "../helpers/terraform-json";
import { allInOneTier, managedTier, secretKeys, testStack } from "./harness";

describe("no secret reaches the Terraform configuration (or state)", () => {
  const config = exampleConfig({
    "prod.json": { dify: { schedule: { timezone: "Asia/Tokyo", start: "08:00", stop: "20:00", allowInProduction: true } } },
  });

  test.each(["prod", "staging"])("managed tier (%s): no password, auth token or secret string", (name) => {
    const env = environment(config, name);
    const stack = testStack(env);
    managedTier(stack, env);
    const { json, tf } = synth(stack);
    expect(secretKeys(tf)).toEqual([]);
    expect(json).not.toMatch(/"(auth_token|passwords?|master_password|secret_string)"/);
  });

  test("all-in-one tier (dev): none either", () => {
    const env = environment(config, "dev");
    const stack = testStack(env);
    allInOneTier(stack, env);
    expect(secretKeys(synth(stack).tf)).toEqual([]);
  });

  test("the check does find a password when one is there", () => {
    const env = environment(config, "staging");
    const stack = testStack(env);
    new ElasticacheUser(stack, "leaky", {
      userId: "leaky",
      userName: "leaky",
      engine: "redis",
      accessString: "on ~* +@all",
      authenticationMode: { type: "password", passwords: ["not-a-real-secret-0123"] },
    });
    expect(secretKeys(synth(stack).tf)).toEqual([".resource.aws_elasticache_user.leaky.authentication_mode.passwords"]);
  });
});
