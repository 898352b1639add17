import { Annotations, type IAspect, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { ANNOTATION_LEVELS, formatPolicyAnnotation, type PolicyAnnotationKind } from "./annotations";
import { isTerraformResource, readResource } from "./policy-resource";
import { POLICY_RULES } from "./policy-rules";
import type { Finding, PolicyRule, RuleContext } from "./rule";
import { StackIndex } from "./stack-index";
import { suppressionReason } from "./suppressions";

export interface PolicyCheckOptions {
  /** The stack is a production environment; production-only rules run too. @default false */
  readonly production?: boolean;
}

/**
 * Runs the rule pack on every Terraform resource below the scope it is added
 * to, and turns findings into annotations: errors (synth refuses), warnings,
 * or, when suppressed, infos that carry the reason.
 */
export class PolicyAspect implements IAspect {
  readonly production: boolean;
  private readonly rulesByType = new Map<string, PolicyRule[]>();
  private readonly traversals = new WeakMap<TerraformStack, { index: StackIndex; visited: Set<string> }>();

  constructor(options: PolicyCheckOptions = {}) {
    this.production = options.production ?? false;
    for (const rule of POLICY_RULES) {
      if ((rule.appliesTo ?? "all") === "production" && !this.production) continue;
      for (const type of rule.resourceTypes) this.rulesByType.set(type, [...(this.rulesByType.get(type) ?? []), rule]);
    }
  }

  visit(node: IConstruct): void {
    if (!isTerraformResource(node)) return;
    const rules = this.rulesByType.get(node.terraformResourceType);
    if (!rules) return;
    const context: RuleContext = { production: this.production, stack: this.indexFor(node) };
    // The resource itself is read afresh: an aspect that ran before this one may have changed it.
    const resource = readResource(node);
    for (const rule of rules) {
      let findings: readonly Finding[];
      try {
        findings = rule.check(resource, context);
      } catch (error) {
        // A rule bug must name itself and the resource, not surface as a bare TypeError in synth.
        throw new Error(`policy rule ${rule.ids[0]} failed on ${node.node.path}: ${(error as Error).message}`, { cause: error });
      }
      for (const finding of findings) this.report(node, rule, finding);
    }
  }

  /**
   * The stack's resources, read once per synthesis. Aspects run again on
   * every synth (Testing.synth, then app.synth), so meeting a resource a
   * second time means a new pass has started and the index is rebuilt.
   */
  private indexFor(node: IConstruct): StackIndex {
    const stack = TerraformStack.of(node);
    let traversal = this.traversals.get(stack);
    if (!traversal || traversal.visited.has(node.node.path)) {
      traversal = { index: StackIndex.build(stack), visited: new Set() };
      this.traversals.set(stack, traversal);
    }
    traversal.visited.add(node.node.path);
    return traversal.index;
  }

  private report(node: IConstruct, rule: PolicyRule, finding: Finding): void {
    if (!rule.ids.includes(finding.ruleId)) throw new Error(`rule ${rule.ids[0]} reported a finding under ${finding.ruleId}`);
    const reason = suppressionReason(node, finding.ruleId);
    const kind: PolicyAnnotationKind = reason !== undefined ? "suppressed" : (finding.severity ?? rule.severity);
    const text = reason ?? `${finding.problem}: ${finding.fix}`;
    const message = formatPolicyAnnotation({ ruleId: finding.ruleId, kind, text });
    // The same pass twice (two synths of one stack) must not double the annotations.
    if (node.node.metadata.some((m) => m.type === ANNOTATION_LEVELS[kind] && m.data === message)) return;
    const annotations = Annotations.of(node);
    if (kind === "error") annotations.addError(message);
    else if (kind === "warning") annotations.addWarning(message);
    else annotations.addInfo(message);
  }
}
