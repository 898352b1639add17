import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";

export interface LogGroupProps {
  readonly name: string;
  /** Days to keep the logs (a CloudWatch Logs retention value). */
  readonly retentionDays: number;
  /** KMS key ARN; its policy must allow logs.<region>.amazonaws.com (see cloudWatchLogsKeyStatement). */
  readonly kmsKeyArn: string;
  /** Provider for a log group outside the stack's default region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** A log group that never keeps logs forever and is always encrypted with the environment key. */
export function logGroup(scope: Construct, id: string, props: LogGroupProps): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    provider: props.provider,
    name: props.name,
    retentionInDays: props.retentionDays,
    kmsKeyId: props.kmsKeyArn,
  });
}
