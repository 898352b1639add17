import { z } from "zod";
import { showValue } from "./primitives";

/** Stands for the environment name (the stack id) in the environment and branch templates. */
export const ENV_PLACEHOLDER = "<env>";

/**
 * GitHub's own name rules. An owner (user or organization) is 1-39 letters,
 * digits and single hyphens, not starting with a hyphen; a repository name is
 * 1-100 of letters, digits, ".", "-" and "_", GitHub drops a ".git" suffix
 * and reserves ".wiki". Neither may hold "@", which is why GitHub uses it as
 * the separator of the immutable subject format (owner@id/name@id).
 */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?!-)){0,38}$/;
const REPOSITORY_NAME = /^[A-Za-z0-9._-]{1,100}$/;

function repositoryProblem(value: string): string | undefined {
  const parts = value.split("/");
  if (parts.length !== 2) return `must be "owner/name" of one GitHub repository, such as "example-org/dify-platform"`;
  const [owner, name] = parts;
  if (/[*?[\]{}$]/.test(value)) return "must name one repository exactly; wildcards and patterns are refused, because the role would trust every repository they match";
  if (!OWNER.test(owner)) return `must start with a GitHub owner of 1-39 letters, digits or single hyphens, not starting with a hyphen, got owner ${showValue(owner)}`;
  if (!REPOSITORY_NAME.test(name) || name === "." || name === "..") return `must end with a GitHub repository name of 1-100 letters, digits, ".", "-" or "_", got name ${showValue(name)}`;
  if (/\.git$/i.test(name)) return `must be the repository's name without ".git" (GitHub drops that suffix, so the workflow's subject would not carry it), got ${showValue(value)}`;
  if (/\.wiki$/i.test(name)) return `must be a repository name; GitHub reserves the ".wiki" suffix, got ${showValue(value)}`;
  return undefined;
}

const Repository = z.string().superRefine((value, ctx) => {
  const message = repositoryProblem(value);
  if (message) ctx.addIssue({ code: "custom", message: message.includes("got") ? message : `${message}, got ${showValue(value)}` });
});

/** Only `<env>` may use angle brackets; the rest is literal text of the subject. */
const withoutPlaceholder = (template: string) => template.split(ENV_PLACEHOLDER).join("x");

/**
 * GitHub environment names as the subject carries them. GitHub compares
 * environment names case-insensitively and has been seen to put them in the
 * subject in lower case, and IAM's StringEquals is case-sensitive, so only
 * lower case is accepted. A ":" would arrive as "%3A", and "*", "?", "$",
 * "{" and "}" are refused so that no value can read as a pattern or a
 * policy variable.
 */
const EnvironmentTemplate = z.string().refine((t) => /^[a-z0-9._-]{1,240}$/.test(withoutPlaceholder(t)), {
  error: (iss) =>
    `must be a GitHub environment name of lowercase letters, digits, ".", "-" or "_", where ${ENV_PLACEHOLDER} stands for the environment (for example "${ENV_PLACEHOLDER}-plan"), got ${showValue(iss.input)}`,
});

/** Branch names that git accepts, in a conservative alphabet without pattern or variable characters. */
function branchProblem(template: string): string | undefined {
  const name = withoutPlaceholder(template);
  if (name.startsWith("refs/")) return `must be a branch name without "refs/heads/" (the role trusts refs/heads/<name>)`;
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(name))
    return `must be a branch name of letters, digits, ".", "-", "_" or "/", where ${ENV_PLACEHOLDER} stands for the environment; wildcards are refused`;
  const bad = name.split("/").some((part) => part === "" || part.startsWith(".") || part.endsWith(".lock"));
  if (bad || name.startsWith("-") || name.endsWith(".") || name.includes("..")) return 'must be a branch name git accepts (no empty or dot-leading parts, no "..", no ".lock" ending)';
  return undefined;
}

const BranchTemplate = z.string().superRefine((value, ctx) => {
  const message = branchProblem(value);
  if (message) ctx.addIssue({ code: "custom", message: `${message}, got ${showValue(value)}` });
});

const GitHubId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const GithubDeployersSchema = z
  .strictObject({
    repository: Repository.meta({
      description: 'The GitHub repository "owner/name" whose workflow runs may deploy, spelled exactly as GitHub shows it (IAM compares the subject case-sensitively). No wildcards.',
      examples: ["example-org/dify-platform"],
    }),
    ownerId: GitHubId.optional().meta({
      description:
        "With repositoryId: the owner's numeric id, for repositories on GitHub's immutable subject claims (created, renamed or transferred after 2026-07-15, or opted in). @default (the name-only subject)",
    }),
    repositoryId: GitHubId.optional().meta({
      description: "With ownerId: the repository's numeric id, for the immutable subject repo:owner@<ownerId>/name@<repositoryId>. @default (the name-only subject)",
    }),
    environments: z
      .array(EnvironmentTemplate)
      .default([`${ENV_PLACEHOLDER}-plan`, ENV_PLACEHOLDER])
      .meta({
        description: `GitHub environments whose jobs may assume an environment's CI role; ${ENV_PLACEHOLDER} is the environment name. @default ["${ENV_PLACEHOLDER}-plan", "${ENV_PLACEHOLDER}"] (what .github/workflows/deploy.yml uses)`,
      }),
    branches: z
      .array(BranchTemplate)
      .default([])
      .meta({
        description: `Branches whose jobs without a GitHub environment may assume the role (subject ref:refs/heads/<branch>); ${ENV_PLACEHOLDER} is the environment name. @default [] (none)`,
      }),
    createIdentityProvider: z.boolean().default(true).meta({
      description:
        "Whether bootstrap creates the IAM OIDC provider token.actions.githubusercontent.com in the state account; false when that account already has one (one per account). @default true",
    }),
  })
  .superRefine((github, ctx) => {
    if ((github.ownerId === undefined) !== (github.repositoryId === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [github.ownerId === undefined ? "ownerId" : "repositoryId"],
        message: "must be set together with ownerId and repositoryId (the immutable subject carries both ids), or neither",
      });
    }
    if (github.environments.length + github.branches.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["environments"],
        message: "must name at least one GitHub environment, or branches must name one branch; otherwise no workflow run could assume the role",
      });
    }
  });

export type GithubDeployers = z.output<typeof GithubDeployersSchema>;
