import type { TerraformStack } from "cdktf";
import { isTerraformResource, type PolicyResource, readResource } from "./policy-resource";
import { refersTo } from "./references";

/**
 * Every resource of one stack, for the rules that relate resources to each
 * other: S3 controls live on their own resources, flow logs on theirs.
 */
export class StackIndex {
  private readonly byType = new Map<string, PolicyResource[]>();
  private readonly byAddress = new Map<string, PolicyResource>();

  static build(stack: TerraformStack): StackIndex {
    const resources = stack.node.findAll().filter(isTerraformResource).map(readResource);
    return new StackIndex(resources);
  }

  constructor(resources: readonly PolicyResource[]) {
    for (const r of resources) {
      this.byAddress.set(r.address, r);
      this.byType.set(r.type, [...(this.byType.get(r.type) ?? []), r]);
    }
  }

  ofType(...types: string[]): PolicyResource[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  get(address: string): PolicyResource | undefined {
    return this.byAddress.get(address);
  }

  /**
   * Resources of `type` whose `attribute` names `target`, by reference or, with
   * `literalAttribute`, by the same literal value (see refersTo).
   */
  referencing(type: string, attribute: string, target: PolicyResource, literalAttribute?: string): PolicyResource[] {
    return this.ofType(type).filter((r) => refersTo(r.attributes[attribute], target, literalAttribute));
  }
}
