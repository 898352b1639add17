import { compareText } from "./compare-text";
import type { Json, JsonObject, TerraformDocument } from "./terraform-document";

/** One resource or data source of a synthesized stack. */
export interface TerraformResource {
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`, or `data.<type>.<name>` for a data source. */
  readonly address: string;
  readonly body: JsonObject;
}

/** Managed resources sorted by address. */
export function managedResources(doc: TerraformDocument): TerraformResource[] {
  return collect(doc.resource, "managed");
}

/** Data sources sorted by address. */
export function dataSources(doc: TerraformDocument): TerraformResource[] {
  return collect(doc.data, "data");
}

function collect(section: TerraformDocument["resource"], mode: TerraformResource["mode"]): TerraformResource[] {
  const out: TerraformResource[] = [];
  for (const [type, byName] of Object.entries(section ?? {})) {
    for (const [name, body] of Object.entries(byName ?? {})) {
      out.push({ mode, type, name, address: `${mode === "data" ? "data." : ""}${type}.${name}`, body });
    }
  }
  return out.sort((a, b) => compareText(a.address, b.address));
}

export function isObject(value: unknown): value is JsonObject {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/**
 * A nested block as a list. cdktf writes a block that allows one item as an
 * object and a repeatable block as an array, so readers accept both.
 */
export function blocks(value: Json | undefined): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first item of a block, or an empty object. */
export function block(value: Json | undefined): JsonObject {
  return blocks(value)[0] ?? {};
}

/** A literal number (or numeric string); undefined for a Terraform expression. */
export function numberValue(value: Json | undefined): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function stringValue(value: Json | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A literal boolean (or "true"/"false"); undefined otherwise. */
export function booleanValue(value: Json | undefined): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}

const REFERENCE = /\$\{\s*(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)/g;

/** Every `<type>.<name>` (or `data.<type>.<name>`) that a string interpolates. */
export function references(value: Json | undefined): string[] {
  if (typeof value !== "string") return [];
  const out: string[] = [];
  for (const m of value.matchAll(REFERENCE)) {
    if (m[2] === "var" || m[2] === "local" || m[2] === "module" || m[2] === "each" || m[2] === "count") continue;
    out.push(`${m[1] ?? ""}${m[2]}.${m[3]}`);
  }
  return out;
}

/**
 * How many real resources one block stands for: 1, or the literal `count` /
 * `for_each` size. `known` is false when that is an expression.
 */
export function instanceCount(body: JsonObject): { count: number; known: boolean } {
  if (body.count !== undefined) {
    const n = numberValue(body.count);
    return n === undefined ? { count: 1, known: false } : { count: n, known: true };
  }
  if (body.for_each !== undefined) {
    const each = body.for_each;
    if (Array.isArray(each)) return { count: each.length, known: true };
    if (isObject(each)) return { count: Object.keys(each).length, known: true };
    return { count: 1, known: false };
  }
  return { count: 1, known: true };
}

/** Region of the AWS provider a resource uses (its `provider` alias, or the default one). */
export function providerRegion(doc: TerraformDocument, providerRef?: Json): string | undefined {
  const configs = doc.provider?.aws ?? [];
  const alias = typeof providerRef === "string" ? providerRef.replace(/^aws\./, "") : undefined;
  const config = alias && alias !== "aws" ? configs.find((c) => c.alias === alias) : configs.find((c) => c.alias === undefined);
  return stringValue(config?.region);
}
