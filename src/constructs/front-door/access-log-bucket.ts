import { Construct } from "constructs";
import { ELB_LOG_ACCOUNTS } from "../../catalog/elb-log-delivery";
import type { EnvironmentConfig } from "../../config/types";
import type { PolicyStatement } from "../../iam/policy-document";
import { SecureBucket } from "../secure-bucket";

export const ACCESS_LOG_PREFIX = "alb";

/**
 * The ALB access-log bucket. ALB log delivery supports only SSE-S3, so this
 * is the one bucket without the environment KMS key.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, { env }: { env: EnvironmentConfig }) {
    super(scope, id);
    const elbAccount = ELB_LOG_ACCOUNTS[env.region];
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: env.names.bucket("alb-logs"),
      expireDays: env.operations.logRetentionDays,
      noncurrentVersionDays: 30,
      statements: (arn): PolicyStatement[] => {
        const logs = `${arn}/${ACCESS_LOG_PREFIX}/AWSLogs/${env.accountId}/*`;
        return [
          {
            Sid: "AlbLogDeliveryService",
            Effect: "Allow",
            Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: logs,
          },
          ...(elbAccount
            ? [
                {
                  Sid: "AlbLogDeliveryRegionalAccount",
                  Effect: "Allow" as const,
                  Principal: { AWS: `arn:aws:iam::${elbAccount}:root` },
                  Action: "s3:PutObject",
                  Resource: logs,
                },
              ]
            : []),
        ];
      },
    });
  }
}
