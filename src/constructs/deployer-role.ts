import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { deployerBoundaryName, deployerBoundaryStatements } from "../iam/deployer-boundary";
import { deployerPermissionPolicies } from "../iam/deployer-permissions";
import { MANAGED_POLICY_MAX_CHARS, managedPolicySize } from "../iam/deployer-policy-size";
import { type DnsRecordScope, deployerPolicyPrefix } from "../iam/deployer-scope";
import { type PolicyStatement, policyDocument } from "../iam/policy-document";
import { TfcOidcTrust } from "./tfc-oidc-trust";

export interface DeployerRoleProps {
  /** Provider of the environment account (the aliased bootstrap provider). */
  readonly provider: AwsProvider;
  /** Account the role lives in. */
  readonly accountId: string;
  /** organization.project: the name prefix the permissions are scoped to. */
  readonly project: string;
  /** Role name. @default `<project>-deployer` (organization.deployers.roleName) */
  readonly roleName: string;
  /** Principals that may assume the role with sts:AssumeRole. */
  readonly trustedPrincipals: readonly string[];
  /** sts:ExternalId values, one of which callers must pass. @default [] (no ExternalId condition) */
  readonly externalIds?: readonly string[];
  /** Route 53 zones and Dify hostnames the environments in this account manage. @default [] */
  readonly dnsRecords?: readonly DnsRecordScope[];
  /** Terraform Cloud dynamic credentials for these workspaces. @default (none: only trustedPrincipals) */
  readonly terraformCloud?: {
    readonly hostname: string;
    readonly organization: string;
    readonly project?: string;
    readonly workspaces: readonly string[];
  };
}

/**
 * The scoped role that deploys the environment stacks in one account: a few
 * customer managed permission policies, and a permissions boundary that every
 * role it creates must carry too (see deployer-boundary.ts). The role can
 * never be given more than the boundary, whatever policy is attached to it.
 */
export class DeployerRole extends Construct {
  readonly role: IamRole;
  readonly boundary: IamPolicy;
  readonly policies: readonly IamPolicy[];
  readonly terraformCloud?: TfcOidcTrust;

  constructor(scope: Construct, id: string, props: DeployerRoleProps) {
    super(scope, id);
    const { provider, accountId, project, roleName } = props;
    const deployerScope = { accountId, project, roleName, dnsRecords: props.dnsRecords ?? [] };

    this.boundary = new IamPolicy(this, "boundary", {
      provider,
      name: deployerBoundaryName(project),
      description: `Permissions boundary of ${roleName} and of every role it creates`,
      policy: checkedDocument(deployerBoundaryName(project), deployerBoundaryStatements(deployerScope)),
    });

    const trust: PolicyStatement[] = [
      {
        Sid: "TrustedDeployers",
        Effect: "Allow",
        Principal: { AWS: [...props.trustedPrincipals] },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        ...(props.externalIds?.length ? { Condition: { StringEquals: { "sts:ExternalId": [...props.externalIds].sort() } } } : {}),
      },
    ];
    if (props.terraformCloud) {
      this.terraformCloud = new TfcOidcTrust(this, "terraform-cloud", { provider, ...props.terraformCloud });
      trust.push(this.terraformCloud.statement);
    }

    this.role = new IamRole(this, "role", {
      provider,
      name: roleName,
      description: `Deploys the ${project} environment stacks (created by the bootstrap stack)`,
      // STS caps chained sessions (the CI path: GitHub OIDC role -> this
      // role) at one hour whatever this says, and the provider renews them
      // from the source session. Six hours, the longest GitHub-hosted job,
      // lets a caller with its own long session hold one through an apply.
      maxSessionDuration: 21600,
      assumeRolePolicy: policyDocument(trust),
      permissionsBoundary: this.boundary.arn,
    });

    this.policies = Object.entries(deployerPermissionPolicies(deployerScope)).map(([part, statements]) => {
      const name = `${deployerPolicyPrefix(project)}-${part}`;
      const policy = new IamPolicy(this, part, {
        provider,
        name,
        description: `${roleName}: ${part} permissions`,
        policy: checkedDocument(name, statements),
      });
      new IamRolePolicyAttachment(this, `${part}-attachment`, { provider, role: this.role.name, policyArn: policy.arn });
      return policy;
    });
  }
}

/** Refuses, at synth time, a document that IAM would refuse at apply time. */
function checkedDocument(name: string, statements: readonly PolicyStatement[]): string {
  const document = policyDocument(statements);
  const size = managedPolicySize(document);
  if (size > MANAGED_POLICY_MAX_CHARS) {
    throw new Error(`managed policy ${name} is ${size} characters without whitespace, IAM allows ${MANAGED_POLICY_MAX_CHARS}; split it`);
  }
  return document;
}
