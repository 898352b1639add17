import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { Names } from "../config/naming";
import type { NatMode, WorkingHours } from "../config/types";
import { policyDocument, serviceTrustPolicy } from "../iam/policy-document";
import { SUBNET_TIERS, type SubnetPlan, type SubnetTier } from "../network/subnet-plan";
import { logGroup } from "./log-group";
import { NatInstance } from "./nat-instance";

export interface NetworkProps {
  readonly names: Names;
  /** Account whose flow-log deliveries the flow-log role trusts. */
  readonly accountId: string;
  readonly region: string;
  readonly vpcCidr: string;
  /** Subnet CIDRs per tier, one per AZ (network.subnets of the resolved config); their count is the AZ count. */
  readonly subnets: SubnetPlan["cidrs"];
  /** How the private subnets reach the internet: NAT gateways per AZ, a single one, a NAT instance, or not at all. */
  readonly nat: NatMode;
  /** A CloudWatch Logs retention period for the flow logs. */
  readonly flowLogRetentionDays: number;
  /** KMS key for the flow-log group. */
  readonly kmsKeyArn: string;
  /** The hosts' working hours, which a NAT instance follows. @default always on */
  readonly schedule?: WorkingHours;
}

/**
 * The environment VPC: public subnets for the ALB, private subnets for the
 * Dify hosts and isolated subnets (no route out) for RDS and ElastiCache.
 * Subnet CIDRs are computed at synth so reviewers see them in the PR.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly availabilityZones: string[];
  readonly subnetIds: Readonly<Record<SubnetTier, string[]>>;
  readonly routeTableIds: Readonly<Record<SubnetTier, string[]>>;
  readonly natGateways: NatGateway[] = [];
  /** The NAT instance of `network.nat: "instance"`. */
  readonly natInstance?: NatInstance;
  /** True when hosts can reach the internet (through NAT). */
  readonly internetAccess: boolean;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { names, nat } = props;
    const azCount = props.subnets.public.length;

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.vpcCidr,
      // Private DNS of the interface endpoints (Bedrock, SSM) needs both.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: names.of("vpc") },
    });

    // Nothing may use the default security group.
    new DefaultSecurityGroup(this, "default-sg", { vpcId: this.vpc.id, ingress: [], egress: [], tags: { Name: names.of("default-deny") } });

    const zones = new DataAwsAvailabilityZones(this, "azs", {
      state: "available",
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    this.availabilityZones = Array.from({ length: azCount }, (_, i) => Fn.element(zones.names, i));

    const subnets = {} as Record<SubnetTier, Subnet[]>;
    for (const tier of SUBNET_TIERS) {
      subnets[tier] = props.subnets[tier].map(
        (cidrBlock, az) =>
          new Subnet(this, `${tier}-${az}`, {
            vpcId: this.vpc.id,
            cidrBlock,
            availabilityZone: this.availabilityZones[az],
            mapPublicIpOnLaunch: false,
            tags: { Name: names.of(`${tier}-${az + 1}`), Tier: tier },
          }),
      );
    }
    this.subnetIds = {
      public: subnets.public.map((s) => s.id),
      private: subnets.private.map((s) => s.id),
      isolated: subnets.isolated.map((s) => s.id),
    };

    const igw = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: names.of("igw") } });
    const publicRoutes = new RouteTable(this, "public-rt", {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: { Name: names.of("public") },
    });
    subnets.public.forEach((s, az) => new RouteTableAssociation(this, `public-rta-${az}`, { subnetId: s.id, routeTableId: publicRoutes.id }));

    const natCount = nat === "per-az" ? azCount : nat === "single" ? 1 : 0;
    for (let az = 0; az < natCount; az++) {
      const eip = new Eip(this, `nat-eip-${az}`, { domain: "vpc", tags: { Name: names.of(`nat-${az + 1}`) } });
      this.natGateways.push(
        new NatGateway(this, `nat-${az}`, {
          allocationId: eip.allocationId,
          subnetId: subnets.public[az].id,
          tags: { Name: names.of(`nat-${az + 1}`) },
          dependsOn: [igw],
        }),
      );
    }
    const natInstance = nat === "instance";
    this.internetAccess = natCount > 0 || natInstance;

    const privateRoutes = subnets.private.map((s, az) => {
      const nat = this.natGateways[Math.min(az, this.natGateways.length - 1)];
      const table = new RouteTable(this, `private-rt-${az}`, {
        vpcId: this.vpc.id,
        // The NAT instance writes its own default route at boot; an empty
        // inline list would make every apply delete it.
        route: natInstance ? undefined : nat ? [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }] : [],
        lifecycle: natInstance ? { ignoreChanges: ["route"] } : undefined,
        tags: { Name: names.of(`private-${az + 1}`) },
      });
      new RouteTableAssociation(this, `private-rta-${az}`, { subnetId: s.id, routeTableId: table.id });
      return table;
    });
    if (natInstance) {
      this.natInstance = new NatInstance(this, "nat-instance", {
        names,
        accountId: props.accountId,
        region: props.region,
        vpcId: this.vpc.id,
        vpcCidr: props.vpcCidr,
        schedule: props.schedule,
        subnetId: subnets.public[0].id,
        routeTableIds: privateRoutes.map((t) => t.id),
      });
    }
    // Isolated subnets have no route out of the VPC at all.
    const isolatedRoutes = new RouteTable(this, "isolated-rt", { vpcId: this.vpc.id, route: [], tags: { Name: names.of("isolated") } });
    subnets.isolated.forEach((s, az) => new RouteTableAssociation(this, `isolated-rta-${az}`, { subnetId: s.id, routeTableId: isolatedRoutes.id }));
    this.routeTableIds = {
      public: [publicRoutes.id],
      private: privateRoutes.map((t) => t.id),
      isolated: [isolatedRoutes.id],
    };

    // S3 through a (free) gateway endpoint: Docker layers from ECR, Dify files, logs.
    new VpcEndpoint(this, "s3-endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...this.routeTableIds.private, ...this.routeTableIds.isolated],
      tags: { Name: names.of("s3") },
    });

    this.flowLogs(props);
  }

  private flowLogs({ names, accountId, flowLogRetentionDays, kmsKeyArn }: NetworkProps): void {
    const group = logGroup(this, "flow-log-group", {
      name: names.logGroup("vpc-flow-logs"),
      retentionDays: flowLogRetentionDays,
      kmsKeyArn,
    });
    const role = new IamRole(this, "flow-log-role", {
      name: names.role("flow-logs"),
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": accountId },
      }),
    });
    new IamRolePolicy(this, "flow-log-policy", {
      name: "deliver-flow-logs",
      role: role.id,
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: `${group.arn}:*`,
        },
        // DescribeLogGroups has no resource type, so a log-group ARN never matches it.
        { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
      ]),
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: names.of("flow-logs") },
    });
  }
}
