import type { AwsRegion } from "../catalog/regions";
import type { BEDROCK_STRATEGIES, MODEL_ROLES, RESIDENCY_LEVELS } from "../config/schema/bedrock";

type Strategy = (typeof BEDROCK_STRATEGIES)[number];
type Role = (typeof MODEL_ROLES)[number];
type Residency = (typeof RESIDENCY_LEVELS)[number];

export interface BedrockPreset {
  readonly description: string;
  /** The Bedrock region the preset was built for; it becomes the default bedrock.region. */
  readonly region: AwsRegion;
  readonly residency: Residency;
  readonly models: Readonly<Record<Role, string>>;
}

/**
 * The seed's model strategies, by constraint. Each is checked against the
 * catalog like any hand-written choice, so a preset cannot claim a residency
 * its models break (a test asserts that every preset passes at home).
 */
export const BEDROCK_PRESETS: Readonly<Record<Strategy, BedrockPreset>> = {
  "tokyo-in-region": {
    description: "Japan only, no cross-region inference: every model runs in Tokyo",
    region: "ap-northeast-1",
    residency: "in-region",
    models: {
      chat: "anthropic.claude-3-5-sonnet-20240620-v1:0",
      light: "anthropic.claude-3-haiku-20240307-v1:0",
      embedding: "amazon.titan-embed-text-v2:0",
      rerank: "cohere.rerank-v3-5:0",
    },
  },
  "tokyo-cross-region": {
    // The seed calls this "Japan only, cross-region allowed", but apac. also
    // runs in Seoul, Mumbai, Singapore and Sydney: hence "geography", not "country".
    description: "Cross-region allowed within Asia Pacific: chat through apac., which leaves Japan",
    region: "ap-northeast-1",
    residency: "geography",
    models: {
      chat: "apac.anthropic.claude-3-5-sonnet-20241022-v2:0",
      light: "anthropic.claude-3-haiku-20240307-v1:0",
      embedding: "amazon.titan-embed-text-v2:0",
      rerank: "cohere.rerank-v3-5:0",
    },
  },
  "tokyo-jp-profiles": {
    description: "Japan only with current Claude models: jp. profiles run in Tokyo and Osaka only",
    region: "ap-northeast-1",
    residency: "country",
    models: {
      chat: "jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
      light: "jp.anthropic.claude-haiku-4-5-20251001-v1:0",
      embedding: "amazon.titan-embed-text-v2:0",
      rerank: "cohere.rerank-v3-5:0",
    },
  },
  oregon: {
    description: "Overseas allowed: every model runs in-region in us-west-2 (Oregon)",
    region: "us-west-2",
    residency: "in-region",
    models: {
      chat: "anthropic.claude-3-5-sonnet-20241022-v2:0",
      light: "anthropic.claude-3-5-haiku-20241022-v1:0",
      embedding: "amazon.titan-embed-text-v2:0",
      rerank: "cohere.rerank-v3-5:0",
    },
  },
};

/** The preset used when bedrock.strategy is absent, by Bedrock region. */
export function defaultStrategy(region: AwsRegion): Strategy | undefined {
  if (region === "ap-northeast-1") return "tokyo-in-region";
  if (region === "us-west-2") return "oregon";
  return undefined;
}
