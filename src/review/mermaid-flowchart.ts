/**
 * A small writer for Mermaid flowcharts that GitHub renders in a PR comment.
 *
 * Labels come from synthesized JSON, which carries user text (namespaces,
 * tags, bucket names), so every label is written as a quoted string in
 * which anything but a short list of plain characters becomes a Mermaid
 * entity code (`#35;`). Mermaid reads the quotes before anything else, and
 * decodes the codes only when it draws the text.
 */

export type NodeShape = "box" | "round" | "cylinder" | "stadium" | "hexagon";

export interface FlowNode {
  readonly id: string;
  /** Lines of the label, shown one under the other. */
  readonly lines: readonly string[];
  readonly shape: NodeShape;
}

export interface FlowGroup {
  readonly id: string;
  readonly title: string;
  readonly children: readonly FlowItem[];
}

export type FlowItem = { readonly node: FlowNode } | { readonly group: FlowGroup };

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** A dotted line: a path that exists but is not the main flow (egress, trust). */
  readonly dotted?: boolean;
}

export interface Flowchart {
  readonly direction: "TB" | "LR";
  readonly items: readonly FlowItem[];
  readonly edges: readonly FlowEdge[];
}

/** Characters that a quoted label may hold as they are; every other one is written as `#<code point>;`. */
const PLAIN = /[A-Za-z0-9 .,:/_+=@*()'?-]/;

/**
 * A label as Mermaid string content, without the quotes. Line breaks become
 * spaces. Three words have their first letter encoded, because Mermaid reads
 * whole lines before it looks at the quotes: a line holding "direction TB"
 * (or LR, RL, BT) becomes a direction statement, and on a line holding
 * "style" or "classDef", a colon and an entity code, Mermaid drops the
 * line's last ";", which would cut an entity code short.
 */
export function escapeLabel(text: string): string {
  let out = "";
  for (const ch of text.replace(/\s+/g, " ").trim()) out += PLAIN.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out.replace(/d(?=irection)|s(?=tyle)|c(?=lassdef)/gi, (ch) => `#${ch.codePointAt(0)};`);
}

/** Node ids that the flowchart lexer reads as keywords. */
const KEYWORDS = new Set(["end", "graph", "flowchart", "subgraph", "style", "class", "classdef", "click", "call", "href", "default", "linkstyle", "interpolate", "direction"]);

/**
 * A node id from a fixed prefix and free text: lower-case letters, digits
 * and underscores only, never a keyword, and never the word "style", which
 * would expose its whole line to Mermaid's style pre-pass (see escapeLabel).
 */
export function nodeId(prefix: string, ...parts: readonly string[]): string {
  const id = [prefix, ...parts]
    .join("_")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "")
    .replace(/style/g, "sty_le");
  const safe = /^[a-z]/.test(id) ? id : `n_${id}`;
  return KEYWORDS.has(safe) ? `${safe}_` : safe;
}

/**
 * Hands out node ids that are unique within one chart: the first use of a
 * name gets it as it is, a different name that comes out the same gets
 * `_2`, `_3`. Callers ask in sorted order, so the ids are stable.
 */
export class IdPool {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** The id of `prefix` + `parts`; asking again with the same arguments gives the same id. */
  id(prefix: string, ...parts: readonly string[]): string {
    return this.named(JSON.stringify([prefix, ...parts]), prefix, ...parts);
  }

  /**
   * An id written from `prefix` + `parts` for the thing named `key`: two
   * things may share a short id text ("hosts") and still get ids of their own.
   */
  named(key: string, prefix: string, ...parts: readonly string[]): string {
    const known = this.byKey.get(key);
    if (known) return known;
    const base = nodeId(prefix, ...parts);
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    this.byKey.set(key, id);
    return id;
  }
}

const OPEN: Record<NodeShape, [string, string]> = {
  box: ["[", "]"],
  round: ["(", ")"],
  cylinder: ["[(", ")]"],
  stadium: ["([", "])"],
  hexagon: ["{{", "}}"],
};

/**
 * The flowchart as Mermaid text, in the order given: callers sort their
 * input, so the same facts always give the same bytes. Ids must be unique
 * and every edge must name a node or group; anything else is a bug here,
 * not bad input, so it throws.
 */
export function renderFlowchart(chart: Flowchart): string {
  const ids = new Set<string>();
  const claim = (id: string) => {
    if (!/^[a-z][a-z0-9_]*$/.test(id) || KEYWORDS.has(id)) throw new Error(`unsafe Mermaid id ${JSON.stringify(id)}`);
    if (ids.has(id)) throw new Error(`duplicate Mermaid id ${id}`);
    ids.add(id);
  };
  const out = [`flowchart ${chart.direction}`];
  const write = (item: FlowItem, depth: number) => {
    const pad = "  ".repeat(depth);
    if ("node" in item) {
      const { id, lines, shape } = item.node;
      claim(id);
      const [open, close] = OPEN[shape];
      out.push(`${pad}${id}${open}"${lines.map(escapeLabel).join("<br/>")}"${close}`);
      return;
    }
    const { id, title, children } = item.group;
    claim(id);
    out.push(`${pad}subgraph ${id}["${escapeLabel(title)}"]`);
    for (const child of children) write(child, depth + 1);
    out.push(`${pad}end`);
  };
  for (const item of chart.items) write(item, 1);
  for (const edge of chart.edges) {
    for (const end of [edge.from, edge.to]) if (!ids.has(end)) throw new Error(`Mermaid edge to unknown id ${end}`);
    const arrow = edge.dotted ? "-.->" : "-->";
    const label = edge.label ? `|"${escapeLabel(edge.label)}"|` : "";
    out.push(`  ${edge.from} ${arrow}${label} ${edge.to}`);
  }
  return out.join("\n");
}
