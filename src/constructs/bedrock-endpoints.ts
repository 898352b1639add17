import type { Construct } from "constructs";
import { endpointPolicyStatements } from "../bedrock/endpoint-policy";
import type { BedrockEndpointService, ResolvedBedrock } from "../bedrock/resolve";
import type { Names } from "../config/naming";
import { policyDocument } from "../iam/policy-document";
import { InterfaceEndpoints } from "./interface-endpoints";

export interface BedrockEndpointsProps {
  readonly names: Names;
  /** The VPC's region. */
  readonly region: string;
  /** Account whose principals alone may use the endpoints. */
  readonly accountId: string;
  /** The resolved bedrock section: `endpoints` lists the services, `models` the policies' models. */
  readonly bedrock: ResolvedBedrock;
  /** VPC that gets the endpoints; it needs DNS support and DNS hostnames for private DNS. */
  readonly vpcId: string;
  /** Private subnets, one per AZ; the first `bedrock.endpointAzCount` carry the endpoints. */
  readonly subnetIds: readonly string[];
  /** Security group of the Dify hosts: the only source allowed to reach the endpoints. */
  readonly hostSecurityGroupId: string;
}

/**
 * Interface endpoints that keep Bedrock traffic inside the VPC. Private DNS
 * makes the regular hostnames (bedrock-runtime.<region>.amazonaws.com)
 * resolve to the endpoint, so Dify's Bedrock plugin needs no endpoint URL.
 * Each endpoint's policy allows only the configured models.
 *
 * Nothing is created when Bedrock is called in another region than the
 * VPC's: an endpoint only serves its own region, so it could carry nothing.
 */
export class BedrockEndpoints extends InterfaceEndpoints {
  /** Endpoint ids by service; BedrockAccess ties invocation to them with aws:SourceVpce. */
  declare readonly endpointIds: Readonly<Partial<Record<BedrockEndpointService, string>>>;

  constructor(scope: Construct, id: string, props: BedrockEndpointsProps) {
    const { bedrock } = props;
    // The loader keeps endpointAzCount within network.azCount, so only wiring can break this.
    if (bedrock.endpoints.length > 0 && props.subnetIds.length < bedrock.endpointAzCount) {
      throw new Error(`BedrockEndpoints needs ${bedrock.endpointAzCount} private subnets (bedrock.endpointAzCount), got ${props.subnetIds.length}`);
    }
    super(scope, id, {
      names: props.names,
      region: props.region,
      vpcId: props.vpcId,
      subnetIds: props.subnetIds.slice(0, bedrock.endpointAzCount),
      clientSecurityGroupId: props.hostSecurityGroupId,
      services: bedrock.endpoints,
      name: props.names.of("bedrock-endpoints"),
      description: "Bedrock interface endpoints: HTTPS from the Dify hosts only",
      policy: (service) => policyDocument(endpointPolicyStatements(service as BedrockEndpointService, bedrock, props.accountId)),
    });
  }

  /** Id of the bedrock-runtime endpoint, when there is one. */
  get runtimeEndpointId(): string | undefined {
    return this.endpointIds["bedrock-runtime"];
  }
}
