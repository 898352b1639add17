import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import type { PolicyStatement } from "../iam/policy-document";

/** The audience Terraform Cloud puts in its workload identity tokens for AWS (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE). */
export const TFC_AWS_AUDIENCE = "aws.workload.identity";

export interface TfcOidcTrustProps {
  /** Provider of the account that gets the identity provider. */
  readonly provider: AwsProvider;
  /** Terraform Cloud / Enterprise hostname. @default app.terraform.io (from organization.backend.hostname) */
  readonly hostname: string;
  /** Terraform Cloud organization. */
  readonly organization: string;
  /** Terraform Cloud project of the workspaces. @default "*" (any project; then only exact workspace names are trusted) */
  readonly project?: string;
  /** Workspaces whose plan and apply runs may assume the role: names, or StringLike patterns that count only when a project is named, for example ["dify-prod"] or ["dify-dev", "dify-dev-*"]. */
  readonly workspaces: readonly string[];
}

const WILDCARD = /[*?]/;

/**
 * `organization:<org>:project:<project>:workspace:<name>:run_phase:<phase>` is
 * the subject of a Terraform Cloud run's token. Pinning organization and
 * workspace keeps other organizations' (and other workspaces') runs out.
 *
 * A workspace pattern such as `dify-dev-*` is kept only inside a named
 * project: with `project:*` anyone allowed to create a workspace anywhere in
 * the organization could name one `dify-dev-x` and assume the role. Inside a
 * project, creating workspaces is a permission of that project's team.
 * Workspace names are unique in an organization, so exact names stay safe
 * with any project.
 */
export function tfcSubjects(organization: string, project: string | undefined, workspaces: readonly string[]): string[] {
  const scoped = project !== undefined && project !== "" && !WILDCARD.test(project);
  const trusted = workspaces.filter((w) => scoped || !WILDCARD.test(w));
  return [...new Set(trusted)].sort().map((w) => `organization:${organization}:project:${scoped ? project : "*"}:workspace:${w}:run_phase:*`);
}

/**
 * Terraform Cloud dynamic credentials: an IAM OIDC identity provider for the
 * Terraform Cloud issuer, and the trust statement that lets the named
 * workspaces' runs assume a role with AssumeRoleWithWebIdentity. No static
 * AWS keys live in Terraform Cloud.
 *
 * No thumbprint is given: IAM fetches the issuer's certificate chain itself
 * when the list is empty, so nothing here goes stale when the certificate
 * authority changes.
 */
export class TfcOidcTrust extends Construct {
  readonly identityProvider: IamOpenidConnectProvider;
  /** Trust statement for the role that the workspaces' runs assume. */
  readonly statement: PolicyStatement;

  constructor(scope: Construct, id: string, props: TfcOidcTrustProps) {
    super(scope, id);
    if (props.workspaces.length === 0) throw new Error("TfcOidcTrust needs at least one workspace");
    const subjects = tfcSubjects(props.organization, props.project, props.workspaces);
    if (subjects.length === 0) throw new Error("TfcOidcTrust needs at least one exact workspace name when no project is named");
    this.identityProvider = new IamOpenidConnectProvider(this, "provider", {
      provider: props.provider,
      url: `https://${props.hostname}`,
      clientIdList: [TFC_AWS_AUDIENCE],
    });
    this.statement = {
      Sid: "TerraformCloudRuns",
      Effect: "Allow",
      Principal: { Federated: this.identityProvider.arn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { [`${props.hostname}:aud`]: TFC_AWS_AUDIENCE },
        StringLike: { [`${props.hostname}:sub`]: subjects },
      },
    };
  }
}
