import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import { DISK_USED_PERCENT, HOST_METRICS_NAMESPACE } from "../../dify-host/cloudwatch-agent";
import { type PolicyStatement, policyDocument } from "../../iam/policy-document";

export interface AlarmsProps {
  readonly names: Names;
  /** Account and region whose alarms and rules may publish to the topic. */
  readonly accountId: string;
  readonly region: string;
  /** Address subscribed to the topic (operations.alarmEmail). @default no subscription */
  readonly alarmEmail?: string;
  /** Environment KMS key ARN for the topic; its policy needs alarmTopicKeyStatement(). */
  readonly kmsKeyArn: string;
  /** `arn_suffix` of the ALB (the LoadBalancer dimension). */
  readonly loadBalancerArnSuffix: string;
  /** `arn_suffix` of the Dify target group (the TargetGroup dimension). */
  readonly targetGroupArnSuffix: string;
  /** The all-in-one host, for CPU by InstanceId. @default none */
  readonly instanceId?: string;
  /** The managed tier's Auto Scaling group, for CPU by AutoScalingGroupName. @default none */
  readonly autoScalingGroupName?: string;
  /**
   * Dimensions of the CloudWatch agent's disk_used_percent for the data volume
   * (all-in-one), exactly as the agent publishes them: `diskDimensions()` of
   * src/dify-host/cloudwatch-agent.ts, `{ Deployment, path: "/data", fstype: "xfs" }`.
   * @default no disk alarm
   */
  readonly diskDimensions?: Readonly<Record<string, string>>;
  /** RDS instance identifier (managed). @default no database alarms */
  readonly dbInstanceIdentifier?: string;
  /** Allocated and autoscaling-ceiling storage of that instance (GiB); required with dbInstanceIdentifier. */
  readonly dbStorageGb?: { readonly allocated: number; readonly max: number };
  /** ElastiCache member cluster ids, Cache.memberClusterIds (managed). @default no cache alarms */
  readonly cacheClusterIds?: readonly string[];
}

/** Thresholds, kept here so the docs and the tests can quote them. */
export const ALARM_THRESHOLDS = {
  /** 5xx responses per 5 minutes, from the ALB itself or from the targets. */
  http5xxPer5Minutes: 10,
  /** Unhealthy targets, sustained for this many minutes (longer than a host replacement's grace). */
  unhealthyMinutes: 5,
  /** Average CPU percent over three 5-minute periods. */
  cpuPercent: 80,
  /** Disk use percent of the data volume. */
  diskPercent: 80,
  /** Free storage below this fraction of dify.database.allocatedStorageGb. */
  dbFreeStorageFraction: 0.1,
  /** Used memory percent of a cache node; eviction starts near 100. */
  cacheMemoryPercent: 80,
} as const;

const GIB = 1024 ** 3;

interface AlarmSpec {
  readonly id: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Sum" | "Average" | "Maximum" | "Minimum";
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly comparison: "GreaterThanOrEqualToThreshold" | "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
  /**
   * notBreaching where no data means nothing is wrong (no requests, a host
   * stopped by the dev schedule); missing where silence hides the state.
   */
  readonly treatMissingData: "notBreaching" | "missing";
}

/**
 * An encrypted SNS topic for operations, and CloudWatch alarms on the front
 * door, the hosts and (managed tier) the data services. Every alarm notifies
 * the topic both when it fires and when it recovers.
 */
export class Alarms extends Construct {
  readonly topic: SnsTopic;
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { names, accountId, region } = props;

