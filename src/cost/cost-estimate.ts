import { pricesFor } from "../catalog/prices";
import { compareText } from "../terraform/compare-text";
import type { TerraformDocument } from "../terraform/terraform-document";
import { providerRegion } from "../terraform/terraform-json";
import { type DeclaredBudget, declaredBudgets } from "./budget-in-document";
import { estimateCompute } from "./compute";
import { type CostLine, mergeLines, monthlyOf } from "./cost-line";
import { estimateDataStores } from "./data-stores";
import { EstimateContext } from "./estimate-context";
import { estimateManagedServices } from "./managed-services";
import { estimateNetwork } from "./network";
import { type UsageBasedCosts, usageBasedCosts } from "./usage-based";

export interface CostEstimate {
  /** Region of the stack's default AWS provider, when it is a literal. */
  readonly region?: string;
  /** Why there is no figure at all ("no price table for eu-west-1"), else undefined. */
  readonly unpriced?: string;
  readonly lines: readonly CostLine[];
  /** Sum of the lines with a known price (USD a month); undefined when unpriced. */
  readonly total?: number;
  /** Things left out of the total because their price is unknown. */
  readonly unknown: readonly string[];
  /** Caveats about assumed quantities. */
  readonly notes: readonly string[];
  readonly usage: UsageBasedCosts;
  /** Some figure in the total still needs confirming (see src/catalog/prices.ts). */
  readonly needsConfirming: boolean;
  /** The monthly cost budgets the stack declares, to compare with the estimate. */
  readonly budgets: readonly DeclaredBudget[];
}

/** The monthly cost estimate of one synthesized stack. */
export function estimateCost(doc: TerraformDocument): CostEstimate {
  const region = providerRegion(doc);
  const usage = usageBasedCosts(doc);
  const budgets = declaredBudgets(doc);
  const empty = { lines: [], unknown: [], notes: [], usage, needsConfirming: false, budgets };
  if (!region) return { ...empty, unpriced: "the stack has no AWS provider with a literal region" };
  if (!pricesFor(region)) return { ...empty, region, unpriced: `no price table for ${region}` };

  const ctx = new EstimateContext(doc, region);
  estimateCompute(ctx);
  estimateNetwork(ctx);
  estimateDataStores(ctx);
  estimateManagedServices(ctx);

  const lines = mergeLines(ctx.lines);
  const total = lines.reduce((sum, line) => sum + (monthlyOf(line) ?? 0), 0);
  return {
    region,
    lines,
    total,
    unknown: [...new Set(ctx.unknown)].sort(compareText),
    notes: [...new Set(ctx.notes)].sort(compareText),
    usage,
    needsConfirming: lines.some((l) => l.price?.needsConfirming),
    budgets,
  };
}
