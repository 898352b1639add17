/**
 * Reading attribute values out of synthesized Terraform JSON.
 *
 * Values come in the shapes Terraform accepts, not only the ones our typed
 * classes write: booleans may be strings ("true" in aws_launch_template),
 * nested blocks may be one object or a list of them (escape-hatch overrides
 * often write a list), and anything may be an interpolation such as
 * "${var.x}" that is only known at apply time.
 */

export type Attributes = Readonly<Record<string, unknown>>;

/** A value decided at synth time, or "unknown" when it is a Terraform expression. */
export type Known<T> = T | "unknown";

/** True when the value contains a Terraform interpolation, so it is only known at apply time. */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.includes("${");
}

/** A boolean attribute: true/false (also as "true"/"false"), undefined when unset. */
export function bool(value: unknown): Known<boolean | undefined> {
  if (value === undefined || value === null) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return "unknown";
}

/** A number attribute (also as a numeric string), undefined when unset. */
export function num(value: unknown): Known<number | undefined> {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
  return "unknown";
}

/** A string attribute, undefined when unset. */
export function str(value: unknown): Known<string | undefined> {
  if (value === undefined || value === null) return undefined;
  if (isExpression(value)) return "unknown";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return "unknown";
}

/** The blocks of a nested block attribute, whether written as one object or a list. */
export function blocks(value: unknown): Attributes[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((b): b is Attributes => typeof b === "object" && b !== null && !Array.isArray(b));
}

/** The first block of a single nested block attribute (maxItems 1), if any. */
export function block(value: unknown): Attributes | undefined {
  return blocks(value)[0];
}

/** A list attribute of strings; a whole-list expression gives "unknown". */
export function strings(value: unknown): Known<string[]> {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return isExpression(value) ? "unknown" : [value];
  if (!Array.isArray(value)) return "unknown";
  return value.filter((v): v is string => typeof v === "string");
}
