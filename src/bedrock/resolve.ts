import type { AwsRegion } from "../catalog/regions";
import { problem } from "../config/errors";
import {
  BEDROCK_STRATEGIES,
  MODEL_ROLES,
  RESIDENCY_LEVELS,
  type BedrockInput,
} from "../config/schema/bedrock";

export type BedrockStrategy = (typeof BEDROCK_STRATEGIES)[number];
export type Residency = (typeof RESIDENCY_LEVELS)[number];
export type ModelRole = (typeof MODEL_ROLES)[number];

export interface ResolvedBedrock {
  readonly strategy?: BedrockStrategy;
  readonly residency: Residency;
  /** Region whose Bedrock endpoint Dify calls. */
  readonly region: AwsRegion;
  /** Model or inference-profile id per role. */
  readonly models: Readonly<Record<ModelRole, string>>;
  /** Interface endpoint service suffixes, always including bedrock-runtime. */
  readonly endpoints: readonly string[];
  readonly endpointAzCount: number;
  readonly requireVpcEndpoint: boolean;
  readonly invocationLogging: { readonly destination: "off" | "cloudwatch" | "s3"; readonly retentionDays: number };
  readonly guardrail: { readonly pii: "off" | "anonymize" | "block" };
}

export interface BedrockContext {
  readonly file: string;
  readonly region: AwsRegion;
  readonly production: boolean;
  readonly azCount: number;
  readonly logRetentionDays: number;
}

/** Placeholder preset table; replaced by the catalog-driven resolver. */
const PRESETS: Record<BedrockStrategy, { residency: Residency; models: Record<ModelRole, string> }> = {
  "tokyo-in-region": {
    residency: "in-region",
    models: {
      chat: "anthropic.claude-3-5-sonnet-20240620-v1:0",
      light: "anthropic.claude-3-haiku-20240307-v1:0",
      embedding: "amazon.titan-embed-text-v2:0",
      rerank: "cohere.rerank-v3-5:0",
    },
  },
  "tokyo-cross-region": {
    residency: "geography",
    models: {
      chat: "apac.anthropic.claude-3-5-sonnet-20241022-v2:0",
      light: "anthropic.claude-3-haiku-20240307-v1:0",
      embedding: "amazon.titan-embed-text-v2:0",
      rerank: "cohere.rerank-v3-5:0",
    },
  },
  "tokyo-jp-profiles": {
    residency: "country",
    models: {
      chat: "jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
      light: "jp.anthropic.claude-haiku-4-5-20251001-v1:0",
      embedding: "amazon.titan-embed-text-v2:0",
      rerank: "cohere.rerank-v3-5:0",
    },
  },
  oregon: {
    residency: "in-region",
    models: {
      chat: "anthropic.claude-3-5-sonnet-20241022-v2:0",
      light: "anthropic.claude-3-5-haiku-20241022-v1:0",
      embedding: "amazon.titan-embed-text-v2:0",
      rerank: "cohere.rerank-v3-5:0",
    },
  },
};

export function resolveBedrock(input: BedrockInput, ctx: BedrockContext): { value?: ResolvedBedrock; problems: string[] } {
  const problems: string[] = [];
  const region = (input.region as AwsRegion | undefined) ?? ctx.region;
  const strategy = input.strategy ?? (region === "us-west-2" ? "oregon" : region === "ap-northeast-1" ? "tokyo-in-region" : undefined);
  const preset = strategy ? PRESETS[strategy] : undefined;
  const models = {} as Record<ModelRole, string>;
  for (const role of MODEL_ROLES) {
    const id = input.models[role] ?? preset?.models[role];
    if (!id) problems.push(problem(ctx.file, ["bedrock", "models", role], `is required when bedrock.strategy is not set (presets: ${BEDROCK_STRATEGIES.join(", ")})`));
    else models[role] = id;
  }
  if (ctx.production && !input.invocationLogging) {
    problems.push(problem(ctx.file, ["bedrock", "invocationLogging"], 'must be set explicitly in production: { "destination": "off" | "cloudwatch" | "s3" }'));
  }
  if (problems.length) return { problems };
  return {
    problems,
    value: {
      strategy,
      residency: input.residency ?? preset?.residency ?? "in-region",
      region,
      models,
      endpoints: ["bedrock-runtime", ...input.endpoints],
      endpointAzCount: Math.min(input.endpointAzCount ?? ctx.azCount, ctx.azCount),
      requireVpcEndpoint: input.requireVpcEndpoint ?? ctx.production,
      invocationLogging: {
        destination: input.invocationLogging?.destination ?? "off",
        retentionDays: input.invocationLogging?.retentionDays ?? ctx.logRetentionDays,
      },
      guardrail: input.guardrail,
    },
  };
}
