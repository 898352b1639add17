import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { Names } from "../config/naming";

export interface InterfaceEndpointsProps {
  /** Names the endpoints (Name tags). */
  readonly names: Names;
  /** The VPC's region: an interface endpoint serves its own region only. */
  readonly region: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** The only security group whose members may call the endpoints (the Dify hosts). */
  readonly clientSecurityGroupId: string;
  /** Service suffixes, for example "ssm" for com.amazonaws.<region>.ssm. None: nothing is created. */
  readonly services: readonly string[];
  /** Name of the endpoints' security group, from names.of(). */
  readonly name: string;
  /** @default "Interface endpoints: <services>" */
  readonly description?: string;
  /** Endpoint policy per service. @default AWS's full-access policy */
  readonly policy?: (service: string) => string;
}

/** Interface endpoints with private DNS, reachable on 443 from one security group only. */
export class InterfaceEndpoints extends Construct {
  readonly securityGroup?: SecurityGroup;
  readonly endpoints: Readonly<Record<string, VpcEndpoint>>;
  /** Endpoint ids by service. */
  readonly endpointIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    const endpoints: Record<string, VpcEndpoint> = {};
    const ids: Record<string, string> = {};
    this.endpoints = endpoints;
    this.endpointIds = ids;
    if (props.services.length === 0) return;

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: props.name,
      description: props.description ?? `Interface endpoints: ${props.services.join(", ")}`,
      vpcId: props.vpcId,
      // Explicitly empty: an interface endpoint only answers, it never opens connections.
      egress: [],
      tags: { Name: props.name },
    });
    new VpcSecurityGroupIngressRule(this, "https-from-hosts", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from the Dify hosts",
      referencedSecurityGroupId: props.clientSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    });
    for (const service of props.services) {
      endpoints[service] = new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [this.securityGroup.id],
        policy: props.policy?.(service),
        tags: { Name: props.names.of(service) },
      });
      ids[service] = endpoints[service].id;
    }
  }
}
