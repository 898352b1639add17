import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { Testing } from "cdktf";
import { environment, exampleConfig } from "../helpers/fixtures";
import { testStack } from "./harness";

/**
 * A staging test stack with an ElastiCache user whose authentication mode the
 * provider schema does not allow ("none"): the data-tier constructs rely on
 * the schema refusing such a value. Returns the synthesized stack, which
 * terraform-plan.test.ts's batch checks (data-tier/terraform-validate.test.ts
 * ran a validate process of its own for it).
 */
export function wrongAuthenticationStack(): string {
  const stack = testStack(environment(exampleConfig(), "staging"));
  new ElasticacheUser(stack, "wrong", {
    userId: "wrong",
    userName: "wrong",
    engine: "redis",
    accessString: "off -@all",
    authenticationMode: { type: "none" },
  });
  return Testing.synth(stack);
}
