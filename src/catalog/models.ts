import type { ProfilePrefix } from "./inference-profiles";
import type { AwsRegion } from "./regions";

/**
 * Bedrock foundation models that this project knows, as data.
 *
 * The residency check, the IAM policy, the VPC endpoint policy and the quota
 * command all read this one table, so what is allowed and what is granted
 * cannot drift apart. Availability changes often (the Claude 3.5 models are
 * already legacy in some regions), so every fact carries the month it was
 * checked. To add a model or a region: add data here, run the tests.
 *
 * `inRegion` lists only regions where on-demand use without a profile was
 * checked; a region missing here is treated as "not served in-region", which
 * fails safe (the resolver then proposes a profile).
 */

/** What a model does, which decides the Dify roles it may fill. */
export type ModelKind = "text" | "embedding" | "rerank";

export interface FoundationModel {
  /** Bedrock model id, as in `arn:aws:bedrock:<region>::foundation-model/<id>`. */
  readonly id: string;
  readonly provider: "Anthropic" | "Amazon" | "Cohere";
  readonly family: string;
  readonly name: string;
  readonly kind: ModelKind;
  /** Regions that serve the model on demand without an inference profile. */
  readonly inRegion: readonly AwsRegion[];
  /** System-defined inference profiles that exist for the model. */
  readonly profiles: readonly ProfilePrefix[];
  /** AWS marks the model Legacy (end of life announced) in at least one region. */
  readonly legacy: boolean;
  /**
   * How Service Quotas names the model in "... per minute for <name>". Quota
   * names come in more than one spelling over time, so list each one seen.
   */
  readonly quotaNames: readonly string[];
  /** Month these facts were checked. */
  readonly checked: string;
}

export const FOUNDATION_MODELS: readonly FoundationModel[] = [
  {
    id: "anthropic.claude-3-5-sonnet-20241022-v2:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude 3.5 Sonnet v2",
    kind: "text",
    inRegion: ["us-west-2"],
    profiles: ["apac", "us"],
    legacy: true,
    quotaNames: ["Anthropic Claude 3.5 Sonnet V2"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-3-5-sonnet-20240620-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude 3.5 Sonnet",
    kind: "text",
    inRegion: ["ap-northeast-1", "us-west-2"],
    profiles: ["apac", "us"],
    legacy: true,
    quotaNames: ["Anthropic Claude 3.5 Sonnet"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-3-haiku-20240307-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude 3 Haiku",
    kind: "text",
    inRegion: ["ap-northeast-1", "us-west-2"],
    profiles: ["apac", "us"],
    legacy: false,
    quotaNames: ["Anthropic Claude 3 Haiku"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-3-5-haiku-20241022-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude 3.5 Haiku",
    kind: "text",
    inRegion: ["us-west-2"],
    profiles: ["us"],
    legacy: true,
    quotaNames: ["Anthropic Claude 3.5 Haiku"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-sonnet-4-5-20250929-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude Sonnet 4.5",
    kind: "text",
    inRegion: [],
    profiles: ["jp", "us", "eu", "au", "global"],
    legacy: false,
    quotaNames: ["Anthropic Claude Sonnet 4.5 V1", "Anthropic Claude Sonnet 4.5"],
    checked: "2026-11",
  },
  {
    id: "anthropic.claude-haiku-4-5-20251001-v1:0",
    provider: "Anthropic",
    family: "Claude",
    name: "Claude Haiku 4.5",
    kind: "text",
    inRegion: [],
    profiles: ["jp", "us", "global"],
    legacy: false,
    quotaNames: ["Anthropic Claude Haiku 4.5", "Anthropic Claude Haiku 4.5 V1"],
    checked: "2026-11",
  },
  {
    id: "amazon.titan-embed-text-v2:0",
    provider: "Amazon",
    family: "Titan",
    name: "Titan Text Embeddings V2",
    kind: "embedding",
    inRegion: ["ap-northeast-1", "us-west-2"],
    profiles: [],
    legacy: false,
    quotaNames: ["Amazon Titan Text Embeddings V2"],
    checked: "2026-11",
  },
  {
    id: "cohere.rerank-v3-5:0",
    provider: "Cohere",
    family: "Rerank",
    name: "Cohere Rerank 3.5",
    kind: "rerank",
    inRegion: ["ap-northeast-1", "us-west-2"],
    profiles: [],
    legacy: false,
    quotaNames: ["Cohere Rerank 3.5"],
    checked: "2026-11",
  },
];

export function findModel(id: string): FoundationModel | undefined {
  return FOUNDATION_MODELS.find((m) => m.id === id);
}
