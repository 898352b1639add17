import { z } from "zod";
import { BackupCron } from "./aws-cron";
import { LogRetentionDays } from "./primitives";

/**
 * Default Bedrock allowance added to the budget, in USD a month. The cost
 * estimate prices only what the stack runs; model use depends on traffic, so
 * the budget adds a round figure per kind of environment: non-production about
 * 5 M input and 2 M output tokens of a Sonnet-class model ($3 and $15 a
 * million, about $45); production ten times that with headroom. Set
 * operations.budget.bedrockAllowanceUsd once real usage is known.
 */
export const DEFAULT_BEDROCK_ALLOWANCE_USD = { production: 500, other: 50 } as const;

const email = z.email({ error: (iss) => `must be an email address, got ${JSON.stringify(iss.input)}` });
/** US dollars a month. */
const usd = (minimum: number) => z.number().min(minimum);

const BudgetSchema = z
  .strictObject({
    monthlyUsd: usd(1).optional().meta({
      description: "Monthly cost budget of the environment account in USD. @default the review's monthly estimate of the stack plus bedrockAllowanceUsd, rounded up",
    }),
    bedrockAllowanceUsd: usd(0)
      .optional()
      .meta({
        description: `Monthly Bedrock spend added to the estimate when monthlyUsd is not set. @default ${DEFAULT_BEDROCK_ALLOWANCE_USD.production} in production, ${DEFAULT_BEDROCK_ALLOWANCE_USD.other} otherwise`,
      }),
    email: email.optional().meta({
      description: "Email that AWS Budgets alerts when actual or forecast spend passes the budget. @default operations.alarmEmail",
    }),
  })
  .default({})
  .meta({ description: "AWS Budgets cost budget of the environment account, alerting at 100% of actual and of forecast spend (to the alarm topic and by email)." });

export const OperationsSchema = z.strictObject({
  alarmEmail: email.optional().meta({
    description: "Email subscribed to the alarm SNS topic (confirm the subscription mail). @default (none)",
  }),
  logRetentionDays: LogRetentionDays.optional().meta({
    description: "Retention of every log group. @default 365 in production, 30 otherwise",
  }),
  backup: z
    .strictObject({
      retentionDays: z.number().int().min(1).max(3650).optional(),
      schedule: BackupCron.default("cron(0 18 * * ? *)"),
    })
    .default({ schedule: "cron(0 18 * * ? *)" })
    .meta({
      description:
        'AWS Backup plan. schedule is a six-field AWS cron, cron(minutes hours day-of-month month day-of-week year) with "?" in one day field, at most hourly. @default daily at 18:00 UTC (03:00 JST), kept 35 days in production, 7 otherwise',
    }),
  budget: BudgetSchema,
});
