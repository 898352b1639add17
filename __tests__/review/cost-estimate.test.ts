import { PRICES } from "../../src/catalog/prices";
import { type CostEstimate, estimateCost } from "../../src/cost/cost-estimate";
import { type CostLine, monthlyOf } from "../../src/cost/cost-line";
import { runReview } from "../../src/review/cli";
import type { TerraformDocument } from "../../src/terraform/terraform-document";
import { costFixture, writeSynthDir } from "./synth-fixtures";

function estimate(json: string): CostEstimate {
  return estimateCost(JSON.parse(json) as TerraformDocument);
}

function line(e: CostEstimate, service: string, item: string, perThing?: number): CostLine {
  const found = e.lines.find((l) => l.service === service && l.item === item && (perThing === undefined || l.perThing === perThing));
  if (!found) throw new Error(`no line ${service} / ${item}: ${e.lines.map((l) => `${l.service} / ${l.item}`).join(", ")}`);
  return found;
}

describe("cost estimate of a hand-built us-west-2 stack", () => {
  const e = estimate(costFixture());

  test("EC2: aws_instance t3.large, and an ASG of 2 × t3.medium from its launch template", () => {
    expect(line(e, "EC2", "t3.large instance")).toMatchObject({ count: 1, perThing: 730, addresses: ["aws_instance.host"] });
    expect(monthlyOf(line(e, "EC2", "t3.large instance"))).toBeCloseTo(0.0832 * 730, 6);
    expect(line(e, "EC2", "t3.medium instance")).toMatchObject({ count: 2, addresses: ["aws_autoscaling_group.asg"] });
    expect(monthlyOf(line(e, "EC2", "t3.medium instance"))).toBeCloseTo(2 * 0.0416 * 730, 6);
  });

  test("EBS: the instance root (30 GB), the template's root per host (2 × 40 GB) and a data volume (100 GB), gp3", () => {
    expect(line(e, "EBS", "gp3 storage", 30).count).toBe(1);
    expect(line(e, "EBS", "gp3 storage", 40).count).toBe(2);
    expect(line(e, "EBS", "gp3 storage", 100).count).toBe(1);
    const gb = e.lines.filter((l) => l.service === "EBS").reduce((sum, l) => sum + (monthlyOf(l) ?? 0), 0);
    expect(gb).toBeCloseTo((30 + 2 * 40 + 100) * 0.08, 6);
  });

  test("NAT gateway: hours plus the nominal 10 GB", () => {
    expect(monthlyOf(line(e, "VPC", "NAT gateway"))).toBeCloseTo(32.85, 6);
    const data = line(e, "VPC", "NAT gateway data processed");
    expect(data).toMatchObject({ perThing: 10, nominal: true });
    expect(monthlyOf(data)).toBeCloseTo(0.45, 6);
  });

  test("interface endpoint: billed per AZ (2 subnets); the S3 gateway endpoint is free", () => {
    expect(line(e, "VPC", "Interface endpoint, per AZ")).toMatchObject({ count: 2, perThing: 730 });
    expect(monthlyOf(line(e, "VPC", "Interface endpoint, per AZ"))).toBeCloseTo(14.6, 6);
    expect(monthlyOf(line(e, "VPC", "Interface endpoint data processed"))).toBeCloseTo(0.1, 6);
    expect(monthlyOf(line(e, "VPC", "Gateway endpoint"))).toBe(0);
  });

  test("public IPv4: the NAT EIP plus one per AZ of the internet-facing ALB", () => {
    const ipv4 = line(e, "VPC", "Public IPv4 address");
    expect(ipv4.count).toBe(3);
    expect(ipv4.addresses).toEqual(["aws_eip.nat-eip", "aws_lb.alb"]);
    expect(monthlyOf(ipv4)).toBeCloseTo(3 * 730 * 0.005, 6);
  });

  test("ALB: hours plus 1 nominal LCU", () => {
    expect(monthlyOf(line(e, "ELB", "Application Load Balancer"))).toBeCloseTo(0.0225 * 730, 6);
    expect(monthlyOf(line(e, "ELB", "ALB capacity units"))).toBeCloseTo(0.008 * 730, 6);
  });

  test("RDS Multi-AZ: two instances' hours and the storage twice; the managed master secret", () => {
    const hours = line(e, "RDS", "db.t4g.medium PostgreSQL, Multi-AZ (primary + standby)");
    expect(hours.count).toBe(2);
    expect(monthlyOf(hours)).toBeCloseTo(94.9, 6);
    expect(monthlyOf(line(e, "RDS", "gp3 storage, Multi-AZ (primary + standby)"))).toBeCloseTo(2 * 50 * 0.115, 6);
    expect(line(e, "Secrets Manager", "Secret").addresses).toEqual(["aws_db_instance.db", "aws_secretsmanager_secret.secret"]);
    expect(monthlyOf(line(e, "Secrets Manager", "Secret"))).toBeCloseTo(0.8, 6);
  });

  test("ElastiCache: num_cache_clusters nodes at the Valkey price (20% below Redis OSS)", () => {
    const cache = line(e, "ElastiCache", "cache.t4g.small Valkey node");
    expect(cache.count).toBe(2);
    expect(cache.price?.usd).toBeCloseTo(0.032 * 0.8, 9);
    expect(monthlyOf(cache)).toBeCloseTo(2 * 730 * 0.0256, 6);
  });

  test("KMS, logs, S3 and WAF", () => {
    expect(monthlyOf(line(e, "KMS", "Customer managed key"))).toBe(1);
    expect(monthlyOf(line(e, "CloudWatch", "Logs ingested (1 log group)"))).toBeCloseTo(5 * 0.5, 6);
    expect(monthlyOf(line(e, "S3", "Standard storage"))).toBeCloseTo(5 * 0.023, 6);
    expect(monthlyOf(line(e, "WAF", "Web ACL"))).toBe(5);
    expect(line(e, "WAF", "Web ACL rule").count).toBe(2);
    expect(monthlyOf(line(e, "WAF", "Requests"))).toBeCloseTo(0.6, 6);
  });

  test("the total is the sum of the lines", () => {
    const expected = 0.0832 * 730 + 2 * 0.0416 * 730 + 210 * 0.08 + 32.85 + 0.45 + 14.6 + 0.1 + 3 * 3.65 + 0.0225 * 730 + 5.84 + 94.9 + 11.5 + 2 * 730 * 0.0256 + 1 + 0.8 + 2.5 + 0.115 + 7.6;
    expect(e.total).toBeCloseTo(expected, 6);
    expect(e.unknown).toEqual([]);
    expect(e.needsConfirming).toBe(false);
  });

  test("Bedrock is usage-based: the model and profile ids come from the IAM and endpoint policies", () => {
    expect(e.usage.bedrock).toBe(true);
    expect(e.usage.bedrockModels).toEqual(["anthropic.claude-3-5-sonnet-20241022-v2:0", "us.anthropic.claude-3-5-haiku-20241022-v1:0"]);
  });

  test("the Markdown shows the lines, the total and the Bedrock line", () => {
    const { output } = runReview(["--dir", writeSynthDir({ fixture: { json: costFixture() } })]);
    expect(output).toContain("| EC2 | t3.large instance | 730 h | $0.0832/h | $60.74 |");
    expect(output).toContain("| VPC | Interface endpoint, per AZ | 2 × 730 h | $0.01/h | $14.60 |");
    expect(output).toContain("| RDS | db.t4g.medium PostgreSQL, Multi-AZ (primary + standby) | 2 × 730 h | $0.065/h | $94.90 |");
    expect(output).toContain("| VPC | NAT gateway data processed (nominal) | 10 GB | $0.045/GB | $0.45 |");
    expect(output).toContain(`| **Total** | | | | **$375.28** |`);
    expect(output).toContain(
      "- Bedrock: billed per token on use, not estimated. Models and inference profiles in the policies: `anthropic.claude-3-5-sonnet-20241022-v2:0`, `us.anthropic.claude-3-5-haiku-20241022-v1:0`.",
    );
    expect(output).toContain("10 GB through each NAT gateway");
    expect(output).not.toContain("†");
  });

  // Terraform's check of the fixture (it plans for the provider the project binds, so it validates) is in terraform-plan.test.ts's batch.
});

