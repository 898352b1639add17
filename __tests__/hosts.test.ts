import { architectureOf } from "../src/constructs/host/machine-image";
import { resources, synthEnvironment } from "./helpers/fixtures";

// Pinned to an on-demand x86 host with a NAT gateway, so the assertions below do not follow environments/dev.json's cost choices.
const dev = synthEnvironment("dev", { "dev.json": { network: { nat: "single" }, dify: { instanceType: "t3.large", spot: undefined, dataVolumeGb: 100 } } }).tf;
const prod = synthEnvironment("prod").tf;
const one = (tf: any, type: string) => {
  const list = resources(tf, type) as any[];
  expect(list).toHaveLength(1);
  return list[0];
};

describe("all-in-one host (dev)", () => {
  const instance = one(dev, "aws_instance");

  test("IMDSv2 only, with hop limit 2 so containers get the instance role", () => {
    expect(instance.metadata_options).toEqual({
      http_endpoint: "enabled",
      http_tokens: "required",
      http_put_response_hop_limit: 2,
      instance_metadata_tags: "disabled",
    });
  });

  test("private, no public IP, no SSH key, Session Manager only", () => {
    expect(instance.associate_public_ip_address).toBe(false);
    expect(instance.subnet_id).toMatch(/aws_subnet\.network_private-0/);
    expect(instance.key_name).toBeUndefined();
    const attachments = resources(dev, "aws_iam_role_policy_attachment") as any[];
    expect(attachments.map((a) => a.policy_arn)).toContain("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    expect(instance.iam_instance_profile).toMatch(/aws_iam_instance_profile\./);
  });

  test("boots only after the role's policies exist (the boot script writes secrets to SSM)", () => {
    expect(instance.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\.host-role_policy/), expect.stringMatching(/^aws_iam_role_policy\.bedrock-access_policy/)]);
  });

  test("encrypted gp3 root volume with the environment key", () => {
    expect(instance.root_block_device).toMatchObject({ volume_type: "gp3", encrypted: true });
    expect(instance.root_block_device.kms_key_id).toMatch(/aws_kms_key\.kms_key/);
  });

  test("data on a separate encrypted volume that is not part of the instance's lifecycle", () => {
    const volume = one(dev, "aws_ebs_volume");
    expect(volume).toMatchObject({ type: "gp3", encrypted: true, size: 100 });
    // Nothing in the volume refers to the instance, so replacing the instance
    // (type, AMI, user data) cannot replace the volume; only the attachment goes.
    expect(JSON.stringify(volume)).not.toMatch(/aws_instance\./);
    const attachment = one(dev, "aws_volume_attachment");
    expect(attachment.volume_id).toMatch(/aws_ebs_volume\./);
    expect(attachment.instance_id).toMatch(/aws_instance\./);
    expect(attachment.stop_instance_before_detaching).toBe(true);
    expect(instance.ebs_block_device).toBeUndefined();
    expect(instance.user_data_replace_on_change).toBe(true);
  });

  test("the data volume is protected from destroy in production", () => {
    const prodAllInOne = synthEnvironment("prod", { "prod.json": { dify: { tier: "all-in-one" } } }).tf;
    expect(one(prodAllInOne, "aws_ebs_volume").lifecycle).toEqual({ prevent_destroy: true });
    expect(one(dev, "aws_ebs_volume").lifecycle).toBeUndefined();
  });

  test("Amazon Linux 2023 from its public SSM parameter, matching the CPU architecture", () => {
    expect(Object.values(dev.data!.aws_ssm_parameter as Record<string, any>).map((p) => p.name)).toEqual(["/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"]);
    const graviton = synthEnvironment("dev", { "dev.json": { network: { nat: "single" }, dify: { instanceType: "t4g.large" } } }).tf;
    expect(Object.values(graviton.data!.aws_ssm_parameter as Record<string, any>).map((p) => p.name)).toEqual(["/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"]);
  });

  test.each([
    ["t4g.large", "arm64"],
    ["m7g.xlarge", "arm64"],
    ["c7gn.large", "arm64"],
    ["x2gd.large", "arm64"],
    ["a1.large", "arm64"],
    ["t3.large", "x86_64"],
    ["m7i.large", "x86_64"],
    ["g4dn.xlarge", "x86_64"],
  ])("%s is %s", (type, arch) => {
    expect(architectureOf(type)).toBe(arch);
  });
});

