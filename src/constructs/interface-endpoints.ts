import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/types";

export interface InterfaceEndpointsProps {
  readonly env: EnvironmentConfig;
  readonly vpcId: string;
  readonly subnetIds: string[];
  /** The only security group whose members may call the endpoints. */
  readonly clientSecurityGroupId: string;
  /** Service suffixes, for example "ssm" for com.amazonaws.<region>.ssm. */
  readonly services: readonly string[];
  /** Name of the endpoints' security group, from env.names.of(). */
  readonly name: string;
}

/** Interface endpoints with private DNS, reachable on 443 from one security group only. */
export class InterfaceEndpoints extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly endpoints: Record<string, VpcEndpoint> = {};

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    const { env } = props;
    this.securityGroup = new SecurityGroup(this, "sg", {
      name: props.name,
      description: `Interface endpoints: ${props.services.join(", ")}`,
      vpcId: props.vpcId,
      tags: { Name: props.name },
    });
    new VpcSecurityGroupIngressRule(this, "https-from-clients", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from the Dify hosts",
      referencedSecurityGroupId: props.clientSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    });
    for (const service of props.services) {
      this.endpoints[service] = new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${env.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: props.subnetIds,
        securityGroupIds: [this.securityGroup.id],
        tags: { Name: env.names.of(service) },
      });
    }
  }
}
