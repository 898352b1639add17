/**
 * Finds every IAM policy document in a synthesized stack and makes it
 * concrete: Terraform references (`${aws_s3_bucket.x.arn}`,
 * `${data.aws_caller_identity.x.account_id}`) become values of the shape AWS
 * would see at apply time, built by resource-arns.ts from the stack's own names.
 *
 * A policy-looking string in an attribute this file does not know is reported
 * as unclassified, and a reference it cannot turn into a value throws: both
 * make the reference check fail until the new case is described here, so a new
 * kind of policy can never slip past it unchecked.
 */
import { type Place, resourceArn, resourceId } from "./resource-arns";

type Json = Record<string, any>;

/**
 * How AWS reads a document:
 * - identity: attached to a role or user; no Principal.
 * - trust: a role's assume-role policy; Principal, no Resource.
 * - resource: a bucket, topic, key, log or vault policy; Principal and Resource.
 * - endpoint: a VPC endpoint policy; read like a resource policy.
 */
export type DocumentKind = "identity" | "trust" | "resource" | "endpoint";

export interface FoundDocument {
  /** `<stack> <type>.<name>.<attribute>`, for messages. */
  readonly where: string;
  readonly kind: DocumentKind;
  readonly place: Place;
  /** The parsed document with every reference replaced. */
  readonly document: Json;
}

/** Attributes that hold a policy document, by resource type. */
const POLICY_ATTRIBUTES: Record<string, Record<string, DocumentKind>> = {
  aws_iam_policy: { policy: "identity" },
  aws_iam_role_policy: { policy: "identity" },
  aws_iam_user_policy: { policy: "identity" },
  aws_iam_group_policy: { policy: "identity" },
  aws_iam_role: { assume_role_policy: "trust" },
  aws_kms_key: { policy: "resource" },
  aws_s3_bucket_policy: { policy: "resource" },
  aws_sns_topic_policy: { policy: "resource" },
  aws_sqs_queue_policy: { policy: "resource" },
  aws_backup_vault_policy: { policy: "resource" },
  aws_secretsmanager_secret_policy: { policy: "resource" },
  aws_cloudwatch_log_resource_policy: { policy_document: "resource" },
  aws_vpc_endpoint: { policy: "endpoint" },
};

export interface StackJson {
  /** A label for messages, e.g. "environments/prod" or "matrix waf-off/staging". */
  readonly name: string;
  readonly tf: Json;
}

/** The region and account of a resource's provider (the default provider when it names none). */
export function placeOf(tf: Json, resource: Json): Place {
  const providers: Json[] = tf.provider?.aws ?? [];
  const alias = typeof resource.provider === "string" ? resource.provider.replace(/^aws\./, "") : undefined;
  const provider = providers.find((p) => (alias ? p.alias === alias : p.alias === undefined)) ?? providers[0] ?? {};
  return { region: provider.region ?? "us-east-1", account: provider.allowed_account_ids?.[0] ?? "123456789012" };
}

/** Every policy document in a stack, plus the policy-looking strings in attributes not listed above. */
export function findPolicyDocuments(stack: StackJson): { documents: FoundDocument[]; unclassified: string[] } {
  const { tf } = stack;
  const documents: FoundDocument[] = [];
  const unclassified: string[] = [];
  for (const [type, byName] of Object.entries<Json>(tf.resource ?? {})) {
    for (const [name, resource] of Object.entries<Json>(byName)) {
      const place = placeOf(tf, resource);
      const known = POLICY_ATTRIBUTES[type] ?? {};
      for (const [attribute, value] of Object.entries(resource)) {
        const where = `${stack.name} ${type}.${name}.${attribute}`;
        if (attribute in known && typeof value === "string") {
          documents.push({ where, kind: known[attribute], place, document: parseDocument(resolveReferences(value, tf, where), where) });
        } else if (type === "aws_iam_role" && attribute === "inline_policy") {
          for (const inline of [value].flat() as Json[]) {
            if (typeof inline?.policy === "string") documents.push({ where, kind: "identity", place, document: parseDocument(resolveReferences(inline.policy, tf, where), where) });
          }
        } else if (looksLikePolicy(value)) {
          unclassified.push(where);
        }
      }
    }
  }
  for (const [name, data] of Object.entries<Json>(tf.data?.aws_iam_policy_document ?? {})) {
    const where = `${stack.name} data.aws_iam_policy_document.${name}`;
    const document = resolveDeep(policyDocumentFromData(data), tf, where);
    const kind: DocumentKind = document.Statement.some((s: Json) => s.Principal || s.NotPrincipal) ? "resource" : "identity";
    documents.push({ where, kind, place: placeOf(tf, data), document });
  }
  return { documents, unclassified };
}

function looksLikePolicy(value: unknown): boolean {
  if (typeof value === "string") return /"Statement"\s*:/.test(value);
  if (value && typeof value === "object") return Object.values(value).some(looksLikePolicy);
  return false;
}

