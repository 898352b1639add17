import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchConfiguration } from "@cdktf/provider-aws/lib/launch-configuration";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { findings, messages, policyStack } from "./helpers";

const ENCRYPTED_ROOT = { rootBlockDevice: { encrypted: true } };
const IMDSV2 = { metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } };

describe("CKV_AWS_79 IMDSv2 required", () => {
  test("an instance and a launch template that require IMDSv2 pass", () => {
    const stack = policyStack();
    new Instance(stack, "host", { ami: "ami-1", instanceType: "t3.large", ...IMDSV2 });
    new LaunchTemplate(stack, "template", { ...IMDSV2 });
    // A disabled metadata endpoint has no IMDSv1 to abuse.
    new Instance(stack, "no-imds", { ami: "ami-1", instanceType: "t3.large", metadataOptions: { httpEndpoint: "disabled" } });
    expect(findings(stack, "CKV_AWS_79")).toEqual([]);
  });

  test("no metadata options, or http_tokens optional, fail on instances, launch templates and launch configurations", () => {
    const stack = policyStack();
    new Instance(stack, "host", { ami: "ami-1", instanceType: "t3.large" });
    new LaunchTemplate(stack, "template", { metadataOptions: { httpTokens: "optional" } });
    new LaunchConfiguration(stack, "legacy", { imageId: "ami-1", instanceType: "t3.large" });
    expect(findings(stack, "CKV_AWS_79")).toEqual(["error host", "error template", "error legacy"]);
    expect(messages(stack, "CKV_AWS_79")[0]).toBe('[CKV_AWS_79] IMDSv2 is not required: set metadata_options.http_tokens = "required"');
    expect(messages(stack, "CKV_AWS_79")[1]).toContain('(http_tokens is "optional")');
  });

  test("an override that turns IMDSv2 off is caught", () => {
    const stack = policyStack();
    const host = new Instance(stack, "host", { ami: "ami-1", instanceType: "t3.large", ...IMDSV2 });
    host.addOverride("metadata_options.http_tokens", "optional");
    expect(findings(stack, "CKV_AWS_79")).toEqual(["error host"]);
  });

  test("a value only known at apply time is a warning", () => {
    const stack = policyStack();
    new Instance(stack, "host", { ami: "ami-1", instanceType: "t3.large", metadataOptions: { httpTokens: "${var.tokens}" } });
    expect(findings(stack, "CKV_AWS_79")).toEqual(["warning host"]);
  });
});

describe("CKV_AWS_8 EBS encrypted (instances, launch templates)", () => {
  test("encrypted root and data volumes pass", () => {
    const stack = policyStack();
    new Instance(stack, "host", {
      ami: "ami-1",
      instanceType: "t3.large",
      rootBlockDevice: { encrypted: true },
      ebsBlockDevice: [{ deviceName: "/dev/sdf", encrypted: true }],
    });
    new LaunchTemplate(stack, "template", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }] });
    expect(findings(stack, "CKV_AWS_8")).toEqual([]);
  });

  test("an unencrypted data volume, a missing root setting and an unencrypted mapping fail", () => {
    const stack = policyStack();
    new Instance(stack, "data", { ami: "ami-1", instanceType: "t3.large", ...ENCRYPTED_ROOT, ebsBlockDevice: [{ deviceName: "/dev/sdf", encrypted: false }] });
    new Instance(stack, "bare", { ami: "ami-1", instanceType: "t3.large" });
    new LaunchTemplate(stack, "template", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30 } }] });
    new LaunchTemplate(stack, "no-mappings", {});
    expect(findings(stack, "CKV_AWS_8")).toEqual(["error data", "error bare", "error template", "error no-mappings"]);
    expect(messages(stack, "CKV_AWS_8")[0]).toBe("[CKV_AWS_8] EBS volume /dev/sdf is not encrypted: set ebs_block_device.encrypted = true");
  });
});

describe("CKV_AWS_3 EBS volume encrypted", () => {
  test("an encrypted volume passes", () => {
    const stack = policyStack();
    new EbsVolume(stack, "data", { availabilityZone: "ap-northeast-1a", size: 50, encrypted: true });
    expect(findings(stack, "CKV_AWS_3")).toEqual([]);
  });

  test("a volume without encryption fails", () => {
    const stack = policyStack();
    new EbsVolume(stack, "data", { availabilityZone: "ap-northeast-1a", size: 50 });
    expect(messages(stack, "CKV_AWS_3")).toEqual(["[CKV_AWS_3] the EBS volume is not encrypted: set encrypted = true (and kms_key_id to the environment key)"]);
  });
});

describe("CKV_AWS_88 no public IP on hosts", () => {
  test("hosts in private subnets, without public IPs, pass", () => {
    const stack = policyStack();
    const subnet = new Subnet(stack, "private", { vpcId: "vpc-1", cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: false });
    new Instance(stack, "host", { ami: "ami-1", instanceType: "t3.large", subnetId: subnet.id });
    const template = new LaunchTemplate(stack, "template", { networkInterfaces: [{ associatePublicIpAddress: "false" }] });
    new AutoscalingGroup(stack, "group", { minSize: 1, maxSize: 2, vpcZoneIdentifier: [subnet.id], launchTemplate: { id: template.id } });
    expect(findings(stack, "CKV_AWS_88")).toEqual([]);
  });

  test("associate_public_ip_address = true fails on an instance and a launch template", () => {
    const stack = policyStack();
    new Instance(stack, "host", { ami: "ami-1", instanceType: "t3.large", associatePublicIpAddress: true });
    new LaunchTemplate(stack, "template", { networkInterfaces: [{ associatePublicIpAddress: "true" }] });
    expect(findings(stack, "CKV_AWS_88")).toEqual(["error host", "error template"]);
  });

  test("a public IP inherited from a subnet with map_public_ip_on_launch fails, for an instance and an ASG's template", () => {
    const stack = policyStack();
    const subnet = new Subnet(stack, "public", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: true });
    new Instance(stack, "host", { ami: "ami-1", instanceType: "t3.large", subnetId: subnet.id });
    const template = new LaunchTemplate(stack, "template", {});
    new AutoscalingGroup(stack, "group", { minSize: 1, maxSize: 2, vpcZoneIdentifier: [subnet.id], launchTemplate: { id: template.id } });
    expect(findings(stack, "CKV_AWS_88")).toEqual(["error host", "error template"]);
    expect(messages(stack, "CKV_AWS_88")[0]).toMatch(/^\[CKV_AWS_88\] hosts get a public IP address from subnet public \(map_public_ip_on_launch\): /);
  });
});
