import { isExpression } from "./values";

/** One statement of an IAM-style policy, as written (Action may be a string or a list). */
export type Statement = Readonly<Record<string, unknown>>;

export type ParsedPolicy =
  | { readonly kind: "parsed"; readonly statements: readonly Statement[] }
  /** A data source, jsonencode() or other expression: only Terraform knows the text. */
  | { readonly kind: "unparseable"; readonly reason: string };

/**
 * Parses a policy document attribute. Documents built with policyDocument()
 * are JSON strings that may contain interpolations inside string values
 * ("${aws_s3_bucket.x.arn}/*"), which JSON.parse reads fine.
 */
export function parsePolicyJson(value: unknown): ParsedPolicy {
  let doc: unknown = value;
  if (typeof value === "string") {
    if (/^\s*\$\{[\s\S]*\}\s*$/.test(value)) return { kind: "unparseable", reason: "it is a Terraform expression" };
    try {
      doc = JSON.parse(value);
    } catch {
      return { kind: "unparseable", reason: isExpression(value) ? "it mixes JSON and Terraform expressions" : "it is not valid JSON" };
    }
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { kind: "unparseable", reason: "it is not a JSON object" };
  const statement = (doc as Record<string, unknown>).Statement;
  const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  return { kind: "parsed", statements: list.filter((s): s is Statement => typeof s === "object" && s !== null && !Array.isArray(s)) };
}

/** A string-or-list policy element as a list. */
export function listOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** "Sid Foo" or "statement 2", to name a statement in a message. */
export function statementName(statement: Statement, index: number): string {
  return typeof statement.Sid === "string" && statement.Sid ? `statement ${statement.Sid}` : `statement ${index + 1}`;
}