    this.topic = new SnsTopic(this, "topic", {
      name: names.of("alarms"),
      displayName: `Dify ${names.prefix} alarms`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    new SnsTopicPolicy(this, "topic-policy", {
      arn: this.topic.arn,
      policy: policyDocument([
        topicPublishStatement("CloudWatchAlarms", "cloudwatch.amazonaws.com", this.topic.arn, accountId, `arn:aws:cloudwatch:${region}:${accountId}:alarm:*`),
        // Backup's failed-job rule.
        topicPublishStatement("EventBridgeRules", "events.amazonaws.com", this.topic.arn, accountId),
        // The environment's cost budget (BudgetAlert): Budgets is global, hence no region in its ARN.
        topicPublishStatement("BudgetsNotifications", "budgets.amazonaws.com", this.topic.arn, accountId, `arn:aws:budgets::${accountId}:*`),
      ]),
    });
    if (props.alarmEmail) {
      // Stays "pending confirmation" until the recipient clicks the link in AWS's mail.
      new SnsTopicSubscription(this, "email", {
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: props.alarmEmail,
      });
    }

    const t = ALARM_THRESHOLDS;
    const lb = { LoadBalancer: props.loadBalancerArnSuffix };
    const specs: AlarmSpec[] = [
      {
        id: "alb-5xx",
        description: `The load balancer itself answered 5xx (no healthy host, timeouts) ${t.http5xxPer5Minutes}+ times in 5 minutes`,
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_ELB_5XX_Count",
        dimensions: lb,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: t.http5xxPer5Minutes,
        treatMissingData: "notBreaching",
      },
      {
        id: "target-5xx",
        description: `Dify answered 5xx ${t.http5xxPer5Minutes}+ times in 5 minutes`,
        namespace: "AWS/ApplicationELB",
        metricName: "HTTPCode_Target_5XX_Count",
        dimensions: lb,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: t.http5xxPer5Minutes,
        treatMissingData: "notBreaching",
      },
      {
        id: "unhealthy-hosts",
        description: `A Dify host failed the load balancer health check for ${t.unhealthyMinutes} minutes`,
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { TargetGroup: props.targetGroupArnSuffix, ...lb },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: t.unhealthyMinutes,
        comparison: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        treatMissingData: "notBreaching",
      },
    ];

    const hostDimensions: Record<string, string> | undefined = props.instanceId
      ? { InstanceId: props.instanceId }
      : props.autoScalingGroupName
        ? { AutoScalingGroupName: props.autoScalingGroupName }
        : undefined;
    if (hostDimensions) {
      specs.push({
        id: "host-cpu",
        description: `Dify host CPU above ${t.cpuPercent}% for 15 minutes`,
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        dimensions: hostDimensions,
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        comparison: "GreaterThanThreshold",
        threshold: t.cpuPercent,
        treatMissingData: "notBreaching",
      });
    }
    if (props.diskDimensions) {
      specs.push({
        id: "data-disk",
        description: `Dify data volume more than ${t.diskPercent}% full (CloudWatch agent)`,
        namespace: HOST_METRICS_NAMESPACE,
        metricName: DISK_USED_PERCENT,
        dimensions: props.diskDimensions,
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 2,
        comparison: "GreaterThanThreshold",
        threshold: t.diskPercent,
        treatMissingData: "missing",
      });
    }
    if (props.dbInstanceIdentifier) {
      if (!props.dbStorageGb) throw new Error("Alarms needs dbStorageGb with dbInstanceIdentifier: the free-storage alarm is a fraction of the allocated storage");
      const db = { DBInstanceIdentifier: props.dbInstanceIdentifier };
      const freeGib = Math.max(1, Math.round(props.dbStorageGb.allocated * t.dbFreeStorageFraction));
      specs.push(
        {
          id: "db-cpu",
          description: `PostgreSQL CPU above ${t.cpuPercent}% for 15 minutes`,
          namespace: "AWS/RDS",
          metricName: "CPUUtilization",
          dimensions: db,
          statistic: "Average",
          period: 300,
          evaluationPeriods: 3,
          comparison: "GreaterThanThreshold",
          threshold: t.cpuPercent,
          treatMissingData: "notBreaching",
        },
        {
          id: "db-free-storage",
          description: `PostgreSQL free storage below ${freeGib} GiB (storage autoscaling stops at ${props.dbStorageGb.max} GiB)`,
          namespace: "AWS/RDS",
          metricName: "FreeStorageSpace",
          dimensions: db,
          statistic: "Minimum",
          period: 300,
          evaluationPeriods: 1,
          comparison: "LessThanThreshold",
          threshold: freeGib * GIB,
          treatMissingData: "notBreaching",
        },
      );
    }
    // ElastiCache publishes node metrics by CacheClusterId (one member
    // cluster per node), not by replication group; after a failover the
    // primary is another member, so every member gets an alarm.
    for (const clusterId of props.cacheClusterIds ?? []) {
      const node = clusterId.slice(-3);
      specs.push({
        id: `cache-memory-${node}`,
        description: `Cache node ${clusterId} memory above ${t.cacheMemoryPercent}% (keys get evicted near 100%)`,
        namespace: "AWS/ElastiCache",
        metricName: "DatabaseMemoryUsagePercentage",
        dimensions: { CacheClusterId: clusterId },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 3,
        comparison: "GreaterThanThreshold",
        threshold: t.cacheMemoryPercent,
        treatMissingData: "notBreaching",
      });
    }

    for (const spec of specs) {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, spec.id, {
          alarmName: names.of(spec.id),
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: { ...spec.dimensions },
          statistic: spec.statistic,
          period: spec.period,
          evaluationPeriods: spec.evaluationPeriods,
          datapointsToAlarm: spec.evaluationPeriods,
          comparisonOperator: spec.comparison,
          threshold: spec.threshold,
          treatMissingData: spec.treatMissingData,
          alarmActions: [this.topic.arn],
          okActions: [this.topic.arn],
        }),
      );
    }
  }
}

/**
 * Lets an AWS service publish to an alarm topic for this account only;
 * `sourceArn` narrows it further to that service's own resources.
 */
export function topicPublishStatement(sid: string, service: string, topicArn: string, accountId: string, sourceArn?: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: {
      StringEquals: { "aws:SourceAccount": accountId },
      ...(sourceArn ? { ArnLike: { "aws:SourceArn": sourceArn } } : {}),
    },
  };
}

/**
 * Key-policy statement the environment key needs so that CloudWatch alarms,
 * EventBridge rules and the Budgets budget can publish to the KMS-encrypted topic (SNS encrypts
 * each message with a data key requested on the publisher's behalf). Without
 * it, publishing fails silently. Add it to EncryptionKey's statements.
 */
export function alarmTopicKeyStatement(accountId: string): PolicyStatement {
  return {
    Sid: "AlarmTopicPublishers",
    Effect: "Allow",
    Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com"] },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
    // Only on behalf of this account's alarms, rules and budgets.
    Condition: { StringEquals: { "aws:SourceAccount": accountId } },
  };
}
