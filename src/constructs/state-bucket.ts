import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import type { PolicyStatement } from "../iam/policy-document";
import { EncryptionKey } from "./encryption-key";
import { SecureBucket } from "./secure-bucket";

export interface StateBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  /** Region of the bucket and its key. */
  readonly region: string;
  /** Alias of the state KMS key, without "alias/". */
  readonly keyAlias: string;
  /** Legacy DynamoDB lock table, for teams migrating to S3-native locking. @default none */
  readonly dynamodbTable?: string;
}

/** `arn:aws:kms:<region>:<account>:alias/<alias>`: names the state key before it exists. */
export function stateKeyAliasArn(region: string, accountId: string, alias: string): string {
  return `arn:aws:kms:${region}:${accountId}:alias/${alias}`;
}

/**
 * The Terraform state bucket. State holds every resource attribute, so it is
 * SSE-KMS encrypted with a rotating key, versioned (a bad apply can be rolled
 * back to an older state version), TLS-only and protected from `destroy`.
 *
 * Default encryption alone does not keep state under the key: an explicit
 * `x-amz-server-side-encryption: AES256` header (what a backend with
 * `encrypt = true` and no `kms_key_id` sends) overrides it. So the policy
 * refuses every PutObject (state and `.tflock` alike) that does not ask for
 * aws:kms with this key. The key-id condition sees the header's value, and
 * the backends send the alias ARN (see stateKmsKeyId); the key ARN is listed
 * as well, for a client that names the key itself. A PUT without the headers
 * is refused too: StringNotEquals is true when the key is missing.
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
      statements: (bucketArn): PolicyStatement[] => [
        {
          Sid: "DenyWritesNotUnderKms",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `${bucketArn}/*`,
          Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } },
        },
        {
          Sid: "DenyWritesNotUnderStateKey",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `${bucketArn}/*`,
          Condition: {
            StringNotEquals: {
              "s3:x-amz-server-side-encryption-aws-kms-key-id": [stateKeyAliasArn(props.region, props.accountId, props.keyAlias), this.key.arn],
            },
          },
        },
      ],
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
