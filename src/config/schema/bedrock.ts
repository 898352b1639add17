import { z } from "zod";
import { Region } from "./primitives";

export const BEDROCK_STRATEGIES = ["tokyo-in-region", "tokyo-cross-region", "tokyo-jp-profiles", "oregon"] as const;
export const RESIDENCY_LEVELS = ["in-region", "country", "geography", "global"] as const;
export const MODEL_ROLES = ["chat", "light", "embedding", "rerank"] as const;
export const OPTIONAL_BEDROCK_ENDPOINTS = ["bedrock", "bedrock-agent", "bedrock-agent-runtime"] as const;

const ModelId = z.string().regex(/^[a-z0-9.-]+\.[a-z0-9.:-]+$/, {
  error: (iss) => `must be a Bedrock model id or inference profile id such as "jp.anthropic.claude-haiku-4-5-20251001-v1:0", got ${JSON.stringify(iss.input)}`,
});

export const BedrockSchema = z.strictObject({
  strategy: z.enum(BEDROCK_STRATEGIES).optional().meta({
    description:
      "Model preset. It sets the models and the residency; explicit residency or models.<role> override just that part. @default tokyo-in-region in ap-northeast-1, oregon in us-west-2",
  }),
  residency: z.enum(RESIDENCY_LEVELS).optional().meta({
    description:
      'Where model traffic may go: "in-region", "country" (every inference destination in the region\'s country), "geography" (for example apac., us., eu.) or "global". @default the preset\'s residency',
  }),
  region: Region.optional().meta({
    description:
      "Region whose Bedrock endpoint Dify calls. Interface endpoints exist only in the environment region, so another region means calls leave the VPC. @default the preset's region (us-west-2 for oregon, ap-northeast-1 for the tokyo-* presets), else the environment region",
  }),
  models: z
    .strictObject({
      chat: ModelId.optional(),
      light: ModelId.optional(),
      embedding: ModelId.optional(),
      rerank: ModelId.optional(),
    })
    .default({})
    .meta({
      description: "Per-role model or inference-profile ids that override the preset. Each is checked against the catalog (src/catalog/models.ts) and the residency. @default {}",
    }),
  endpoints: z.array(z.enum(OPTIONAL_BEDROCK_ENDPOINTS)).default([]).meta({
    description: "Extra Bedrock interface endpoints. bedrock-runtime and bedrock-agent-runtime (Dify reranks through it) are always created. @default []",
  }),
  endpointAzCount: z.number().int().min(0).max(3).optional().meta({
    description:
      "AZs that carry the Bedrock interface endpoints (each is billed per AZ-hour). 0 creates none, outside production only: Bedrock calls then leave through NAT to the public regional endpoint (still TLS, still limited to the configured models by IAM), and requireVpcEndpoint cannot be true. @default network.azCount",
  }),
  requireVpcEndpoint: z.boolean().optional().meta({
    description:
      "Allow model invocation only through this VPC's Bedrock endpoints (aws:SourceVpce). Needs the Bedrock region to be the environment region. @default true in production, false otherwise",
  }),
  invocationLogging: z
    .strictObject({
      destination: z.enum(["off", "cloudwatch", "s3"]),
      retentionDays: z.number().int().min(1).max(3653).optional().meta({
        description: "Days to keep invocation logs: the log group's retention, or the S3 objects' expiry. @default operations.logRetentionDays",
      }),
    })
    .optional()
    .meta({
      description:
        'Bedrock model invocation logging (prompts and responses of bedrock-runtime calls) to CloudWatch Logs or S3 in the Bedrock region. Production files must set it explicitly. It is one setting per account and region: one environment there may turn it on, and a DIFY_NAMESPACE copy leaves it to its environment. @default { "destination": "off" } outside production',
    }),
  guardrail: z
    .strictObject({
      pii: z.enum(["off", "anonymize", "block"]).default("off"),
    })
    .default({ pii: "off" })
    .meta({
      description:
        'Bedrock guardrail with sensitive-information (PII) filters: "anonymize" masks names, e-mail addresses, phone numbers and the like, "block" refuses the request. Its id and version are stack outputs for Dify. @default { "pii": "off" }',
    }),
});

export type BedrockInput = z.output<typeof BedrockSchema>;
