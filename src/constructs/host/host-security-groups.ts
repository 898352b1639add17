import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import { ALB_CLIENT_PORTS, DIFY_HTTP_PORT } from "./host-ports";

export interface HostSecurityGroupsProps {
  readonly names: Names;
  readonly vpcId: string;
  /** The VPC's CIDR: where the managed tier's database and cache are. */
  readonly vpcCidr: string;
  /** Client CIDRs that may reach the ALB (dify.allowedCidrs, resolved). */
  readonly allowedCidrs: readonly string[];
}

/**
 * The ALB and host security groups. The host takes traffic only from the ALB
 * on nginx's port: no SSH, no other ingress. Rules are separate resources so
 * that other constructs (data tier, endpoints) can reference the host group.
 */
export class HostSecurityGroups extends Construct {
  readonly alb: SecurityGroup;
  readonly host: SecurityGroup;

  constructor(scope: Construct, id: string, { names, vpcId, vpcCidr, allowedCidrs }: HostSecurityGroupsProps) {
    super(scope, id);
    this.alb = new SecurityGroup(this, "alb", {
      name: names.of("alb"),
      description: "Dify load balancer",
      vpcId,
      tags: { Name: names.of("alb") },
    });
    this.host = new SecurityGroup(this, "host", {
      name: names.of("host"),
      description: "Dify hosts: HTTP from the load balancer only",
      vpcId,
      tags: { Name: names.of("host") },
    });

    allowedCidrs.forEach((cidr, i) => {
      for (const port of ALB_CLIENT_PORTS) {
        new VpcSecurityGroupIngressRule(this, `alb-in-${port}-${i}`, {
          securityGroupId: this.alb.id,
          description: port === 443 ? "HTTPS from allowed clients" : "HTTP from allowed clients (redirected to HTTPS)",
          cidrIpv4: cidr,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
        });
      }
    });
    new VpcSecurityGroupEgressRule(this, "alb-to-host", {
      securityGroupId: this.alb.id,
      description: "To Dify nginx",
      referencedSecurityGroupId: this.host.id,
      ipProtocol: "tcp",
      fromPort: DIFY_HTTP_PORT,
      toPort: DIFY_HTTP_PORT,
    });
    new VpcSecurityGroupIngressRule(this, "host-from-alb", {
      securityGroupId: this.host.id,
      description: "Dify nginx from the load balancer",
      referencedSecurityGroupId: this.alb.id,
      ipProtocol: "tcp",
      fromPort: DIFY_HTTP_PORT,
      toPort: DIFY_HTTP_PORT,
    });
    // Hosts fetch the Dify release, container images and OS packages over
    // HTTPS (through NAT or VPC endpoints); Dify's HTTP request nodes and
    // plugins also call plain-HTTP APIs. Other ports stay closed.
    for (const port of [443, 80]) {
      new VpcSecurityGroupEgressRule(this, port === 443 ? "host-https-out" : "host-http-out", {
        securityGroupId: this.host.id,
        description: port === 443 ? "HTTPS to AWS APIs, endpoints, registries and APIs Dify calls" : "HTTP to APIs Dify calls",
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
      });
    }
    for (const [name, port] of [
      ["postgres", 5432],
      ["redis", 6379],
    ] as const) {
      new VpcSecurityGroupEgressRule(this, `host-${name}-out`, {
        securityGroupId: this.host.id,
        description: `${name} in the VPC (managed tier)`,
        cidrIpv4: vpcCidr,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
      });
    }
    // DNS and NTP go to the VPC resolver and the Amazon Time Sync link-local
    // address, which security groups do not filter.
  }
}
