import type { TerraformDocument } from "../terraform/terraform-document";
import { isObject, managedResources, numberValue, stringValue } from "../terraform/terraform-json";

/** The monthly cost budget a stack declares, as the review shows it next to the estimate. */
export interface DeclaredBudget {
  readonly address: string;
  /** Undefined when the amount is not a literal. */
  readonly amountUsd?: number;
  /** Where the amount came from (the budget's BudgetBasis tag), if it says. */
  readonly basis?: string;
}

/** Every monthly USD cost budget (aws_budgets_budget) of the document. */
export function declaredBudgets(doc: TerraformDocument): DeclaredBudget[] {
  return managedResources(doc)
    .filter((r) => r.type === "aws_budgets_budget" && stringValue(r.body.budget_type) === "COST")
    .map((r) => {
      const tags = r.body.tags;
      const basis = isObject(tags) ? stringValue(tags.BudgetBasis) : undefined;
      return { address: r.address, amountUsd: numberValue(r.body.limit_amount), basis };
    });
}
