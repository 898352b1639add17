import type { QuotaRow } from "./check-quotas";

const STATUS_TEXT: Readonly<Record<QuotaRow["status"], string>> = {
  ok: "ok",
  low: "LOW",
  zero: "ZERO",
  missing: "not found",
};

/** A plain-text table: fixed columns, numbers right-aligned, readable in a terminal and a CI log. */
export function formatQuotaTable(rows: readonly QuotaRow[]): string {
  const header = ["ROLE", "MODEL", "QUOTA", "VALUE", "STATUS"];
  const body = rows.map((r) => [
    r.roles,
    r.modelId,
    r.quotaName,
    r.value === undefined ? "-" : r.value.toLocaleString("en-US") + (r.source === "default" ? " (default)" : ""),
    STATUS_TEXT[r.status],
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), ...body.map(line)].join("\n");
}
