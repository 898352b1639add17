import type { PolicyResource } from "./policy-resource";
import { isExpression } from "./values";

export interface Reference {
  /** "<type>.<name>" of the referenced resource ("data.<type>.<name>" for data sources). */
  readonly address: string;
  /** The attribute read, for example "id" or "arn". */
  readonly attribute: string;
}

// "${aws_s3_bucket.logs_1A2B3C.id}" as cdktf resolves a resource attribute token.
const WHOLE_REFERENCE = /^\$\{((?:data\.)?[A-Za-z][\w-]*\.[A-Za-z_][\w-]*)\.([A-Za-z_][\w]*)\}$/;

/** The resource a value refers to, when the whole value is one attribute reference. */
export function referenceOf(value: unknown): Reference | undefined {
  if (typeof value !== "string") return undefined;
  const match = WHOLE_REFERENCE.exec(value);
  return match ? { address: match[1], attribute: match[2] } : undefined;
}

/**
 * True when `value` names `target`: either a reference to it
 * ("${aws_s3_bucket.x.id}", ".bucket", ".arn"...), or, when `literalAttribute`
 * is given, the same literal as the target's attribute (a bucket named
 * "my-logs" in both places).
 */
export function refersTo(value: unknown, target: PolicyResource, literalAttribute?: string): boolean {
  if (referenceOf(value)?.address === target.address) return true;
  if (!literalAttribute || typeof value !== "string" || isExpression(value)) return false;
  const literal = target.attributes[literalAttribute];
  return typeof literal === "string" && !isExpression(literal) && literal === value;
}
