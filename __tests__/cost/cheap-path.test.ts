import { Instance } from "@cdktf/provider-aws/lib/instance";
import { Aspects, Testing } from "cdktf";
import { estimateCost } from "../../src/cost/cost-estimate";
import { applyPolicyChecks } from "../../src/policy/apply-policy-checks";
import { PolicyAspect } from "../../src/policy/policy-aspect";
import { DifyStack } from "../../src/stacks/dify-stack";
import type { TerraformDocument } from "../../src/terraform/terraform-document";
import { environment, exampleConfig, resources, synthEnvironment } from "../helpers/fixtures";
import { synth } from "../helpers/terraform-json";
import { annotationsOf } from "../policy/helpers";
import { CHEAP } from "./cheap-path-config";

type Json = Record<string, any>;

// One stack of the cheap path for the whole suite: its Terraform JSON and its
// policy annotations come from the same synthesis.
const cheapConfig = exampleConfig({ "dev.json": CHEAP });
const cheapStack = new DifyStack(Testing.app(), cheapConfig.organization, environment(cheapConfig, "dev"));
if (!Aspects.of(cheapStack).all.some((a) => a instanceof PolicyAspect)) applyPolicyChecks(cheapStack, { production: false });
const cheap = synth(cheapStack);
const tf = cheap.tf as unknown as { resource: Record<string, Record<string, Json>>; locals?: Json };
const one = (type: string): Json => {
  const all = resources(cheap.tf, type) as Json[];
  expect(all).toHaveLength(1);
  return all[0];
};
const natTemplate = () => (resources(cheap.tf, "aws_launch_template") as Json[]).find((t) => t.name.endsWith("nat"))!;

