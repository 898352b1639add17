import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { endpointPolicyStatements } from "../bedrock/endpoint-policy";
import type { BedrockEndpointService } from "../bedrock/resolve";
import type { EnvironmentConfig } from "../config/types";
import { policyDocument } from "../iam/policy-document";

export interface BedrockEndpointsProps {
  /** The resolved environment; `env.bedrock.endpoints` lists the services. */
  readonly env: EnvironmentConfig;
  /** VPC that gets the endpoints; it needs DNS support and DNS hostnames for private DNS. */
  readonly vpcId: string;
  /** Private subnets, one per AZ; the first `env.bedrock.endpointAzCount` carry the endpoints. */
  readonly subnetIds: readonly string[];
  /** Security group of the Dify hosts: the only source allowed to reach the endpoints. */
  readonly hostSecurityGroupId: string;
}

/**
 * Interface endpoints that keep Bedrock traffic inside the VPC. Private DNS
 * makes the regular hostnames (bedrock-runtime.<region>.amazonaws.com)
 * resolve to the endpoint, so Dify's Bedrock plugin needs no endpoint URL.
 *
 * Nothing is created when Bedrock is called in another region than the
 * VPC's: an endpoint only serves its own region, so it could carry nothing.
 */
export class BedrockEndpoints extends Construct {
  readonly securityGroup?: SecurityGroup;
  readonly endpoints: Readonly<Partial<Record<BedrockEndpointService, VpcEndpoint>>>;
  /** Endpoint ids by service; BedrockAccess ties invocation to them with aws:SourceVpce. */
  readonly endpointIds: Readonly<Partial<Record<BedrockEndpointService, string>>>;

  constructor(scope: Construct, id: string, props: BedrockEndpointsProps) {
    super(scope, id);
    const { env } = props;
    const bedrock = env.bedrock;
    const endpoints: Partial<Record<BedrockEndpointService, VpcEndpoint>> = {};
    const ids: Partial<Record<BedrockEndpointService, string>> = {};
    this.endpoints = endpoints;
    this.endpointIds = ids;
    if (bedrock.endpoints.length === 0) return;

    const subnetIds = props.subnetIds.slice(0, bedrock.endpointAzCount);
    if (subnetIds.length < bedrock.endpointAzCount) {
      throw new Error(`BedrockEndpoints needs ${bedrock.endpointAzCount} private subnets (bedrock.endpointAzCount), got ${props.subnetIds.length}`);
    }

    const name = env.names.of("bedrock-endpoints");
    this.securityGroup = new SecurityGroup(this, "security-group", {
      name,
      description: "Bedrock interface endpoints: HTTPS from the Dify hosts only",
      vpcId: props.vpcId,
      // Explicitly empty: an interface endpoint only answers, it never opens connections,
      // and an empty list makes Terraform remove AWS's default allow-all egress rule.
      egress: [],
      tags: { Name: name },
    });
    new VpcSecurityGroupIngressRule(this, "https-from-hosts", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from the Dify hosts",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      referencedSecurityGroupId: props.hostSecurityGroupId,
    });

    for (const service of bedrock.endpoints) {
      const endpoint = new VpcEndpoint(this, service, {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${env.region}.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds,
        securityGroupIds: [this.securityGroup.id],
        policy: policyDocument(endpointPolicyStatements(service, bedrock, env.accountId)),
        tags: { Name: `${env.names.prefix}-${service}` },
      });
      endpoints[service] = endpoint;
      ids[service] = endpoint.id;
    }
  }

  /** Id of the bedrock-runtime endpoint, when there is one. */
  get runtimeEndpointId(): string | undefined {
    return this.endpointIds["bedrock-runtime"];
  }
}
