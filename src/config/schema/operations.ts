import { z } from "zod";
import { BackupCron } from "./aws-cron";
import { LogRetentionDays } from "./primitives";

export const OperationsSchema = z.strictObject({
  alarmEmail: z.email({ error: (iss) => `must be an email address, got ${JSON.stringify(iss.input)}` }).optional().meta({
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
    .meta({ description: 'AWS Backup plan. schedule is a six-field AWS cron, cron(minutes hours day-of-month month day-of-week year) with "?" in one day field, at most hourly. @default daily at 18:00 UTC (03:00 JST), kept 35 days in production, 7 otherwise' }),
});
