import { DEFAULT_BEDROCK_ALLOWANCE_USD } from "../../src/config/schema/operations";
import { BUDGET_ALERT_PERCENT, BUDGET_BASIS_TAG } from "../../src/constructs/operations/budget-alert";
import { estimateCost } from "../../src/cost/cost-estimate";
import type { TerraformDocument } from "../../src/terraform/terraform-document";
import { configProblems, synthEnvironment } from "../helpers/fixtures";
import { only, resources } from "../helpers/terraform-json";

const TOPIC = /^\$\{aws_sns_topic\.alarms_topic_\w+\.arn\}$/;

describe("BudgetAlert (AWS Budgets cost budget per environment account)", () => {
  // prod (managed, production) and dev (all-in-one, no alarmEmail) with the default amount.
  const prod = synthEnvironment("prod").tf;
  const dev = synthEnvironment("dev", { "dev.json": { operations: { budget: { email: "finops@example.com" } } } }).tf;

  test.each([
    ["prod", () => prod, DEFAULT_BEDROCK_ALLOWANCE_USD.production],
    ["dev", () => dev, DEFAULT_BEDROCK_ALLOWANCE_USD.other],
  ])("%s: the default amount is the estimate of the same synth plus the Bedrock allowance, rounded up", (_name, tf, allowance) => {
    const estimate = estimateCost(tf() as unknown as TerraformDocument);
    expect(estimate.total).toBeGreaterThan(10);
    const budget = only(tf(), "aws_budgets_budget");
    expect(budget).toMatchObject({ budget_type: "COST", time_unit: "MONTHLY", limit_unit: "USD" });
    expect(budget.limit_amount).toBe(String(Math.ceil((estimate.total ?? 0) + allowance)));
    expect(budget.tags[BUDGET_BASIS_TAG]).toContain(`estimate ${estimate.total?.toFixed(2)} USD + Bedrock allowance ${allowance} USD`);
    // Tag values allow letters, digits, spaces and _ . : / = + - @ only.
    expect(budget.tags[BUDGET_BASIS_TAG]).toMatch(/^[\p{L}\p{N}\s_.:/=+\-@]{1,256}$/u);
  });

  test("alerts at 100% of actual and of forecast spend, to the alarm topic and by e-mail", () => {
    const notifications = only(prod, "aws_budgets_budget").notification;
    expect(notifications.map((n: { notification_type: string }) => n.notification_type).sort()).toEqual(["ACTUAL", "FORECASTED"]);
    for (const n of notifications) {
      expect(n).toMatchObject({ comparison_operator: "GREATER_THAN", threshold: BUDGET_ALERT_PERCENT, threshold_type: "PERCENTAGE" });
      expect(n.subscriber_sns_topic_arns).toEqual([expect.stringMatching(TOPIC)]);
      // operations.budget.email defaults to operations.alarmEmail.
      expect(n.subscriber_email_addresses).toEqual(["dify-oncall@example.com"]);
    }
    for (const n of only(dev, "aws_budgets_budget").notification) expect(n.subscriber_email_addresses).toEqual(["finops@example.com"]);
  });

  test("the alarm topic's policy and key let budgets.amazonaws.com of this account publish", () => {
    const statements = JSON.parse(only(prod, "aws_sns_topic_policy").policy).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "budgets.amazonaws.com" },
        Action: "sns:Publish",
        Condition: { StringEquals: { "aws:SourceAccount": "333333333333" }, ArnLike: { "aws:SourceArn": "arn:aws:budgets::333333333333:*" } },
      }),
    );
    const keyPolicies = resources(prod, "aws_kms_key").map((k) => JSON.parse(k.policy).Statement);
    const publishers = keyPolicies.flat().find((s: { Sid?: string }) => s.Sid === "AlarmTopicPublishers");
    expect(publishers.Principal.Service).toContain("budgets.amazonaws.com");
    expect(publishers.Action).toEqual(expect.arrayContaining(["kms:Decrypt", "kms:GenerateDataKey*"]));
  });

  test("an explicit monthlyUsd wins over the estimate", () => {
    const tf = synthEnvironment("staging", { "staging.json": { operations: { budget: { monthlyUsd: 1234.5, bedrockAllowanceUsd: 999 } } } }).tf;
    const budget = only(tf, "aws_budgets_budget");
    expect(budget.limit_amount).toBe("1234.5");
    expect(budget.tags[BUDGET_BASIS_TAG]).toBe("operations.budget.monthlyUsd");
  });

  test("a wrong amount stops synth with one line naming the file and field", () => {
    expect(configProblems((files) => ((files["dev.json"] as { operations?: object }).operations = { budget: { monthlyUsd: 0 } }))).toEqual([
      expect.stringMatching(/dev\.json.*operations\.budget\.monthlyUsd: must be at least 1, got 0/),
    ]);
    expect(configProblems((files) => ((files["dev.json"] as { operations?: object }).operations = { budget: { bedrockAllowanceUsd: "lots" } }))).toEqual([
      expect.stringMatching(/dev\.json.*operations\.budget\.bedrockAllowanceUsd: must be a number, got "lots"/),
    ]);
  });
});
