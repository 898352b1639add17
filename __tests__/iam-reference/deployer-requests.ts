/**
 * Turns an environment stack into the requests its deployer makes: for each
 * declared resource, the calls of its row in src/iam/resource-actions.ts, on
 * the ARNs the resource and its neighbours would get, with the request
 * context AWS would set (tags from default_tags, the boundary of the role
 * touched, the policy attached, the record names changed).
 */
import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { type Call, callOf, DATA_SOURCE_ACTIONS, PROVIDER_ACTIONS, RESOURCE_ACTIONS, type ResourceActions } from "../../src/iam/resource-actions";
import type { StackJson } from "./policy-documents";
import { arnOfResource, placeOf, resolveDeep, resolveReferences } from "./policy-documents";
import { type Place, resourceArn } from "./resource-arns";
import type { Request } from "./simulate";

type Json = Record<string, any>;

export interface DeployerRequest extends Omit<Request, "principal"> {
  /** `<type>.<step>` that makes the call, for messages. */
  readonly by: string;
  /** The policy of the resource touched (key, bucket or topic policy), which AWS weighs too. */
  readonly resourcePolicy?: Json;
}

/** Resource types whose own policy takes part in authorization, and where that policy is kept. */
const RESOURCE_POLICIES: Record<string, { type: string; attribute: string } | { attribute: string }> = {
  aws_kms_key: { attribute: "policy" },
  aws_s3_bucket: { type: "aws_s3_bucket_policy", attribute: "policy" },
  aws_sns_topic: { type: "aws_sns_topic_policy", attribute: "policy" },
};

function resourcePolicyOf(tf: Json, type: string | undefined, resource: Json | undefined, where: string): Json | undefined {
  const where_ = type && RESOURCE_POLICIES[type];
  if (!where_ || !resource) return undefined;
  let text: unknown = resource[where_.attribute];
  if ("type" in where_) {
    const name = Object.entries<Json>(tf.resource?.[type] ?? {}).find(([, r]) => r === resource)?.[0];
    const holder = Object.values<Json>(tf.resource?.[where_.type] ?? {}).find((p) => JSON.stringify(p).includes(`${type}.${name}.`));
    text = holder?.[where_.attribute];
  }
  return typeof text === "string" ? JSON.parse(resolveReferences(text, tf, where)) : undefined;
}

const STEPS: ReadonlyArray<keyof ResourceActions> = ["create", "read", "update", "tag", "delete"];

/** The resource of `type` that `resource` refers to, directly or through one neighbour. */
function referenced(tf: Json, resource: Json, type: string, depth = 2): Json | undefined {
  const text = JSON.stringify(resource);
  const direct = new RegExp(`\\b${type}\\.([A-Za-z0-9_-]+)\\.`).exec(text);
  if (direct) return tf.resource?.[type]?.[direct[1]];
  if (depth <= 1) return undefined;
  for (const [, t, n] of text.matchAll(/\b(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g)) {
    const neighbour = tf.resource?.[t]?.[n];
    const found = neighbour && referenced(tf, neighbour, type, depth - 1);
    if (found) return found;
  }
  return undefined;
}

/** ARN a call authorizes against; see the `on` field of ActionCall. */
function target(tf: Json, type: string, resource: Json, on: string | undefined, place: Place): { arn: string; of?: Json; ofType?: string } | string {
  if (on === "*") return { arn: "*" };
  if (on === undefined) {
    const arn = arnOfResource(tf, type, resource);
    return arn ? { arn, of: resource, ofType: type } : `${type} has no ARN of its own; give its calls an "on"`;
  }
  if (on.startsWith("aws_")) {
    const other = referenced(tf, resource, on) ?? Object.values<Json>(tf.resource?.[on] ?? {})[0] ?? {};
    const arn = arnOfResource(tf, on, other) ?? resourceArn(on, other, place);
    return arn ? { arn, of: other, ofType: on } : `no ARN shape for ${on}`;
  }
  const own = arnOfResource(tf, type, resource) ?? "";
  const name = own.split(/[:/]/).pop() ?? "";
  return {
    arn: on
      .replace(/\$\{Region\}/g, place.region)
      .replace(/\$\{Account\}/g, place.account)
      .replace(/\$\{Arn\}/g, own)
      .replace(/\$\{Name\}/g, name),
  };
}

/** Context AWS sets from the resource being touched. */
function derivedContext(tf: Json, type: string, resource: Json, action: string, touched: { of?: Json; ofType?: string }, where: string): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  if (action.startsWith("iam:") && touched.ofType === "aws_iam_role" && typeof touched.of?.permissions_boundary === "string") {
    context["iam:PermissionsBoundary"] = resolveDeep(touched.of.permissions_boundary, tf, where);
  }
  if (action === "iam:AttachRolePolicy" || action === "iam:DetachRolePolicy") {
    context["iam:PolicyARN"] = resolveDeep(resource.policy_arn, tf, where);
  }
  if (type === "aws_route53_record" && action === "route53:ChangeResourceRecordSets") {
    context["route53:ChangeResourceRecordSetsNormalizedRecordNames"] = [recordName(tf, resource)];
  }
  return context;
}

