import { compareText } from "../terraform/compare-text";
import type { TerraformDocument } from "../terraform/terraform-document";
import { instanceCount, managedResources } from "../terraform/terraform-json";

export interface ResourceCount {
  readonly type: string;
  readonly count: number;
}

/**
 * Managed resources per type. A block with a literal `count` or `for_each`
 * counts as that many resources; one with an expression counts as one.
 */
export function countResources(doc: TerraformDocument): ResourceCount[] {
  const counts = new Map<string, number>();
  for (const r of managedResources(doc)) counts.set(r.type, (counts.get(r.type) ?? 0) + instanceCount(r.body).count);
  return [...counts.entries()].map(([type, count]) => ({ type, count })).sort((a, b) => compareText(a.type, b.type));
}

export function totalResources(counts: readonly ResourceCount[]): number {
  return counts.reduce((sum, c) => sum + c.count, 0);
}