describe('network.nat: "instance"', () => {
  test("no NAT gateway and no Elastic IP; one t4g.nano in an Auto Scaling group of exactly one", () => {
    expect(resources(cheap.tf, "aws_nat_gateway")).toEqual([]);
    expect(resources(cheap.tf, "aws_eip")).toEqual([]);
    const group = one("aws_autoscaling_group");
    expect(group).toMatchObject({ min_size: 1, max_size: 1, desired_capacity: 1, health_check_type: "EC2" });
    expect(natTemplate().instance_type).toBe("t4g.nano");
  });

  test("IMDSv2 only, encrypted root, standard credits, arm64 AL2023 image from the SSM public parameter", () => {
    const t = natTemplate();
    expect(t.metadata_options).toMatchObject({ http_tokens: "required", http_endpoint: "enabled" });
    expect(t.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", volume_type: "gp3" });
    expect(t.credit_specification).toEqual({ cpu_credits: "standard" });
    expect(t.image_id).toMatch(/data\.aws_ssm_parameter\..*\.value/);
    const params = Object.values(cheap.tf.data?.aws_ssm_parameter ?? {}).map((p) => (p as Json).name);
    expect(params).toContain("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
  });

  test("its security group admits HTTP(S) from the VPC CIDR only: no SSH, nothing from outside", () => {
    const sg = (resources(cheap.tf, "aws_security_group") as Json[]).find((g) => g.name.endsWith("nat"))!;
    expect(sg).toBeDefined();
    const ingress = (resources(cheap.tf, "aws_vpc_security_group_ingress_rule") as Json[]).filter((r) => String(r.security_group_id).includes("nat-instance"));
    expect(ingress.map((r) => [r.cidr_ipv4, r.ip_protocol, r.from_port, r.to_port]).sort()).toEqual([
      ["10.10.0.0/16", "tcp", 443, 443],
      ["10.10.0.0/16", "tcp", 80, 80],
    ]);
    expect(JSON.stringify(natTemplate())).not.toMatch(/key_name/);
  });

  test("private route tables leave the default route to the instance; isolated ones still have none", () => {
    const tables = Object.entries(tf.resource.aws_route_table);
    const priv = tables.filter(([id]) => id.includes("private-rt"));
    expect(priv).toHaveLength(2);
    for (const [, t] of priv) {
      expect(t.route).toBeUndefined();
      expect(t.lifecycle).toEqual({ ignore_changes: ["route"] });
    }
    expect(tables.find(([id]) => id.includes("isolated-rt"))![1].route).toEqual([]);
  });

  test("boot script masquerades the VPC CIDR, turns off its own source/dest check and takes over both private routes", () => {
    const script = Object.values(tf.locals ?? {}).find((v) => typeof v === "string" && v.includes("MASQUERADE")) as string;
    expect(script).toContain("-s 10.10.0.0/16 -j MASQUERADE");
    expect(script).toContain("--no-source-dest-check");
    expect(script).toMatch(/replace-route .*--destination-cidr-block 0\.0\.0\.0\/0/);
    expect(script.match(/\$\{aws_route_table\.[^}]*private-rt[^}]*\.id\}/g)).toHaveLength(2);
  });

  test("its role may change only instances tagged as this NAT, and only the private route tables", () => {
    const policy = JSON.parse((resources(cheap.tf, "aws_iam_role_policy") as Json[]).find((p) => p.name === "take-over-routes")!.policy);
    const [own, routes] = policy.Statement;
    expect(own).toMatchObject({ Action: "ec2:ModifyInstanceAttribute", Condition: { StringEquals: { "aws:ResourceTag/dify:nat-instance": expect.any(String) } } });
    expect(routes.Action).toEqual(["ec2:CreateRoute", "ec2:ReplaceRoute"]);
    expect(routes.Resource).toHaveLength(2);
    for (const r of routes.Resource) expect(r).toMatch(/:route-table\/\$\{aws_route_table\./);
  });

  test("the schedule stops the NAT with the host and starts it 10 minutes earlier", () => {
    const actions = resources(cheap.tf, "aws_autoscaling_schedule") as Json[];
    expect(actions.map((a) => [a.scheduled_action_name, a.recurrence, a.desired_capacity, a.time_zone]).sort()).toEqual([
      ["start-nat", "50 7 * * 1-5", 1, "Asia/Tokyo"],
      ["stop-nat", "0 20 * * 1-5", 0, "Asia/Tokyo"],
    ]);
  });
});

describe("dify.spot on the all-in-one host", () => {
  test("a persistent Spot request that stops on interruption, with the max price, standard credits and no public IP", () => {
    const host = one("aws_instance");
    expect(host.instance_market_options).toEqual({
      market_type: "spot",
      spot_options: { spot_instance_type: "persistent", instance_interruption_behavior: "stop", max_price: "0.018" },
    });
    expect(host.credit_specification).toEqual({ cpu_credits: "standard" });
    expect(host.associate_public_ip_address).toBe(false);
    expect(host.metadata_options).toMatchObject({ http_tokens: "required" });
    expect(host.root_block_device).toMatchObject({ encrypted: true, volume_size: 12 });
    // The data volume is still its own resource, attached to the same instance id.
    expect(one("aws_volume_attachment").instance_id).toMatch(/aws_instance\./);
    expect(one("aws_ebs_volume")).toMatchObject({ size: 20, encrypted: true });
  });

  test("the host launches only after the NAT instance's group is in service, so its first boot has egress", () => {
    expect(one("aws_instance").depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_autoscaling_group\..*nat-instance/)]));
  });

  test("on-demand stays the default", () => {
    const plain = synthEnvironment("dev", { "dev.json": { ...CHEAP, dify: { ...CHEAP.dify, spot: undefined } } });
    expect((resources(plain.tf, "aws_instance")[0] as Json).instance_market_options).toBeUndefined();
  });

  test("production and the managed tier refuse it, naming the file and field", () => {
    expect(() => exampleConfig({ "dev.json": { ...CHEAP, production: true } })).toThrow(/dev\.json.*dify\.spot.*refused in production/);
    expect(() => exampleConfig({ "dev.json": { ...CHEAP, dify: { ...CHEAP.dify, tier: "managed", rootVolumeGb: 30 } } })).toThrow(/dify\.spot.*all-in-one/);
  });
});

describe("bedrock.endpointAzCount: 0", () => {
  test("creates no Bedrock interface endpoint; the S3 gateway endpoint stays", () => {
    const endpoints = resources(cheap.tf, "aws_vpc_endpoint") as Json[];
    expect(endpoints.filter((e) => /bedrock/.test(e.service_name))).toEqual([]);
    expect(endpoints.map((e) => e.vpc_endpoint_type)).toEqual(["Gateway"]);
  });

  test("the host's Bedrock policy still names only the configured models", () => {
    const policies = (resources(cheap.tf, "aws_iam_role_policy") as Json[]).map((p) => String(p.policy)).filter((p) => p.includes("bedrock:InvokeModel"));
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) expect(p).not.toMatch(/foundation-model\/\*"/);
  });

  test("is refused without any egress, since Bedrock would then be unreachable", () => {
    expect(() => exampleConfig({ "dev.json": { ...CHEAP, network: { nat: "none" } } })).toThrow(/dev\.json.*bedrock\.endpointAzCount.*"nat": "none"/);
  });

  test("is refused in production and together with requireVpcEndpoint", () => {
    expect(() => exampleConfig({ "dev.json": { ...CHEAP, dify: { ...CHEAP.dify, spot: undefined }, production: true } })).toThrow(/endpointAzCount.*production/);
    expect(() => exampleConfig({ "dev.json": { ...CHEAP, bedrock: { endpointAzCount: 0, requireVpcEndpoint: true } } })).toThrow(/endpointAzCount.*requireVpcEndpoint/);
  });
});

