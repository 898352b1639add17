import { resources, synthEnvironment } from "./helpers/fixtures";

describe("environment network", () => {
  const { tf } = synthEnvironment("prod");

  test("a VPC from network.vpcCidr with DNS support and hostnames (needed by private DNS endpoints)", () => {
    expect(resources(tf, "aws_vpc")).toEqual([expect.objectContaining({ cidr_block: "10.30.0.0/16", enable_dns_support: true, enable_dns_hostnames: true })]);
  });

  test("public, private and isolated subnets in every AZ, none assigning public IPs", () => {
    const subnets = resources(tf, "aws_subnet") as any[];
    expect(subnets).toHaveLength(9);
    const byTier = (tier: string) => subnets.filter((s) => s.tags.Tier === tier).map((s) => s.cidr_block);
    expect(byTier("public")).toEqual(["10.30.0.0/20", "10.30.16.0/20", "10.30.32.0/20"]);
    expect(byTier("private")).toEqual(["10.30.48.0/20", "10.30.64.0/20", "10.30.80.0/20"]);
    expect(byTier("isolated")).toEqual(["10.30.96.0/20", "10.30.112.0/20", "10.30.128.0/20"]);
    for (const s of subnets) expect(s.map_public_ip_on_launch).toBe(false);
  });

  test("isolated subnets have no route out of the VPC", () => {
    const tables = tf.resource.aws_route_table as Record<string, any>;
    const isolated = Object.entries(tables).find(([name]) => name.includes("isolated"))![1];
    expect(isolated.route).toEqual([]);
  });

  test.each([
    ["per-az", "prod", 3],
    ["single", "dev", 1],
  ])("nat %s (%s) creates %i gateway(s)", (mode, env, count) => {
    const { tf: stack } = synthEnvironment(env, { [`${env}.json`]: { network: { nat: mode } } });
    expect(resources(stack, "aws_nat_gateway")).toHaveLength(count);
    const privateTables = Object.entries(stack.resource.aws_route_table as Record<string, any>).filter(([n]) => n.includes("private"));
    for (const [, table] of privateTables) expect(table.route[0].nat_gateway_id).toMatch(/aws_nat_gateway\./);
  });

  test("nat none: no NAT, no default route, and Session Manager endpoints instead", () => {
    const { tf: stack } = synthEnvironment("dev", { "dev.json": { network: { nat: "none" } } });
    expect(resources(stack, "aws_nat_gateway")).toHaveLength(0);
    for (const [name, table] of Object.entries(stack.resource.aws_route_table as Record<string, any>)) {
      if (!name.includes("public")) expect(table.route).toEqual([]);
    }
    const services = (resources(stack, "aws_vpc_endpoint") as any[]).map((e) => e.service_name);
    for (const s of ["ssm", "ssmmessages", "ec2messages"]) expect(services).toContain(`com.amazonaws.ap-northeast-1.${s}`);
  });

  test("with NAT there are no Session Manager endpoints to pay for", () => {
    const services = (resources(tf, "aws_vpc_endpoint") as any[]).map((e) => e.service_name);
    expect(services).not.toContain("com.amazonaws.ap-northeast-1.ssm");
  });

  test("an S3 gateway endpoint on the private and isolated route tables", () => {
    const s3 = (resources(tf, "aws_vpc_endpoint") as any[]).find((e) => e.service_name === "com.amazonaws.ap-northeast-1.s3");
    expect(s3.vpc_endpoint_type).toBe("Gateway");
    expect(s3.route_table_ids).toHaveLength(4);
  });

  test("flow logs to an encrypted log group with retention", () => {
    const [flowLog] = resources(tf, "aws_flow_log") as any[];
    expect(flowLog).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    expect(flowLog.vpc_id).toMatch(/aws_vpc\./);
    const group = (resources(tf, "aws_cloudwatch_log_group") as any[]).find((g) => g.name === "/dify/prod/vpc-flow-logs");
    expect(group.retention_in_days).toBe(365);
    expect(group.kms_key_id).toMatch(/aws_kms_key\./);
  });

  test("the default security group allows nothing", () => {
    expect(resources(tf, "aws_default_security_group")).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
  });
});
