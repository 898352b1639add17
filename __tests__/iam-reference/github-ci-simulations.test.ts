/**
 * The GitHub Actions CI roles, simulated with AWS's evaluation logic: which
 * GitHub runs may exchange their OIDC token for an environment's CI role,
 * and which deployer and state roles that CI role may then assume.
 *
 * The AWS reference lists, for sts:AssumeRoleWithWebIdentity, GitHub's extra
 * claims (repository, environment, ref, ...) but not `sub` and `aud`, which
 * IAM offers for every OIDC provider (the reference check accepts them as the
 * claims of the provider a trust statement names). The simulator drops
 * request context keys that the reference does not list for the action and
 * knows no type for them, so this file adds those two keys, as strings, for
 * that one action; everything else is the simulator as it ships.
 */
jest.mock(require("node:path").join(require("node:path").dirname(require.resolve("@cloud-copilot/iam-simulate")), "simulation_engine", "contextKeys.js"), () => {
  const actual = jest.requireActual(require("node:path").join(require("node:path").dirname(require.resolve("@cloud-copilot/iam-simulate")), "simulation_engine", "contextKeys.js"));
  return {
    ...actual,
    allowedContextKeysForRequest: async (service: string, action: string, ...rest: unknown[]) => {
      const keys: string[] = await actual.allowedContextKeysForRequest(service, action, ...rest);
      return service === "sts" && action === "AssumeRoleWithWebIdentity" ? [...keys, "token.actions.githubusercontent.com:sub", "token.actions.githubusercontent.com:aud"] : keys;
    },
  };
});
jest.mock(require("node:path").join(require("node:path").dirname(require.resolve("@cloud-copilot/iam-simulate")), "context_keys", "contextKeys.js"), () => {
  const actual = jest.requireActual(require("node:path").join(require("node:path").dirname(require.resolve("@cloud-copilot/iam-simulate")), "context_keys", "contextKeys.js"));
  const claims = ["token.actions.githubusercontent.com:sub", "token.actions.githubusercontent.com:aud"];
  return {
    ...actual,
    typeForContextKey: async (key: string) => (claims.includes(key.toLowerCase()) ? "String" : actual.typeForContextKey(key)),
    normalizeContextKeyCase: async (key: string) => (claims.includes(key.toLowerCase()) ? key.toLowerCase() : actual.normalizeContextKeyCase(key)),
  };
});

import { resolveReferences } from "./policy-documents";
import { simulate, type Verdict } from "./simulate";
import { matrixConfig } from "./stack-matrix";

type Json = Record<string, any>;

