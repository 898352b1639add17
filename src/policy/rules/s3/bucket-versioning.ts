import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { block, bool, str } from "../../values";
import { BUCKET_TYPES, bucketControls } from "./bucket-controls";

const ID = "CKV_AWS_21";

/** Versioning lets a bad apply or a deleted object be rolled back (state, uploads, logs). */
export const bucketVersioning: PolicyRule = {
  ids: [ID],
  title: "S3 buckets are versioned (aws_s3_bucket_versioning status Enabled)",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, { stack }) {
    const fix = 'add an aws_s3_bucket_versioning with versioning_configuration.status = "Enabled" (SecureBucket does)';
    if (bool(block(bucket.attributes.versioning)?.enabled) === true) return [];
    const statuses = bucketControls(bucket, "aws_s3_bucket_versioning", stack).map((v) => str(block(v.attributes.versioning_configuration)?.status));
    if (statuses.includes("Enabled")) return [];
    if (statuses.includes("unknown")) return [unverifiable(ID, "versioning_configuration.status", fix)];
    const status = statuses.find((s) => s !== undefined);
    return [{ ruleId: ID, problem: status ? `versioning of the bucket is ${status}` : "the bucket is not versioned", fix }];
  },
};
