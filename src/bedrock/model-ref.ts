import {
  ANY_COMMERCIAL_REGION,
  destinationsFrom,
  isProfilePrefix,
  type Destinations,
  type ProfilePrefix,
} from "../catalog/inference-profiles";
import { FOUNDATION_MODELS, findModel, type FoundationModel, type ModelKind } from "../catalog/models";
import type { AwsRegion } from "../catalog/regions";
import type { MODEL_ROLES } from "../config/schema/bedrock";

type Role = (typeof MODEL_ROLES)[number];

/** How one configured model id is invoked from a Bedrock region, read from the catalog. */
export interface ModelInvocation {
  /** The id as configured: a foundation model id or `<prefix>.<model id>`. */
  readonly id: string;
  readonly model: FoundationModel;
  /** Set when the id is a system-defined inference profile. */
  readonly profile?: ProfilePrefix;
  /** Every region where Bedrock may run the request. */
  readonly destinations: Destinations;
}

export type InvocationLookup =
  | { readonly ok: true; readonly invocation: ModelInvocation }
  | { readonly ok: false; readonly reason: "unknown-model" }
  | { readonly ok: false; readonly reason: "not-in-region"; readonly model: FoundationModel }
  | { readonly ok: false; readonly reason: "no-such-profile"; readonly model: FoundationModel; readonly profile: ProfilePrefix }
  | { readonly ok: false; readonly reason: "not-callable"; readonly model: FoundationModel; readonly profile: ProfilePrefix };

/** The kind of model each Dify role needs. */
export const ROLE_KIND: Readonly<Record<Role, ModelKind>> = {
  chat: "text",
  light: "text",
  embedding: "embedding",
  rerank: "rerank",
};

/** Splits `jp.anthropic.claude-...` into the profile prefix and the foundation model id. */
export function splitModelId(id: string): { prefix?: ProfilePrefix; modelId: string } {
  const dot = id.indexOf(".");
  const head = id.slice(0, dot);
  // "amazon.titan-..." and "anthropic...." are providers, not profiles; only known prefixes split.
  return dot > 0 && isProfilePrefix(head) ? { prefix: head, modelId: id.slice(dot + 1) } : { modelId: id };
}

export function lookupInvocation(id: string, region: AwsRegion): InvocationLookup {
  const { prefix, modelId } = splitModelId(id);
  const model = findModel(modelId);
  if (!model) return { ok: false, reason: "unknown-model" };
  if (!prefix) {
    if (!model.inRegion.includes(region)) return { ok: false, reason: "not-in-region", model };
    return { ok: true, invocation: { id, model, destinations: [region] } };
  }
  if (!model.profiles.includes(prefix)) return { ok: false, reason: "no-such-profile", model, profile: prefix };
  const destinations = destinationsFrom(prefix, region);
  if (!destinations) return { ok: false, reason: "not-callable", model, profile: prefix };
  return { ok: true, invocation: { id, model, profile: prefix, destinations } };
}

/**
 * The invocation of an id that the resolver already accepted. Constructs use
 * this, so a catalog lookup that fails here is a programming error.
 */
export function invocationOf(id: string, region: AwsRegion): ModelInvocation {
  const found = lookupInvocation(id, region);
  if (!found.ok) throw new Error(`${id} is not usable from ${region} (${found.reason}); resolveBedrock should have refused it`);
  return found.invocation;
}

/** Profile ids of `model` that `region` may call, such as `jp.anthropic.claude-...`. */
export function callableProfileIds(model: FoundationModel, region: AwsRegion): string[] {
  return model.profiles.filter((p) => destinationsFrom(p, region)).map((p) => `${p}.${model.id}`);
}

/** Every id of the given kind usable from `region`: in-region models first, then profiles. */
export function usableIds(kind: ModelKind, region: AwsRegion): string[] {
  const models = FOUNDATION_MODELS.filter((m) => m.kind === kind);
  return [
    ...models.filter((m) => m.inRegion.includes(region)).map((m) => m.id),
    ...models.flatMap((m) => callableProfileIds(m, region)),
  ];
}

/** Human form of a destination set for one-line messages. */
export function describeDestinations(destinations: Destinations): string {
  return destinations === ANY_COMMERCIAL_REGION ? "any commercial AWS region" : [...destinations].sort().join(", ");
}
