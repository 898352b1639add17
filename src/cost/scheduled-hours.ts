import type { JsonObject } from "../terraform/terraform-document";
import { block, numberValue, references, stringValue } from "../terraform/terraform-json";
import { NOMINAL_USE } from "./assumptions";
import type { EstimateContext } from "./estimate-context";

/** One scheduled switch of a host: on or off at a time of day, on some days. */
interface Switch {
  readonly on: boolean;
  /** Minutes after midnight. */
  readonly minute: number;
  /** "weekdays" or "daily"; anything else is not understood. */
  readonly days: "weekdays" | "daily";
}

/**
 * Hours a month a scheduled host runs: the cost saver's EventBridge Scheduler
 * jobs (start/stop an instance, scale an Auto Scaling group to 0 and back) and
 * Auto Scaling scheduled actions, read back from the synthesized JSON. Only a
 * single daily on/off pair on the same days is understood; anything else
 * counts the whole month, with a note. Undefined when nothing schedules it.
 */
export function scheduledHours(ctx: EstimateContext, address: string): number | undefined {
  const switches: Switch[] = [];
  let unreadable = false;
  const add = (s: Switch | "unreadable" | undefined) => {
    if (s === "unreadable") unreadable = true;
    else if (s) switches.push(s);
  };

  for (const job of ctx.resources("aws_scheduler_schedule")) {
    const target = block(job.body.target);
    const input = stringValue(target.input) ?? "";
    if (!references(input).includes(address)) continue;
    const action = (stringValue(target.arn) ?? "").split(":").pop() ?? "";
    let on: boolean | undefined;
    if (action === "startInstances") on = true;
    else if (action === "stopInstances") on = false;
    else if (action === "updateAutoScalingGroup") on = desiredOf(input) !== 0;
    if (on === undefined) continue;
    add(fromEventBridge(on, stringValue(job.body.schedule_expression)));
  }
  for (const action of ctx.resources("aws_autoscaling_schedule")) {
    if (!references(action.body.autoscaling_group_name).includes(address)) continue;
    const desired = numberValue(action.body.desired_capacity);
    add(fromUnixCron(desired !== 0, stringValue(action.body.recurrence)));
  }

  if (!switches.length && !unreadable) return undefined;
  const on = switches.filter((s) => s.on);
  const off = switches.filter((s) => !s.on);
  if (unreadable || on.length !== 1 || off.length !== 1 || on[0].days !== off[0].days) {
    ctx.note(`${address}: its start/stop schedule is not a single daily pair: counted as running the whole month.`);
    return undefined;
  }
  const daily = (((off[0].minute - on[0].minute) % 1440) + 1440) % 1440;
  const daysPerWeek = on[0].days === "weekdays" ? 5 : 7;
  return ((daily / 60) * daysPerWeek * NOMINAL_USE.hoursPerMonth) / (24 * 7);
}

function desiredOf(input: string): number | undefined {
  try {
    const parsed = JSON.parse(input) as JsonObject;
    return numberValue(parsed.DesiredCapacity);
  } catch {
    return undefined;
  }
}

/** "cron(M H ? * MON-FRI *)" or "cron(M H * * ? *)". */
function fromEventBridge(on: boolean, expression: string | undefined): Switch | "unreadable" {
  const m = /^cron\((\d+) (\d+) (\S+) \* (\S+) \*\)$/.exec(expression ?? "");
  if (!m) return "unreadable";
  const days = m[3] === "?" && m[4] === "MON-FRI" ? "weekdays" : m[3] === "*" && m[4] === "?" ? "daily" : undefined;
  return days ? { on, minute: Number(m[2]) * 60 + Number(m[1]), days } : "unreadable";
}

/** Auto Scaling's Unix cron: "M H * * 1-5" or "M H * * *". */
function fromUnixCron(on: boolean, recurrence: string | undefined): Switch | "unreadable" {
  const m = /^(\d+) (\d+) \* \* (\S+)$/.exec(recurrence ?? "");
  if (!m) return "unreadable";
  const days = m[3] === "1-5" || m[3] === "MON-FRI" ? "weekdays" : m[3] === "*" ? "daily" : undefined;
  return days ? { on, minute: Number(m[2]) * 60 + Number(m[1]), days } : "unreadable";
}
