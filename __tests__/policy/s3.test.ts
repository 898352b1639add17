import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecureBucket } from "../../src/constructs/secure-bucket";
import { denyInsecureTransport, policyDocument } from "../../src/iam/policy-document";
import { annotationsOf, findings, messages, policyStack } from "./helpers";

const S3_RULES = ["CKV_AWS_21", "CKV_AWS_19", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6", "CKV_AWS_379"];

describe("SecureBucket", () => {
  test("passes every S3 rule, with SSE-KMS and with SSE-S3", () => {
    const stack = policyStack();
    new SecureBucket(stack, "data", { bucketName: "dify-data", kmsKeyArn: "arn:aws:kms:ap-northeast-1:111111111111:key/1" });
    new SecureBucket(stack, "logs", { bucketName: "dify-alb-logs" });
    expect(annotationsOf(stack).filter((a) => S3_RULES.includes(a.ruleId ?? ""))).toEqual([]);
  });
});

describe("CKV_AWS_21 S3 versioning", () => {
  test("versioning related by .id, by .bucket, by literal name, or declared before the bucket, passes", () => {
    const stack = policyStack();
    const byId = new S3Bucket(stack, "by-id", { bucket: "by-id" });
    new S3BucketVersioningA(stack, "by-id-versioning", { bucket: byId.id, versioningConfiguration: { status: "Enabled" } });
    const byName = new S3Bucket(stack, "by-name", { bucket: "by-name" });
    new S3BucketVersioningA(stack, "by-name-versioning", { bucket: byName.bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketVersioningA(stack, "literal-versioning", { bucket: "literal", versioningConfiguration: { status: "Enabled" } });
    new S3Bucket(stack, "literal", { bucket: "literal" });
    const early = new S3BucketVersioningA(stack, "early-versioning", { bucket: "placeholder", versioningConfiguration: { status: "Enabled" } });
    const late = new S3Bucket(stack, "late", { bucket: "late" });
    early.bucket = late.id;
    expect(findings(stack, "CKV_AWS_21")).toEqual([]);
  });

  test("a bucket without versioning fails even when another bucket has it", () => {
    const stack = policyStack();
    const versioned = new S3Bucket(stack, "versioned", { bucket: "versioned" });
    new S3BucketVersioningA(stack, "versioning", { bucket: versioned.id, versioningConfiguration: { status: "Enabled" } });
    new S3Bucket(stack, "plain", { bucket: "plain" });
    expect(messages(stack, "CKV_AWS_21")).toEqual([
      '[CKV_AWS_21] the bucket is not versioned: add an aws_s3_bucket_versioning with versioning_configuration.status = "Enabled" (SecureBucket does)',
    ]);
    expect(findings(stack, "CKV_AWS_21")).toEqual(["error plain"]);
  });

  test("suspended versioning fails", () => {
    const stack = policyStack();
    const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
    new S3BucketVersioningA(stack, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Suspended" } });
    expect(messages(stack, "CKV_AWS_21")[0]).toMatch(/^\[CKV_AWS_21\] versioning of the bucket is Suspended: /);
  });
});

describe("CKV_AWS_19 S3 encryption", () => {
  test("a separate encryption configuration for the bucket passes", () => {
    const stack = policyStack();
    const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
    new S3BucketServerSideEncryptionConfigurationA(stack, "sse", { bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] });
    expect(findings(stack, "CKV_AWS_19")).toEqual([]);
  });

  test("an encryption configuration for a different bucket does not count", () => {
    const stack = policyStack();
    const other = new S3Bucket(stack, "other", { bucket: "other" });
    new S3Bucket(stack, "bucket", { bucket: "b" });
    new S3BucketServerSideEncryptionConfigurationA(stack, "sse", { bucket: other.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    expect(findings(stack, "CKV_AWS_19")).toEqual(["error bucket"]);
  });
});

describe("CKV_AWS_53..56 / CKV2_AWS_6 S3 public access block", () => {
  test("a block with all four settings passes", () => {
    const stack = policyStack();
    const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
    new S3BucketPublicAccessBlock(stack, "pab", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(annotationsOf(stack).filter((a) => /^CKV2?_AWS_(5[3-6]|6)$/.test(a.ruleId ?? ""))).toEqual([]);
  });

  test("a missing block fails on the bucket (CKV2_AWS_6)", () => {
    const stack = policyStack();
    new S3Bucket(stack, "bucket", { bucket: "b" });
    expect(findings(stack, "CKV2_AWS_6")).toEqual(["error bucket"]);
  });

  test("each setting left off fails on the block under its own id", () => {
    const stack = policyStack();
    const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
    new S3BucketPublicAccessBlock(stack, "pab", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true });
    expect(findings(stack, "CKV2_AWS_6")).toEqual([]);
    expect(findings(stack, "CKV_AWS_53")).toEqual([]);
    expect(findings(stack, "CKV_AWS_54")).toEqual([]);
    expect(findings(stack, "CKV_AWS_55")).toEqual(["error pab"]);
    expect(messages(stack, "CKV_AWS_56")).toEqual(["[CKV_AWS_56] the public access block leaves restrict_public_buckets off: set restrict_public_buckets = true"]);
  });
});

describe("CKV_AWS_379 S3 TLS-only policy", () => {
  test("a bucket policy that denies insecure transport passes", () => {
    const stack = policyStack();
    const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
    new S3BucketPolicy(stack, "policy", { bucket: bucket.id, policy: policyDocument([denyInsecureTransport(bucket.arn)]) });
    expect(findings(stack, "CKV_AWS_379")).toEqual([]);
  });

  test("no bucket policy, or one without the deny, fails", () => {
    const stack = policyStack();
    new S3Bucket(stack, "no-policy", { bucket: "a" });
    const other = new S3Bucket(stack, "weak-policy", { bucket: "b" });
    new S3BucketPolicy(stack, "weak", {
      bucket: other.id,
      policy: policyDocument([
        { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `${other.arn}/*` },
        // Deny only for TLS requests: the opposite of what is needed.
        { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: other.arn, Condition: { Bool: { "aws:SecureTransport": "true" } } },
      ]),
    });
    expect(findings(stack, "CKV_AWS_379")).toEqual(["error no-policy", "error weak-policy"]);
  });

  test("a policy that is a Terraform expression is a warning", () => {
    const stack = policyStack();
    const bucket = new S3Bucket(stack, "bucket", { bucket: "b" });
    new S3BucketPolicy(stack, "policy", { bucket: bucket.id, policy: "${data.aws_iam_policy_document.tls.json}" });
    expect(messages(stack, "CKV_AWS_379")).toEqual([
      "[CKV_AWS_379] warning: cannot read the bucket policy at synth time (it is a Terraform expression): write it as literal JSON with policyDocument()",
    ]);
  });
});
