import { ANY_COMMERCIAL_REGION, type Destinations, destinationsOf, isProfilePrefix, type ModelProfile, type ProfilePrefix } from "../catalog/inference-profiles";
import { type Lifecycle, lifecycleState } from "../catalog/lifecycle";
import { FOUNDATION_MODELS, type FoundationModel, findModel, type ModelKind, profileOf } from "../catalog/models";
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
  /** Every region where Bedrock may run the request, from this model's own routes. */
  readonly destinations: Destinations;
  /** The dates that apply to this way of calling the model (a region or profile may differ from the model). */
  readonly lifecycle: Lifecycle;
  /** Why the catalog could not confirm this way of calling the model; empty when confirmed. */
  readonly doubts: readonly string[];
}

export type InvocationLookup =
  | { readonly ok: true; readonly invocation: ModelInvocation }
  | { readonly ok: false; readonly reason: "unknown-model" }
  | { readonly ok: false; readonly reason: "not-in-region"; readonly model: FoundationModel }
  | { readonly ok: false; readonly reason: "no-such-profile"; readonly model: FoundationModel; readonly profile: ProfilePrefix }
  | { readonly ok: false; readonly reason: "not-callable"; readonly model: FoundationModel; readonly profile: ModelProfile };

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
  const modelDoubts = model.needsConfirmation ? [model.needsConfirmation] : [];
  if (!prefix) {
    const availability = model.inRegion[region];
    if (!availability) return { ok: false, reason: "not-in-region", model };
    return {
      ok: true,
      invocation: {
        id,
        model,
        destinations: [region],
        lifecycle: availability.lifecycle ?? model.lifecycle,
        doubts: [...modelDoubts, ...(availability.needsConfirmation ? [`in-region in ${region}: ${availability.needsConfirmation}`] : [])],
      },
    };
  }
  const profile = profileOf(model, prefix);
  if (!profile) return { ok: false, reason: "no-such-profile", model, profile: prefix };
  const destinations = destinationsOf(profile, region);
  if (!destinations) return { ok: false, reason: "not-callable", model, profile };
  return {
    ok: true,
    invocation: {
      id,
      model,
      profile: prefix,
      destinations,
      lifecycle: profile.lifecycle ?? model.lifecycle,
      doubts: [...modelDoubts, ...(profile.needsConfirmation ? [`${prefix}. profile: ${profile.needsConfirmation}`] : [])],
    },
  };
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
  return model.profiles.filter((p) => destinationsOf(p, region)).map((p) => `${p.prefix}.${model.id}`);
}

/**
 * The ids of the given kind to suggest from `region` on `today`: confirmed and
 * not ended, in-region models first, then profiles.
 */
export function usableIds(kind: ModelKind, region: AwsRegion, today: Date): string[] {
  const current = (lifecycle: Lifecycle) => lifecycleState(lifecycle, today) !== "end-of-life";
  const models = FOUNDATION_MODELS.filter((m) => m.kind === kind && !m.needsConfirmation && current(m.lifecycle));
  const inRegion = models.filter((m) => {
    const here = m.inRegion[region];
    return here && !here.needsConfirmation && current(here.lifecycle ?? m.lifecycle);
  });
  const profiles = models.flatMap((m) =>
    m.profiles.filter((p) => !p.needsConfirmation && destinationsOf(p, region) && current(p.lifecycle ?? m.lifecycle)).map((p) => `${p.prefix}.${m.id}`),
  );
  return [...inRegion.map((m) => m.id), ...profiles];
}

/**
 * The id to suggest instead of an ended or Legacy model, as called from
 * `region`: its in-region id when confirmed there, else its first confirmed
 * geographic profile, else its global one.
 */
export function replacementId(model: FoundationModel, region: AwsRegion): string | undefined {
  const next = model.replacedBy && findModel(model.replacedBy.id);
  if (!next) return undefined;
  const inRegion = next.inRegion[region];
  if (inRegion && !inRegion.needsConfirmation) return next.id;
  const callable = next.profiles.filter((p) => !p.needsConfirmation && destinationsOf(p, region));
  const best = callable.find((p) => p.prefix !== "global") ?? callable[0];
  return best ? `${best.prefix}.${next.id}` : next.id;
}

/** Human form of a destination set for one-line messages. */
export function describeDestinations(destinations: Destinations): string {
  return destinations === ANY_COMMERCIAL_REGION ? "any commercial AWS region" : [...destinations].sort().join(", ");
}
