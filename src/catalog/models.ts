import { DOC } from "./doc-pages";
import { ANY_COMMERCIAL_REGION, type ModelProfile, type ProfilePrefix, routesFrom } from "./inference-profiles";
import type { Lifecycle } from "./lifecycle";
import type { AwsRegion } from "./regions";

/**
 * Bedrock foundation models that this project knows, as data.
 *
 * The residency check, the IAM policy, the VPC endpoint policy, the quota
 * command and `npm run models` all read this one table, so what is allowed,
 * what is granted and what is compared with AWS cannot drift apart.
 *
 * For every model: its lifecycle dates (judged against the synth date, see
 * lifecycle.ts), each region that serves it in-region, and each profile with
 * its own routes, every fact with the page it comes from. A fact that the
 * pages contradict, or that could not be read, carries `needsConfirmation`
 * with the reason: a user may still name it (synth warns), but no preset uses
 * it. `npm run models -- <env>` compares all of this with AWS.
 *
 * A region missing from `inRegion` is treated as "not served in-region",
 * which fails safe (the resolver then proposes a profile).
 */

/** What a model does, which decides the Dify roles it may fill. */
export type ModelKind = "text" | "embedding" | "rerank";

export interface RegionAvailability {
  /** The page that lists the region. */
  readonly source: string;
  /** When this region's dates differ from the model's. */
  readonly lifecycle?: Lifecycle;
  readonly needsConfirmation?: string;
}

export interface FoundationModel {
  /** Bedrock model id, as in `arn:aws:bedrock:<region>::foundation-model/<id>`. */
  readonly id: string;
  readonly provider: "Anthropic" | "Amazon" | "Cohere";
  readonly family: string;
  readonly name: string;
  readonly kind: ModelKind;
  /** The model's dates wherever no region or profile says otherwise. */
  readonly lifecycle: Lifecycle;
  /** Why the model's state could not be confirmed; such a model stays out of the presets. */
  readonly needsConfirmation?: string;
  /** Regions that serve the model on demand without an inference profile. */
  readonly inRegion: Readonly<Partial<Record<AwsRegion, RegionAvailability>>>;
  /** System-defined inference profiles of the model, each with its own routes. */
  readonly profiles: readonly ModelProfile[];
  /** What to move to once the model is Legacy or ended, and why that one. */
  readonly replacedBy?: { readonly id: string; readonly why: string };
  /**
   * How Service Quotas names the model in "... per minute for <name>". Quota
   * names come in more than one spelling over time, so list each one seen.
   */
  readonly quotaNames: readonly string[];
  /** Month these facts were last checked against the pages. */
  readonly checked: string;
}

const JP: readonly AwsRegion[] = ["ap-northeast-1", "ap-northeast-3"];
const US: readonly AwsRegion[] = ["us-east-1", "us-east-2", "us-west-2"];
const EU: readonly AwsRegion[] = ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"];
const AU: readonly AwsRegion[] = ["ap-southeast-2", "ap-southeast-4"];
// apac. as it stood for the Claude 3.x models: the six seed regions.
const APAC_CLAUDE_3X: readonly AwsRegion[] = ["ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2"];

const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
const TO_HAIKU_45 = {
  id: HAIKU_45,
  why: "the newest Claude model that AWS lists as Active with jp. and us. profiles; Claude Sonnet 4.6 awaits confirmation",
};

const onlyInRegion = (regions: readonly AwsRegion[], source: string, extra: Partial<RegionAvailability> = {}) =>
  Object.fromEntries(regions.map((r) => [r, { source, ...extra }])) as Partial<Record<AwsRegion, RegionAvailability>>;

/** jp.: Tokyo and Osaka each route to both, and nowhere else. */
const jpProfile = (extra: Partial<ModelProfile> = {}): ModelProfile => ({ prefix: "jp", routes: routesFrom(JP, JP), source: DOC.profiles, ...extra });
const globalProfile = (extra: Partial<ModelProfile> = {}): ModelProfile => ({
  prefix: "global",
  routes: { "*": ANY_COMMERCIAL_REGION },
  source: DOC.globalProfiles,
  ...extra,
});
/** us. of the Claude 4.x generation: the US regions route within the US; Canada may call it and then also runs in Canada. */
const usClaude4x = (): ModelProfile => ({
  prefix: "us",
  routes: { ...routesFrom(US, US), "ca-central-1": ["ca-central-1", ...US] },
  source: DOC.profiles,
});

