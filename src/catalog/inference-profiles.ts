import type { AwsRegion } from "./regions";

/**
 * System-defined cross-region inference profiles, as data.
 *
 * A profile id is `<prefix>.<foundation model id>`. Calling it from a source
 * region lets Bedrock run the request in any of the profile's destination
 * regions, so the residency check reads the destinations, never the prefix:
 * `apac.` from Tokyo can run in Seoul, Mumbai, Singapore or Sydney, while
 * `jp.` stays in Tokyo and Osaka.
 *
 * Which models have which profile is recorded per model in `models.ts`.
 * To update: change the regions here and the `checked` date.
 */

export const PROFILE_PREFIXES = ["apac", "jp", "au", "us", "eu", "global"] as const;
export type ProfilePrefix = (typeof PROFILE_PREFIXES)[number];

/** Stands for "every commercial AWS region", the destinations of `global.`. */
export const ANY_COMMERCIAL_REGION = "any-commercial-region" as const;
export type Destinations = readonly AwsRegion[] | typeof ANY_COMMERCIAL_REGION;

export interface InferenceProfile {
  readonly prefix: ProfilePrefix;
  /** `geographic` profiles stay in one geography or country; `global` goes anywhere. */
  readonly scope: "geographic" | "global";
  readonly description: string;
  /**
   * Source region -> destination regions. The keys are the regions that may
   * call the profile; `"*"` means any commercial region may.
   */
  readonly routes: Readonly<Partial<Record<AwsRegion | "*", Destinations>>>;
  /** Month the routes were last checked against the Bedrock documentation. */
  readonly checked: string;
  readonly source: string;
}

const APAC: readonly AwsRegion[] = ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2"];
const JP: readonly AwsRegion[] = ["ap-northeast-1", "ap-northeast-3"];
const AU: readonly AwsRegion[] = ["ap-southeast-2", "ap-southeast-4"];
const US: readonly AwsRegion[] = ["us-east-1", "us-east-2", "us-west-2"];
const EU: readonly AwsRegion[] = ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"];

/** Every source of a closed group routes to the whole group. */
const within = (regions: readonly AwsRegion[]) => Object.fromEntries(regions.map((r) => [r, regions])) as Partial<Record<AwsRegion, Destinations>>;

const CRIS_DOC = "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html";

export const INFERENCE_PROFILES: Readonly<Record<ProfilePrefix, InferenceProfile>> = {
  apac: {
    prefix: "apac",
    scope: "geographic",
    description: "Asia Pacific: Tokyo, Seoul, Osaka, Mumbai, Singapore, Sydney (leaves Japan)",
    routes: within(APAC),
    checked: "2026-11",
    source: CRIS_DOC,
  },
  jp: {
    prefix: "jp",
    scope: "geographic",
    description: "Japan: Tokyo and Osaka only",
    routes: within(JP),
    checked: "2026-11",
    source: CRIS_DOC,
  },
  au: {
    prefix: "au",
    scope: "geographic",
    description: "Australia: Sydney and Melbourne only",
    routes: within(AU),
    checked: "2026-11",
    source: CRIS_DOC,
  },
  us: {
    prefix: "us",
    scope: "geographic",
    description: "United States: N. Virginia, Ohio, Oregon",
    routes: within(US),
    checked: "2026-11",
    source: CRIS_DOC,
  },
  eu: {
    prefix: "eu",
    scope: "geographic",
    description: "European Union: Frankfurt, Stockholm, Milan, Spain, Ireland, Paris",
    routes: within(EU),
    checked: "2026-11",
    source: CRIS_DOC,
  },
  global: {
    prefix: "global",
    scope: "global",
    description: "Any commercial AWS region worldwide",
    routes: { "*": ANY_COMMERCIAL_REGION },
    checked: "2026-11",
    source: "https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html",
  },
};

export function isProfilePrefix(value: string): value is ProfilePrefix {
  return (PROFILE_PREFIXES as readonly string[]).includes(value);
}

/** Destinations of `prefix.` when called from `source`, or undefined when `source` may not call it. */
export function destinationsFrom(prefix: ProfilePrefix, source: AwsRegion): Destinations | undefined {
  const routes = INFERENCE_PROFILES[prefix].routes;
  return routes[source] ?? routes["*"];
}

/** The source regions that may call a profile, for messages. */
export function sourcesOf(prefix: ProfilePrefix): string[] {
  return Object.keys(INFERENCE_PROFILES[prefix].routes).map((r) => (r === "*" ? "any commercial region" : r));
}
