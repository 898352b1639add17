import * as fs from "node:fs";
import * as path from "node:path";
import { configProblems, loadProblems, ROOT } from "../helpers/fixtures";
import { entries, type Statement, statements, synthBootstrap } from "./synth-bootstrap";

/**
 * organization.deployers.github, read from the synthesized bootstrap stack:
 * the subjects GitHub's OIDC reference gives a job (repo:<owner>/<name>:
 * environment:<name>, or :ref:refs/heads/<branch> for a job without an
 * environment, or repo:<owner>@<id>/<name>@<id>:... with immutable subject
 * claims) are trusted exactly, each by one environment's role.
 */
type Json = Record<string, any>;

const REPO = "example-org/dify-platform";
const GITHUB = { "organization.json": { deployers: { github: { repository: REPO } } } };
const SUB = "token.actions.githubusercontent.com:sub";
const AUD = "token.actions.githubusercontent.com:aud";

const ciRole = (tf: Json, env: string): [string, Json] => {
  const found = entries(tf, "aws_iam_role").find(([, r]) => r.name === `dify-github-${env}`);
  if (!found) throw new Error(`no CI role for ${env}`);
  return found;
};
const trustOf = (role: Json): Statement[] => statements(role.assume_role_policy);
const principalsOf = (role: Json): string[] => trustOf(role).flatMap((s) => [s.Principal?.AWS ?? []].flat());
const ref = (key: string) => `\${aws_iam_role.${key}.arn}`;

describe("GitHub Actions CI roles from bootstrap", () => {
  const { tf, json } = synthBootstrap(GITHUB);

  test("one OIDC provider for GitHub's issuer, with the STS audience and no pinned thumbprint", () => {
    expect(Object.values(tf.resource.aws_iam_openid_connect_provider)).toEqual([{ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] }]);
  });

  test("each role trusts exactly the audience and its own environment's two GitHub environments (deploy.yml's names)", () => {
    const [providerKey] = Object.keys(tf.resource.aws_iam_openid_connect_provider);
    for (const env of ["dev", "staging", "prod"]) {
      const [, role] = ciRole(tf, env);
      expect(trustOf(role)).toEqual([
        {
          Sid: "GithubActionsRuns",
          Effect: "Allow",
          Principal: { Federated: `\${aws_iam_openid_connect_provider.${providerKey}.arn}` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [AUD]: "sts.amazonaws.com",
              [SUB]: [`repo:${REPO}:environment:${env}`, `repo:${REPO}:environment:${env}-plan`],
            },
          },
        },
      ]);
      expect(role.max_session_duration).toBe(21600);
    }
  });

  test("StringLike and wildcards appear nowhere in the CI roles' trust", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const text = ciRole(tf, env)[1].assume_role_policy as string;
      expect(text).not.toMatch(/StringLike|[*?]/);
    }
  });

  test("each role may only assume its environment's deploy role and state role", () => {
    const expected: Record<string, string> = {
      dev: "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", // the fixture's dev deploys with it
      staging: "arn:aws:iam::222222222222:role/dify-deployer",
      prod: "arn:aws:iam::333333333333:role/dify-deployer",
    };
    for (const [env, deployRole] of Object.entries(expected)) {
      const [key] = ciRole(tf, env);
      const policies = entries(tf, "aws_iam_role_policy").filter(([, p]) => p.role === `\${aws_iam_role.${key}.id}`);
      expect(policies.map(([, p]) => statements(p.policy))).toEqual([
        [
          {
            Sid: "AssumeDeployAndStateRoles",
            Effect: "Allow",
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Resource: [deployRole, `arn:aws:iam::000000000000:role/dify-state-access-${env}`],
          },
        ],
      ]);
    }
  });

  test("environment X's deployer and state roles trust X's CI role, and no other environment's", () => {
    const ci = Object.fromEntries(["dev", "staging", "prod"].map((env) => [env, ref(ciRole(tf, env)[0])]));
    const deployer = (account: string) => entries(tf, "aws_iam_role").find(([k]) => k.startsWith(`deployer-${account}_role_`))![1];
    const state = (env: string) => entries(tf, "aws_iam_role").find(([k]) => k.startsWith(`state-access-${env}_role_`))![1];
    const ciIn = (role: Json) => principalsOf(role).filter((p) => Object.values(ci).includes(p));

    expect(ciIn(deployer("222222222222"))).toEqual([ci.staging]);
    expect(ciIn(deployer("333333333333"))).toEqual([ci.prod]);
    // dev deploys with OrganizationAccountAccessRole, so the dify-deployer role of its account trusts no CI role.
    expect(ciIn(deployer("111111111111"))).toEqual([]);
    for (const env of ["dev", "staging", "prod"]) expect(ciIn(state(env))).toEqual([ci[env]]);
    // The people listed in trustedPrincipals keep their access.
    expect(principalsOf(deployer("333333333333"))).toContain("arn:aws:iam::000000000000:role/platform-deployers");
  });

  test("an output per environment for AWS_DEPLOY_ROLE_ARN", () => {
    for (const env of ["dev", "staging", "prod"]) {
      expect(tf.output[`github_deploy_role_arn_${env}`].value).toBe(ref(ciRole(tf, env)[0]));
    }
  });

  test("without the block nothing GitHub-related is synthesized", () => {
    const { json: plain, tf: plainTf } = synthBootstrap();
    expect(plain).not.toMatch(/github/i);
    expect(plainTf.resource.aws_iam_openid_connect_provider).toBeUndefined();
    expect(json).toMatch(/github/);
  });

  test("immutable subject claims, branches, custom environments and an existing provider", () => {
    const { tf: custom } = synthBootstrap({
      "organization.json": {
        deployers: {
          github: { repository: REPO, ownerId: 123456, repositoryId: 456789, environments: ["deploy-<env>"], branches: ["release/<env>"], createIdentityProvider: false },
        },
      },
    });
    expect(custom.resource.aws_iam_openid_connect_provider).toBeUndefined();
    const [trust] = trustOf(ciRole(custom, "prod")[1]);
    expect(trust.Principal).toEqual({ Federated: "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com" });
    expect(trust.Condition!.StringEquals[SUB]).toEqual([
      "repo:example-org@123456/dify-platform@456789:environment:deploy-prod",
      "repo:example-org@123456/dify-platform@456789:ref:refs/heads/release/prod",
    ]);
  });
});

