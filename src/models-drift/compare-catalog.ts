import { ANY_COMMERCIAL_REGION, destinationsOf } from "../catalog/inference-profiles";
import { isoDay, type Lifecycle, type LifecycleState, lifecycleState } from "../catalog/lifecycle";
import type { FoundationModel } from "../catalog/models";
import type { AwsRegion } from "../catalog/regions";
import type { BedrockObservation, ObservedModel } from "./observe-bedrock";

/** One fact on which the catalog and AWS disagree, with the page to re-read. */
export interface Difference {
  /** The model or profile id. */
  readonly subject: string;
  readonly catalog: string;
  readonly aws: string;
  /** Where the catalog's fact came from. */
  readonly page?: string;
}

const STATE_TEXT: Readonly<Record<LifecycleState, string>> = { active: "Active", legacy: "Legacy", "end-of-life": "past its end of life" };

/**
 * Compares the catalog with what AWS reports in one region on `today`: in-region
 * availability, lifecycle state and dates, each profile's existence and
 * destinations from that region, and the configured models' access. Facts
 * marked needsConfirmation are reported when AWS settles them, so the mark can
 * be removed.
 */
export function compareCatalog(catalog: readonly FoundationModel[], region: AwsRegion, observed: BedrockObservation, today: Date): Difference[] {
  const differences: Difference[] = [];
  for (const model of catalog) {
    const seen = observed.models.get(model.id);
    const here = model.inRegion[region];
    const lifecycle = here?.lifecycle ?? model.lifecycle;
    const state = lifecycleState(lifecycle, today);
    const onDemand = seen?.inferenceTypes.includes("ON_DEMAND") ?? false;

    if (here && state !== "end-of-life" && !onDemand) {
      differences.push({
        subject: model.id,
        catalog: `served in-region in ${region}`,
        aws: seen ? "listed, but not on demand (profiles only)" : `not listed in ${region}`,
        page: here.source,
      });
    } else if (here?.needsConfirmation && onDemand) {
      differences.push({
        subject: model.id,
        catalog: `in-region in ${region} needs confirmation (${here.needsConfirmation})`,
        aws: "served on demand: confirmed, remove the mark",
        page: here.source,
      });
    } else if (!here && onDemand) {
      differences.push({ subject: model.id, catalog: `not served in-region in ${region}`, aws: "served on demand", page: model.lifecycle.source });
    }

    if (seen) differences.push(...lifecycleDifferences(model, lifecycle, state, seen));

    for (const profile of model.profiles) {
      const id = `${profile.prefix}.${model.id}`;
      const expected = destinationsOf(profile, region);
      const actual = observed.profiles.get(id);
      const profileEnded = lifecycleState(profile.lifecycle ?? model.lifecycle, today) === "end-of-life";
      if (expected && !actual && !profileEnded) {
        differences.push({ subject: id, catalog: `callable from ${region}`, aws: `no such system-defined profile in ${region}`, page: profile.source });
      } else if (!expected && actual) {
        differences.push({ subject: id, catalog: `not callable from ${region}`, aws: `callable, routes to ${actual.join(", ")}`, page: profile.source });
      } else if (expected && actual) {
        // A global profile's destinations are "any commercial region"; AWS lists only some of them.
        const want = expected === ANY_COMMERCIAL_REGION ? undefined : [...expected].sort();
        if (want && want.join() !== actual.join()) {
          differences.push({ subject: id, catalog: `from ${region} routes to ${want.join(", ")}`, aws: `routes to ${actual.join(", ")}`, page: profile.source });
        } else if (profile.needsConfirmation) {
          differences.push({ subject: id, catalog: `needs confirmation (${profile.needsConfirmation})`, aws: "exists with these routes: confirmed, remove the mark", page: profile.source });
        }
      }
    }
    // Profiles AWS offers for a catalog model that the catalog does not know at all.
    for (const [id] of observed.profiles) {
      const prefix = id.slice(0, id.indexOf("."));
      if (id.slice(prefix.length + 1) === model.id && !model.profiles.some((p) => p.prefix === prefix)) {
        differences.push({ subject: id, catalog: "no such profile recorded", aws: `callable from ${region}, routes to ${observed.profiles.get(id)!.join(", ") || "any commercial region"}` });
      }
    }
  }
  return differences;
}

function lifecycleDifferences(model: FoundationModel, lifecycle: Lifecycle, state: LifecycleState, seen: ObservedModel): Difference[] {
  const out: Difference[] = [];
  const aws = seen.lifecycle;
  const awsState = aws?.status === "LEGACY" ? "legacy" : aws?.status === "ACTIVE" ? "active" : undefined;
  if (awsState && awsState !== state) {
    out.push({ subject: model.id, catalog: STATE_TEXT[state], aws: STATE_TEXT[awsState], page: lifecycle.source });
  } else if (awsState && model.needsConfirmation) {
    out.push({ subject: model.id, catalog: `needs confirmation (${model.needsConfirmation})`, aws: `${STATE_TEXT[awsState]}: confirmed, remove the mark`, page: lifecycle.source });
  }
  const day = (d?: Date) => (d ? isoDay(d) : undefined);
  for (const [label, ours, theirs] of [
    ["Legacy from", lifecycle.legacyFrom, day(aws?.legacyTime)],
    ["end of life on", lifecycle.endOfLife, day(aws?.endOfLifeTime)],
  ] as const) {
    if (theirs && theirs !== ours) out.push({ subject: model.id, catalog: ours ? `${label} ${ours}` : `no ${label.split(" ")[0]} date`, aws: `${label} ${theirs}`, page: lifecycle.source });
  }
  return out;
}

/** Access problems for the configured models: the account cannot call them yet. */
export function accessDifferences(observed: BedrockObservation): Difference[] {
  const out: Difference[] = [];
  for (const [id, a] of observed.access) {
    if (a.unchecked) continue;
    const problems = [
      a.authorization && a.authorization !== "AUTHORIZED" ? `authorization ${a.authorization}` : undefined,
      a.entitlement && a.entitlement !== "AVAILABLE" ? `entitlement ${a.entitlement}` : undefined,
      a.agreement && a.agreement !== "AVAILABLE" ? `agreement ${a.agreement}` : undefined,
      a.region && a.region !== "AVAILABLE" ? `region ${a.region}` : undefined,
    ].filter(Boolean);
    if (problems.length) out.push({ subject: id, catalog: "configured for this environment", aws: `this account cannot use it yet: ${problems.join(", ")}` });
  }
  return out;
}

/** The configured models whose access could not be read, with the reason. */
export function uncheckedAccess(observed: BedrockObservation): string[] {
  return [...observed.access].filter(([, a]) => a.unchecked).map(([id, a]) => `${id}: ${a.unchecked}`);
}

/**
 * Active text and embedding models of the catalog's providers that AWS lists
 * in the region but the catalog does not know: candidates for the next
 * catalog update (a newer Claude, for example), not errors.
 */
export function uncataloguedModels(catalog: readonly FoundationModel[], observed: BedrockObservation): string[] {
  const known = new Set(catalog.map((m) => m.id));
  const providers = new Set(catalog.map((m) => m.provider.toLowerCase()));
  return [...observed.models]
    .filter(([id, m]) => !known.has(id) && providers.has((m.provider ?? "").toLowerCase()))
    .filter(([, m]) => m.lifecycle?.status !== "LEGACY" && (m.outputModalities ?? []).some((o) => o === "TEXT" || o === "EMBEDDING"))
    .map(([id]) => id)
    .sort();
}
