import * as fs from "node:fs";
import { defaultBudgetAmount } from "../../src/cost/budget-amount";
import { estimateCost } from "../../src/cost/cost-estimate";
import { runReview } from "../../src/review/cli";
import type { TerraformDocument } from "../../src/terraform/terraform-document";
import { costFixture, writeSynthDir } from "../review/synth-fixtures";

describe("the default budget amount and how the review shows it", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test("an incomplete estimate still gives a number, and the basis says it is incomplete", () => {
    const doc = JSON.parse(costFixture({ instanceType: "x9z.large" })) as TerraformDocument;
    const estimate = estimateCost(doc);
    expect(estimate.unknown).toHaveLength(1);
    const amount = defaultBudgetAmount(doc, 50);
    expect(amount).toMatchObject({ usd: Math.ceil(estimate.total! + 50), incomplete: true, allowanceUsd: 50 });
    expect(amount.basis).toMatch(/Bedrock allowance 50 USD - incomplete estimate: 1 unpriced item$/);
  });

  test("a region without a price table gives the allowance alone, and says there was no estimate", () => {
    const doc = JSON.parse(costFixture({ region: "eu-west-1" })) as TerraformDocument;
    expect(estimateCost(doc).total).toBeUndefined();
    expect(defaultBudgetAmount(doc, 50)).toMatchObject({ usd: 50, incomplete: true });
    expect(defaultBudgetAmount(doc, 50).basis).toMatch(/^no estimate: no price table for eu-west-1 \+ Bedrock allowance 50 USD$/);
  });

  test("the review shows the budget amount and its basis under the stack's estimate", () => {
    const doc = JSON.parse(costFixture()) as TerraformDocument & { resource: Record<string, Record<string, unknown>> };
    doc.resource.aws_budgets_budget = {
      budget: {
        name: "dify-dev-monthly-cost",
        budget_type: "COST",
        limit_amount: "321",
        limit_unit: "USD",
        time_unit: "MONTHLY",
        tags: { BudgetBasis: "estimate 271.00 USD + Bedrock allowance 50 USD" },
      },
    };
    const dir = writeSynthDir({ dev: { json: JSON.stringify(doc) } });
    dirs.push(dir);
    expect(runReview(["--dir", dir]).output).toContain("- Budget alert (`aws_budgets_budget.budget`): $321.00 a month (estimate 271.00 USD + Bedrock allowance 50 USD).");
  });
});
