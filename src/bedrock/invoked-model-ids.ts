import type { ResolvedBedrock } from "./resolve";

/** CloudWatch namespace of Bedrock's runtime metrics. */
export const BEDROCK_METRICS_NAMESPACE = "AWS/Bedrock";

/**
 * The ModelId values under which Bedrock reports Dify's calls: every configured
 * model or inference-profile id, once, in a fixed order.
 *
 * What AWS documents ("Monitor bedrock-runtime inference using CloudWatch
 * metrics", bedrock/latest/userguide/monitoring-runtime-metrics.html): the
 * bedrock-runtime endpoint of a region publishes AWS/Bedrock metrics in that
 * region, and ModelId is the id the request named. A cross-region profile
 * call is therefore counted under the profile id (`jp.anthropic...`), not the
 * foundation model id, and in the region Dify calls (bedrock.region), even
 * when the profile runs the request in another destination region. So the
 * dashboard and the alarms read exactly these ids in bedrock.region.
 *
 * Rerank goes through bedrock-agent-runtime rather than InvokeModel; its
 * ModelId series stays empty if Bedrock does not count it there, which is
 * harmless for a graph and for an alarm that treats missing data as fine.
 */
export function invokedModelIds(bedrock: ResolvedBedrock): string[] {
  return [...new Set(Object.values(bedrock.models))].sort();
}