export const FOUNDATION_MODELS: readonly FoundationModel[] = [
  {
    id: "anthropic.claude-3-5-sonnet-20241022-v2:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude 3.5 Sonnet v2",
    kind: "text",
    // apac. and us. ended 2026-07-30; AWS no longer lists an in-region entry in us-west-2.
    lifecycle: { endOfLife: "2026-07-30", source: DOC.lifecycleBefore2026_09_07 },
    inRegion: {},
    profiles: [
      { prefix: "apac", routes: routesFrom(APAC_CLAUDE_3X, APAC_CLAUDE_3X), source: DOC.profiles },
      { prefix: "us", routes: routesFrom(US, US), source: DOC.profiles },
    ],
    replacedBy: TO_HAIKU_45,
    quotaNames: ["Anthropic Claude 3.5 Sonnet V2"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-3-5-sonnet-20240620-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude 3.5 Sonnet",
    kind: "text",
    lifecycle: { endOfLife: "2026-07-30", source: DOC.lifecycleBefore2026_09_07 },
    inRegion: onlyInRegion(["ap-northeast-1", "us-west-2"], DOC.lifecycleBefore2026_09_07),
    profiles: [
      { prefix: "apac", routes: routesFrom(APAC_CLAUDE_3X, APAC_CLAUDE_3X), source: DOC.profiles },
      { prefix: "us", routes: routesFrom(US, US), source: DOC.profiles },
    ],
    replacedBy: TO_HAIKU_45,
    quotaNames: ["Anthropic Claude 3.5 Sonnet"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-3-haiku-20240307-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude 3 Haiku",
    kind: "text",
    lifecycle: { legacyFrom: "2026-03-10", endOfLife: "2026-09-10", source: DOC.card("anthropic-claude-3-haiku") },
    inRegion: {
      ...onlyInRegion(["ap-northeast-1", "us-west-2"], DOC.card("anthropic-claude-3-haiku")),
      // The card: ended in most regions on 2026-09-10, still Legacy in Seoul, still served in Canada, Zurich and Sao Paulo.
      "ap-northeast-2": { source: DOC.card("anthropic-claude-3-haiku"), lifecycle: { legacyFrom: "2026-03-10", source: DOC.card("anthropic-claude-3-haiku") } },
      ...onlyInRegion(["ca-central-1", "eu-central-2", "sa-east-1"], DOC.card("anthropic-claude-3-haiku"), {
        lifecycle: { source: DOC.card("anthropic-claude-3-haiku") },
        needsConfirmation: "the card says these regions still serve it but names no state or end date",
      }),
    },
    profiles: [
      // Osaka may not call apac. Claude 3 Haiku, and from Tokyo it reaches five regions, not six.
      {
        prefix: "apac",
        routes: routesFrom(
          ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2"],
          ["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2"],
        ),
        source: DOC.profiles,
      },
      // From Oregon, us. Claude 3 Haiku reaches N. Virginia and Oregon only.
      { prefix: "us", routes: { "us-east-2": US, "us-west-2": ["us-east-1", "us-west-2"] }, source: DOC.profiles },
    ],
    replacedBy: TO_HAIKU_45,
    quotaNames: ["Anthropic Claude 3 Haiku"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-3-5-haiku-20241022-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude 3.5 Haiku",
    kind: "text",
    lifecycle: { endOfLife: "2026-06-19", source: DOC.card("anthropic-claude-3-5-haiku") },
    inRegion: onlyInRegion(["us-west-2"], DOC.lifecycleBefore2026_09_07),
    profiles: [{ prefix: "us", routes: routesFrom(US, US), source: DOC.profiles }],
    replacedBy: TO_HAIKU_45,
    quotaNames: ["Anthropic Claude 3.5 Haiku"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-sonnet-4-5-20250929-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude Sonnet 4.5",
    kind: "text",
    lifecycle: { legacyFrom: "2026-10-08", endOfLife: "2027-04-08", source: DOC.lifecycleBefore2026_09_07 },
    inRegion: {},
    profiles: [
      jpProfile(),
      usClaude4x(),
      // London and Zurich may call eu. but their requests stay where they are.
      { prefix: "eu", routes: { ...routesFrom(EU, EU), "eu-west-2": ["eu-west-2"], "eu-central-2": ["eu-central-2"] }, source: DOC.profiles },
      // New Zealand may call au. and its requests stay in New Zealand.
      { prefix: "au", routes: { ...routesFrom(AU, AU), "ap-southeast-6": ["ap-southeast-6"] }, source: DOC.profiles },
      globalProfile(),
    ],
    replacedBy: TO_HAIKU_45,
    quotaNames: ["Anthropic Claude Sonnet 4.5 V1", "Anthropic Claude Sonnet 4.5"],
    checked: "2026-11",
  },
  {
    id: HAIKU_45,
    provider: "Anthropic",
    family: "Claude",
    name: "Claude Haiku 4.5",
    kind: "text",
    // Anthropic calls it legacy on its own API; for Bedrock only AWS's card counts, and it says Active.
    lifecycle: { source: DOC.card("anthropic-claude-haiku-4-5") },
    inRegion: {
      "ap-northeast-1": {
        source: DOC.regions,
        needsConfirmation: "the Region table and the model card disagree about in-Region access in Tokyo",
      },
    },
    profiles: [jpProfile(), usClaude4x(), globalProfile()],
    quotaNames: ["Anthropic Claude Haiku 4.5", "Anthropic Claude Haiku 4.5 V1"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-sonnet-4-6",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude Sonnet 4.6",
    kind: "text",
    lifecycle: { source: DOC.card("anthropic-claude-sonnet-4-6") },
    needsConfirmation: "its Bedrock lifecycle state was not read from AWS's card (Anthropic lists it as legacy on its own API)",
    inRegion: {},
    profiles: [
      // Anthropic's Bedrock page lists global., us., eu. and jp. (no apac.); AWS's own profile table was not read.
      jpProfile({ needsConfirmation: "Anthropic's Bedrock page lists a jp. profile, but AWS's profile table was not read" }),
      globalProfile(),
    ],
    quotaNames: ["Anthropic Claude Sonnet 4.6"],
    checked: "2026-11",
  },
  {
    id: "amazon.nova-2-lite-v1:0",
    provider: "Amazon",
    family: "Nova",
    name: "Amazon Nova 2 Lite",
    kind: "text",
    lifecycle: { source: DOC.card("amazon-nova-2-lite") },
    // Cross-Region only: no in-region entry on bedrock-runtime.
    inRegion: {},
    profiles: [
      jpProfile({ needsConfirmation: "a jp. profile is not confirmed by the pages read" }),
      { prefix: "us", routes: routesFrom(US, US), source: DOC.profiles, needsConfirmation: "the us. id is documented; its routes were not read" },
      globalProfile({ needsConfirmation: "a global. profile is not confirmed by the pages read" }),
    ],
    quotaNames: ["Amazon Nova 2 Lite"],
    checked: "2026-11",
  },
  {
    id: "amazon.titan-embed-text-v2:0",
    provider: "Amazon",
    family: "Titan",
    name: "Titan Text Embeddings V2",
    kind: "embedding",
    lifecycle: { source: DOC.card("amazon-titan-text-embeddings-v2-2") },
    inRegion: onlyInRegion(["ap-northeast-1", "us-west-2"], DOC.regions),
    profiles: [],
    quotaNames: ["Amazon Titan Text Embeddings V2"],
    checked: "2026-11",
  },
  {
    id: "cohere.embed-v4:0",
    provider: "Cohere",
    family: "Embed",
    name: "Cohere Embed v4",
    kind: "embedding",
    lifecycle: { source: DOC.card("cohere-embed-v4") },
    inRegion: {
      "ap-northeast-1": { source: DOC.regions, needsConfirmation: "in-Region access in Tokyo was not confirmed by the pages read" },
    },
    profiles: [
      { prefix: "us", routes: routesFrom(US, US), source: DOC.card("cohere-embed-v4"), needsConfirmation: "the us. id is on the card; its routes were not read" },
      { prefix: "eu", routes: routesFrom(EU, EU), source: DOC.card("cohere-embed-v4"), needsConfirmation: "the eu. id is on the card; its routes were not read" },
      globalProfile({ source: DOC.card("cohere-embed-v4") }),
    ],
    quotaNames: ["Cohere Embed v4", "Cohere Embed V4"],
    checked: "2026-11",
  },
  {
    id: "cohere.rerank-v3-5:0",
    provider: "Cohere",
    family: "Rerank",
    name: "Cohere Rerank 3.5",
    kind: "rerank",
    lifecycle: { source: DOC.rerankRegions },
    inRegion: onlyInRegion(["ap-northeast-1", "ca-central-1", "eu-central-1", "us-east-1", "us-west-2"], DOC.rerankRegions),
    profiles: [],
    quotaNames: ["Cohere Rerank 3.5"],
    checked: "2026-11",
  },
  {
    id: "amazon.rerank-v1:0",
    provider: "Amazon",
    family: "Rerank",
    name: "Amazon Rerank 1.0",
    kind: "rerank",
    lifecycle: { source: DOC.rerankRegions },
    inRegion: onlyInRegion(["ap-northeast-1", "ca-central-1", "eu-central-1", "us-west-2"], DOC.rerankRegions),
    profiles: [],
    quotaNames: ["Amazon Rerank 1.0", "Amazon Rerank v1"],
    checked: "2026-11",
  },
];

export function findModel(id: string): FoundationModel | undefined {
  return FOUNDATION_MODELS.find((m) => m.id === id);
}

export function profileOf(model: FoundationModel, prefix: ProfilePrefix): ModelProfile | undefined {
  return model.profiles.find((p) => p.prefix === prefix);
}
