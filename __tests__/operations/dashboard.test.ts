import { BEDROCK_DASHBOARD_METRICS } from "../../src/constructs/operations/dashboard";
import { agentConfig } from "../../src/dify-host/cloudwatch-agent";
import { environment, exampleConfig, synthEnvironment } from "../helpers/fixtures";
import type { TerraformJson } from "../helpers/terraform-json";
import { only, resourcesByType } from "../helpers/terraform-json";

/**
 * AWS's documented metric names and dimension sets per namespace, kept here
 * apart from the code so that a typo in the dashboard fails:
 * - AWS/ApplicationELB: elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 * - AWS/EC2: AWSEC2/latest/UserGuide/viewing_metrics_with_cloudwatch.html (InstanceId, AutoScalingGroupName)
 * - AWS/RDS: AmazonRDS/latest/UserGuide/rds-metrics.html
 * - AWS/ElastiCache: AmazonElastiCache/latest/dg/CacheMetrics.Redis.html and CacheMetrics.HostLevel.html
 * - AWS/Bedrock: bedrock/latest/userguide/monitoring-runtime-metrics.html
 * (all under https://docs.aws.amazon.com/). The agent's names are derived below
 * from the agent configuration the hosts run, as the agent names them
 * (<section>_<measurement>, plus append_dimensions and, for disk, path and fstype).
 */
