import type { PolicyResource } from "../../policy-resource";
import type { StackIndex } from "../../stack-index";

export const BUCKET_TYPES = ["aws_s3_bucket"];

/**
 * The resources of `type` that configure `bucket` (aws_s3_bucket_versioning
 * and friends), related through their `bucket` argument: a reference to the
 * bucket ("${aws_s3_bucket.x.id}" or ".bucket") or the same literal name.
 */
export function bucketControls(bucket: PolicyResource, type: string, stack: StackIndex): PolicyResource[] {
  return stack.referencing(type, "bucket", bucket, "bucket");
}
