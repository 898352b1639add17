import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers/fixtures";

/** The fenced blocks of one README section (from its heading to the next heading). */
export function readmeBlocks(heading: string, file = path.join(ROOT, "README.md")): string[] {
  const text = fs.readFileSync(file, "utf8");
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no "${heading}" in ${file}`);
  const rest = text.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n#{1,6} /) >>> 0);
  return [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * True when `actual` reads as the README `example`: the same text in the same
 * order, where `<placeholder>` and `...` stand for anything, and line
 * breaks and runs of spaces are equal (Terraform wraps to the terminal).
 */
export function matchesExample(actual: string, example: string): boolean {
  const pattern = example
    .trim()
    .split(/(<[^>\n]+>|\.\.\.)/)
    .map((part, i) => (i % 2 ? "[\\s\\S]*?" : part.split(/\s+/).map(escapeRegExp).join("\\s+")))
    .join("");
  return new RegExp(pattern).test(actual);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
