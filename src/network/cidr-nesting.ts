import { type Cidr, size } from "./cidr";

/** An entry that lies inside (or equals) an earlier-sorted, wider entry. */
export interface NestedEntry {
  /** Index of the inner entry in the input. */
  readonly index: number;
  /** Index of the entry that covers it. */
  readonly within: number;
}

/**
 * Every entry that overlaps another one. Two IPv4 CIDR blocks either nest or
 * are disjoint, so sorting by start address (wider first on a tie) puts each
 * block right after the block that covers it, and one pass finds them all:
 * O(n log n) instead of comparing every pair, which took minutes for tens of
 * thousands of entries. `stats.comparisons` counts the pass's comparisons.
 */
export function nestedEntries(blocks: readonly Cidr[], stats?: { comparisons: number }): NestedEntry[] {
  const order = blocks.map((_, i) => i).sort((a, b) => blocks[a].base - blocks[b].base || blocks[a].prefix - blocks[b].prefix || a - b);
  const out: NestedEntry[] = [];
  let cover: number | undefined;
  for (const i of order) {
    if (stats) stats.comparisons++;
    if (cover !== undefined && blocks[i].base < blocks[cover].base + size(blocks[cover])) out.push({ index: i, within: cover });
    else cover = i;
  }
  return out.sort((x, y) => x.index - y.index);
}
