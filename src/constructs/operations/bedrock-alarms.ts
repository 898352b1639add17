import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { BEDROCK_METRICS_NAMESPACE } from "../../bedrock/invoked-model-ids";
import type { Names } from "../../config/naming";
import { policyDocument } from "../../iam/policy-document";
import { EncryptionKey } from "../encryption-key";
import { alarmTopicKeyStatement, topicPublishStatement } from "./alarms";

export interface BedrockAlarmsProps {
  readonly names: Names;
  readonly accountId: string;
  /** The region Dify calls Bedrock in, where Bedrock publishes its metrics. */
  readonly bedrockRegion: string;
  /** The model and inference-profile ids Dify invokes (invokedModelIds). */
  readonly modelIds: readonly string[];
  /** The environment's alarm topic (Alarms.topic), used when Bedrock is called in the environment region. */
  readonly topicArn: string;
  /**
   * The stack's provider for the Bedrock region, when that is not the
   * environment region: the alarms and their own topic are created with it.
   * @default none: Bedrock runs in the environment region
   */
  readonly provider?: AwsProvider;
  /** Subscribed to the Bedrock-region topic, as to the environment's. @default none */
  readonly alarmEmail?: string;
}

/** Thresholds of the Bedrock alarms, kept here so the docs and the tests can quote them. */
export const BEDROCK_ALARM_THRESHOLDS = {
  /**
   * Throttled calls per 5 minutes, in two periods running. The SDK in Dify's
   * Bedrock plugin retries a throttled call, so a few are absorbed; this many
   * for 10 minutes means users see failures and the tokens-per-minute quota
   * (npm run quotas) is too small for the traffic.
   */
  throttlesPer5Minutes: 10,
  /** Bedrock-side failures per 5 minutes: an outage of the model in the region, not a quota. */
  serverErrorsPer5Minutes: 5,
} as const;

/**
 * Alarms on Bedrock throttling and server errors for every model or profile
 * Dify is configured to call.
 *
 * A CloudWatch alarm reads only the metrics of its own region and can notify
 * only a topic of its own region, while Bedrock reports in the region Dify
 * calls. When that is not the environment region (the oregon preset from
 * Tokyo), the alarms and a second topic live in the Bedrock region, with
 * their own key there (KMS keys do not cross regions) and the same e-mail
 * subscription. Otherwise they use the environment's alarm topic.
 */
export class BedrockAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];
  /** The topic the alarms notify: the environment's, or the Bedrock region's own. */
  readonly topicArn: string;
  /** The Bedrock-region topic, when one was needed. */
  readonly regionalTopic?: SnsTopic;

  constructor(scope: Construct, id: string, props: BedrockAlarmsProps) {
    super(scope, id);
    const { names, provider } = props;
    const region = props.bedrockRegion;
    const account = props.accountId;
    const inRegion = new Construct(this, "regional");

    if (provider) {
      const key = new EncryptionKey(inRegion, "key", {
        provider,
        alias: names.of(`alarms-${region}`),
        description: `Alarm topic of ${names.prefix} in ${region} (Bedrock region)`,
        accountId: account,
        statements: [alarmTopicKeyStatement(account)],
      });
      const topic = new SnsTopic(inRegion, "topic", {
        provider,
        name: names.of(`alarms-${region}`),
        displayName: `Dify ${names.prefix} Bedrock alarms (${region})`,
        kmsMasterKeyId: key.arn,
      });
      new SnsTopicPolicy(inRegion, "topic-policy", {
        provider,
        arn: topic.arn,
        policy: policyDocument([topicPublishStatement("CloudWatchAlarms", "cloudwatch.amazonaws.com", topic.arn, account, `arn:aws:cloudwatch:${region}:${account}:alarm:*`)]),
      });
      if (props.alarmEmail) {
        // Stays "pending confirmation" until the recipient clicks the link in AWS's mail.
        new SnsTopicSubscription(inRegion, "email", { provider, topicArn: topic.arn, protocol: "email", endpoint: props.alarmEmail });
      }
      this.regionalTopic = topic;
    }
    this.topicArn = this.regionalTopic?.arn ?? props.topicArn;

    const t = BEDROCK_ALARM_THRESHOLDS;
    const specs = [
      {
        id: "throttles",
        metricName: "InvocationThrottles",
        threshold: t.throttlesPer5Minutes,
        evaluationPeriods: 2,
        description: (m: string) => `Bedrock throttled ${m} ${t.throttlesPer5Minutes}+ times in each of two 5-minute periods: raise the quota or spread the load`,
      },
      {
        id: "server-errors",
        metricName: "InvocationServerErrors",
        threshold: t.serverErrorsPer5Minutes,
        evaluationPeriods: 1,
        description: (m: string) => `Bedrock failed ${m} ${t.serverErrorsPer5Minutes}+ times in 5 minutes with server-side errors`,
      },
    ] as const;

    props.modelIds.forEach((modelId, index) => {
      for (const spec of specs) {
        this.alarms.push(
          new CloudwatchMetricAlarm(inRegion, `${spec.id}-${index}`, {
            provider,
            // Alarm names allow ":" and "."; the id keeps each name readable and unique.
            alarmName: names.of(`bedrock-${spec.id}-${modelId}`),
            alarmDescription: spec.description(modelId),
            namespace: BEDROCK_METRICS_NAMESPACE,
            metricName: spec.metricName,
            dimensions: { ModelId: modelId },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: spec.evaluationPeriods,
            datapointsToAlarm: spec.evaluationPeriods,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            threshold: spec.threshold,
            // Bedrock reports nothing while nobody calls the model; silence is not an outage.
            treatMissingData: "notBreaching",
            alarmActions: [this.topicArn],
            okActions: [this.topicArn],
          }),
        );
      }
    });
  }
}