describe("cost estimate variations", () => {
  test("single-AZ RDS bills one instance and the storage once", () => {
    const e = estimate(costFixture({ multiAz: false }));
    expect(monthlyOf(line(e, "RDS", "db.t4g.medium PostgreSQL"))).toBeCloseTo(0.065 * 730, 6);
    expect(monthlyOf(line(e, "RDS", "gp3 storage"))).toBeCloseTo(50 * 0.115, 6);
  });

  test("Tokyo uses the ap-northeast-1 table and marks the figures that still need confirming", () => {
    const e = estimate(costFixture({ region: "ap-northeast-1" }));
    const tokyo = PRICES["ap-northeast-1"]!;
    expect(monthlyOf(line(e, "EC2", "t3.large instance"))).toBeCloseTo(0.1088 * 730, 6);
    expect(line(e, "VPC", "NAT gateway").price).toBe(tokyo.natGateway.hour);
    expect(tokyo.natGateway.hour.needsConfirming).toBe(true);
    expect(tokyo.interfaceEndpoint.azHour).toMatchObject({ usd: 0.014, needsConfirming: true });
    expect(e.needsConfirming).toBe(true);
    const { output } = runReview(["--dir", writeSynthDir({ tokyo: { json: costFixture({ region: "ap-northeast-1" }) } })]);
    expect(output).toContain("| VPC | NAT gateway | 730 h | $0.062/h † | $45.26 |");
    expect(output).toContain("- † price still needs confirming against the AWS pricing page (src/catalog/prices.ts).");
  });

  test("an instance type missing from the table is 'price unknown', listed, and left out of the total", () => {
    const known = estimate(costFixture());
    const e = estimate(costFixture({ instanceType: "x9z.large" }));
    expect(line(e, "EC2", "x9z.large instance").price).toBeUndefined();
    expect(e.unknown).toEqual(["EC2 x9z.large (aws_instance.host)"]);
    expect(e.total).toBeCloseTo((known.total ?? 0) - 0.0832 * 730, 6);
    const { output } = runReview(["--dir", writeSynthDir({ fixture: { json: costFixture({ instanceType: "x9z.large" }) } })]);
    expect(output).toContain("| EC2 | x9z.large instance | 730 h | price unknown | — |");
    expect(output).toContain("- Price unknown, not in the total: EC2 x9z.large (aws_instance.host).");
  });

  test("a region without a price table gets no figure, and says so", () => {
    const e = estimate(costFixture({ region: "eu-west-1" }));
    expect(e.total).toBeUndefined();
    expect(e.unpriced).toBe("no price table for eu-west-1");
    const { output } = runReview(["--dir", writeSynthDir({ ireland: { json: costFixture({ region: "eu-west-1" }) } })]);
    expect(output).toContain("No estimate: no price table for eu-west-1.");
    expect(output).toContain("| `ireland` | eu-west-1 | 22 | 0 errors, 0 warnings, 0 suppressed | no estimate |");
  });

  test("endpoint AZs also come from aws_vpc_endpoint_subnet_association; count expressions are noted", () => {
    const doc: TerraformDocument = {
      provider: { aws: [{ region: "us-west-2" }] },
      resource: {
        aws_vpc_endpoint: { ssm: { vpc_id: "vpc-1", service_name: "com.amazonaws.us-west-2.ssm", vpc_endpoint_type: "Interface" } },
        aws_vpc_endpoint_subnet_association: {
          a: { vpc_endpoint_id: "${aws_vpc_endpoint.ssm.id}", subnet_id: "subnet-a" },
          b: { vpc_endpoint_id: "${aws_vpc_endpoint.ssm.id}", subnet_id: "subnet-b" },
          c: { vpc_endpoint_id: "${aws_vpc_endpoint.ssm.id}", subnet_id: "subnet-c" },
        },
        aws_nat_gateway: { nat: { count: "${length(var.azs)}", subnet_id: "subnet-a", allocation_id: "eipalloc-1" } },
      },
    };
    const e = estimateCost(doc);
    expect(line(e, "VPC", "Interface endpoint, per AZ").count).toBe(3);
    expect(line(e, "VPC", "NAT gateway").count).toBe(1);
    expect(e.notes).toEqual(["aws_nat_gateway.nat has a count/for_each expression: counted once."]);
  });

  test("ElastiCache cluster mode counts shards × (1 + replicas); a member cluster is not counted twice", () => {
    const doc: TerraformDocument = {
      provider: { aws: [{ region: "us-west-2" }] },
      resource: {
        aws_elasticache_replication_group: {
          rg: { replication_group_id: "rg", description: "x", engine: "redis", node_type: "cache.m7g.large", num_node_groups: 2, replicas_per_node_group: 1 },
        },
        aws_elasticache_cluster: { member: { cluster_id: "m", replication_group_id: "${aws_elasticache_replication_group.rg.id}" } },
      },
    };
    const e = estimateCost(doc);
    expect(e.lines.filter((l) => l.service === "ElastiCache")).toHaveLength(1);
    expect(monthlyOf(line(e, "ElastiCache", "cache.m7g.large Redis OSS node"))).toBeCloseTo(4 * 730 * 0.158, 6);
  });
});

