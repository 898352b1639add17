import { Construct } from "constructs";
import { ELB_LOG_ACCOUNTS } from "../../catalog/elb-log-delivery";
import type { AwsRegion } from "../../catalog/regions";
import type { Names } from "../../config/naming";
import type { PolicyStatement } from "../../iam/policy-document";
import { SecureBucket } from "../secure-bucket";

export const ACCESS_LOG_PREFIX = "alb";

export interface AccessLogBucketProps {
  readonly names: Names;
  /** Account whose load balancers deliver the logs. */
  readonly accountId: string;
  /** Region of the load balancer: older regions deliver through a regional ELB account. */
  readonly region: AwsRegion;
  /** Days the access logs are kept. */
  readonly expireDays: number;
}

/**
 * The ALB access-log bucket. ALB log delivery supports only SSE-S3, so this
 * is the one bucket without the environment KMS key.
 */
export class AccessLogBucket extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, { names, accountId, region, expireDays }: AccessLogBucketProps) {
    super(scope, id);
    const elbAccount = ELB_LOG_ACCOUNTS[region];
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: names.bucket("alb-logs"),
      expireDays,
      noncurrentVersionDays: 30,
      statements: (arn): PolicyStatement[] => {
        const logs = `${arn}/${ACCESS_LOG_PREFIX}/AWSLogs/${accountId}/*`;
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
