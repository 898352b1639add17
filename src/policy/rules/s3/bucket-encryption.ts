import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { block, blocks, str } from "../../values";
import { BUCKET_TYPES, bucketControls } from "./bucket-controls";

const ID = "CKV_AWS_19";
const ALGORITHMS = new Set(["AES256", "aws:kms", "aws:kms:dsse"]);

/**
 * Encryption at rest is declared, not left to S3's default: the declaration
 * is what a reviewer and an auditor can read, and it picks the KMS key.
 */
export const bucketEncryption: PolicyRule = {
  ids: [ID],
  title: "S3 buckets declare server-side encryption (aws_s3_bucket_server_side_encryption_configuration)",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, { stack }) {
    const fix = "add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms or AES256 (SecureBucket does)";
    const inline = block(bucket.attributes.server_side_encryption_configuration);
    const rules = [...blocks(inline?.rule), ...bucketControls(bucket, "aws_s3_bucket_server_side_encryption_configuration", stack).flatMap((c) => blocks(c.attributes.rule))];
    const algorithms = rules.map((r) => str(block(r.apply_server_side_encryption_by_default)?.sse_algorithm));
    if (algorithms.some((a) => a !== undefined && a !== "unknown" && ALGORITHMS.has(a))) return [];
    if (algorithms.includes("unknown")) return [unverifiable(ID, "sse_algorithm", fix)];
    return [{ ruleId: ID, problem: "the bucket declares no server-side encryption", fix }];
  },
};
