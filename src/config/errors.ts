import type { z } from "zod";

/**
 * A configuration problem that the user must fix. `lines` holds one line per
 * problem, each of the form `<file>: <field.path>: <what is allowed>, got <value>`.
 * main.ts prints the lines and exits non-zero without a stack trace.
 */
export class ConfigError extends Error {
  constructor(public readonly lines: readonly string[]) {
    super(lines.join("\n"));
    this.name = "ConfigError";
  }
}

/** One problem located in a file at a field path. */
export function problem(file: string, path: readonly PropertyKey[], message: string): string {
  const field = formatPath(path);
  return field ? `${file}: ${field}: ${message}` : `${file}: ${message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("");
}

const show = (input: unknown): string => {
  if (input === undefined) return "nothing";
  if (input === null) return "null";
  if (Array.isArray(input)) return "an array";
  if (typeof input === "object") return "an object";
  return JSON.stringify(input);
};

/** Turns zod issues into one line each. `schema` is used to list the allowed keys. */
export function formatIssues(file: string, schema: z.ZodType, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    switch (issue.code) {
      case "unrecognized_keys": {
        const allowed = allowedKeys(schema, issue.path).filter((k) => k !== "$schema");
        const hint = allowed.length ? ` (allowed: ${allowed.join(", ")})` : "";
        return issue.keys.map((key) => problem(file, [...issue.path, key], `unknown key${hint}`));
      }
      case "invalid_type":
        return [problem(file, issue.path, issue.input === undefined ? `is required (${issue.expected})` : `must be ${article(issue.expected)}, got ${show(issue.input)}`)];
      case "invalid_value":
        return [problem(file, issue.path, `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${show(issue.input)}`)];
      case "invalid_union": {
        const discriminator = (issue as { discriminator?: string }).discriminator;
        if (issue.errors.length === 0 && discriminator) {
          const at = issue.path[issue.path.length - 1] === discriminator ? issue.path.slice(0, -1) : issue.path;
          const values = unionDiscriminatorValues(schema, at, discriminator);
          const given = issue.input && typeof issue.input === "object" ? (issue.input as Record<string, unknown>)[discriminator] : issue.input;
          return [problem(file, [...at, discriminator], `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}, got ${show(given)}`)];
        }
        return [problem(file, issue.path, issue.message)];
      }
      case "too_small":
        return [problem(file, issue.path, `must be ${issue.origin === "array" ? `at least ${issue.minimum} items` : `at least ${issue.minimum}`}, got ${show(issue.input)}`)];
      case "too_big":
        return [problem(file, issue.path, `must be ${issue.origin === "array" ? `at most ${issue.maximum} items` : `at most ${issue.maximum}`}, got ${show(issue.input)}`)];
      case "invalid_key":
        // zod reports a refused record key as "Invalid key in record"; the key's own issues say why.
        return [problem(file, issue.path, issue.issues[0]?.message ?? issue.message)];
      default:
        return [problem(file, issue.path, issue.message)];
    }
  });
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** Peels wrappers (optional, default, pipe) off a schema. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as unknown as Record<string, unknown>;
    if (def.innerType) current = def.innerType as z.core.$ZodType;
    else if (def.type === "pipe") current = def.in as z.core.$ZodType;
    else return current;
  }
}

/** The object schemas that can stand at `path` (several for a union). */
function objectsAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType[] {
  let candidates = [unwrap(schema)];
  for (const key of path) {
    candidates = candidates.flatMap((candidate) => {
      const def = candidate._zod.def as unknown as Record<string, unknown>;
      if (def.type === "object") {
        const child = (def.shape as Record<string, z.core.$ZodType>)[String(key)];
        return child ? [unwrap(child)] : [];
      }
      if (def.type === "array") return [unwrap(def.element as z.core.$ZodType)];
      if (def.type === "record") return [unwrap(def.valueType as z.core.$ZodType)];
      return [];
    });
    candidates = candidates.flatMap(expandUnion);
  }
  return candidates.flatMap(expandUnion);
}

function expandUnion(schema: z.core.$ZodType): z.core.$ZodType[] {
  const def = schema._zod.def as unknown as Record<string, unknown>;
  return def.type === "union" ? (def.options as z.core.$ZodType[]).map(unwrap) : [schema];
}

function allowedKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const candidate of objectsAt(schema, path)) {
    const def = candidate._zod.def as unknown as Record<string, unknown>;
    if (def.type === "object") Object.keys(def.shape as object).forEach((k) => keys.add(k));
  }
  return [...keys];
}

function unionDiscriminatorValues(schema: z.core.$ZodType, path: readonly PropertyKey[], discriminator: string): unknown[] {
  const values: unknown[] = [];
  for (const candidate of objectsAt(schema, path)) {
    const def = candidate._zod.def as unknown as Record<string, unknown>;
    const field = def.type === "object" ? (def.shape as Record<string, z.core.$ZodType>)[discriminator] : undefined;
    const fieldDef = field?._zod.def as unknown as { type: string; values?: unknown[] } | undefined;
    if (fieldDef?.type === "literal" && fieldDef.values) values.push(...fieldDef.values);
  }
  return values;
}