const REPO = "example-org/dify-platform"; // the matrix case's repository, branches ["deploy/<env>"]
const STATE_ACCOUNT = "000000000000";
const PROVIDER = `arn:aws:iam::${STATE_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const ENVIRONMENTS = ["dev", "staging", "prod"];

const group = matrixConfig("github-ci-roles");
const tf = group.bootstrap!.tf;
const roles = (): Array<[string, Json]> => Object.entries(tf.resource.aws_iam_role ?? {});
const roleNamed = (name: string): [string, Json] => {
  const found = roles().find(([, r]) => r.name === name);
  if (!found) throw new Error(`no role ${name} in the bootstrap stack`);
  return found;
};
const document = (text: string, where: string): Json => JSON.parse(resolveReferences(text, tf, where));
const ciRoleArn = (env: string) => `arn:aws:iam::${STATE_ACCOUNT}:role/dify-github-${env}`;

/** Asks whether a GitHub job with this token may assume the environment's CI role. */
function assumeWithToken(env: string, claims: { sub: string; aud?: string }, principal = PROVIDER): Promise<Verdict> {
  const [key, role] = roleNamed(`dify-github-${env}`);
  return simulate(
    {
      principal,
      action: "sts:AssumeRoleWithWebIdentity",
      resource: ciRoleArn(env),
      account: STATE_ACCOUNT,
      context: { "token.actions.githubusercontent.com:sub": claims.sub, "token.actions.githubusercontent.com:aud": claims.aud ?? "sts.amazonaws.com" },
    },
    { identity: [], resource: document(role.assume_role_policy, key) },
  );
}

describe("who may assume an environment's GitHub CI role", () => {
  test("the matrix case synthesizes a CI role per environment", () => {
    for (const env of ENVIRONMENTS) expect(roleNamed(`dify-github-${env}`)[1].name).toBe(`dify-github-${env}`);
  });

  for (const env of ENVIRONMENTS) {
    test(`${env}: its own GitHub environments and branch are allowed; other repositories, refs, environments and audiences are denied`, async () => {
      const others = ENVIRONMENTS.filter((e) => e !== env);
      const allowed = [`repo:${REPO}:environment:${env}`, `repo:${REPO}:environment:${env}-plan`, `repo:${REPO}:ref:refs/heads/deploy/${env}`];
      const denied = [
        ...others.flatMap((o) => [`repo:${REPO}:environment:${o}`, `repo:${REPO}:environment:${o}-plan`, `repo:${REPO}:ref:refs/heads/deploy/${o}`]),
        `repo:example-org/dify-platform-fork:environment:${env}`,
        `repo:other-org/dify-platform:environment:${env}`,
        `repo:example-org/dify:environment:${env}`,
        `repo:Example-Org/dify-platform:environment:${env}`,
        `repo:${REPO}:ref:refs/heads/main`,
        `repo:${REPO}:ref:refs/heads/deploy/${env}-x`,
        `repo:${REPO}:ref:refs/tags/deploy/${env}`,
        `repo:${REPO}:pull_request`,
        `repo:${REPO}:environment:${env}-plan-x`,
        // The immutable subject format is another string: trusted only when ownerId and repositoryId are configured.
        `repo:example-org@123456/dify-platform@456789:environment:${env}`,
        `repo:${REPO}:environment:${env}:job_workflow_ref:example-org/dify-platform/.github/workflows/deploy.yml@refs/heads/main`,
      ];
      const wrong: string[] = [];
      for (const sub of allowed) {
        const v = await assumeWithToken(env, { sub });
        if (v !== "Allowed") wrong.push(`${sub}: ${v}, expected Allowed`);
      }
      for (const sub of denied) {
        const v = await assumeWithToken(env, { sub });
        if (v === "Allowed" || v.startsWith("error")) wrong.push(`${sub}: ${v}, expected denied`);
      }
      // GitHub's default audience is the owner's URL; only the STS audience that configure-aws-credentials asks for counts.
      const audience = await assumeWithToken(env, { sub: allowed[0], aud: "https://github.com/example-org" });
      if (audience === "Allowed") wrong.push("audience https://github.com/example-org: Allowed, expected denied");
      // Another identity provider's token with the same claims.
      const issuer = await assumeWithToken(env, { sub: allowed[0] }, `arn:aws:iam::${STATE_ACCOUNT}:oidc-provider/token.actions.example.com`);
      if (issuer === "Allowed") wrong.push("another OIDC provider: Allowed, expected denied");
      expect(wrong).toEqual([]);
    });
  }
});

describe("what an environment's CI role may assume", () => {
  /** The CI role of `from` assuming `target`: its own inline policy and the target's trust, evaluated together. */
  function assume(from: string, target: [string, Json], account: string): Promise<Verdict> {
    const [ciKey] = roleNamed(`dify-github-${from}`);
    const identity = Object.entries<Json>(tf.resource.aws_iam_role_policy)
      .filter(([, p]) => String(p.role).includes(`aws_iam_role.${ciKey}.`))
      .map(([key, p]) => ({ name: key, policy: document(p.policy, key) }));
    const [targetKey, targetRole] = target;
    return simulate(
      {
        principal: ciRoleArn(from),
        action: "sts:AssumeRole",
        resource: `arn:aws:iam::${account}:role/${targetRole.name}`,
        account,
        context: { "aws:PrincipalArn": ciRoleArn(from), "aws:PrincipalAccount": STATE_ACCOUNT },
      },
      { identity, resource: document(targetRole.assume_role_policy, targetKey) },
    );
  }

  test("each environment's state role: only its own CI role", async () => {
    const results: string[] = [];
    for (const target of ENVIRONMENTS) {
      const state = roleNamed(`dify-state-access-${target}`);
      for (const from of ENVIRONMENTS) {
        const v = await assume(from, state, STATE_ACCOUNT);
        if ((v === "Allowed") !== (from === target)) results.push(`CI role of ${from} -> state role of ${target}: ${v}`);
      }
    }
    expect(results).toEqual([]);
  });

  test("each deployer role that bootstrap creates: only the CI roles of the environments that deploy with it", async () => {
    const results: string[] = [];
    const bootstrapped = group.config.environments.filter((e) => e.deployRoleName === group.config.organization.deployers.roleName);
    expect(bootstrapped.map((e) => e.name).sort()).toEqual(["prod", "staging"]);
    for (const target of bootstrapped) {
      const deployer = roles().find(([k]) => k.startsWith(`deployer-${target.accountId}_role_`))!;
      for (const from of ENVIRONMENTS) {
        const v = await assume(from, deployer, target.accountId);
        if ((v === "Allowed") !== (from === target.name)) results.push(`CI role of ${from} -> deployer of ${target.name}: ${v}`);
      }
    }
    expect(results).toEqual([]);
  });
});
