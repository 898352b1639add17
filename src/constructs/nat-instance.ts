import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { AutoscalingSchedule } from "@cdktf/provider-aws/lib/autoscaling-schedule";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Fn, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import type { Names } from "../config/naming";
import type { WorkingHours } from "../config/types";
import { policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import { suppress } from "../policy";
import { ROOT_DEVICE_NAME } from "./host/host-defaults";
import { al2023Image } from "./host/machine-image";

/** Smallest Graviton size: a few hundred Mbit/s of NAT, plenty for pulling images and calling APIs. */
const NAT_INSTANCE_TYPE = "t4g.nano";

/** Tag the instance carries from launch; its role may change only instances with it. */
const NAT_INSTANCE_TAG = "dify:nat-instance";

/** The NAT instance starts this many minutes before the hosts, so they boot with egress. */
const NAT_START_LEAD_MINUTES = 10;

export interface NatInstanceProps {
  readonly names: Names;
  readonly accountId: string;
  readonly region: string;
  readonly vpcId: string;
  /** The VPC's CIDR: the only source the instance translates for. */
  readonly vpcCidr: string;
  /** Public subnet of the instance (one AZ: a group of one needs no more). */
  readonly subnetId: string;
  /** Private route tables whose default route the instance points at itself. */
  readonly routeTableIds: readonly string[];
  /** The hosts' working hours (dify.schedule): the instance stops with them and starts a little earlier. @default always on */
  readonly schedule?: WorkingHours;
}

/**
 * `network.nat: "instance"`: one t4g.nano in an Auto Scaling group of one
 * that replaces it when it fails its health check.
 *
 * How the routes follow a replacement: each instance, at every boot, turns
 * off its own source/destination check and points the private route tables'
 * default route at itself. The alternative, a fixed network interface
 * attached at boot, cannot be the primary interface (Auto Scaling refuses a
 * launch template that names an interface), so it would be a second one: a
 * second public IPv4 address to pay for and policy routing to keep right on
 * the instance. Replacing the route needs two permissions scoped to the
 * route tables and to instances tagged as this NAT, and keeps one address.
 * Terraform leaves the route tables' routes to the instance (ignore_changes).
 */
export class NatInstance extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly launchTemplate: LaunchTemplate;
  readonly group: AutoscalingGroup;
  readonly role: IamRole;
  readonly schedules: AutoscalingSchedule[] = [];

  constructor(scope: Construct, id: string, props: NatInstanceProps) {
    super(scope, id);
    const { names, region, accountId } = props;

    this.securityGroup = new SecurityGroup(this, "sg", {
      name: names.of("nat"),
      description: "NAT instance: HTTP(S) from inside the VPC, nothing from outside",
      vpcId: props.vpcId,
      tags: { Name: names.of("nat") },
    });
    // HTTP and HTTPS are all the hosts send out (images, packages, AWS and
    // model APIs); DNS and time stay on the VPC's own link-local services.
    for (const port of [443, 80]) {
      new VpcSecurityGroupIngressRule(this, `from-vpc-${port}`, {
        securityGroupId: this.securityGroup.id,
        description: `Port ${port} to translate, from the VPC only`,
        cidrIpv4: props.vpcCidr,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
      });
    }
    new VpcSecurityGroupEgressRule(this, "to-internet", {
      securityGroupId: this.securityGroup.id,
      description: "Translated traffic to the internet",
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "-1",
    });

    this.role = new IamRole(this, "role", {
      name: names.role("nat"),
      description: `NAT instance (${names.prefix})`,
      assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
    });
    // Session Manager instead of SSH.
    new IamRolePolicyAttachment(this, "ssm-core", { role: this.role.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });
    new IamRolePolicy(this, "routes", {
      name: "take-over-routes",
      role: this.role.id,
      policy: policyDocument([
        {
          Sid: "OwnSourceDestCheck",
          Effect: "Allow",
          Action: "ec2:ModifyInstanceAttribute",
          Resource: `arn:aws:ec2:${region}:${accountId}:instance/*`,
          Condition: { StringEquals: { [`aws:ResourceTag/${NAT_INSTANCE_TAG}`]: names.prefix } },
        },
        {
          Sid: "PrivateDefaultRoutes",
          Effect: "Allow",
          Action: ["ec2:CreateRoute", "ec2:ReplaceRoute"],
          Resource: props.routeTableIds.map((rt) => `arn:aws:ec2:${region}:${accountId}:route-table/${rt}`),
        },
      ]),
    });
    const profile = new IamInstanceProfile(this, "profile", { name: names.role("nat"), role: this.role.name });

    const image = al2023Image(this, "ami", NAT_INSTANCE_TYPE);
    this.launchTemplate = new LaunchTemplate(this, "template", {
      name: names.of("nat"),
      imageId: image.value,
      instanceType: NAT_INSTANCE_TYPE,
      iamInstanceProfile: { arn: profile.arn },
      // Nothing on the NAT instance needs the metadata service beyond the host itself.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      // Standard credits: a busy NAT slows down rather than running up surplus-credit charges.
      creditSpecification: { cpuCredits: "standard" },
      networkInterfaces: [{ associatePublicIpAddress: "true", securityGroups: [this.securityGroup.id], deleteOnTermination: "true", deviceIndex: 0 }],
      // 8 GiB is the Amazon Linux 2023 image's own size; the AWS managed key
      // spares granting the Auto Scaling service-linked role the environment key.
      blockDeviceMappings: [{ deviceName: ROOT_DEVICE_NAME, ebs: { volumeType: "gp3", volumeSize: 8, encrypted: "true", deleteOnTermination: "true" } }],
      // Through a local: base64encode refuses a literal that holds shell syntax.
      userData: Fn.base64encode(new TerraformLocal(this, "user-data", natUserData(props.vpcCidr, region, props.routeTableIds)).asString),
      updateDefaultVersion: true,
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: names.of("nat"), [NAT_INSTANCE_TAG]: names.prefix } },
        { resourceType: "volume", tags: { Name: names.of("nat-root") } },
      ],
    });
    // A NAT instance needs its public address to reach the internet; the Dify hosts never get one.
    suppress(this.launchTemplate, "CKV_AWS_88", "the NAT instance forwards the private subnets' egress and needs a public IPv4 address; it admits traffic from the VPC CIDR only");

    const scheduled = props.schedule !== undefined;
    this.group = new AutoscalingGroup(this, "group", {
      name: names.of("nat"),
      minSize: 1,
      maxSize: 1,
      desiredCapacity: 1,
      vpcZoneIdentifier: [props.subnetId],
      healthCheckType: "EC2",
      healthCheckGracePeriod: 60,
      launchTemplate: { id: this.launchTemplate.id, version: "$Latest" },
      // A new template version (a newer AMI) rolls the instance.
      instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 0 } },
      tag: [{ key: "Name", value: names.of("nat"), propagateAtLaunch: false }],
      // The schedule moves min and desired between 0 and 1; an apply at night should not start it.
      lifecycle: scheduled ? { ignoreChanges: ["min_size", "desired_capacity"] } : undefined,
    });

    const config = props.schedule;
    if (config) {
      const days = config.weekdays ? "1-5" : "*";
      const [h, m] = config.start.split(":").map(Number);
      const start = (h * 60 + m - NAT_START_LEAD_MINUTES + 1440) % 1440;
      // Crossing midnight would shift the days; starting at the hosts' own time is then good enough.
      const startCron = h * 60 + m >= NAT_START_LEAD_MINUTES ? `${start % 60} ${Math.floor(start / 60)} * * ${days}` : `${m} ${h} * * ${days}`;
      const [sh, sm] = config.stop.split(":").map(Number);
      this.schedules.push(
        new AutoscalingSchedule(this, "stop", {
          scheduledActionName: "stop-nat",
          autoscalingGroupName: this.group.name,
          recurrence: `${sm} ${sh} * * ${days}`,
          timeZone: config.timezone,
          minSize: 0,
          maxSize: 1,
          desiredCapacity: 0,
        }),
        new AutoscalingSchedule(this, "start", {
          scheduledActionName: "start-nat",
          autoscalingGroupName: this.group.name,
          recurrence: startCron,
          timeZone: config.timezone,
          minSize: 1,
          maxSize: 1,
          desiredCapacity: 1,
        }),
      );
    }
  }
}