describe("policy checks of the cheap path", () => {
  const annotations = annotationsOf(cheapStack);

  test("no errors or warnings; the one suppression is CKV_AWS_88 on the NAT instance, with its reason", () => {
    expect(annotations.filter((a) => a.kind === "error" || a.kind === "warning").map((a) => a.message)).toEqual([]);
    const suppressed = annotations.filter((a) => a.kind === "suppressed");
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].message).toMatch(/CKV_AWS_88.*NAT instance/);
    expect(suppressed[0].path).toMatch(/nat-instance/);
  });

  test("the suppression stays on the NAT instance: another host with a public IP in the same stack is an error", () => {
    const c = exampleConfig({ "dev.json": CHEAP });
    const s = new DifyStack(Testing.app(), c.organization, environment(c, "dev"));
    new Instance(s, "stray-host", { ami: "ami-12345678", instanceType: "t4g.medium", associatePublicIpAddress: true, metadataOptions: { httpTokens: "required" } });
    if (!Aspects.of(s).all.some((a) => a instanceof PolicyAspect)) applyPolicyChecks(s, { production: false });
    const errors = annotationsOf(s).filter((a) => a.kind === "error" && /CKV_AWS_88/.test(a.message));
    expect(errors.map((a) => a.path)).toEqual([expect.stringMatching(/^stray-host/)]);
  });
});

// Terraform's check of the cheap path and of a managed tier behind a NAT instance is in terraform-plan.test.ts's batch.

// The shipped environments/dev.json is this cheap path; the tests spell it out
// rather than read the user's folder (README "What it costs" has its figure).
describe("estimate of the cheap-path dev", () => {
  const e = estimateCost(JSON.parse(cheap.json) as TerraformDocument);

  test("is complete and below the peer's cheapest, $47.90 a month, schedule included", () => {
    expect(e.unknown).toEqual([]);
    expect(e.total).toBeLessThan(47.9);
  });

  test("counts the scheduled hours of the host and the NAT instance, not 730", () => {
    const ec2 = e.lines.filter((l) => l.service === "EC2");
    expect(ec2.length).toBeGreaterThan(0);
    for (const l of ec2) expect(l.perThing).toBeLessThan(300);
  });
});

describe("estimate of the cheap path, line by line", () => {
  const e = estimateCost(JSON.parse(cheap.json) as TerraformDocument);
  const weekdayHours = (hours: number) => Math.round(((hours * 5 * 730) / 168) * 100) / 100;
  const find = (service: string, item: RegExp) => {
    const found = e.lines.filter((l) => l.service === service && item.test(l.item));
    expect(found).toHaveLength(1);
    return found[0];
  };

  test("the Spot host: 12 h on weekdays at its max price", () => {
    const host = find("EC2", /^t4g\.medium Spot instance \(at its max price\), scheduled$/);
    expect(host.perThing).toBe(weekdayHours(12));
    expect(host.price?.usd).toBe(0.018);
  });

  test("the NAT instance: from 10 minutes before the hosts until they stop, at on-demand t4g.nano; its address and root only while it runs", () => {
    const nat = find("EC2", /^t4g\.nano instance, scheduled$/);
    expect(nat.perThing).toBe(weekdayHours(12 + 10 / 60));
    expect(nat.price?.usd).toBe(0.0054);
    expect(find("VPC", /^Public IPv4 address, scheduled$/).perThing).toBe(weekdayHours(12 + 10 / 60));
    expect(find("EBS", /scheduled share/).perThing).toBeCloseTo((8 * weekdayHours(12 + 10 / 60)) / 730, 2);
  });

  test("the stopped host's volumes bill the whole month; no NAT gateway, no interface endpoint", () => {
    expect(
      e.lines
        .filter((l) => l.service === "EBS" && !/scheduled/.test(l.item))
        .map((l) => l.perThing)
        .sort((a, b) => a - b),
    ).toEqual([12, 20]);
    expect(e.lines.some((l) => /NAT gateway|Interface endpoint/.test(l.item))).toBe(false);
  });

  test("without dify.schedule everything counts 730 hours", () => {
    const always = estimateCost(JSON.parse(synthEnvironment("dev", { "dev.json": { ...CHEAP, dify: { ...CHEAP.dify, schedule: undefined } } }).json) as TerraformDocument);
    for (const l of always.lines.filter((l) => l.service === "EC2")) expect(l.perThing).toBe(730);
  });
});
