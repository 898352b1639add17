import { z } from "zod";
import { showValue } from "./primitives";

/**
 * AWS's six-field cron, as AWS Backup and EventBridge take it:
 * cron(minutes hours day-of-month month day-of-week year), with "?" in exactly
 * one of day-of-month and day-of-week. Plain five-field Unix cron is refused
 * by AWS at apply time, so it is refused here at synth.
 */

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Special forms the field allows besides numbers, ranges, lists and steps. */
  readonly special?: RegExp;
  readonly question?: boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: readonly Field[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, special: /^(L|LW|([1-9]|[12]\d|3[01])W)$/, question: true },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS, special: /^(L|[1-7]L|[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/, question: true },
  { name: "year", min: 1970, max: 2199 },
];

const CRON_SHAPE = "cron(minutes hours day-of-month month day-of-week year)";

/** Why `expression` is not an AWS cron expression; undefined when it is one. */
function awsCronProblem(expression: string): string | undefined {
  const match = /^cron\((.*)\)$/.exec(expression);
  if (!match) return `is not of the form ${CRON_SHAPE}`;
  const parts = match[1].trim().split(/\s+/).filter(Boolean);
  if (parts.length !== FIELDS.length) return `has ${parts.length} fields; AWS needs six: ${CRON_SHAPE}`;
  for (let i = 0; i < FIELDS.length; i++) {
    const reason = fieldProblem(FIELDS[i], parts[i]);
    if (reason) return `${FIELDS[i].name} ${JSON.stringify(parts[i])}: ${reason}`;
  }
  const [dayOfMonth, dayOfWeek] = [parts[2], parts[4]];
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) return 'exactly one of day-of-month and day-of-week must be "?"';
  return undefined;
}

function fieldProblem(field: Field, text: string): string | undefined {
  if (text === "?") return field.question ? undefined : '"?" is only allowed in day-of-month and day-of-week';
  const items = text.split(",");
  for (const item of items) {
    if (item === "?") return '"?" must stand alone';
    if (field.special?.test(item)) {
      if (items.length > 1) return `${item} cannot be part of a list`;
      continue;
    }
    const reason = itemProblem(field, item);
    if (reason) return reason;
  }
  return undefined;
}

function itemProblem(field: Field, item: string): string | undefined {
  const [range, step, ...rest] = item.split("/");
  if (rest.length) return "has more than one /";
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1 && Number(step) <= field.max)) {
    return `the step after / must be a number from 1 to ${field.max}`;
  }
  if (range === "*") return undefined;
  const ends = range.split("-");
  if (ends.length > 2) return "has more than one -";
  const values = ends.map((end) => value(field, end));
  const bad = ends.find((_, i) => values[i] === undefined);
  if (bad !== undefined) {
    const allowed = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""}`;
    return `${JSON.stringify(bad)} is not a value from ${allowed}`;
  }
  // Day names wrap around the week (FRI-MON); other ranges must run forwards.
  if (values.length === 2 && field.name !== "day-of-week" && values[0]! > values[1]!) return `the range ${range} runs backwards`;
  return undefined;
}

function value(field: Field, text: string): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

/**
 * An AWS Backup schedule. Backup also refuses plans that run more than once
 * an hour, so the minutes field must be a single minute.
 */
export const BackupCron = z
  .string()
  .superRefine((expression, ctx) => {
    let reason = awsCronProblem(expression);
    if (!reason) {
      const minutes = /^cron\(\s*(\S+)/.exec(expression)![1];
      if (!/^\d+$/.test(minutes)) reason = `minutes ${JSON.stringify(minutes)}: AWS Backup runs a plan at most once an hour, so give one minute such as 0`;
    }
    if (reason) ctx.addIssue({ code: "custom", message: `must be an AWS cron expression such as "cron(0 18 * * ? *)" (${reason}), got ${showValue(expression)}` });
  })
  .meta({ pattern: "^cron\\(\\S+( \\S+){5}\\)$" });
