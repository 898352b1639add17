import { ANY_COMMERCIAL_REGION, sourcesOf, type Destinations } from "../catalog/inference-profiles";
import { countryOf, geographyOf, type AwsRegion } from "../catalog/regions";
import type { MODEL_ROLES, RESIDENCY_LEVELS } from "../config/schema/bedrock";
import {
  ROLE_KIND,
  callableProfileIds,
  describeDestinations,
  lookupInvocation,
  usableIds,
  type ModelInvocation,
} from "./model-ref";

type Role = (typeof MODEL_ROLES)[number];
type Residency = (typeof RESIDENCY_LEVELS)[number];

/** The invocation of an accepted model, or the one-line reason it is refused (without file and field). */
export type ModelCheck = { readonly invocation: ModelInvocation; readonly error?: undefined } | { readonly error: string };

/**
 * Checks one role's model against the catalog and the residency, relative to
 * the Bedrock region. It reads the destination regions of a profile from the
 * catalog, never its name: `apac.` and `jp.` both start in Tokyo, but only
 * `jp.` stays in Japan.
 */
export function checkModel(role: Role, id: string, region: AwsRegion, residency: Residency): ModelCheck {
  const kind = ROLE_KIND[role];
  const found = lookupInvocation(id, region);
  if (!found.ok) {
    switch (found.reason) {
      case "unknown-model": {
        const known = usableIds(kind, region);
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
          error: `${id}: ${found.model.name} has no ${found.profile}. inference profile (it has ${
            found.model.profiles.map((p) => `${p}.`).join(", ") || "none"
          })`,
        };
      case "not-callable":
        return {
          error: `${id} cannot be called from ${region}; the ${found.profile}. profile may be called from ${sourcesOf(found.profile).join(", ")}`,
        };
    }
  }
  const invocation = found.invocation;
  if (invocation.model.kind !== kind) {
    const known = usableIds(kind, region);
    return {
      error: `${id} is ${withArticle(invocation.model.kind)} model; the ${role} role needs ${withArticle(kind)} model${known.length ? ` such as ${known.join(", ")}` : ""}`,
    };
  }

  if (residency === "global" || !invocation.profile) return { invocation };
  if (residency === "in-region") {
    const direct = invocation.model.inRegion.includes(region) ? `use ${invocation.model.id}, or ` : "";
    return {
      error: `${id} is an inference profile that routes to ${describeDestinations(invocation.destinations)}; residency "in-region" allows only foundation models served in ${region} (${direct}set bedrock.residency to "country" or wider)`,
    };
  }
  const [area, areaOf] = residency === "country" ? [countryOf(region), countryOf] : [geographyOf(region), geographyOf];
  const outside = offenders(invocation.destinations, (r) => areaOf(r) === area);
  if (outside) return { error: `${id} routes to ${outside} outside ${area} (residency "${residency}")` };
  return { invocation };
}

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
