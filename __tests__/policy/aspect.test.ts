import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformResource, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { applyPolicyChecks } from "../../src/policy/apply-policy-checks";
import { annotationsOf, findings, policyStack } from "./helpers";

const HOST = { ami: "ami-1", instanceType: "t3.large", rootBlockDevice: { encrypted: true } };

describe("the policy aspect", () => {
  test("a raw TerraformResource is checked by its Terraform type, with its overrides", () => {
    const stack = policyStack();
    const raw = new TerraformResource(stack, "raw", { terraformResourceType: "aws_instance" });
    raw.addOverride("ami", "ami-1");
    raw.addOverride("metadata_options", { http_tokens: "optional" });
    expect(findings(stack, "CKV_AWS_79")).toEqual(["error raw"]);
  });

  test("a stack-level override is taken into account", () => {
    const stack = policyStack();
    const host = new Instance(stack, "host", HOST);
    stack.addOverride(`resource.aws_instance.${host.friendlyUniqueId}.metadata_options`, { http_tokens: "required" });
    expect(findings(stack, "CKV_AWS_79")).toEqual([]);
  });

  test("synthesizing twice reports each finding once", () => {
    const stack = policyStack();
    new Instance(stack, "host", HOST);
    Testing.synth(stack);
    Testing.synth(stack);
    expect(annotationsOf(stack).filter((a) => a.ruleId === "CKV_AWS_79")).toHaveLength(1);
  });

  test("a second synth reads the stack again (resources added in between are related)", () => {
    const stack = policyStack();
    new Vpc(stack, "a", { cidrBlock: "10.0.0.0/16" });
    expect(findings(stack, "CKV2_AWS_11")).toEqual(["error a"]);
    const b = new Vpc(stack, "b", { cidrBlock: "10.1.0.0/16" });
    new FlowLog(stack, "log", { vpcId: b.id, trafficType: "ALL", logDestination: "arn:aws:s3:::logs", logDestinationType: "s3" });
    expect(findings(stack, "CKV2_AWS_11")).toEqual(["error a"]);
  });

  test("each stack is related on its own, even with the same logical ids in two stacks", () => {
    const app = Testing.app();
    const stacks = ["logged", "unlogged"].map((id) => {
      const stack = new TerraformStack(app, id);
      new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
      const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
      if (id === "logged") new FlowLog(stack, "log", { vpcId: vpc.id, trafficType: "ALL", logDestination: "arn:aws:s3:::logs", logDestinationType: "s3" });
      applyPolicyChecks(stack);
      return stack;
    });
    expect(stacks.map((s) => findings(s, "CKV2_AWS_11"))).toEqual([[], ["error vpc"]]);
  });

  test("applying to the app is refused: cdktf runs aspects from each stack down, so they would never run", () => {
    const app = Testing.app();
    new TerraformStack(app, "dev");
    expect(() => applyPolicyChecks(app)).toThrow(/is not a stack or inside one; apply the checks to each stack/);
  });

  test("applied to a construct, only the resources below it are checked", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
    const checked = new Construct(stack, "checked");
    new Instance(checked, "host", HOST);
    new Instance(stack, "unchecked", HOST);
    applyPolicyChecks(checked);
    expect(findings(stack, "CKV_AWS_79")).toEqual(["error checked/host"]);
  });

  test("applying twice adds one aspect; a different production setting is refused", () => {
    const stack = policyStack({ production: true });
    applyPolicyChecks(stack, { production: true });
    new Instance(stack, "host", HOST);
    expect(findings(stack, "CKV_AWS_79")).toEqual(["error host"]);
    expect(() => applyPolicyChecks(stack, { production: false })).toThrow(/already checked with production: true/);
  });
});
