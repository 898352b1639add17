import type { TerraformDocument } from "../terraform/terraform-document";
import { estimateCost } from "./cost-estimate";

export interface BudgetAmount {
  /** Whole US dollars a month. */
  readonly usd: number;
  /** The stack's estimate that went in; undefined when the region has no price table. */
  readonly estimateUsd?: number;
  readonly allowanceUsd: number;
  /** The estimate left things out (unpriced items or no price table), so the amount is low. */
  readonly incomplete: boolean;
  /** One line saying where the amount came from, safe as a tag value. */
  readonly basis: string;
}

/**
 * The default monthly budget of a stack: the review's estimate of the same
 * synthesized document plus the Bedrock allowance, rounded up to a dollar.
 * An incomplete estimate still gives a number, and says so in `basis`.
 */
export function defaultBudgetAmount(doc: TerraformDocument, allowanceUsd: number): BudgetAmount {
  const estimate = estimateCost(doc);
  const estimateUsd = estimate.total;
  const incomplete = estimateUsd === undefined || estimate.unknown.length > 0;
  // Budgets refuses an amount of 0; a dollar keeps the alerts meaningful.
  const usd = Math.max(1, Math.ceil((estimateUsd ?? 0) + allowanceUsd));
  const parts = [estimateUsd === undefined ? `no estimate: ${estimate.unpriced ?? "unpriced"}` : `estimate ${estimateUsd.toFixed(2)} USD`, `Bedrock allowance ${allowanceUsd} USD`];
  const gap = estimate.unknown.length ? ` - incomplete estimate: ${estimate.unknown.length} unpriced item${estimate.unknown.length === 1 ? "" : "s"}` : "";
  // Tag values allow letters, digits, spaces and _ . : / = + - @ only.
  const basis = `${parts.join(" + ")}${gap}`.replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, " ").slice(0, 256);
  return { usd, estimateUsd, allowanceUsd, incomplete, basis };
}