/** The record's name as Route 53 normalizes it; ACM validation records get a token under the certificate's domain. */
function recordName(tf: Json, record: Json): string {
  if (typeof record.name === "string" && !record.name.includes("${")) return record.name.toLowerCase().replace(/\.$/, "");
  const certificate = referenced(tf, record, "aws_acm_certificate", 1);
  return `_0123456789abcdef.${String(certificate?.domain_name ?? "unknown.example.com").toLowerCase()}`;
}

/** Every request the deployer makes to create, read, update, tag and delete this stack, de-duplicated. */
export async function deployerRequests(stack: StackJson): Promise<{ requests: DeployerRequest[]; problems: string[] }> {
  const { tf } = stack;
  const problems: string[] = [];
  const byKey = new Map<string, DeployerRequest>();
  const defaultPlace = placeOf(tf, {});
  const tags: Record<string, string> = tf.provider?.aws?.[0]?.default_tags?.[0]?.tags ?? {};
  const base = {
    "aws:RequestedRegion": defaultPlace.region,
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    "aws:TagKeys": Object.keys(tags),
  };

  const calls: Array<[string, string, Json, Call, Place]> = [];
  const add = (by: string, type: string, resource: Json, call: Call, place: Place) => calls.push([by, type, resource, call, place]);
  const request = async (by: string, type: string, resource: Json, call: Call, place: Place) => {
    const { action, on, context } = callOf(call);
    const where = `${stack.name} ${by}`;
    const [service, name] = action.split(":");
    // Actions without a resource type authorize against "*" whatever the resource.
    const wildcardOnly = await isWildcardOnlyAction(service, name).catch(() => false);
    const touched = wildcardOnly ? { arn: "*" } : target(tf, type, resource, on, place);
    if (typeof touched === "string") {
      problems.push(`${where} ${action}: ${touched}`);
      return;
    }
    const fill = (v: string) => v.replace(/\$\{Region\}/g, place.region).replace(/\$\{Account\}/g, place.account);
    const resourcePolicy = "of" in touched ? resourcePolicyOf(tf, touched.ofType, touched.of, where) : undefined;
    const made: DeployerRequest = {
      by,
      ...(resourcePolicy ? { resourcePolicy } : {}),
      action,
      resource: touched.arn,
      account: place.account,
      context: {
        ...base,
        ...derivedContext(tf, type, resource, action, touched as { of?: Json; ofType?: string }, where),
        ...Object.fromEntries(Object.entries(context ?? {}).map(([k, v]) => [k, typeof v === "string" ? fill(v) : v.map(fill)])),
      },
    };
    byKey.set(JSON.stringify([action, made.resource, made.context]), made);
  };

  for (const call of PROVIDER_ACTIONS) add("provider", "provider", {}, call, defaultPlace);
  for (const [type, byName] of Object.entries<Json>(tf.resource ?? {})) {
    const row = RESOURCE_ACTIONS[type];
    if (!row) {
      problems.push(`${stack.name}: no row for ${type} in src/iam/resource-actions.ts`);
      continue;
    }
    for (const resource of Object.values<Json>(byName)) {
      const place = placeOf(tf, resource);
      for (const step of STEPS) for (const call of row[step]) add(`${type}.${step}`, type, resource, call, place);
    }
  }
  for (const [type, byName] of Object.entries<Json>(tf.data ?? {})) {
    const calls = DATA_SOURCE_ACTIONS[type];
    if (!calls) {
      problems.push(`${stack.name}: no row for data source ${type} in src/iam/resource-actions.ts`);
      continue;
    }
    for (const data of Object.values<Json>(byName)) for (const call of calls) add(`data.${type}`, type, data, call, placeOf(tf, data));
  }
  for (const c of calls) await request(...c);
  return { requests: [...byKey.values()], problems };
}
