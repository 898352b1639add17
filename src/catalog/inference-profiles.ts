import type { Lifecycle } from "./lifecycle";
import type { AwsRegion } from "./regions";

/**
 * System-defined cross-region inference profiles.
 *
 * A profile id is `<prefix>.<foundation model id>`. Calling it from a source
 * region lets Bedrock run the request in any of the destination regions that
 * AWS lists for that model and that source region. The routes differ per
 * model and per source even under one prefix (apac. Claude 3 Haiku cannot be
 * called from Osaka, newer apac. models also reach Hyderabad and Melbourne,
 * us. called from Canada also runs in Canada, eu. from London stays in
 * London), so each model records its own routes in `models.ts`; nothing here
 * assumes that a prefix implies a set of regions. The residency check and the
 * IAM destination grants read those per-model routes, never the prefix.
 */

export const PROFILE_PREFIXES = ["apac", "jp", "au", "us", "eu", "global"] as const;
export type ProfilePrefix = (typeof PROFILE_PREFIXES)[number];

/** Stands for "every commercial AWS region", the destinations of `global.`. */
export const ANY_COMMERCIAL_REGION = "any-commercial-region" as const;
export type Destinations = readonly AwsRegion[] | typeof ANY_COMMERCIAL_REGION;

/** Source region -> destination regions. `"*"` means any commercial region may call it. */
export type ProfileRoutes = Readonly<Partial<Record<AwsRegion | "*", Destinations>>>;

/** One model's system-defined profile under one prefix. */
export interface ModelProfile {
  readonly prefix: ProfilePrefix;
  readonly routes: ProfileRoutes;
  /** The page the routes were read from. */
  readonly source: string;
  /** When the profile's dates differ from the model's own (a geography retired earlier). */
  readonly lifecycle?: Lifecycle;
  /** Why the routes or the profile's existence could not be confirmed; such a profile stays out of the presets. */
  readonly needsConfirmation?: string;
}

/** Routes where each of `sources` may reach exactly `destinations`. */
export function routesFrom(sources: readonly AwsRegion[], destinations: readonly AwsRegion[]): Partial<Record<AwsRegion, Destinations>> {
  return Object.fromEntries(sources.map((s) => [s, destinations]));
}

export function isProfilePrefix(value: string): value is ProfilePrefix {
  return (PROFILE_PREFIXES as readonly string[]).includes(value);
}

/** Destinations when called from `source`, or undefined when `source` may not call the profile. */
export function destinationsOf(profile: ModelProfile, source: AwsRegion): Destinations | undefined {
  return profile.routes[source] ?? profile.routes["*"];
}

/** The source regions that may call a profile, for messages. */
export function sourcesOf(profile: ModelProfile): string[] {
  return Object.keys(profile.routes).map((r) => (r === "*" ? "any commercial region" : r));
}
