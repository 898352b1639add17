import type { Price } from "../catalog/prices";
import type { Json } from "../terraform/terraform-document";

/**
 * Fixed, locale-independent number formatting, so the same input always gives
 * byte-identical Markdown.
 */

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "$1,234.56"; negative zero prints as "$0.00". */
export function usd(amount: number): string {
  const cents = Math.round(amount * 100);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}$${groupThousands(String(Math.floor(abs / 100)))}.${String(abs % 100).padStart(2, "0")}`;
}

/** "+$1.23", "-$1.23" or "$0.00". */
export function usdDelta(amount: number): string {
  const cents = Math.round(amount * 100);
  if (cents === 0) return "$0.00";
  return cents > 0 ? `+${usd(amount)}` : usd(amount);
}

/** A unit price with as many decimals as the table has (at least two): "$0.0832/h", "$1.00/key-month". */
export function unitPrice(price: Price): string {
  const [whole, fraction = ""] = price.usd.toFixed(6).replace(/0+$/, "").split(".");
  return `$${groupThousands(whole)}.${fraction.padEnd(2, "0")}/${price.unit}${price.needsConfirming ? " †" : ""}`;
}

/** "1,460", "0.5", "12.25". */
export function quantity(n: number): string {
  const [whole, fraction] = (Math.round(n * 1000) / 1000).toString().split(".");
  return fraction ? `${groupThousands(whole)}.${fraction}` : groupThousands(whole);
}

/** A JSON value for a change line, cut to `max` characters. */
export function shortValue(value: Json | undefined, max = 80): string {
  if (value === undefined) return "(none)";
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text for a table cell: pipes escaped, newlines flattened. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
