import type { FoundationModelDetails, GetFoundationModelAvailabilityResponse, GetInferenceProfileResponse, InferenceProfileSummary } from "@aws-sdk/client-bedrock";

/**
 * Bedrock control-plane answers in ap-northeast-1, written by hand in the
 * shape of the SDK's types (as a ListFoundationModels / GetInferenceProfile
 * call returns them), describing Tokyo as AWS's pages did in autumn 2026:
 * Claude Haiku 4.5 and Sonnet 4.x only through profiles, Sonnet 4.5 Legacy,
 * the Claude 3.x models gone, Titan and both rerankers on demand.
 */
const ACCOUNT = "333333333333";
const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;

const model = (id: string, provider: string, types: string[], lifecycle: FoundationModelDetails["modelLifecycle"]): FoundationModelDetails => ({
  modelArn: fm("ap-northeast-1", id),
  modelId: id,
  modelName: id,
  providerName: provider,
  inputModalities: ["TEXT"],
  outputModalities: id.includes("embed") ? ["EMBEDDING"] : ["TEXT"],
  responseStreamingSupported: !id.includes("embed") && !id.includes("rerank"),
  customizationsSupported: [],
  inferenceTypesSupported: types as FoundationModelDetails["inferenceTypesSupported"],
  modelLifecycle: lifecycle,
});

const ACTIVE = { status: "ACTIVE" as const, startOfLifeTime: new Date("2025-10-16T00:00:00Z") };

export const TOKYO_MODELS: FoundationModelDetails[] = [
  model("anthropic.claude-haiku-4-5-20251001-v1:0", "Anthropic", ["INFERENCE_PROFILE"], ACTIVE),
  model("anthropic.claude-sonnet-4-5-20250929-v1:0", "Anthropic", ["INFERENCE_PROFILE"], {
    status: "LEGACY",
    legacyTime: new Date("2026-10-08T00:00:00Z"),
    endOfLifeTime: new Date("2027-04-08T00:00:00Z"),
  }),
  model("anthropic.claude-sonnet-4-6", "Anthropic", ["INFERENCE_PROFILE"], ACTIVE),
  model("amazon.nova-2-lite-v1:0", "Amazon", ["INFERENCE_PROFILE"], ACTIVE),
  model("amazon.titan-embed-text-v2:0", "Amazon", ["ON_DEMAND"], ACTIVE),
  model("cohere.embed-v4:0", "Cohere", ["INFERENCE_PROFILE"], ACTIVE),
  model("cohere.rerank-v3-5:0", "Cohere", ["ON_DEMAND"], ACTIVE),
  model("amazon.rerank-v1:0", "Amazon", ["ON_DEMAND"], ACTIVE),
  // Not in the catalog: must be ignored.
  model("amazon.nova-pro-v1:0", "Amazon", ["INFERENCE_PROFILE"], ACTIVE),
];

const profile = (prefix: string, modelId: string, regions: string[]): GetInferenceProfileResponse & InferenceProfileSummary => ({
  inferenceProfileName: `${prefix.toUpperCase()} ${modelId}`,
  description: `Routes requests to ${modelId}`,
  inferenceProfileArn: `arn:aws:bedrock:ap-northeast-1:${ACCOUNT}:inference-profile/${prefix}.${modelId}`,
  inferenceProfileId: `${prefix}.${modelId}`,
  models: regions.map((r) => ({ modelArn: r ? fm(r, modelId) : `arn:aws:bedrock:::foundation-model/${modelId}` })),
  status: "ACTIVE",
  type: "SYSTEM_DEFINED",
});
const JAPAN = ["ap-northeast-1", "ap-northeast-3"];

/** Two pages, as ListInferenceProfiles returns them with maxResults. */
export const TOKYO_PROFILES: InferenceProfileSummary[][] = [
  [
    profile("jp", "anthropic.claude-haiku-4-5-20251001-v1:0", JAPAN),
    profile("global", "anthropic.claude-haiku-4-5-20251001-v1:0", ["ap-northeast-1", ""]),
    // Newer apac. profiles also reach Hyderabad and Melbourne; the catalog records no apac. Haiku 4.5.
    profile("apac", "anthropic.claude-haiku-4-5-20251001-v1:0", [
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-northeast-3",
      "ap-south-1",
      "ap-south-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-4",
    ]),
    profile("jp", "anthropic.claude-sonnet-4-5-20250929-v1:0", JAPAN),
  ],
  [
    profile("global", "anthropic.claude-sonnet-4-5-20250929-v1:0", ["ap-northeast-1", ""]),
    profile("jp", "anthropic.claude-sonnet-4-6", JAPAN),
    profile("global", "anthropic.claude-sonnet-4-6", ["ap-northeast-1", ""]),
    profile("jp", "amazon.nova-2-lite-v1:0", JAPAN),
    profile("global", "amazon.nova-2-lite-v1:0", ["ap-northeast-1", ""]),
    profile("global", "cohere.embed-v4:0", ["ap-northeast-1", ""]),
    profile("apac", "amazon.nova-pro-v1:0", ["ap-northeast-1", "ap-northeast-2"]),
  ],
];

export const availability = (modelId: string, authorized = true): GetFoundationModelAvailabilityResponse => ({
  modelId,
  agreementAvailability: { status: authorized ? "AVAILABLE" : "NOT_AVAILABLE" },
  authorizationStatus: authorized ? "AUTHORIZED" : "NOT_AUTHORIZED",
  entitlementAvailability: "AVAILABLE",
  regionAvailability: "AVAILABLE",
});
