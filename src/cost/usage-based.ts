import { compareText } from "../terraform/compare-text";
import type { Json, TerraformDocument } from "../terraform/terraform-document";
import { dataSources, managedResources, stringValue } from "../terraform/terraform-json";

/** Resource types whose cost is all usage, named for the "not estimated" line. */
const USAGE_BASED: Readonly<Record<string, string>> = {
  aws_backup_plan: "AWS Backup storage",
  aws_bedrock_guardrail: "Bedrock Guardrails text units",
  aws_cloudfront_distribution: "CloudFront requests and data",
  aws_dlm_lifecycle_policy: "EBS snapshot storage",
  aws_dynamodb_table: "DynamoDB requests and storage",
  aws_elasticache_serverless_cache: "ElastiCache Serverless data and ECPUs",
  aws_lambda_function: "Lambda invocations",
};

const MODEL_ARN = /arn:aws[a-z-]*:bedrock:[^:"\s]*:[^:"\s]*:(?:foundation-model|inference-profile|application-inference-profile)\/([A-Za-z0-9._:*-]+)/g;

export interface UsageBasedCosts {
  /** The stack uses Bedrock (a model ARN, a Bedrock endpoint or a Bedrock resource). */
  readonly bedrock: boolean;
  /** Model and inference-profile ids named in the stack's policies, sorted. */
  readonly bedrockModels: readonly string[];
  /** "<what> (<resource type>)" for each usage-billed type present. */
  readonly notEstimated: readonly string[];
}

/**
 * Costs that depend only on usage. Bedrock bills per token, so the review
 * names the models that the IAM and endpoint policies allow instead of a figure.
 */
export function usageBasedCosts(doc: TerraformDocument): UsageBasedCosts {
  const models = new Set<string>();
  let bedrock = false;
  const types = new Set<string>();
  for (const r of [...managedResources(doc), ...dataSources(doc)]) {
    if (r.mode === "managed") types.add(r.type);
    if (r.type.startsWith("aws_bedrock")) bedrock = true;
    if (r.type === "aws_vpc_endpoint" && /\.bedrock(-[a-z-]+)?$/.test(stringValue(r.body.service_name) ?? "")) bedrock = true;
    for (const text of strings(r.body)) for (const m of text.matchAll(MODEL_ARN)) models.add(m[1]);
  }
  const notEstimated = Object.entries(USAGE_BASED)
    .filter(([type]) => types.has(type))
    .map(([type, what]) => `${what} (${type})`);
  return { bedrock: bedrock || models.size > 0, bedrockModels: [...models].sort(compareText), notEstimated };
}

function* strings(value: Json | undefined): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (k !== "//") yield* strings(v);
}
