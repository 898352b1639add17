import type { Json } from "../terraform/terraform-document";
import { changedLines } from "./line-diff";
import { scriptText } from "./script-text";

/**
 * One changed attribute. For a leaf, `before`/`after` are the values
 * (undefined when absent). For a list of plain values (CIDRs, principals,
 * actions, subnet ids) the change is given as the items `added` and
 * `removed`, so inserting one item does not show every later index as
 * changed; a list whose items only moved has `reordered` set.
 */
export interface AttributeChange {
  /** Dotted path, list items by index: "ingress.0.cidr_blocks". */
  readonly path: string;
  readonly before?: Json;
  readonly after?: Json;
  readonly added?: readonly Json[];
  readonly removed?: readonly Json[];
  readonly reordered?: true;
  /**
   * For a multi-line text (a boot script, also base64 or gzipped): the lines
   * that differ, "-" removed and "+" added, so a one-line change does not read
   * as two long strings with the same first characters.
   */
  readonly lines?: readonly string[];
}

/**
 * Differences between two resource bodies. Strings holding JSON documents
 * (IAM, bucket, key and endpoint policies) are compared inside, so a policy
 * change reads "policy.Statement.1.Action" rather than two long strings.
 * cdktf's "//" metadata is ignored.
 */
export function diffAttributes(before: Json | undefined, after: Json | undefined): AttributeChange[] {
  const out: AttributeChange[] = [];
  diffValue(withoutNulls(before), withoutNulls(after), "", out);
  return out.sort((a, b) => comparePaths(a.path, b.path));
}

function diffValue(before: Json | undefined, after: Json | undefined, path: string, out: AttributeChange[]): void {
  const x = expand(before);
  const y = expand(after);
  if (isPlainList(x) && isPlainList(y) && (x !== undefined || y !== undefined)) {
    diffPlainList(x ?? [], y ?? [], path, out);
    return;
  }
  if (isContainer(x) && isContainer(y) && Array.isArray(x) === Array.isArray(y) && !isEmpty(x) && !isEmpty(y)) {
    for (const key of childKeys(x, y)) diffValue(child(x, key), child(y, key), join(path, key), out);
    return;
  }
  // Different shapes, or one side absent: compare leaf by leaf. An empty
  // object or list facing a filled one of the same kind is no leaf of its own:
  // the filled side's leaves are the change.
  const emptyFacingFilled = (u: Json | undefined, v: Json | undefined) => isContainer(u) && isContainer(v) && Array.isArray(u) === Array.isArray(v) && isEmpty(u) && !isEmpty(v);
  const a = emptyFacingFilled(x, y) ? new Map<string, Json>() : flatten(x, path);
  const b = emptyFacingFilled(y, x) ? new Map<string, Json>() : flatten(y, path);
  for (const p of [...new Set([...a.keys(), ...b.keys()])]) {
    const u = a.get(p);
    const v = b.get(p);
    // Terraform reads an absent attribute and a null one alike.
    if ((u ?? null) === null && (v ?? null) === null) continue;
    if (u !== undefined && v !== undefined && JSON.stringify(u) === JSON.stringify(v)) continue;
    out.push({ path: p, before: u, after: v, ...textLines(u, v) });
  }
}

/** Terraform reads a null attribute as an absent one, so object keys holding null are dropped before comparing. */
function withoutNulls(value: Json | undefined): Json | undefined {
  if (Array.isArray(value)) return value.map((v) => withoutNulls(v) ?? null);
  if (!value || typeof value !== "object") return value;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v)!;
  return out;
}

function textLines(before: Json | undefined, after: Json | undefined): { lines?: string[] } {
  if (typeof before !== "string" || typeof after !== "string") return {};
  const x = scriptText(before);
  const y = scriptText(after);
  return x !== undefined && y !== undefined ? { lines: changedLines(x, y) } : {};
}

function diffPlainList(x: readonly Json[], y: readonly Json[], path: string, out: AttributeChange[]): void {
  const key = (v: Json) => JSON.stringify(v);
  const removed = multisetMinus(x, y, key);
  const added = multisetMinus(y, x, key);
  if (added.length || removed.length) out.push({ path, added, removed });
  else if (x.map(key).join("\u0000") !== y.map(key).join("\u0000")) out.push({ path, before: [...x], after: [...y], reordered: true });
}

function multisetMinus(from: readonly Json[], minus: readonly Json[], key: (v: Json) => string): Json[] {
  const left = new Map<string, number>();
  for (const v of minus) left.set(key(v), (left.get(key(v)) ?? 0) + 1);
  const out: Json[] = [];
  for (const v of from) {
    const n = left.get(key(v)) ?? 0;
    if (n > 0) left.set(key(v), n - 1);
    else out.push(v);
  }
  return out;
}

/** A list of plain values (or absent); an empty list counts as one. */
function isPlainList(value: Json | undefined): value is Json[] | undefined {
  return value === undefined || (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object"));
}

function isContainer(value: Json | undefined): value is Json[] | { [key: string]: Json } {
  return !!value && typeof value === "object";
}

function isEmpty(value: Json[] | { [key: string]: Json }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).filter((k) => k !== "//").length === 0;
}

function childKeys(x: Json[] | { [key: string]: Json }, y: Json[] | { [key: string]: Json }): string[] {
  if (Array.isArray(x) && Array.isArray(y)) return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => String(i));
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => k !== "//");
}

function child(value: Json[] | { [key: string]: Json }, key: string): Json | undefined {
  return Array.isArray(value) ? value[Number(key)] : value[key];
}

/** A string holding a JSON document, parsed; any other value as it is. */
function expand(value: Json | undefined): Json | undefined {
  return typeof value === "string" ? (embeddedJson(value) ?? value) : value;
}

/** Every leaf of a value, keyed by dotted path. Empty objects and lists are leaves. */
export function flatten(value: Json | undefined, prefix = "", out = new Map<string, Json>()): Map<string, Json> {
  if (value === undefined) return out;
  const nested = typeof value === "string" ? embeddedJson(value) : undefined;
  const v = nested ?? value;
  if (Array.isArray(v)) {
    if (!v.length) out.set(prefix, []);
    v.forEach((item, i) => flatten(item, join(prefix, String(i)), out));
  } else if (v && typeof v === "object") {
    const keys = Object.keys(v).filter((k) => k !== "//");
    if (!keys.length) out.set(prefix, {});
    for (const k of keys) flatten(v[k], join(prefix, k), out);
  } else {
    out.set(prefix, v);
  }
  return out;
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

function embeddedJson(text: string): Json | undefined {
  const t = text.trim();
  if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) return undefined;
  try {
    const parsed = JSON.parse(t) as Json;
    return parsed && typeof parsed === "object" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Path order with list indexes compared as numbers ("a.2" before "a.10"). */
function comparePaths(a: string, b: string): number {
  const x = a.split(".");
  const y = b.split(".");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const nx = /^\d+$/.test(x[i]) ? Number(x[i]) : NaN;
    const ny = /^\d+$/.test(y[i]) ? Number(y[i]) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}
