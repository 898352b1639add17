import type { AwsRegion } from "../catalog/regions";
import type { BEDROCK_STRATEGIES, MODEL_ROLES, RESIDENCY_LEVELS } from "../config/schema/bedrock";

type Strategy = (typeof BEDROCK_STRATEGIES)[number];
type Role = (typeof MODEL_ROLES)[number];
type Residency = (typeof RESIDENCY_LEVELS)[number];

export interface BedrockPreset {
  /** The seed's constraint that the preset answers. */
  readonly intent: string;
  readonly description: string;
  /** The Bedrock region the preset was built for; it becomes the default bedrock.region. */
  readonly region: AwsRegion;
  readonly residency: Residency;
  readonly models: Readonly<Record<Role, string>>;
}

const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
const TITAN_EMBED_V2 = "amazon.titan-embed-text-v2:0";
const COHERE_RERANK_35 = "cohere.rerank-v3-5:0";

/**
 * The seed's model strategies, by constraint, filled with models that the
 * catalog confirms Active (checked 2026-11). Each is checked against the
 * catalog and the synth date like any hand-written choice, so a preset can
 * neither claim a residency its models break nor ship a Legacy, ended or
 * unconfirmed model (tests assert both).
 *
 * Why the three Tokyo presets share their models today: the catalog confirms
 * no Active text model served in-region in Tokyo (Claude 3.5 Sonnet and
 * Claude 3 Haiku have ended; whether Claude Haiku 4.5 is served in-region
 * there is disputed by AWS's own pages), and apac. leaves Japan. So every
 * Tokyo preset keeps documents (embedding, rerank) in Tokyo and sends chat
 * through jp., which runs only in Tokyo and Osaka. They will diverge again
 * when `npm run models` confirms an in-region text model.
 */
export const BEDROCK_PRESETS: Readonly<Record<Strategy, BedrockPreset>> = {
  "tokyo-in-region": {
    intent: "Japan only, no cross-region inference",
    description: "Japan only: embedding and rerank in Tokyo; chat through jp. (Tokyo and Osaka), as no Active text model is confirmed in-region in Tokyo",
    region: "ap-northeast-1",
    residency: "country",
    models: { chat: `jp.${HAIKU_45}`, light: `jp.${HAIKU_45}`, embedding: TITAN_EMBED_V2, rerank: COHERE_RERANK_35 },
  },
  "tokyo-cross-region": {
    intent: "Japan only, cross-region inference allowed",
    // The seed used apac., which also runs in Seoul, Mumbai, Singapore and Sydney; jp. keeps "Japan only" true.
    description: "Japan only with cross-region inference: chat through jp. (Tokyo and Osaka), documents in Tokyo",
    region: "ap-northeast-1",
    residency: "country",
    models: { chat: `jp.${HAIKU_45}`, light: `jp.${HAIKU_45}`, embedding: TITAN_EMBED_V2, rerank: COHERE_RERANK_35 },
  },
  "tokyo-jp-profiles": {
    intent: "Japan only with current Claude models through jp. profiles",
    description: "Japan only with current Claude models: jp. profiles run in Tokyo and Osaka only",
    region: "ap-northeast-1",
    residency: "country",
    models: { chat: `jp.${HAIKU_45}`, light: `jp.${HAIKU_45}`, embedding: TITAN_EMBED_V2, rerank: COHERE_RERANK_35 },
  },
  oregon: {
    intent: "Overseas allowed (us-west-2, Oregon)",
    // No Active Claude model is confirmed in-region in Oregon; us. keeps every request in the United States.
    description: "Overseas allowed: chat through us. (N. Virginia, Ohio, Oregon), documents in Oregon",
    region: "us-west-2",
    residency: "country",
    models: { chat: `us.${HAIKU_45}`, light: `us.${HAIKU_45}`, embedding: TITAN_EMBED_V2, rerank: COHERE_RERANK_35 },
  },
};

/** The preset used when bedrock.strategy is absent, by Bedrock region. */
export function defaultStrategy(region: AwsRegion): Strategy | undefined {
  if (region === "ap-northeast-1") return "tokyo-in-region";
  if (region === "us-west-2") return "oregon";
  return undefined;
}
