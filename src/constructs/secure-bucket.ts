import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { denyInsecureTransport, type PolicyStatement, policyDocument } from "../iam/policy-document";

export interface SecureBucketProps {
  readonly bucketName: string;
  /**
   * KMS key ARN for SSE-KMS. Leave it out only where AWS requires SSE-S3,
   * as ALB access logs do.
   * @default SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /** Days before noncurrent object versions expire. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Days before current objects expire (log buckets). @default never */
  readonly expireDays?: number;
  /** Extra bucket-policy statements; "<bucket>" and "<bucket>/*" ARNs come from `arn`. */
  readonly statements?: (bucketArn: string) => readonly PolicyStatement[];
  /** @default false */
  readonly preventDestroy?: boolean;
  /**
   * Provider of every resource here, for a region other than the stack's
   * default provider's. @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An S3 bucket with every control that reviewers ask for: versioning,
 * encryption, all four public-access blocks, bucket-owner-enforced ownership,
 * a TLS-only policy and lifecycle expiry of old versions.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const { provider } = props;
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: props.bucketName,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucket = this.bucket.id;

    new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn } : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider,
      bucket,
      rule: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          ...(props.expireDays ? { expiration: [{ days: props.expireDays }] } : {}),
        },
      ],
    });
    const arn = this.bucket.arn;
    this.policy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket,
      policy: policyDocument([denyInsecureTransport(arn), ...(props.statements?.(arn) ?? [])]),
      // A policy put before the public-access block can be rejected as public.
      dependsOn: [publicAccess],
    });
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }
}
