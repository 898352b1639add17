import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Construct } from "constructs";
import { BEDROCK_METRICS_NAMESPACE } from "../../bedrock/invoked-model-ids";
import type { Names } from "../../config/naming";
import type { DifyTier } from "../../config/types";
import { DISK_USED_PERCENT, diskDimensions, diskPaths, HOST_METRICS_NAMESPACE, MEM_USED_PERCENT, memoryDimensions } from "../../dify-host/cloudwatch-agent";

export interface DashboardProps {
  readonly names: Names;
  /** The environment region: the front door, hosts and data services. */
  readonly region: string;
  readonly tier: DifyTier;
  /** The region Dify calls Bedrock in, where Bedrock publishes its metrics. */
  readonly bedrockRegion: string;
  /** The model and inference-profile ids Dify invokes (invokedModelIds). */
  readonly bedrockModelIds: readonly string[];
  /** `arn_suffix` of the ALB (the LoadBalancer dimension). */
  readonly loadBalancerArnSuffix: string;
  /** The all-in-one host, for CPU by InstanceId. @default none */
  readonly instanceId?: string;
  /** The managed tier's Auto Scaling group, for CPU by AutoScalingGroupName. @default none */
  readonly autoScalingGroupName?: string;
  /** RDS instance identifier (managed). @default no database widgets */
  readonly dbInstanceIdentifier?: string;
  /** ElastiCache member cluster ids (managed). @default no cache widgets */
  readonly cacheClusterIds?: readonly string[];
}

/** One metric line of a widget: namespace, metric name, then dimension name/value pairs. */
type MetricLine = Array<string | { readonly label?: string; readonly stat?: string }>;

interface MetricWidget {
  readonly type: "metric";
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly stat: string;
    readonly period: number;
    readonly metrics: MetricLine[];
    readonly yAxis?: { readonly left: { readonly min: number; readonly max?: number } };
  };
}

/** Widgets per row: the dashboard grid is 24 units wide. */
const WIDTH = 8;
const HEIGHT = 6;

/** The Bedrock metrics each configured model gets, with the statistic that makes them readable. */
export const BEDROCK_DASHBOARD_METRICS = [
  { metric: "Invocations", stat: "Sum" },
  { metric: "InvocationLatency", stat: "Average" },
  { metric: "InvocationClientErrors", stat: "Sum" },
  { metric: "InvocationServerErrors", stat: "Sum" },
  { metric: "InvocationThrottles", stat: "Sum" },
  { metric: "InputTokenCount", stat: "Sum" },
  { metric: "OutputTokenCount", stat: "Sum" },
] as const;

/**
 * One CloudWatch dashboard per environment: the front door, the hosts, the
 * managed data services and Bedrock, so that operators see quotas and errors
 * next to each other. The body is built as objects and serialized once; the
 * resource identifiers in it are Terraform references, filled in at apply.
 */
export class Dashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const { names, region, bedrockRegion } = props;
    const widget = (title: string, stat: string, metrics: MetricLine[], widgetRegion = region, percent = false): MetricWidget => ({
      type: "metric",
      width: WIDTH,
      height: HEIGHT,
      properties: {
        title,
        region: widgetRegion,
        view: "timeSeries",
        stat,
        period: 300,
        metrics,
        ...(percent ? { yAxis: { left: { min: 0, max: 100 } } } : {}),
      },
    });
    const pairs = (dimensions: Readonly<Record<string, string>>) => Object.entries(dimensions).flat();

    const alb = ["AWS/ApplicationELB"];
    const lb = ["LoadBalancer", props.loadBalancerArnSuffix];
    const widgets: MetricWidget[] = [
      widget("Requests", "Sum", [[...alb, "RequestCount", ...lb]]),
      widget("HTTP errors", "Sum", [
        [...alb, "HTTPCode_ELB_4XX_Count", ...lb, { label: "4xx from the load balancer" }],
        [...alb, "HTTPCode_ELB_5XX_Count", ...lb, { label: "5xx from the load balancer" }],
        [...alb, "HTTPCode_Target_4XX_Count", ...lb, { label: "4xx from Dify" }],
        [...alb, "HTTPCode_Target_5XX_Count", ...lb, { label: "5xx from Dify" }],
      ]),
      widget("Target response time (s)", "Average", [
        [...alb, "TargetResponseTime", ...lb, { label: "average" }],
        [...alb, "TargetResponseTime", ...lb, { label: "p95", stat: "p95" }],
      ]),
    ];

    const cpuDimension = props.instanceId ? ["InstanceId", props.instanceId] : props.autoScalingGroupName ? ["AutoScalingGroupName", props.autoScalingGroupName] : undefined;
    const deployment = names.prefix;
    if (cpuDimension) widgets.push(widget("Host CPU %", "Average", [["AWS/EC2", "CPUUtilization", ...cpuDimension]], region, true));
    // The agent publishes one Deployment-wide series (no InstanceId), so Maximum is the busiest host.
    widgets.push(
      widget("Host memory used % (agent)", "Maximum", [[HOST_METRICS_NAMESPACE, MEM_USED_PERCENT, ...pairs(memoryDimensions(deployment))]], region, true),
      widget(
        "Host disk used % (agent)",
        "Maximum",
        diskPaths(props.tier).map((path) => [HOST_METRICS_NAMESPACE, DISK_USED_PERCENT, ...pairs(diskDimensions(deployment, path)), { label: path }]),
        region,
        true,
      ),
    );

    if (props.dbInstanceIdentifier) {
      const db = ["DBInstanceIdentifier", props.dbInstanceIdentifier];
      widgets.push(
        widget("PostgreSQL CPU %", "Average", [["AWS/RDS", "CPUUtilization", ...db]], region, true),
        widget("PostgreSQL connections", "Maximum", [["AWS/RDS", "DatabaseConnections", ...db]]),
        widget("PostgreSQL free storage (bytes)", "Minimum", [["AWS/RDS", "FreeStorageSpace", ...db]]),
      );
    }
    // Node metrics exist per member cluster only; after a failover the primary is another member.
    const cacheIds = props.cacheClusterIds ?? [];
    if (cacheIds.length) {
      widgets.push(
        widget(
          "Cache memory used %",
          "Maximum",
          cacheIds.map((c) => ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", c]),
          region,
          true,
        ),
        widget(
          "Cache connections",
          "Maximum",
          cacheIds.map((c) => ["AWS/ElastiCache", "CurrConnections", "CacheClusterId", c]),
        ),
      );
    }

    // Bedrock publishes in the region Dify calls, which a widget names itself (see invokedModelIds).
    for (const { metric, stat } of BEDROCK_DASHBOARD_METRICS) {
      widgets.push(
        widget(
          `Bedrock ${metric} (${bedrockRegion})`,
          stat,
          props.bedrockModelIds.map((modelId) => [BEDROCK_METRICS_NAMESPACE, metric, "ModelId", modelId]),
          bedrockRegion,
        ),
      );
    }

    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: names.of("operations"),
      dashboardBody: JSON.stringify({ widgets: placed(widgets) }),
    });
  }
}

/** Lays the widgets out left to right, three to a row. */
function placed(widgets: readonly MetricWidget[]): Array<MetricWidget & { x: number; y: number }> {
  const perRow = 24 / WIDTH;
  return widgets.map((w, i) => ({ ...w, x: (i % perRow) * WIDTH, y: Math.floor(i / perRow) * HEIGHT }));
}
