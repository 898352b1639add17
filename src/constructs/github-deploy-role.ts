import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { githubTrustCondition } from "../config/github-subjects";
import { policyDocument } from "../iam/policy-document";

export interface GithubDeployRoleProps {
  /** Role name, for example `dify-github-prod`. */
  readonly roleName: string;
  /** The environment it deploys, for the description. */
  readonly environment: string;
  /** ARN of the GitHub OIDC identity provider in this account. */
  readonly identityProviderArn: string;
  /** The exact `sub` claims of the runs that may assume the role. */
  readonly subjects: readonly string[];
  /** The role the environment stack's provider assumes (in the environment account). */
  readonly deployRoleArn: string;
  /** The role the environment's S3 backend assumes (in the state account). */
  readonly stateRoleArn: string;
}

/**
 * The role one environment's GitHub Actions jobs exchange their OIDC token
 * for (AWS_DEPLOY_ROLE_ARN in deploy.yml). It can do nothing itself except
 * assume that environment's deployer role and state role, which is the chain
 * the synthesized provider and backend already follow.
 *
 * The trust is StringEquals on the audience and on an exact list of
 * subjects, never StringLike: no pattern can widen it to another
 * repository, branch or environment.
 */
export class GithubDeployRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    if (props.subjects.length === 0) throw new Error("GithubDeployRole needs at least one subject");
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `GitHub Actions deploys of ${props.environment} (created by the bootstrap stack)`,
      // Applies hold this session for their whole run: the chained deployer
      // and state sessions (one hour at most) are renewed from it, and an
      // RDS create can take over an hour. Six hours is GitHub's job limit.
      maxSessionDuration: 21600,
      assumeRolePolicy: policyDocument([
        {
          Sid: "GithubActionsRuns",
          Effect: "Allow",
          Principal: { Federated: props.identityProviderArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: githubTrustCondition(props.subjects),
        },
      ]),
    });
    new IamRolePolicy(this, "policy", {
      name: "assume-deploy-and-state-roles",
      role: this.role.id,
      policy: policyDocument([
        {
          Sid: "AssumeDeployAndStateRoles",
          Effect: "Allow",
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Resource: [props.deployRoleArn, props.stateRoleArn],
        },
      ]),
    });
  }
}
