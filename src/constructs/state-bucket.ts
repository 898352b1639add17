import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { EncryptionKey } from "./encryption-key";
import { SecureBucket } from "./secure-bucket";

export interface StateBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  /** Alias of the state KMS key, without "alias/". */
  readonly keyAlias: string;
  /** Legacy DynamoDB lock table, for teams migrating to S3-native locking. @default none */
  readonly dynamodbTable?: string;
}

/**
 * The Terraform state bucket. State holds every resource attribute, so it is
 * SSE-KMS encrypted with a rotating key, versioned (a bad apply can be rolled
 * back to an older state version), TLS-only and protected from `destroy`.
 */
export class StateBucket extends Construct {
  readonly key: EncryptionKey;
  readonly bucket: SecureBucket;
  readonly lockTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.key = new EncryptionKey(this, "kms", {
      alias: props.keyAlias,
      description: `Terraform state bucket ${props.bucketName}`,
      accountId: props.accountId,
      preventDestroy: true,
    });
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.arn,
      noncurrentVersionDays: 90,
      preventDestroy: true,
    });
    if (props.dynamodbTable) {
      this.lockTable = new DynamodbTable(this, "lock-table", {
        name: props.dynamodbTable,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "LockID",
        attribute: [{ name: "LockID", type: "S" }],
        serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: true,
        lifecycle: { preventDestroy: true },
      });
    }
  }
}
