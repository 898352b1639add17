/**
 * Reads Bedrock's per-model quota names. They have come in several
 * spellings over time, for example:
 *
 *   On-demand model inference tokens per minute for Anthropic Claude 3 Haiku
 *   On-demand InvokeModel requests per minute for Anthropic Claude 3.5 Sonnet V2
 *   Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1
 *   Global cross-Region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1
 *   Model invocation max tokens per day for Anthropic Claude Haiku 4.5
 *
 * The model part must then equal one of the catalog's quota names for the
 * model, so "Claude 3.5 Sonnet" never matches "Claude 3.5 Sonnet V2".
 */

/** How the model is called: in-region, through a geographic profile, or through global. */
export type QuotaMode = "on-demand" | "cross-region" | "global-cross-region";
export type QuotaUnit = "tokens per minute" | "requests per minute" | "tokens per day";

export interface ParsedQuotaName {
  /** Undefined for daily caps, which count every kind of call. */
  readonly mode?: QuotaMode;
  readonly unit: QuotaUnit;
  /** The model part, as written after "for". */
  readonly model: string;
}

const RATE = /^(global cross-region|cross-region|on-demand)\s+(?:model inference|invokemodel)\s+(tokens|requests)\s+per minute for\s+(.+)$/i;
const DAILY = /^model invocation max tokens per day for\s+(.+?)(?:\s*\([^)]*\))?$/i;
// Separate quotas for long-context requests; Dify sends standard-context requests.
const LONG_CONTEXT = /\b\d+[KM] context length$/i;

export function parseQuotaName(name: string): ParsedQuotaName | undefined {
  const text = name.trim().replace(/\s+/g, " ");
  const rate = RATE.exec(text);
  if (rate) {
    if (LONG_CONTEXT.test(rate[3])) return undefined;
    return {
      mode: rate[1].toLowerCase().replace(" ", "-") as QuotaMode,
      unit: rate[2].toLowerCase() === "tokens" ? "tokens per minute" : "requests per minute",
      model: rate[3],
    };
  }
  const daily = DAILY.exec(text);
  if (daily && !LONG_CONTEXT.test(daily[1])) return { unit: "tokens per day", model: daily[1] };
  return undefined;
}

/** Compares model names the way quota names vary: case and spacing. */
export function sameModelName(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
  return norm(a) === norm(b);
}
