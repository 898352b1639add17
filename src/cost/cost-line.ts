import type { Price, PriceUnit } from "../catalog/prices";
import { compareText } from "../terraform/compare-text";

/** One row of the cost estimate: `count` things of `perThing` units each. */
export interface CostLine {
  /** "EC2", "EBS", "VPC", ... */
  readonly service: string;
  /** What is billed, for example "t3.large instance". */
  readonly item: string;
  readonly count: number;
  readonly perThing: number;
  readonly unit: PriceUnit;
  /** Undefined when the price is unknown; the line is then left out of the total. */
  readonly price?: Price;
  /** The quantity is a nominal-use assumption rather than read from the resources. */
  readonly nominal: boolean;
  readonly addresses: readonly string[];
}

export function monthlyOf(line: CostLine): number | undefined {
  return line.price === undefined ? undefined : line.count * line.perThing * line.price.usd;
}

/**
 * Merges lines that bill the same thing at the same price and size, so that
 * three NAT gateways read "3 × 730 h" instead of three rows.
 */
export function mergeLines(lines: readonly CostLine[]): CostLine[] {
  const merged = new Map<string, CostLine>();
  for (const line of lines) {
    const key = JSON.stringify([line.service, line.item, line.unit, line.perThing, line.price?.usd ?? null, line.nominal]);
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, count: seen.count + line.count, addresses: [...seen.addresses, ...line.addresses] } : { ...line, addresses: [...line.addresses] });
  }
  return [...merged.values()]
    .filter((l) => l.count > 0)
    .map((l) => ({ ...l, addresses: [...new Set(l.addresses)].sort(compareText) }))
    .sort(
      (a, b) =>
        compareText(a.service, b.service) || compareText(a.item, b.item) || a.perThing - b.perThing || (a.price?.usd ?? -1) - (b.price?.usd ?? -1) || Number(a.nominal) - Number(b.nominal),
    );
}
