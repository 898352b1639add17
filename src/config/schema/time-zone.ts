import { z } from "zod";
import { showValue } from "./primitives";

/**
 * IANA time zones as the JavaScript runtime's ICU data knows them. ICU lists
 * some zones under older names (Asia/Calcutta for Asia/Kolkata), so a name is
 * accepted when ICU resolves it, not only when it is in the list. ICU ignores
 * case but EventBridge Scheduler does not, so "asia/tokyo" is refused.
 */
const CANONICAL = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

/** Why `name` is not a time zone, with the likely intended name; undefined when it is one. */
function timeZoneProblem(name: string): string | undefined {
  if (CANONICAL.has(name)) return undefined;
  const resolved = resolvedName(name);
  const caseOnly = resolved !== undefined && resolved.toLowerCase() === name.toLowerCase();
  if (resolved !== undefined && !caseOnly && /^[A-Z]/.test(name)) return undefined;
  const suggestion = caseOnly ? resolved : nearest(name);
  return `must be an IANA time zone such as "Asia/Tokyo"${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ""}, got ${showValue(name)}`;
}

function resolvedName(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The canonical name closest in edit distance, if it is close (a typo, not a different place). */
function nearest(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of CANONICAL) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) >= limit) return limit;
    previous = current;
  }
  return previous[b.length];
}

export const TimeZone = z
  .string()
  .superRefine((value, ctx) => {
    const message = timeZoneProblem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  })
  .meta({ pattern: "^[A-Z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$", examples: ["Asia/Tokyo", "UTC"] });
