import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { bedrockInvokeStatements } from "../bedrock/iam-policy";
import type { BedrockEndpointService, ResolvedBedrock } from "../bedrock/resolve";
import { type PolicyStatement, policyDocument } from "../iam/policy-document";

export interface BedrockAccessProps {
  /** The resolved bedrock section: its region, models and requireVpcEndpoint decide what is granted. */
  readonly bedrock: ResolvedBedrock;
  /** Account of the inference profiles the hosts call. */
  readonly accountId: string;
  /** Name of the Dify host role that gets the inline policy. */
  readonly role: string;
  /**
   * Endpoint ids from `BedrockEndpoints.endpointIds`. Required when
   * `bedrock.requireVpcEndpoint` is on (bedrock-runtime and bedrock-agent-runtime).
   * @default none
   */
  readonly vpcEndpointIds?: Readonly<Partial<Record<BedrockEndpointService, string>>>;
  /** ARN of the guardrail the hosts may apply, from `BedrockAudit.guardrail`. @default no guardrail */
  readonly guardrailArn?: string;
}

/**
 * Least-privilege Bedrock access for the Dify hosts: invoke exactly the
 * configured models (and, through a profile, its destinations), nothing on
 * "*". Dify's Bedrock plugin then runs with empty access keys on the
 * instance role. See `bedrockInvokeStatements` for the reasoning per statement.
 */
export class BedrockAccess extends Construct {
  readonly statements: readonly PolicyStatement[];
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: BedrockAccessProps) {
    super(scope, id);
    this.statements = bedrockInvokeStatements(props.bedrock, props.accountId, {
      vpcEndpointIds: props.vpcEndpointIds,
      guardrailArn: props.guardrailArn,
    });
    this.policy = new IamRolePolicy(this, "policy", {
      name: "bedrock-invoke",
      role: props.role,
      policy: policyDocument(this.statements),
    });
  }
}