describe("price table", () => {
  test.each(Object.keys(PRICES))("%s: every price has a date, an AWS pricing page and a non-negative figure", (region) => {
    const visit = (value: unknown): number => {
      if (value && typeof value === "object" && "usd" in value) {
        const p = value as { usd: number; asOf: string; source: string };
        expect(p.asOf).toMatch(/^\d{4}-\d{2}$/);
        expect(p.source).toMatch(/^https:\/\/aws\.amazon\.com\/[a-z0-9/-]+\/$/);
        expect(p.usd).toBeGreaterThanOrEqual(0);
        return 1;
      }
      return value && typeof value === "object" ? Object.values(value).reduce((n: number, v) => n + visit(v), 0) : 0;
    };
    expect(visit(PRICES[region as keyof typeof PRICES])).toBeGreaterThan(50);
  });

  test("the DESIGN.md figures: endpoint $0.01/AZ-h, NAT $0.045/h in us-west-2; public IPv4 $0.005/h", () => {
    const oregon = PRICES["us-west-2"]!;
    expect(oregon.interfaceEndpoint.azHour.usd).toBe(0.01);
    expect(oregon.interfaceEndpoint.dataGb.usd).toBe(0.01);
    expect(oregon.natGateway.hour.usd).toBe(0.045);
    expect(oregon.publicIpv4.hour.usd).toBe(0.005);
    expect(PRICES["ap-northeast-1"]!.publicIpv4.hour.usd).toBe(0.005);
  });
});
