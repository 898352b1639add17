import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import { type BudgetAmount, defaultBudgetAmount } from "../../cost/budget-amount";
import type { TerraformDocument } from "../../terraform/terraform-document";

export interface BudgetAlertProps {
  readonly names: Names;
  /** operations.budget.monthlyUsd. @default the stack's estimate plus the Bedrock allowance (fillDefaultAmount) */
  readonly monthlyUsd?: number;
  /** Address that gets the alert besides the topic. @default none */
  readonly email?: string;
  /** The environment's alarm topic (Alarms.topic); its policy and key must allow budgets.amazonaws.com. */
  readonly topicArn: string;
}

/** Alert when spend passes this percentage of the budget. */
export const BUDGET_ALERT_PERCENT = 100;

/** Tag on the budget saying where its amount came from. */
export const BUDGET_BASIS_TAG = "BudgetBasis";

/**
 * A monthly AWS Budgets cost budget of the environment account, alerting the
 * alarm topic and an e-mail address when actual spend, or the month's
 * forecast, passes it.
 *
 * Budgets covers the whole account, which is the environment's own account.
 * Without operations.budget.monthlyUsd the amount is the stack's cost
 * estimate plus the Bedrock allowance; the estimate needs the synthesized
 * document, so the stack calls `fillDefaultAmount` on it in toTerraform()
 * rather than synthesizing a second time.
 */
export class BudgetAlert extends Construct {
  readonly budget: BudgetsBudget;
  /** True when the amount comes from the estimate rather than the file. */
  readonly defaulted: boolean;
  /** Set once the default amount has been written into a document. */
  amount?: BudgetAmount;

  constructor(scope: Construct, id: string, props: BudgetAlertProps) {
    super(scope, id);
    const { monthlyUsd, email } = props;
    this.defaulted = monthlyUsd === undefined;
    const subscribers = {
      subscriberSnsTopicArns: [props.topicArn],
      ...(email ? { subscriberEmailAddresses: [email] } : {}),
    };
    this.budget = new BudgetsBudget(this, "budget", {
      name: props.names.of("monthly-cost"),
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitUnit: "USD",
      // Replaced by fillDefaultAmount when the file sets no amount.
      limitAmount: monthlyUsd === undefined ? "0" : String(monthlyUsd),
      tags: monthlyUsd === undefined ? undefined : { [BUDGET_BASIS_TAG]: "operations.budget.monthlyUsd" },
      notification: (["ACTUAL", "FORECASTED"] as const).map((notificationType) => ({
        notificationType,
        comparisonOperator: "GREATER_THAN",
        threshold: BUDGET_ALERT_PERCENT,
        thresholdType: "PERCENTAGE",
        ...subscribers,
      })),
    });
  }

  /** Writes the default amount, from the estimate of `doc` itself, into the budget of `doc`. */
  fillDefaultAmount(doc: TerraformDocument, allowanceUsd: number): void {
    const block = doc.resource?.aws_budgets_budget?.[this.budget.friendlyUniqueId];
    if (!block) throw new Error(`the synthesized stack has no budget ${this.budget.friendlyUniqueId}`);
    this.amount = defaultBudgetAmount(doc, allowanceUsd);
    block.limit_amount = String(this.amount.usd);
    block.tags = { ...((block.tags as Record<string, string> | undefined) ?? {}), [BUDGET_BASIS_TAG]: this.amount.basis };
  }
}
