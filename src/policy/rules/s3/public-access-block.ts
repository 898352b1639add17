import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { bool } from "../../values";
import { BUCKET_TYPES, bucketControls } from "./bucket-controls";

const SETTINGS = [
  { ruleId: "CKV_AWS_53", attribute: "block_public_acls" },
  { ruleId: "CKV_AWS_54", attribute: "block_public_policy" },
  { ruleId: "CKV_AWS_55", attribute: "ignore_public_acls" },
  { ruleId: "CKV_AWS_56", attribute: "restrict_public_buckets" },
] as const;
const PRESENT = "CKV2_AWS_6";

/**
 * No bucket of this app is public: each has a public access block with all
 * four settings on. A missing block is checkov's CKV2_AWS_6 (on the bucket);
 * a setting left off is CKV_AWS_53..56 (on the block).
 */
export const publicAccessBlock: PolicyRule = {
  ids: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", PRESENT],
  title: "S3 buckets have a public access block with all four settings true",
  severity: "error",
  resourceTypes: [...BUCKET_TYPES, "aws_s3_bucket_public_access_block"],
  check(resource, { stack }) {
    if (resource.type === "aws_s3_bucket_public_access_block") {
      return SETTINGS.flatMap(({ ruleId, attribute }) => {
        const value = bool(resource.attributes[attribute]);
        const fix = `set ${attribute} = true`;
        if (value === true) return [];
        if (value === "unknown") return [unverifiable(ruleId, attribute, fix)];
        return [{ ruleId, problem: `the public access block leaves ${attribute} off`, fix }];
      });
    }
    if (bucketControls(resource, "aws_s3_bucket_public_access_block", stack).length) return [];
    return [
      {
        ruleId: PRESENT,
        problem: "the bucket has no public access block",
        fix: "add an aws_s3_bucket_public_access_block with all four settings true (SecureBucket does)",
      },
    ];
  },
};
