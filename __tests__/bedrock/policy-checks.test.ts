import { Testing } from "cdktf";
import { applyPolicyChecks } from "../../src/policy/apply-policy-checks";
import { environment, exampleConfig } from "../helpers/fixtures";
import { bedrockStack } from "./bedrock-stack";

/** Error and warning annotations on the Bedrock constructs, as "<path>: <message>". */
function findingsOnBedrock(name: string, patches = {}): string[] {
  const env = environment(exampleConfig(patches), name);
  const { stack } = bedrockStack(env);
  applyPolicyChecks(stack, { production: env.production });
  Testing.synth(stack);
  return stack.node
    .findAll()
    .filter((node) => /\/bedrock-(audit|endpoints|access)(\/|$)/.test(node.node.path))
    .flatMap((node) => node.node.metadata.filter((m) => m.type === "@cdktf/error" || m.type === "@cdktf/warn").map((m) => `${node.node.path}: ${String(m.data)}`));
}

describe("the Bedrock constructs pass the project's own policy checks", () => {
  test("prod: endpoints, IAM, S3 logging bucket and guardrail", () => {
    expect(findingsOnBedrock("prod")).toEqual([]);
  });

  test("staging: CloudWatch logging (KMS, retention), in another Bedrock region too", () => {
    expect(findingsOnBedrock("staging")).toEqual([]);
    expect(findingsOnBedrock("staging", { "staging.json": { bedrock: { strategy: "oregon", residency: "global", guardrail: { pii: "block" } } } })).toEqual([]);
  });
});