const DOCUMENTED: Record<string, { metrics: string[]; dimensions: string[][] }> = {
  "AWS/ApplicationELB": {
    metrics: ["RequestCount", "HTTPCode_ELB_4XX_Count", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_4XX_Count", "HTTPCode_Target_5XX_Count", "TargetResponseTime"],
    dimensions: [["LoadBalancer"], ["LoadBalancer", "TargetGroup"]],
  },
  "AWS/EC2": { metrics: ["CPUUtilization"], dimensions: [["InstanceId"], ["AutoScalingGroupName"]] },
  "AWS/RDS": { metrics: ["CPUUtilization", "DatabaseConnections", "FreeStorageSpace"], dimensions: [["DBInstanceIdentifier"]] },
  "AWS/ElastiCache": { metrics: ["DatabaseMemoryUsagePercentage", "CurrConnections"], dimensions: [["CacheClusterId"]] },
  "AWS/Bedrock": {
    metrics: ["Invocations", "InvocationLatency", "InvocationClientErrors", "InvocationServerErrors", "InvocationThrottles", "InputTokenCount", "OutputTokenCount"],
    dimensions: [["ModelId"]],
  },
};

/** What the CloudWatch agent on the hosts publishes, read from its configuration. */
function agentPublishes(): { namespace: string; metrics: Record<string, string[]> } {
  const config = agentConfig(["/"]) as { metrics: { namespace: string; metrics_collected: Record<string, { measurement: string[]; append_dimensions: object }> } };
  const metrics: Record<string, string[]> = {};
  for (const [section, spec] of Object.entries(config.metrics.metrics_collected)) {
    const dims = [...Object.keys(spec.append_dimensions), ...(section === "disk" ? ["path", "fstype"] : [])].sort();
    for (const m of spec.measurement) metrics[`${section}_${m}`] = dims;
  }
  return { namespace: config.metrics.namespace, metrics };
}

interface Line {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
}
interface Widget {
  properties: { region: string; title: string; metrics: Array<Array<string | object>> };
}

function dashboard(tf: TerraformJson): { widgets: Widget[]; lines: Array<Line & { region: string }> } {
  const body = JSON.parse(only(tf, "aws_cloudwatch_dashboard").dashboard_body);
  const lines = (body.widgets as Widget[]).flatMap((w) =>
    w.properties.metrics.map((m) => {
      const [namespace, metric, ...rest] = m.filter((x): x is string => typeof x === "string");
      const dimensions: Record<string, string> = {};
      for (let i = 0; i < rest.length; i += 2) dimensions[rest[i]] = rest[i + 1];
      return { namespace, metric, dimensions, region: w.properties.region };
    }),
  );
  return { widgets: body.widgets, lines };
}

/** The Terraform reference to the single resource of a type, e.g. ${aws_lb.front-door_alb_1234.arn_suffix}. */
function ref(tf: TerraformJson, type: string, attribute: string): string {
  const names = Object.keys(resourcesByType(tf, type));
  expect(names).toHaveLength(1);
  return `\${${type}.${names[0]}.${attribute}}`;
}

const OREGON = { bedrock: { strategy: "oregon", residency: "global" } };
const cases = {
  "dev (all-in-one, Bedrock in Tokyo)": { env: "dev", patch: {} },
  "prod (managed, jp. profiles from Tokyo)": { env: "prod", patch: {} },
  "dev (all-in-one, oregon preset from Tokyo)": { env: "dev", patch: { "dev.json": OREGON } },
  "staging (managed, oregon preset from Tokyo)": { env: "staging", patch: { "staging.json": OREGON } },
} as const;
const synthesized = Object.fromEntries(
  Object.entries(cases).map(([label, c]) => {
    const config = exampleConfig(c.patch);
    return [label, { tf: synthEnvironment(c.env, c.patch).tf, env: environment(config, c.env) }];
  }),
);

describe.each(Object.keys(cases))("Dashboard: %s", (label) => {
  const { tf, env } = synthesized[label];
  const { lines } = dashboard(tf);
  const managed = env.dify.tier === "managed";

  test("every metric is one AWS documents (or the agent publishes), with a documented dimension set", () => {
    const agent = agentPublishes();
    for (const line of lines) {
      const dims = Object.keys(line.dimensions).sort();
      if (line.namespace === agent.namespace) {
        expect(agent.metrics[line.metric]).toEqual(dims);
        continue;
      }
      const documented = DOCUMENTED[line.namespace];
      expect(documented).toBeDefined();
      expect(documented.metrics).toContain(line.metric);
      expect(documented.dimensions.map((d) => [...d].sort().join(","))).toContain(dims.join(","));
    }
  });

  test("the front door and host metrics name this stack's own load balancer and hosts", () => {
    const alb = lines.filter((l) => l.namespace === "AWS/ApplicationELB");
    expect(new Set(alb.map((l) => l.metric))).toEqual(new Set(DOCUMENTED["AWS/ApplicationELB"].metrics));
    for (const l of alb) expect(l.dimensions.LoadBalancer).toBe(ref(tf, "aws_lb", "arn_suffix"));
    const cpu = lines.filter((l) => l.namespace === "AWS/EC2");
    expect(cpu.map((l) => l.dimensions)).toEqual(managed ? [{ AutoScalingGroupName: ref(tf, "aws_autoscaling_group", "name") }] : [{ InstanceId: ref(tf, "aws_instance", "id") }]);
    const agent = lines.filter((l) => l.namespace === "CWAgent");
    for (const l of agent) expect(l.dimensions.Deployment).toBe(env.names.prefix);
    expect(agent.filter((l) => l.metric === "disk_used_percent").map((l) => l.dimensions.path)).toEqual(managed ? ["/"] : ["/", "/data"]);
    expect(agent.filter((l) => l.metric === "mem_used_percent")).toHaveLength(1);
  });

  test("RDS and ElastiCache widgets only on the managed tier, for this stack's database and every cache member", () => {
    const rds = lines.filter((l) => l.namespace === "AWS/RDS");
    const cache = lines.filter((l) => l.namespace === "AWS/ElastiCache");
    if (!managed) {
      expect(rds).toHaveLength(0);
      expect(cache).toHaveLength(0);
      return;
    }
    expect(rds.map((l) => l.metric).sort()).toEqual(["CPUUtilization", "DatabaseConnections", "FreeStorageSpace"]);
    for (const l of rds) expect(l.dimensions.DBInstanceIdentifier).toBe(ref(tf, "aws_db_instance", "identifier"));
    const group = only(tf, "aws_elasticache_replication_group");
    const members = Array.from({ length: group.num_cache_clusters }, (_, i) => `${group.replication_group_id}-00${i + 1}`);
    for (const metric of ["DatabaseMemoryUsagePercentage", "CurrConnections"]) {
      expect(cache.filter((l) => l.metric === metric).map((l) => l.dimensions.CacheClusterId)).toEqual(members);
    }
  });

  test("Bedrock widgets list exactly the configured models and profiles, in the Bedrock region", () => {
    const configured = [...new Set(Object.values(env.bedrock.models))].sort();
    const bedrock = lines.filter((l) => l.namespace === "AWS/Bedrock");
    for (const { metric } of BEDROCK_DASHBOARD_METRICS) {
      expect(bedrock.filter((l) => l.metric === metric).map((l) => l.dimensions.ModelId)).toEqual(configured);
    }
    for (const l of bedrock) expect(l.region).toBe(env.bedrock.region);
    for (const l of lines.filter((x) => x.namespace !== "AWS/Bedrock")) expect(l.region).toBe(env.region);
  });
});

test("the cases cover both tiers and both Bedrock-region cases, with profile ids where configured", () => {
  const envs = Object.values(synthesized).map((s) => s.env);
  expect(new Set(envs.map((e) => e.dify.tier))).toEqual(new Set(["all-in-one", "managed"]));
  expect(envs.map((e) => e.bedrock.region)).toEqual(["ap-northeast-1", "ap-northeast-1", "us-west-2", "us-west-2"]);
  expect(Object.values(envs[1].bedrock.models).some((id) => id.startsWith("jp."))).toBe(true);
});
