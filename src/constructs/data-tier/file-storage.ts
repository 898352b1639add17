import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import type { PolicyStatement } from "../../iam/policy-document";
import { SecureBucket } from "../secure-bucket";

export interface FileStorageProps {
  readonly names: Names;
  /** The bucket's region: the key statement works only through S3 there. */
  readonly region: string;
  /** Environment KMS key ARN for SSE-KMS. */
  readonly kmsKeyArn: string;
  /** Days before overwritten or deleted file versions expire. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Keeps the bucket from `destroy` (production). @default false */
  readonly preventDestroy?: boolean;
}

/**
 * The managed tier's S3 bucket for Dify's uploaded files (STORAGE_TYPE=s3)
 * and the plugin daemon's packages (PLUGIN_STORAGE_TYPE=aws_s3). Both reach
 * it with the instance role (S3_USE_AWS_MANAGED_IAM=true), never with keys.
 */
export class FileStorage extends Construct {
  readonly bucket: SecureBucket;
  private readonly kmsKeyArn: string;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: FileStorageProps) {
    super(scope, id);
    this.kmsKeyArn = props.kmsKeyArn;
    this.region = props.region;
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.names.bucket("files"),
      kmsKeyArn: props.kmsKeyArn,
      noncurrentVersionDays: props.noncurrentVersionDays,
      preventDestroy: props.preventDestroy,
    });
  }

  get bucketName(): string {
    return this.bucket.name;
  }

  get bucketArn(): string {
    return this.bucket.arn;
  }

  /**
   * What the host role needs on this bucket, and nothing beyond it. ListBucket
   * also answers the HeadBucket that Dify and the plugin daemon send at start;
   * AbortMultipartUpload lets boto3 clean up a failed multipart upload of a
   * large file. The key statement only works through S3 in this region.
   */
  hostStatements(): PolicyStatement[] {
    const arn = this.bucketArn;
    return [
      { Sid: "FilesBucketList", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: arn },
      {
        Sid: "FilesObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        Resource: `${arn}/*`,
      },
      {
        Sid: "FilesKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: this.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `s3.${this.region}.amazonaws.com` } },
      },
    ];
  }
}
