import { problem } from "./errors";
import { ENV_PLACEHOLDER, type GithubDeployers } from "./schema/github-deployers";
import type { EnvironmentConfig, OrganizationConfig } from "./types";

/** Issuer host of GitHub Actions' OIDC tokens on github.com; IAM names the claim condition keys after it. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials asks GitHub for. */
export const GITHUB_STS_AUDIENCE = "sts.amazonaws.com";

/**
 * `repo:<owner>/<name>`, or with GitHub's immutable subject claims
 * `repo:<owner>@<ownerId>/<name>@<repositoryId>`. This is GitHub's default
 * subject; a repository or organization that customizes the subject
 * template (include_claim_keys) gets tokens that match none of these, so
 * the role then refuses every run rather than trusting more.
 */
function githubRepoClaim(github: Pick<GithubDeployers, "repository" | "ownerId" | "repositoryId">): string {
  const [owner, name] = github.repository.split("/");
  return github.ownerId !== undefined && github.repositoryId !== undefined ? `repo:${owner}@${github.ownerId}/${name}@${github.repositoryId}` : `repo:${owner}/${name}`;
}

export interface GithubSubject {
  /** The exact `sub` claim. */
  readonly subject: string;
  /** Which field and template produced it, for messages. */
  readonly field: "environments" | "branches";
  readonly template: string;
}

const fill = (template: string, env: string) => template.split(ENV_PLACEHOLDER).join(env);

/**
 * The subjects of the runs that may assume one environment's CI role: a job
 * that names one of the GitHub environments, or a job without an
 * environment on one of the branches (GitHub puts the environment in the
 * subject instead of the ref whenever a job names one).
 */
function githubSubjectsOf(github: GithubDeployers, env: string): GithubSubject[] {
  const repo = githubRepoClaim(github);
  return [
    ...github.environments.map((template) => ({ subject: `${repo}:environment:${fill(template, env)}`, field: "environments" as const, template })),
    ...github.branches.map((template) => ({ subject: `${repo}:ref:refs/heads/${fill(template, env)}`, field: "branches" as const, template })),
  ];
}

/** The sorted, distinct `sub` values one environment's CI role trusts. */
export function githubSubjects(github: GithubDeployers, env: string): string[] {
  return [...new Set(githubSubjectsOf(github, env).map((s) => s.subject))].sort();
}

/** Exactly the audience and the subjects; StringEquals, so no value is ever read as a pattern. */
export function githubTrustCondition(subjects: readonly string[]): { StringEquals: Record<string, string | string[]> } {
  return { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_STS_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: [...subjects] } };
}

/** IAM's default limit for a role trust policy, in characters without whitespace (a quota that can be raised to 4,096). */
const TRUST_POLICY_MAX_CHARS = 2048;

/** The CI role's trust policy as IAM would measure it: the statement GithubDeployRole writes, with the provider's real ARN. */
function trustPolicySize(accountId: string, subjects: readonly string[]): number {
  const statement = {
    Sid: "GithubActionsRuns",
    Effect: "Allow",
    Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}` },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: githubTrustCondition(subjects),
  };
  return JSON.stringify({ Version: "2012-10-17", Statement: [statement] }).replace(/\s/g, "").length;
}

/**
 * What the GitHub block needs from the rest of the configuration:
 * - the S3 backend with state roles: the CI role stands where deploy.yml's
 *   AWS_DEPLOY_ROLE_ARN points, and the backend reaches each environment's
 *   state through that environment's state role. Terraform Cloud runs get
 *   their own credentials, and local state would stay on the runner.
 * - no subject shared between environments: otherwise a run meant for one
 *   environment could assume another's role (for example a template
 *   without <env>, or env "dev" with "<env>-plan" and env "dev-plan" with
 *   "<env>").
 */
export function githubDeployProblems(org: OrganizationConfig, environments: readonly EnvironmentConfig[]): string[] {
  const github = org.deployers.github;
  if (!github) return [];
  const at = ["deployers", "github"];
  const out: string[] = [];
  if (org.backend.type !== "s3") {
    out.push(
      problem(
        org.file,
        at,
        `needs "backend": { "type": "s3" }, got "${org.backend.type}": with Terraform Cloud the runs get AWS credentials from Terraform Cloud (docs/ci.md), and local state would stay on the runner`,
      ),
    );
  } else if (!org.state.roleName) {
    out.push(problem(org.file, at, "needs state.roleName: each environment's CI role reaches that environment's state only through its state access role"));
  }
  for (const env of environments) {
    const size = trustPolicySize(org.state.accountId, githubSubjects(github, env.name));
    if (size > TRUST_POLICY_MAX_CHARS) {
      out.push(problem(org.file, at, `gives the CI role of ${env.name} a trust policy of ${size} characters, IAM allows ${TRUST_POLICY_MAX_CHARS}; list fewer environments or branches`));
    }
  }
  const owners = new Map<string, string>();
  const reported = new Set<string>();
  for (const env of [...environments].sort((x, y) => x.name.localeCompare(y.name))) {
    for (const s of githubSubjectsOf(github, env.name)) {
      const first = owners.get(s.subject);
      if (first === undefined) owners.set(s.subject, env.name);
      else if (first !== env.name && !reported.has(s.subject)) {
        reported.add(s.subject);
        const hint = s.template.includes(ENV_PLACEHOLDER) ? "rename an environment or change the template" : `put ${ENV_PLACEHOLDER} in it`;
        out.push(
          problem(
            org.file,
            [...at, s.field],
            `"${s.template}" gives the subject ${s.subject} to the CI roles of both ${first} and ${env.name}, so a run meant for one could deploy the other; ${hint}`,
          ),
        );
      }
    }
  }
  return out;
}
