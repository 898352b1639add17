import type { ResolvedBedrock } from "./resolve";

/** CloudWatch namespace of Bedrock's runtime metrics. */
export const BEDROCK_METRICS_NAMESPACE = "AWS/Bedrock";

/**
 * The ModelId values under which Bedrock reports Dify's calls: every configured
 * model or inference-profile id, once, in a fixed order.
 *
 * What AWS documents ("Monitor bedrock-runtime inference using CloudWatch
 * metrics", bedrock/latest/userguide/monitoring-runtime-metrics.html, read
 * November 2026): the bedrock-runtime endpoint of a region publishes the
 * AWS/Bedrock metrics, so they land in the region Dify calls (bedrock.region),
 * also for a cross-region profile whose request runs in another destination
 * region. What those pages do not spell out is the ModelId value of a profile
 * call; Bedrock reports the id the request named, which for a profile is the
 * profile id (`jp.anthropic...`), not the foundation model id. If AWS ever
 * reports profile calls under the model id instead, these series stay empty:
 * check one in the console after the first deploy.
 *
 * Rerank goes through bedrock-agent-runtime rather than InvokeModel; its
 * ModelId series stays empty if Bedrock does not count it there, which is
 * harmless for a graph and for an alarm that treats missing data as fine.
 */
export function invokedModelIds(bedrock: ResolvedBedrock): string[] {
  return [...new Set(Object.values(bedrock.models))].sort();
}
