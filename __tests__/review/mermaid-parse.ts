/**
 * A strict reader for the Mermaid flowchart subset the review writes, so the
 * diagram tests assert on structure (nodes, labels, groups, edges) instead of
 * on text. It refuses anything outside that subset, and in particular any
 * label that is not a quoted string made only of plain characters, entity
 * codes (`#35;`) and `<br/>`: that is the escaping rule that keeps user text
 * from breaking the chart, checked on every line of every diagram parsed.
 */

export interface ParsedNode {
  readonly id: string;
  readonly shape: string;
  /** The decoded label, lines joined with "\n". */
  readonly label: string;
  readonly lines: readonly string[];
  /** Id of the enclosing subgraph, if any. */
  readonly parent?: string;
}

export interface ParsedGroup {
  readonly id: string;
  readonly title: string;
  readonly parent?: string;
  readonly children: string[];
}

export interface ParsedEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly dotted: boolean;
}

export interface ParsedFlowchart {
  readonly direction: string;
  readonly nodes: ReadonlyMap<string, ParsedNode>;
  readonly groups: ReadonlyMap<string, ParsedGroup>;
  readonly edges: readonly ParsedEdge[];
}

const ID = "[a-z][a-z0-9_]*";
/** Plain characters, entity codes and line breaks: nothing the lexer could read as syntax. */
const LABEL = "(?:[A-Za-z0-9 .,:/_+=@*()'?-]|#\\d+;|<br/>)*";
const SHAPES: Record<string, [string, string]> = {
  cylinder: ["[(", ")]"],
  stadium: ["([", "])"],
  hexagon: ["{{", "}}"],
  box: ["[", "]"],
  round: ["(", ")"],
};
const esc = (s: string) => s.replace(/[[\](){}]/g, "\\$&");
const NODE_PATTERNS = Object.entries(SHAPES).map(([shape, [open, close]]) => ({
  shape,
  re: new RegExp(`^(${ID})${esc(open)}"(${LABEL})"${esc(close)}$`),
}));
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\["(${LABEL})"\\]$`);
const EDGE = new RegExp(`^(${ID}) (-->|-\\.->)(?:\\|"(${LABEL})"\\|)? (${ID})$`);
const KEYWORDS = new Set(["end", "graph", "flowchart", "subgraph", "style", "class", "classdef", "click", "call", "href", "default", "linkstyle", "interpolate", "direction"]);

/** Text of a label: entity codes decoded, `<br/>` as a line break. */
export function decodeLabel(raw: string): string {
  return raw.replace(/<br\/>/g, "\n").replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

export function parseFlowchart(text: string): ParsedFlowchart {
  const lines = text.split("\n");
  const header = /^flowchart (TB|LR|BT|RL)$/.exec(lines[0] ?? "");
  if (!header) throw new Error(`line 1 is not a flowchart header: ${JSON.stringify(lines[0])}`);
  const nodes = new Map<string, ParsedNode>();
  const groups = new Map<string, ParsedGroup>();
  const edges: ParsedEdge[] = [];
  const stack: string[] = [];
  const claim = (id: string, line: number) => {
    if (KEYWORDS.has(id)) throw new Error(`line ${line}: id ${id} is a Mermaid keyword`);
    if (nodes.has(id) || groups.has(id)) throw new Error(`line ${line}: id ${id} declared twice`);
  };
  lines.slice(1).forEach((raw, i) => {
    const n = i + 2;
    // The flowchart lexer takes any line holding "direction XX" for a direction statement.
    if (/direction\s+(TB|BT|RL|LR)/.test(raw)) throw new Error(`line ${n} would be read as a direction statement: ${raw}`);
    // Mermaid drops the last ";" of such a line before parsing, which would cut an entity code short.
    if (/(style|classDef).*:\S*#.*;/.test(raw)) throw new Error(`line ${n} would lose its last ";" to Mermaid's style pre-pass: ${raw}`);
    const line = raw.trim();
    if (line === "end") {
      if (!stack.pop()) throw new Error(`line ${n}: end without subgraph`);
      return;
    }
    const sub = SUBGRAPH.exec(line);
    if (sub) {
      claim(sub[1], n);
      const parent = stack.at(-1);
      groups.set(sub[1], { id: sub[1], title: decodeLabel(sub[2]), parent, children: [] });
      if (parent) groups.get(parent)!.children.push(sub[1]);
      stack.push(sub[1]);
      return;
    }
    const edge = EDGE.exec(line);
    if (edge) {
      edges.push({ from: edge[1], to: edge[4], label: edge[3] === undefined ? undefined : decodeLabel(edge[3]), dotted: edge[2] === "-.->" });
      return;
    }
    for (const { shape, re } of NODE_PATTERNS) {
      const m = re.exec(line);
      if (!m) continue;
      claim(m[1], n);
      const label = decodeLabel(m[2]);
      const parent = stack.at(-1);
      nodes.set(m[1], { id: m[1], shape, label, lines: label.split("\n"), parent });
      if (parent) groups.get(parent)!.children.push(m[1]);
      return;
    }
    throw new Error(`line ${n} is outside the flowchart subset or holds an unescaped label: ${raw}`);
  });
  if (stack.length) throw new Error(`subgraph ${stack.at(-1)} is not closed`);
  for (const e of edges) {
    for (const end of [e.from, e.to]) if (!nodes.has(end) && !groups.has(end)) throw new Error(`edge ${e.from} -> ${e.to} names unknown id ${end}`);
  }
  return { direction: header[1], nodes, groups, edges };
}

/** The one node whose label contains every given text; fails when none or several do. */
export function nodeWith(chart: ParsedFlowchart, ...texts: string[]): ParsedNode {
  const found = [...chart.nodes.values()].filter((n) => texts.every((t) => n.label.includes(t)));
  if (found.length !== 1) throw new Error(`expected one node with ${JSON.stringify(texts)}, found ${found.length}: ${found.map((f) => f.id).join(", ")}`);
  return found[0];
}

/** Titles of the subgraphs around an id, innermost first. */
export function enclosingTitles(chart: ParsedFlowchart, id: string): string[] {
  const out: string[] = [];
  let parent = chart.nodes.get(id)?.parent ?? chart.groups.get(id)?.parent;
  while (parent) {
    const group = chart.groups.get(parent)!;
    out.push(group.title);
    parent = group.parent;
  }
  return out;
}

export function edgesBetween(chart: ParsedFlowchart, from: string, to: string): ParsedEdge[] {
  return chart.edges.filter((e) => e.from === from && e.to === to);
}
