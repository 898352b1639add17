import { describeAssumptions } from "../cost/assumptions";
import type { CostEstimate } from "../cost/cost-estimate";
import { type CostLine, monthlyOf } from "../cost/cost-line";
import type { Json } from "../terraform/terraform-document";
import { type AttributeChange, flatten } from "./attribute-diff";
import { costDelta, type FlaggedChange, type Review, type StackReview } from "./build-review";
import type { ResourceChange } from "./diff";
import { cell, code, plural, quantity, shortValue, unitPrice, usd, usdDelta } from "./format";
import type { PolicyResults } from "./policy-results";

/** Changed attributes listed per resource before "… and N more". */
const MAX_ATTRIBUTES = 20;
/** Resources listed per change kind and stack before "… and N more". */
const MAX_RESOURCES = 100;

/** Renders the review as Markdown for a pull-request comment. */
export function renderMarkdown(review: Review): string {
  // The PR workflow adds its own comment marker; the review starts with its title.
  const out: string[] = ["## Dify infrastructure review", ""];
  if (review.compared) out.push(...securitySection(review.flagged));
  out.push(...summarySection(review));
  for (const stack of review.stacks) out.push(...stackSection(review, stack));
  out.push(...assumptionsSection(review));
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

function securitySection(flagged: readonly FlaggedChange[]): string[] {
  if (!flagged.length) return ["### Security-sensitive changes", "", "None.", ""];
  const out = [`### ⚠️ Security-sensitive changes (${flagged.length})`, ""];
  for (const { stack, change, flag } of flagged) {
    out.push(`- ⚠️ ${code(stack)} ${code(change.address)} ${change.kind}: ${flag.reasons.join(", ")}`);
    const leaves = change.kind === "added" ? flatten(change.after) : undefined;
    // A type-based flag (an IAM role renamed, say) has no triggering path: show what changed.
    const triggering = change.attributes.filter((a) => flag.paths.includes(a.path));
    const shown = leaves ? flag.paths.map((path) => `${code(path)} = ${code(shortValue(leaves.get(path)))}`) : (triggering.length ? triggering : change.attributes).map(attributeLine);
    for (const line of shown.slice(0, 5)) out.push(`  - ${line}`);
    if (shown.length > 5) out.push(`  - … and ${shown.length - 5} more`);
  }
  out.push("");
  return out;
}

function summarySection(review: Review): string[] {
  const header = review.compared
    ? ["| Stack | Region | Resources | Changes | Policy checks | Monthly estimate | Change |", "|---|---|--:|---|---|--:|--:|"]
    : ["| Stack | Region | Resources | Policy checks | Monthly estimate |", "|---|---|--:|---|--:|"];
  const out = ["### Summary", "", ...header];
  let total = 0;
  let delta = 0;
  let totalKnown = true;
  let deltaKnown = true;
  let resources = 0;
  for (const stack of review.stacks) {
    const h = stack.head;
    const estimate = h ? (h.cost.total === undefined ? "no estimate" : `${usd(h.cost.total)}${incomplete(h.cost)}`) : "—";
    if (h?.cost.total !== undefined) total += h.cost.total;
    else if (h) totalKnown = false;
    if (h?.cost.unknown.length) totalKnown = false;
    resources += h?.resourceTotal ?? 0;
    const row = [code(stack.name), h?.cost.region ?? "—", h ? String(h.resourceTotal) : "—"];
    if (review.compared) row.push(changesCell(stack));
    row.push(h ? policyCell(h.policy) : "—", estimate);
    if (review.compared) {
      const d = costDelta(stack);
      if (d === undefined) deltaKnown = false;
      else delta += d;
      row.push(d === undefined ? "n/a" : usdDelta(d));
    }
    out.push(`| ${row.map(cell).join(" | ")} |`);
  }
  const totalCell = `**${usd(total)}${totalKnown ? "" : " + what is not priced"}**`;
  const last = review.compared
    ? ["**Total**", "", String(resources), "", "", totalCell, `**${usdDelta(delta)}${deltaKnown ? "" : " (partial)"}**`]
    : ["**Total**", "", String(resources), "", totalCell];
  out.push(`| ${last.join(" | ")} |`, "");
  return out;
}

function changesCell(stack: StackReview): string {
  const diff = stack.diff;
  if (!diff) return "—";
  if (diff.status === "added") return "stack added";
  if (diff.status === "removed") return "stack removed";
  if (diff.status === "unchanged") return "none";
  const n = (kind: ResourceChange["kind"]) => diff.changes.filter((c) => c.kind === kind).length;
  const warn = stack.flags.size ? ` ⚠️ ${stack.flags.size}` : "";
  return `+${n("added")} ~${n("changed")} -${n("removed")}${warn}`;
}

function policyCell(policy: PolicyResults): string {
  return `${plural(policy.errors, "error")}, ${plural(policy.warnings, "warning")}, ${policy.suppressed} suppressed`;
}

function stackSection(review: Review, stack: StackReview): string[] {
  const region = stack.head?.cost.region ? ` (${stack.head.cost.region})` : "";
  const out = [`### Stack ${code(stack.name)}${region}`, ""];
  if (review.compared) out.push(...changesSection(stack));
  if (!stack.head) return out;
  out.push(...diagramSection(stack));
  out.push(...policySection(stack.head.policy));
  out.push(...costSection(stack.head.cost, stack));
  out.push(`<details><summary>Resources by type (${stack.head.resourceTotal})</summary>`, "");
  if (stack.head.counts.length) {
    out.push("| Type | Count |", "|---|--:|");
    for (const c of stack.head.counts) out.push(`| ${code(c.type)} | ${c.count} |`);
  } else {
    out.push("No resources.");
  }
  out.push("", "</details>", "");
  return out;
}

/**
 * The head's picture, which GitHub draws from the mermaid block. A stack the
 * PR leaves unchanged keeps it folded, so the comment leads with what changed.
 */
function diagramSection(stack: StackReview): string[] {
  if (!stack.head) return [];
  const block = ["```mermaid", stack.head.diagram, "```"];
  if (stack.diff?.status === "unchanged") return ["<details><summary>Architecture (unchanged)</summary>", "", ...block, "", "</details>", ""];
  return ["#### Architecture", "", ...block, ""];
}

function changesSection(stack: StackReview): string[] {
  const diff = stack.diff;
  if (!diff || diff.status === "unchanged") return ["#### Changes", "", "No changes.", ""];
  const count = (kind: ResourceChange["kind"]) => diff.changes.filter((c) => c.kind === kind);
  const title =
    diff.status === "added"
      ? "#### Changes: stack added"
      : diff.status === "removed"
        ? "#### Changes: stack removed"
        : `#### Changes: ${count("added").length} added, ${count("changed").length} changed, ${count("removed").length} removed`;
  const out = [title, ""];
  for (const kind of ["added", "changed", "removed"] as const) {
    const changes = count(kind);
    for (const change of changes.slice(0, MAX_RESOURCES)) {
      const flag = stack.flags.get(change.address);
      out.push(`- ${kind} ${code(change.address)}${flag ? ` ⚠️ ${flag.reasons.join(", ")}` : ""}`);
      for (const a of change.attributes.slice(0, MAX_ATTRIBUTES)) out.push(`  - ${attributeLine(a)}`);
      if (change.attributes.length > MAX_ATTRIBUTES) out.push(`  - … and ${change.attributes.length - MAX_ATTRIBUTES} more attributes`);
    }
    if (changes.length > MAX_RESOURCES) out.push(`- … and ${changes.length - MAX_RESOURCES} more ${kind}`);
  }
  out.push("");
  return out;
}

/** Items of a list change shown before "… N more". */
const MAX_ITEMS = 5;

/** Changed lines of a text shown before "… N more". */
const MAX_LINES = 20;

function attributeLine(a: AttributeChange): string {
  if (a.lines) return textChangeLines(a.path, a.lines);
  if (a.added || a.removed) {
    const items = (label: string, values: readonly Json[] = []) =>
      values.length
        ? [
            `${label} ${values
              .slice(0, MAX_ITEMS)
              .map((v) => code(shortValue(v)))
              .join(", ")}${values.length > MAX_ITEMS ? ` … ${values.length - MAX_ITEMS} more` : ""}`,
          ]
        : [];
    return `${code(a.path)}: ${[...items("added", a.added), ...items("removed", a.removed)].join("; ")}`;
  }
  const order = a.reordered ? " (order only)" : "";
  return `${code(a.path)}: ${code(shortValue(a.before))} → ${code(shortValue(a.after))}${order}`;
}

/**
 * The differing lines of a text, as a diff block nested under the list item
 * (indented four spaces, the content column of "  - ").
 */
function textChangeLines(path: string, lines: readonly string[]): string {
  const removed = lines.filter((l) => l.startsWith("-")).length;
  const added = lines.length - removed;
  const shown = lines.slice(0, MAX_LINES);
  const longestRun = Math.max(2, ...shown.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = "`".repeat(longestRun + 1);
  const more = lines.length > MAX_LINES ? [`… and ${lines.length - MAX_LINES} more lines`] : [];
  return [`${code(path)}: ${plural(removed, "line")} removed, ${plural(added, "line")} added:`, `${fence}diff`, ...shown, fence, ...more].join("\n    ");
}

function policySection(policy: PolicyResults): string[] {
  const out = [`#### Policy checks: ${policyCell(policy)}`, ""];
  if (policy.entries.length) {
    out.push("| Result | Rule | Resource | Detail |", "|---|---|---|---|");
    for (const e of policy.entries) {
      const result = e.kind === "error" ? "❌ error" : e.kind === "warning" ? "⚠️ warning" : "suppressed";
      const detail = e.kind === "suppressed" ? `reason: ${e.text}` : e.text;
      out.push(`| ${result} | ${code(e.ruleId)} | ${code(e.resource)} | ${cell(detail)} |`);
    }
    out.push("");
  }
  if (policy.other.length) {
    out.push("Other annotations:", "");
    for (const a of policy.other) out.push(`- ${a.level} ${code(a.resource)}: ${a.message.replace(/\r?\n/g, " ")}`);
    out.push("");
  }
  return out;
}

function costSection(cost: CostEstimate, stack: StackReview): string[] {
  if (cost.total === undefined) {
    return ["#### Monthly cost estimate", "", `No estimate: ${cost.unpriced}.`, "", ...usageLines(cost), ...budgetLines(cost), ""];
  }
  const out = [`#### Monthly cost estimate: ${usd(cost.total)}${incomplete(cost)}`, ""];
  const delta = costDelta(stack);
  if (delta !== undefined) {
    const before = stack.base?.cost?.total ?? 0;
    out.push(`Change against the base: ${usdDelta(delta)} (${usd(before)} → ${usd(cost.total)}).`, "");
  }
  if (cost.lines.length) {
    out.push("| Service | Item | Quantity | Unit price | Monthly |", "|---|---|--:|--:|--:|");
    for (const line of cost.lines) out.push(costRow(line));
    out.push(`| **Total** | | | | **${usd(cost.total)}** |`, "");
  } else {
    out.push("No priced resources.", "");
  }
  out.push(...usageLines(cost), ...budgetLines(cost));
  if (cost.unknown.length) out.push(`- Price unknown, not in the total: ${cost.unknown.join("; ")}.`);
  for (const note of cost.notes) out.push(`- ${note}`);
  if (cost.needsConfirming) out.push("- † price still needs confirming against the AWS pricing page (src/catalog/prices.ts).");
  out.push("");
  return out;
}

/** A total that leaves out an unpriced resource says so wherever it is shown. */
function incomplete(cost: CostEstimate): string {
  const n = cost.unknown.length;
  return n ? ` (incomplete: ${n} unpriced item${n === 1 ? "" : "s"} left out)` : "";
}

function costRow(line: CostLine): string {
  const amount = line.count === 1 ? "" : `${quantity(line.count)} × `;
  const nominal = line.nominal ? " (nominal)" : "";
  const monthly = monthlyOf(line);
  return `| ${cell(line.service)} | ${cell(line.item)}${nominal} | ${amount}${quantity(line.perThing)} ${line.unit} | ${
    line.price ? unitPrice(line.price) : "price unknown"
  } | ${monthly === undefined ? "—" : usd(monthly)} |`;
}

/** The AWS Budgets amount the stack deploys, and where it came from. */
function budgetLines(cost: CostEstimate): string[] {
  return cost.budgets.map((b) => {
    const amount = b.amountUsd === undefined ? "an amount set by an expression" : `${usd(b.amountUsd)} a month`;
    return `- Budget alert (${code(b.address)}): ${amount}${b.basis ? ` (${b.basis})` : ""}.`;
  });
}

function usageLines(cost: CostEstimate): string[] {
  const out: string[] = [];
  if (cost.usage.bedrock) {
    const models = cost.usage.bedrockModels.length
      ? `Models and inference profiles in the policies: ${cost.usage.bedrockModels.map(code).join(", ")}.`
      : "No model ARN was found in the policies.";
    out.push(`- Bedrock: billed per token on use, not estimated. ${models}`);
  }
  if (cost.usage.notEstimated.length) out.push(`- Usage-based, not estimated: ${cost.usage.notEstimated.join(", ")}.`);
  return out;
}

function assumptionsSection(review: Review): string[] {
  const months = new Set<string>();
  for (const s of review.stacks) for (const l of s.head?.cost.lines ?? []) if (l.price) months.add(l.price.asOf);
  const asOf = months.size ? ` as of ${[...months].sort().join(", ")}` : "";
  return [
    "<details><summary>Assumptions of the cost estimate</summary>",
    "",
    ...describeAssumptions().map((a) => `- ${a}`),
    `- Prices: AWS on-demand list prices${asOf}, kept with their sources in src/catalog/prices.ts (ap-northeast-1 and us-west-2).`,
    "",
    "</details>",
  ];
}
