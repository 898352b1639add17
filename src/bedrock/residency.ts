import { ANY_COMMERCIAL_REGION, type Destinations, sourcesOf } from "../catalog/inference-profiles";
import { lifecycleState } from "../catalog/lifecycle";
import type { FoundationModel } from "../catalog/models";
import { type AwsRegion, countryOf, geographyOf } from "../catalog/regions";
import type { MODEL_ROLES, RESIDENCY_LEVELS } from "../config/schema/bedrock";
import { callableProfileIds, describeDestinations, lookupInvocation, type ModelInvocation, ROLE_KIND, replacementId, usableIds } from "./model-ref";

type Role = (typeof MODEL_ROLES)[number];
type Residency = (typeof RESIDENCY_LEVELS)[number];

/**
 * The invocation of an accepted model with the notes that do not stop synth
 * (Legacy, unconfirmed catalog facts), or the one-line reason it is refused.
 * Neither carries the file and field; the caller adds them.
 */
export type ModelCheck = { readonly invocation: ModelInvocation; readonly notes: readonly string[]; readonly error?: undefined } | { readonly error: string };

/**
 * Checks one role's model against the catalog, its lifecycle on `today` (the
 * synth date) and the residency, relative to the Bedrock region. It reads the
 * destination regions of a profile from the model's own routes, never from
 * the prefix: `apac.` and `jp.` both start in Tokyo, but only `jp.` stays in
 * Japan.
 */
export function checkModel(role: Role, id: string, region: AwsRegion, residency: Residency, today: Date): ModelCheck {
  const kind = ROLE_KIND[role];
  const found = lookupInvocation(id, region);
  // An ended model is refused as ended, however it is named: "not in-region" would send people to a profile that ended too.
  const ended = found.ok ? undefined : "model" in found ? endOfLife(id, found.model, found.model.lifecycle, region, today) : undefined;
  if (ended) return { error: ended };
  if (!found.ok) {
    switch (found.reason) {
      case "unknown-model": {
        const known = usableIds(kind, region, today);
        return {
          error: known.length
            ? `unknown model id "${id}"; known ${role} models in ${region}: ${known.join(", ")}`
            : `unknown model id "${id}"; the catalog (src/catalog/models.ts) has no ${kind} model usable from ${region}`,
        };
      }
      case "not-in-region": {
        const profiles = callableProfileIds(found.model, region);
        return {
          error: profiles.length
            ? `${id} is not served in-region in ${region}; use a profile such as ${profiles.join(" or ")}`
            : `${id} is not served in-region in ${region} and has no inference profile callable from there; choose another model or bedrock.region`,
        };
      }
      case "no-such-profile":
        return {
          error: `${id}: ${found.model.name} has no ${found.profile}. inference profile (it has ${found.model.profiles.map((p) => `${p.prefix}.`).join(", ") || "none"})`,
        };
      case "not-callable":
        return {
          error: `${id} cannot be called from ${region}; the ${found.profile.prefix}. profile of ${found.model.name} may be called from ${sourcesOf(found.profile).join(", ")}`,
        };
    }
  }
  const invocation = found.invocation;
  const endedHere = endOfLife(id, invocation.model, invocation.lifecycle, region, today);
  if (endedHere) return { error: endedHere };
  if (invocation.model.kind !== kind) {
    const known = usableIds(kind, region, today);
    return {
      error: `${id} is ${withArticle(invocation.model.kind)} model; the ${role} role needs ${withArticle(kind)} model${known.length ? ` such as ${known.join(", ")}` : ""}`,
    };
  }

  const notes = lifecycleNotes(id, invocation, region, today);
  if (residency === "global" || !invocation.profile) return { invocation, notes };
  if (residency === "in-region") {
    const here = invocation.model.inRegion[region];
    const direct = here && !here.needsConfirmation ? `use ${invocation.model.id}, or ` : "";
    return {
      error: `${id} is an inference profile that routes to ${describeDestinations(invocation.destinations)}; residency "in-region" allows only foundation models served in ${region} (${direct}set bedrock.residency to "country" or wider)`,
    };
  }
  const [area, areaOf] = residency === "country" ? [countryOf(region), countryOf] : [geographyOf(region), geographyOf];
  const outside = offenders(invocation.destinations, (r) => areaOf(r) === area);
  if (outside) return { error: `${id} routes to ${outside} outside ${area} (residency "${residency}")` };
  return { invocation, notes };
}

/** The refusal for a model past its end of life on `today`, or undefined. */
function endOfLife(id: string, model: FoundationModel, lifecycle: ModelInvocation["lifecycle"], region: AwsRegion, today: Date): string | undefined {
  if (lifecycleState(lifecycle, today) !== "end-of-life") return undefined;
  return `${id} (${model.name}) reached its end of life on ${lifecycle.endOfLife}, so Bedrock refuses every request to it${suggestion(model, region)}`;
}

/** Legacy and unconfirmed-fact notes for an accepted model. */
function lifecycleNotes(id: string, invocation: ModelInvocation, region: AwsRegion, today: Date): string[] {
  const notes: string[] = [];
  const { model, lifecycle } = invocation;
  if (lifecycleState(lifecycle, today) === "legacy") {
    const until = lifecycle.endOfLife ? `; it reaches end of life on ${lifecycle.endOfLife}` : "; AWS has not announced its end of life yet";
    notes.push(`${id} (${model.name}) is Legacy since ${lifecycle.legacyFrom}${until}, and new AWS accounts cannot use it${suggestion(model, region)}`);
  }
  for (const doubt of invocation.doubts) {
    notes.push(`${id} (${model.name}) is in the catalog, but ${doubt}; check it with npm run models -- <environment> before relying on it`);
  }
  return notes;
}

const suggestion = (model: FoundationModel, region: AwsRegion) => {
  const next = replacementId(model, region);
  return next ? `; use ${next} instead (${model.replacedBy!.why})` : "";
};

const withArticle = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** The destinations outside the allowed area, as text, or undefined when all are inside. */
function offenders(destinations: Destinations, inside: (region: AwsRegion) => boolean): string | undefined {
  if (destinations === ANY_COMMERCIAL_REGION) return describeDestinations(destinations);
  const out = destinations.filter((r) => !inside(r));
  return out.length ? describeDestinations(out) : undefined;
}

/**
 * Whether calling Bedrock in `bedrockRegion` from an environment in
 * `environmentRegion` already moves data further than `residency` allows,
 * before any profile is considered. Returns the reason, or undefined.
 */
export function regionBreaksResidency(residency: Residency, environmentRegion: AwsRegion, bedrockRegion: AwsRegion): string | undefined {
  if (environmentRegion === bedrockRegion || residency === "global") return undefined;
  if (residency === "in-region") return `model traffic must stay in the environment region ${environmentRegion}`;
  const [area, areaOf] = residency === "country" ? [countryOf(environmentRegion), countryOf] : [geographyOf(environmentRegion), geographyOf];
  if (areaOf(bedrockRegion) !== area) return `model traffic must stay in ${area}; ${bedrockRegion} is in ${areaOf(bedrockRegion)}`;
  return undefined;
}
