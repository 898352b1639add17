import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { type PolicyAnnotationKind, parsePolicyAnnotation } from "../../src/policy/annotations";
import { applyPolicyChecks } from "../../src/policy/apply-policy-checks";

export interface ReportedAnnotation {
  /** Construct path below the stack, for example "bucket/bucket". */
  readonly path: string;
  readonly level: string;
  readonly message: string;
  readonly ruleId?: string;
  readonly kind?: PolicyAnnotationKind;
}

/** A stack with an AWS provider and the policy checks, ready for a rule's resources. */
export function policyStack(options: { production?: boolean } = {}): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
  applyPolicyChecks(stack, options);
  return stack;
}

/** Synthesizes the stack (which runs the aspects) and returns every annotation on it. */
export function annotationsOf(stack: TerraformStack): ReportedAnnotation[] {
  Testing.synth(stack);
  return stack.node.findAll().flatMap((node) =>
    node.node.metadata
      .filter((m) => m.type.startsWith("@cdktf/"))
      .map((m) => {
        const message = String(m.data);
        const parsed = parsePolicyAnnotation(message, m.type);
        return { path: node.node.path.split("/").slice(1).join("/"), level: m.type, message, ruleId: parsed?.ruleId, kind: parsed?.kind };
      }),
  );
}

/** "<kind> <path>" for each annotation of one rule id: what a failing test should show. */
export function findings(stack: TerraformStack, ruleId: string): string[] {
  return annotationsOf(stack)
    .filter((a) => a.ruleId === ruleId)
    .map((a) => `${a.kind} ${a.path}`);
}

/** The messages of one rule id. */
export function messages(stack: TerraformStack, ruleId: string): string[] {
  return annotationsOf(stack)
    .filter((a) => a.ruleId === ruleId)
    .map((a) => a.message);
}