describe("managed tier hosts (prod)", () => {
  const template = one(prod, "aws_launch_template");
  const group = one(prod, "aws_autoscaling_group");

  test("launch template: IMDSv2 hop 2, no public IP, encrypted root", () => {
    expect(template.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 2 });
    expect(template.network_interfaces[0].associate_public_ip_address).toBe("false");
    expect(template.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", volume_type: "gp3" });
    expect(template.key_name).toBeUndefined();
  });

  test("at least two hosts behind the ALB health check, rolled without losing capacity", () => {
    expect(group.min_size).toBeGreaterThanOrEqual(2);
    expect(group.health_check_type).toBe("ELB");
    expect(group.target_group_arns[0]).toMatch(/aws_lb_target_group\./);
    expect(group.instance_refresh).toMatchObject({
      strategy: "Rolling",
      preferences: { min_healthy_percentage: 100, max_healthy_percentage: 200 },
    });
    expect(group.launch_template.version).toMatch(/latest_version/);
    expect(group.vpc_zone_identifier).toHaveLength(3);
  });

  test("hosts boot only after their permissions and the endpoints parameter exist", () => {
    expect(group.depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role_policy\.host-role_policy/),
      expect.stringMatching(/^aws_iam_role_policy\.bedrock-access_policy/),
      expect.stringMatching(/^aws_ssm_parameter\.data_endpoints_parameter/),
    ]);
    // Long enough for the one host that runs an upgrade's database migration.
    expect(group.health_check_grace_period).toBeGreaterThanOrEqual(1800);
  });

  test("no instance and no data volume: the hosts are stateless", () => {
    expect(resources(prod, "aws_instance")).toHaveLength(0);
    expect(resources(prod, "aws_ebs_volume")).toHaveLength(0);
  });
});

describe("security groups", () => {
  test.each([["dev"], ["prod"]])("%s: nothing opens SSH or RDP, hosts take traffic only from the ALB", (name) => {
    const tf = name === "dev" ? dev : prod;
    const ingress = resources(tf, "aws_vpc_security_group_ingress_rule") as any[];
    for (const rule of ingress) {
      expect(rule.ip_protocol).toBe("tcp");
      expect(rule.to_port).toBe(rule.from_port);
      expect([22, 3389]).not.toContain(rule.from_port);
    }
    const toHost = ingress.filter((r) => r.security_group_id.includes("security-groups_host"));
    expect(toHost).toEqual([expect.objectContaining({ from_port: 80, referenced_security_group_id: expect.stringMatching(/security-groups_alb/) })]);
    // Everything that is not the ALB admits only the host security group.
    for (const rule of ingress.filter((r) => !r.security_group_id.includes("security-groups_alb"))) {
      expect(rule.cidr_ipv4).toBeUndefined();
    }
    for (const sg of resources(tf, "aws_security_group") as any[]) expect(sg.ingress).toBeUndefined();
  });

  test("the ALB admits only dify.allowedCidrs", () => {
    const cidrs = (resources(prod, "aws_vpc_security_group_ingress_rule") as any[]).filter((r) => r.cidr_ipv4).map((r) => r.cidr_ipv4);
    expect([...new Set(cidrs)].sort()).toEqual(["198.51.100.0/24", "203.0.113.0/24"]);
  });
});