describe("organization.deployers.github is refused with one line", () => {
  const withGithub =
    (github: Json, org: Json = {}) =>
    (files: Record<string, Json>) => {
      files["organization.json"] = { ...files["organization.json"], ...org, deployers: { ...files["organization.json"].deployers, github } };
    };
  const at = "environments/organization.json: deployers.github";

  test.each([
    ["example-org/*", "wildcards and patterns are refused"],
    ["example-org/dify-*", "wildcards and patterns are refused"],
    ["*/dify-platform", "wildcards and patterns are refused"],
    ["example-org", 'must be "owner/name"'],
    ["example-org/dify/platform", 'must be "owner/name"'],
    ["-example/dify", "GitHub owner of 1-39"],
    ["exa--mple/dify", "GitHub owner of 1-39"],
    ["example_org/dify", "GitHub owner of 1-39"],
    ["example-org/dify platform", "GitHub repository name of 1-100"],
    ["example-org/..", "GitHub repository name of 1-100"],
    ["example-org/dify.git", 'without ".git"'],
    ["example-org/${aws:username}", "wildcards and patterns are refused"],
  ])("repository %j", (repository, message) => {
    const lines = configProblems(withGithub({ repository }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${at}.repository: `);
    expect(lines[0]).toContain(message);
  });

  test("unknown fields, and pattern or upper-case environment and branch names", () => {
    expect(configProblems(withGithub({ repository: REPO, refs: ["main"] }))).toEqual([
      `${at}.refs: unknown key (allowed: repository, ownerId, repositoryId, environments, branches, createIdentityProvider)`,
    ]);
    expect(configProblems(withGithub({ repository: REPO, environments: ["<env>-*"] }))[0]).toMatch(
      /^environments\/organization\.json: deployers\.github\.environments\[0\]: must be a GitHub environment name/,
    );
    expect(configProblems(withGithub({ repository: REPO, environments: ["Prod-<env>"] }))[0]).toContain("lowercase");
    expect(configProblems(withGithub({ repository: REPO, branches: ["release/*-<env>"] }))[0]).toContain(`${at}.branches[0]: must be a branch name`);
    expect(configProblems(withGithub({ repository: REPO, branches: ["refs/heads/main"] }))[0]).toContain('without "refs/heads/"');
    expect(configProblems(withGithub({ repository: REPO, ownerId: 1 }))).toEqual([
      `${at}.repositoryId: must be set together with ownerId and repositoryId (the immutable subject carries both ids), or neither`,
    ]);
    for (const lines of [configProblems(withGithub({ repository: REPO, environments: [] }))]) expect(lines).toHaveLength(1);
  });

  test("a subject two environments would share", () => {
    expect(configProblems(withGithub({ repository: REPO, branches: ["main"] }))).toEqual([
      `${at}.branches: "main" gives the subject repo:${REPO}:ref:refs/heads/main to the CI roles of both dev and prod, so a run meant for one could deploy the other; put <env> in it`,
    ]);
  });

  test("a backend the CI roles cannot serve", () => {
    expect(configProblems(withGithub({ repository: REPO }, { backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } }))).toEqual([
      `${at}: needs "backend": { "type": "s3" }, got "cloud": with Terraform Cloud the runs get AWS credentials from Terraform Cloud (docs/ci.md), and local state would stay on the runner`,
    ]);
    expect(
      configProblems((files) => {
        withGithub({ repository: REPO })(files);
        delete files["organization.json"].state.roleName;
      }),
    ).toEqual([`${at}: needs state.roleName: each environment's CI role reaches that environment's state only through its state access role`]);
  });

  test("a trust policy over IAM's 2,048 characters", () => {
    const branches = Array.from({ length: 30 }, (_, i) => `release/team-${i}/<env>`);
    const lines = configProblems(withGithub({ repository: REPO, branches }));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^environments\/organization\.json: deployers\.github: gives the CI role of dev a trust policy of \d{4} characters, IAM allows 2048; list fewer environments or branches$/,
    );
  });

  test("the accepted forms load", () => {
    expect(loadProblems(withGithub({ repository: "Example-Org/dify.platform_2", ownerId: 1, repositoryId: 2, branches: ["deploy/<env>"] }))).toEqual([]);
  });
});

describe("the documented GitHub blocks", () => {
  /** The first JSON block after a heading of a Markdown file. */
  const blockAfter = (file: string, heading: string): string => {
    const section = fs.readFileSync(path.join(ROOT, file), "utf8").split(heading)[1] ?? "";
    const block = /```json\n([\s\S]*?)```/.exec(section);
    if (!block) throw new Error(`${file}: no JSON block after ${heading}`);
    return block[1];
  };

  test("the README's organization example loads, with its GitHub block", () => {
    const example = JSON.parse(blockAfter("README.md", "### Organization settings"));
    expect(example.deployers.github).toEqual({ repository: REPO });
    expect(
      loadProblems((files) => {
        files["organization.json"] = { ...example, $schema: undefined };
      }),
    ).toEqual([]);
  });

  test("docs/ci.md's deployers block loads", () => {
    const deployers = JSON.parse(`{${blockAfter("docs/ci.md", "### S3 backend: the CI roles from bootstrap")}}`).deployers;
    expect(deployers.github.repository).toBe(REPO);
    expect(
      loadProblems((files) => {
        files["organization.json"].deployers = deployers;
      }),
    ).toEqual([]);
  });
});

// Terraform's plan of a bootstrap stack with GitHub CI roles is in terraform-plan.test.ts's batch (its bootstrap case carries them).