function parseDocument(text: string, where: string): Json {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not JSON after replacing references (${(error as Error).message})`);
  }
}

/**
 * The JSON that the `aws_iam_policy_document` data source renders: its
 * `statement` blocks carry lower-case HCL names and `principals` /
 * `condition` blocks.
 */
function policyDocumentFromData(data: Json): Json {
  const many = (v: unknown) => (v === undefined ? undefined : [v].flat());
  const principals = (blocks: Json[] | undefined) =>
    blocks === undefined ? undefined : Object.fromEntries(blocks.map((b) => [b.type, many(b.identifiers)]).map(([t, ids]) => [t === "*" ? "AWS" : t, ids]));
  const statements = ([data.statement ?? []].flat() as Json[]).map((s) => {
    const conditions: Json = {};
    for (const c of [s.condition ?? []].flat() as Json[]) conditions[c.test] = { ...conditions[c.test], [c.variable]: many(c.values) };
    const out: Json = {
      Sid: s.sid,
      Effect: s.effect ?? "Allow",
      Principal: principals(s.principals),
      NotPrincipal: principals(s.not_principals),
      Action: many(s.actions),
      NotAction: many(s.not_actions),
      Resource: many(s.resources),
      NotResource: many(s.not_resources),
      Condition: Object.keys(conditions).length ? conditions : undefined,
    };
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
  });
  return { Version: data.version ?? "2012-10-17", Statement: statements };
}

const REFERENCE = /\$\{([^{}]*)\}/g;

/** Replaces every `${...}` in a string with the value it would have at apply time. */
export function resolveReferences(text: string, tf: Json, where: string): string {
  // A policy attribute that is one reference (`${data.aws_iam_policy_document.x.json}`) is the document itself.
  const whole = /^\$\{([^{}]*)\}$/.exec(text);
  if (whole) return referenceValue(whole[1].trim(), tf, where);
  return text.replace(REFERENCE, (_, expression: string) => {
    const value = referenceValue(expression.trim(), tf, where);
    // Inside a JSON string the value must stay a valid JSON string fragment.
    return JSON.stringify(value).slice(1, -1);
  });
}

/** resolveReferences over every string of a JSON value. */
export function resolveDeep<T>(value: T, tf: Json, where: string): T {
  if (typeof value === "string") return (value.includes("${") ? value.replace(REFERENCE, (_, e: string) => referenceValue(e.trim(), tf, where)) : value) as T;
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, tf, where)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, tf, where)])) as T;
  return value;
}

function referenceValue(expression: string, tf: Json, where: string): string {
  const unknown = (why: string) => new Error(`${where}: cannot give \${${expression}} a concrete value (${why}); describe it in __tests__/iam-reference/policy-documents.ts`);
  const parts = expression.split(".");
  if (parts[0] === "data") {
    const [, type, name, ...attribute] = parts;
    const data = tf.data?.[type]?.[name];
    if (!data) throw unknown("no such data source");
    const place = placeOf(tf, data);
    const attr = attribute.join(".");
    if (type === "aws_caller_identity" && attr === "account_id") return place.account;
    if (type === "aws_region" && ["name", "id", "region"].includes(attr)) return place.region;
    if (type === "aws_partition" && attr === "partition") return "aws";
    if (type === "aws_iam_policy_document" && attr === "json") return JSON.stringify(resolveDeep(policyDocumentFromData(data), tf, where));
    throw unknown(`data attribute ${attr}`);
  }
  const [type, name, ...attribute] = parts;
  if (!/^aws_[a-z0-9_]+$/.test(type ?? "") || !name) throw unknown("not a plain resource reference");
  const resource = tf.resource?.[type]?.[name];
  if (!resource) throw unknown("no such resource");
  const place = placeOf(tf, resource);
  const attr = attribute.join(".");
  if (type === "aws_db_instance" && attr === "master_user_secret[0].secret_arn") {
    return `arn:aws:secretsmanager:${place.region}:${place.account}:secret:rds!db-1234abcd-12ab-34cd-56ef-1234567890ab-AbCdEf`;
  }
  if (attr === "arn" || attr === `${type.replace(/^aws_(bedrock_)?/, "")}_arn`) {
    const arn = arnOfResource(tf, type, resource, where);
    if (!arn) throw unknown(`no ARN shape for ${type}`);
    return arn;
  }
  if (attr === "id") return resourceId(type, resource, place);
  // Names the stack sets itself (name, identifier, bucket, ...) are their own value.
  if (/^[a-z_]+$/.test(attr) && typeof resource[attr] === "string") return resolveDeep(resource[attr], tf, where);
  throw unknown(`attribute ${attr}`);
}

/** The ARN a declared resource would get (references it needs, such as a listener's load balancer, resolved). */
export function arnOfResource(tf: Json, type: string, resource: Json, where = type): string | undefined {
  // Attributes that name a neighbour and end up in the ARN.
  const r = { ...resource };
  for (const key of ["load_balancer_arn", "group_name"]) if (typeof r[key] === "string") r[key] = resolveDeep(r[key], tf, where);
  return resourceArn(type, r, placeOf(tf, resource));
}
