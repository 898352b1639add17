import { Lb } from "@cdktf/provider-aws/lib/lb";
import { Construct } from "constructs";
import { suppress } from "../../src/policy/suppressions";
import { annotationsOf, findings, messages, policyStack } from "./helpers";

describe("suppress", () => {
  test("a suppression with a reason turns the finding into an info annotation that carries the reason", () => {
    const stack = policyStack();
    const lb = new Lb(stack, "alb", { subnets: ["subnet-1"], dropInvalidHeaderFields: true });
    suppress(lb, "CKV_AWS_91", "load-test ALB, deleted after the test");
    expect(messages(stack, "CKV_AWS_91")).toEqual(["[CKV_AWS_91] suppressed: load-test ALB, deleted after the test"]);
    const [annotation] = annotationsOf(stack).filter((a) => a.ruleId === "CKV_AWS_91");
    expect(annotation).toMatchObject({ level: "@cdktf/info", kind: "suppressed", path: "alb" });
  });

  test("a suppression on a parent construct applies to the resources below it, and only for its rule", () => {
    const stack = policyStack();
    const frontDoor = new Construct(stack, "front-door");
    new Lb(frontDoor, "alb", { subnets: ["subnet-1"] });
    suppress(frontDoor, "CKV_AWS_91", "access logs go to the central logging account (org trail)");
    expect(findings(stack, "CKV_AWS_91")).toEqual(["suppressed front-door/alb"]);
    expect(findings(stack, "CKV_AWS_131")).toEqual(["error front-door/alb"]);
  });

  test("a suppression on a sibling does not apply", () => {
    const stack = policyStack();
    const other = new Construct(stack, "other");
    new Lb(stack, "alb", { subnets: ["subnet-1"], dropInvalidHeaderFields: true });
    suppress(other, "CKV_AWS_91", "not for the ALB");
    expect(findings(stack, "CKV_AWS_91")).toEqual(["error alb"]);
  });

  test("a suppression without a reason throws", () => {
    const stack = policyStack();
    const lb = new Lb(stack, "alb", { subnets: ["subnet-1"] });
    expect(() => suppress(lb, "CKV_AWS_91", "")).toThrow(/CKV_AWS_91 on test\/alb needs a reason/);
    expect(() => suppress(lb, "CKV_AWS_91", "   ")).toThrow(/needs a reason/);
  });

  test("a suppression of an unknown rule id throws (a typo would silently suppress nothing)", () => {
    const stack = policyStack();
    expect(() => suppress(stack, "CKV_AWS_9l", "typo")).toThrow(/unknown rule id "CKV_AWS_9l"/);
  });
});
