import type { Json } from "../terraform/terraform-document";
import { isObject, references } from "../terraform/terraform-json";

/** One statement of an IAM policy, with its lists normalized to arrays. */
export interface IamStatement {
  readonly effect: string;
  readonly actions: readonly string[];
  /** Resource entries as written: ARNs, `*`, or Terraform references. */
  readonly resources: readonly string[];
  /** Principals by kind ("AWS", "Service", "Federated"), as written. */
  readonly principals: Readonly<Record<string, readonly string[]>>;
  /** Every condition key with the values it is compared with, across operators. */
  readonly conditions: ReadonlyArray<{ readonly key: string; readonly values: readonly string[] }>;
  /** Every value a condition key is compared with, across operators. */
  conditionValues(key: string): string[];
}

const strings = (value: Json | undefined): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === "string");

/**
 * The statements of a policy given as synthesized JSON: a JSON string (as
 * cdktf writes `policy` and `assume_role_policy`) or an object. A policy
 * that is a Terraform expression (a data source's output) has none here.
 */
export function iamStatements(policy: Json | undefined): IamStatement[] {
  let doc: Json | undefined = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy) as Json;
    } catch {
      return [];
    }
  }
  if (!isObject(doc)) return [];
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement ?? null];
  return list.filter(isObject).map((s): IamStatement => {
    const principal = s.Principal;
    const principals: Record<string, string[]> = {};
    if (principal === "*") principals.AWS = ["*"];
    else if (isObject(principal)) for (const [kind, value] of Object.entries(principal)) principals[kind] = strings(value);
    const condition = isObject(s.Condition) ? s.Condition : {};
    const conditions = Object.values(condition)
      .filter(isObject)
      .flatMap((byKey) => Object.entries(byKey).map(([key, v]) => ({ key, values: strings(v) })));
    return {
      effect: typeof s.Effect === "string" ? s.Effect : "",
      actions: strings(s.Action),
      resources: strings(s.Resource),
      principals,
      conditions,
      conditionValues: (key) => conditions.filter((c) => c.key.toLowerCase() === key.toLowerCase()).flatMap((c) => c.values),
    };
  });
}

/** Every resource address that any string inside `value` interpolates, in order of appearance, without repeats. */
export function referencesIn(value: Json | undefined): string[] {
  const out = new Set<string>();
  const walk = (v: Json | undefined): void => {
    if (typeof v === "string") for (const r of references(v)) out.add(r);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) Object.values(v).forEach(walk);
  };
  walk(value);
  return [...out];
}
