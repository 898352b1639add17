import type { AwsRegion } from "../catalog/regions";

/** `arn:aws:bedrock:<region>::foundation-model/<id>`: foundation models have no account. */
export function foundationModelArn(region: AwsRegion, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

/**
 * The region-less foundation-model ARN that global cross-region inference
 * authorizes against; AWS pairs it with `aws:RequestedRegion = "unspecified"`.
 */
export function globalFoundationModelArn(modelId: string): string {
  return `arn:aws:bedrock:::foundation-model/${modelId}`;
}

/** A system-defined inference profile as seen from the source region, such as `jp.anthropic...`. */
export function inferenceProfileArn(region: AwsRegion, accountId: string, profileId: string): string {
  return `arn:aws:bedrock:${region}:${accountId}:inference-profile/${profileId}`;
}