/**
 * Boot script, run at every boot by a systemd unit: forwarding and
 * masquerading for the VPC CIDR, then the source/destination check and the
 * routes. Amazon Linux 2023 ships without iptables, hence the package.
 */
function natUserData(vpcCidr: string, region: string, routeTableIds: readonly string[]): string {
  const setup = [
    "#!/bin/bash",
    "set -euo pipefail",
    "rpm -q iptables-nft >/dev/null || dnf install -y iptables-nft",
    "sysctl -w net.ipv4.ip_forward=1",
    "IFACE=$(ip route show default | awk '{print $5; exit}')",
    `iptables -t nat -C POSTROUTING -o "$IFACE" -s ${vpcCidr} -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$IFACE" -s ${vpcCidr} -j MASQUERADE`,
    'TOKEN=$(curl -sfX PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")',
    'ID=$(curl -sfH "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)',
    `aws ec2 modify-instance-attribute --region ${region} --instance-id "$ID" --no-source-dest-check`,
    `for RT in ${routeTableIds.join(" ")}; do`,
    `  aws ec2 replace-route --region ${region} --route-table-id "$RT" --destination-cidr-block 0.0.0.0/0 --instance-id "$ID" ||`,
    `    aws ec2 create-route --region ${region} --route-table-id "$RT" --destination-cidr-block 0.0.0.0/0 --instance-id "$ID"`,
    "done",
  ].join("\n");
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "cat > /usr/local/sbin/nat-setup <<'SETUP'",
    setup,
    "SETUP",
    "chmod 0755 /usr/local/sbin/nat-setup",
    "cat > /etc/systemd/system/nat-setup.service <<'UNIT'",
    "[Unit]",
    "Description=NAT for the private subnets",
    "Wants=network-online.target",
    "After=network-online.target",
    "[Service]",
    "Type=oneshot",
    "ExecStart=/usr/local/sbin/nat-setup",
    "Restart=on-failure",
    "RestartSec=10",
    "[Install]",
    "WantedBy=multi-user.target",
    "UNIT",
    "systemctl daemon-reload",
    "systemctl enable --now nat-setup.service",
    "",
  ].join("\n");
}