describe("front door", () => {
  const alb = one(prod, "aws_lb");
  const listeners = resources(prod, "aws_lb_listener") as any[];

  test("hardened ALB: invalid headers dropped, long idle timeout for streaming, access logs, deletion protection in production", () => {
    expect(alb).toMatchObject({ internal: false, drop_invalid_header_fields: true, enable_deletion_protection: true, load_balancer_type: "application" });
    expect(alb.idle_timeout).toBeGreaterThanOrEqual(300);
    expect(alb.access_logs).toMatchObject({ enabled: true, prefix: "alb" });
    expect(one(dev, "aws_lb").enable_deletion_protection).toBe(false);
  });

  test("HTTPS with a TLS 1.2+/1.3 policy and a DNS-validated certificate; HTTP only redirects", () => {
    const https = listeners.find((l) => l.port === 443);
    expect(https).toMatchObject({ protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06" });
    expect(https.certificate_arn).toMatch(/aws_acm_certificate_validation\./);
    const http = listeners.find((l) => l.port === 80);
    expect(http.default_action[0]).toMatchObject({ type: "redirect", redirect: { protocol: "HTTPS", status_code: "HTTP_301" } });
    expect(one(prod, "aws_acm_certificate")).toMatchObject({ domain_name: "dify.example.com", validation_method: "DNS" });
  });

  test("an existing certificate ARN is used as is", () => {
    const arn = "arn:aws:acm:ap-northeast-1:111111111111:certificate/00000000-0000-0000-0000-000000000000";
    const tf = synthEnvironment("dev", { "dev.json": { dify: { certificateArn: arn, hostedZoneId: undefined, domainName: undefined } } }).tf;
    expect(resources(tf, "aws_acm_certificate")).toHaveLength(0);
    expect((resources(tf, "aws_lb_listener") as any[]).find((l) => l.port === 443).certificate_arn).toBe(arn);
  });

  test("an internal ALB sits in the private subnets", () => {
    const tf = synthEnvironment("dev", { "dev.json": { dify: { internal: true } } }).tf;
    const lb = one(tf, "aws_lb");
    expect(lb.internal).toBe(true);
    for (const subnet of lb.subnets) expect(subnet).toMatch(/network_private-/);
  });

  test("the target group checks Dify's nginx entry", () => {
    expect(one(prod, "aws_lb_target_group")).toMatchObject({ port: 80, protocol: "HTTP", health_check: { path: "/", matcher: "200-399" } });
  });

  test("optional WAF with AWS managed rule groups", () => {
    const acl = one(prod, "aws_wafv2_web_acl");
    expect(acl.rule.map((r: any) => r.name)).toEqual(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"]);
    expect(resources(prod, "aws_wafv2_web_acl_association")).toHaveLength(1);
    expect(resources(dev, "aws_wafv2_web_acl")).toHaveLength(0);
  });

  test("an alias record points the domain at the ALB", () => {
    const alias = (resources(prod, "aws_route53_record") as any[]).find((r) => r.type === "A");
    expect(alias).toMatchObject({ name: "dify.example.com", zone_id: "Z00000000EXAMPLE" });
    expect(prod.output!.url).toEqual({ value: "https://dify.example.com" });
  });
});

describe("host role", () => {
  const statements = (tf: any) => (resources(tf, "aws_iam_role_policy") as any[]).filter((p) => p.name === "dify-host").flatMap((p) => JSON.parse(p.policy).Statement);

  test("may write only its generated secrets and the migration lock; Terraform's config is read-only", () => {
    const writes = statements(prod).filter((s: any) => [s.Action].flat().some((a: string) => /^ssm:(Put|Delete)/.test(a)));
    for (const s of writes) {
      for (const resource of [s.Resource].flat()) expect(resource).toMatch(/^arn:aws:ssm:ap-northeast-1:333333333333:parameter\/dify\/prod\/(secrets|migrations)\/\*$/);
    }
    const config = statements(prod).find((s: any) => [s.Resource].flat().some((r: string) => r.endsWith("/config/*")));
    expect(config.Action).toEqual(["ssm:GetParameter", "ssm:GetParameters"]);
  });

  test("uses the environment key only through Parameter Store", () => {
    const key = statements(prod).find((s: any) => s.Sid === "EnvironmentKeyThroughSsm");
    expect(key.Condition).toEqual({ StringEquals: { "kms:ViaService": "ssm.ap-northeast-1.amazonaws.com" } });
  });
});
