import { Testing } from "cdktf";
import { ConfigError } from "../../src/config/errors";
import { deployerBoundaryArn } from "../../src/iam/deployer-boundary";
import { BootstrapStack } from "../../src/stacks/bootstrap-stack";
import { exampleConfig } from "../helpers/fixtures";
import { entries, inAccount, statements, synthBootstrap } from "./synth-bootstrap";

const ENV_ACCOUNTS = ["111111111111", "222222222222", "333333333333"];

describe("bootstrap: deployer roles in every environment account", () => {
  const { tf } = synthBootstrap();
  const providers = tf.provider.aws as any[];

  test("one aliased provider per account, assuming the bootstrap role once", () => {
    const aliased = providers.filter((p) => p.alias);
    expect(aliased.map((p) => p.alias)).toEqual(ENV_ACCOUNTS.map((a) => `account-${a}`));
    for (const [i, accountId] of ENV_ACCOUNTS.entries()) {
      expect(aliased[i]).toMatchObject({
        region: "ap-northeast-1",
        allowed_account_ids: [accountId],
        assume_role: [{ role_arn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, session_name: "dify-bootstrap" }],
        default_tags: [{ tags: { Project: "dify", Environment: "bootstrap", ManagedBy: "cdktf", Owner: "platform-team" } }],
      });
    }
  });

  test("a deployer role per account, created through that account's provider", () => {
    const roles = entries(tf, "aws_iam_role").filter(([, r]) => r.name === "dify-deployer");
    expect(roles).toHaveLength(3);
    for (const accountId of ENV_ACCOUNTS) {
      const [role] = inAccount(tf, "aws_iam_role", accountId);
      expect(role.name).toBe("dify-deployer");
      expect(role.provider).toBe(`aws.account-${accountId}`);
    }
  });

  test("the role carries the boundary, a managed policy in its own account", () => {
    for (const accountId of ENV_ACCOUNTS) {
      const [role] = inAccount(tf, "aws_iam_role", accountId);
      const boundary = entries(tf, "aws_iam_policy").find(([name, p]) => name.startsWith(`deployer-${accountId}_`) && p.name === "dify-deployer-boundary");
      expect(boundary).toBeDefined();
      expect(role.permissions_boundary).toBe(`\${aws_iam_policy.${boundary![0]}.arn}`);
      expect(boundary![1].provider).toBe(`aws.account-${accountId}`);
    }
    expect(deployerBoundaryArn("333333333333", "dify")).toBe("arn:aws:iam::333333333333:policy/dify-deployer-boundary");
  });

  test("the permission policies are attached, and nothing else is", () => {
    for (const accountId of ENV_ACCOUNTS) {
      const policies = inAccount(tf, "aws_iam_policy", accountId).filter((p) => p.name !== "dify-deployer-boundary");
      expect(policies.map((p) => p.name).sort()).toEqual(["dify-deployer-data", "dify-deployer-edge", "dify-deployer-identity", "dify-deployer-network"]);
      const attachments = inAccount(tf, "aws_iam_role_policy_attachment", accountId);
      expect(attachments).toHaveLength(4);
      for (const a of attachments) expect(a.policy_arn).toMatch(/^\$\{aws_iam_policy\.deployer-\d{12}_(network|identity|data|edge)_[0-9A-F]+\.arn\}$/);
    }
  });

  test("trusts the organization's deployer principals, with AssumeRole and TagSession only", () => {
    const [role] = inAccount(tf, "aws_iam_role", "333333333333");
    expect(statements(role.assume_role_policy)).toEqual([
      {
        Sid: "TrustedDeployers",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::000000000000:role/platform-deployers"] },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      },
    ]);
  });

  test("without trusted principals, the state account root is trusted", () => {
    const { tf: noPrincipals } = synthBootstrap({ "organization.json": { deployers: { trustedPrincipals: [] } } });
    const [role] = inAccount(noPrincipals, "aws_iam_role", "222222222222");
    expect(statements(role.assume_role_policy)[0].Principal).toEqual({ AWS: ["arn:aws:iam::000000000000:root"] });
  });

  test("an environment's externalId becomes an sts:ExternalId condition of its account's role", () => {
    const { tf: withId } = synthBootstrap({ "prod.json": { externalId: "example-external-id" } });
    const [prod] = inAccount(withId, "aws_iam_role", "333333333333");
    expect(statements(prod.assume_role_policy)[0].Condition).toEqual({ StringEquals: { "sts:ExternalId": ["example-external-id"] } });
    const [staging] = inAccount(withId, "aws_iam_role", "222222222222");
    expect(statements(staging.assume_role_policy)[0].Condition).toBeUndefined();
  });

  test("a custom role name from organization.json", () => {
    const { tf: custom } = synthBootstrap({ "organization.json": { deployers: { roleName: "platform-dify-deployer" } } });
    const [role] = inAccount(custom, "aws_iam_role", "333333333333");
    expect(role.name).toBe("platform-dify-deployer");
  });

  test("outputs the deployer role ARN of every environment", () => {
    for (const [env, accountId] of [
      ["dev", "111111111111"],
      ["staging", "222222222222"],
      ["prod", "333333333333"],
    ]) {
      const [name] = entries(tf, "aws_iam_role").find(([n]) => n.startsWith(`deployer-${accountId}_role_`))!;
      expect(tf.output[`deployer_role_arn_${env}`].value).toBe(`\${aws_iam_role.${name}.arn}`);
    }
  });
});

describe("bootstrap: the state roles trust the created deployer roles by reference", () => {
  const { tf } = synthBootstrap();
  const principalsOf = (env: string): string[] => statements(entries(tf, "aws_iam_role").find(([, r]) => r.name === `dify-state-access-${env}`)![1].assume_role_policy)[0].Principal.AWS;

  test("environments on the deployer role: the role's arn attribute, so Terraform creates the role first", () => {
    for (const [env, accountId] of [
      ["staging", "222222222222"],
      ["prod", "333333333333"],
    ]) {
      const [name] = entries(tf, "aws_iam_role").find(([n]) => n.startsWith(`deployer-${accountId}_role_`))!;
      expect(principalsOf(env)).toContain(`\${aws_iam_role.${name}.arn}`);
      expect(principalsOf(env)).not.toContain(`arn:aws:iam::${accountId}:role/dify-deployer`);
    }
  });

  test("environments on another role (dev on OrganizationAccountAccessRole): the literal ARN", () => {
    expect(principalsOf("dev")).toContain("arn:aws:iam::111111111111:role/OrganizationAccountAccessRole");
    expect(principalsOf("dev").filter((p) => p.includes("deployer-111111111111"))).toEqual([]);
    expect(principalsOf("dev")).toContain("arn:aws:iam::000000000000:role/platform-deployers");
  });
});

describe("bootstrap: environments that share an account share one deployer role", () => {
  // staging leaves the account-wide invocation logging to prod: one manager per account and region.
  const quietStaging = { bedrock: { invocationLogging: { destination: "off" } } };
  const shared = { "prod.json": { accountId: "222222222222" }, "staging.json": quietStaging };

  test("one provider and one role for the shared account; both outputs name it", () => {
    const { tf } = synthBootstrap(shared);
    expect((tf.provider.aws as any[]).filter((p) => p.alias).map((p) => p.alias)).toEqual(["account-111111111111", "account-222222222222"]);
    expect(entries(tf, "aws_iam_role").filter(([, r]) => r.name === "dify-deployer")).toHaveLength(2);
    expect(tf.output.deployer_role_arn_prod.value).toBe(tf.output.deployer_role_arn_staging.value);
  });

  test("the shared role accepts the ExternalId of either environment", () => {
    const { tf } = synthBootstrap({ "prod.json": { accountId: "222222222222", externalId: "prod-id" }, "staging.json": { ...quietStaging, externalId: "staging-id" } });
    const [role] = inAccount(tf, "aws_iam_role", "222222222222");
    expect(statements(role.assume_role_policy)[0].Condition).toEqual({ StringEquals: { "sts:ExternalId": ["prod-id", "staging-id"] } });
  });

  test("refuses a shared account where only some environments set an ExternalId", () => {
    expect(() => synthBootstrap({ "prod.json": { accountId: "222222222222", externalId: "prod-id" }, "staging.json": quietStaging })).toThrow(ConfigError);
    try {
      synthBootstrap({ "prod.json": { accountId: "222222222222", externalId: "prod-id" }, "staging.json": quietStaging });
    } catch (e) {
      expect((e as ConfigError).lines).toEqual([expect.stringMatching(/staging\.json: externalId: shares account 222222222222 and its one deployer role with .*prod\.json/)]);
    }
  });

  test("an environment in the state account uses the stack's own credentials, not the bootstrap role", () => {
    const { tf } = synthBootstrap({ "dev.json": { accountId: "000000000000" } });
    const aliases = (tf.provider.aws as any[]).filter((p) => p.alias).map((p) => p.alias);
    expect(aliases).toEqual(["account-222222222222", "account-333333333333"]);
    const [role] = inAccount(tf, "aws_iam_role", "000000000000");
    expect(role.name).toBe("dify-deployer");
    expect(role.provider).toBe("aws");
  });
});

describe("bootstrap: its own state", () => {
  test("local until migrated", () => {
    const { tf } = synthBootstrap();
    expect(tf.terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
  });

  test("in the state bucket once migrated, with S3-native locking", () => {
    const json = Testing.synth(new BootstrapStack(Testing.app(), exampleConfig(), { stateBackend: "s3" }));
    expect(JSON.parse(json).terraform.backend).toEqual({
      s3: {
        bucket: "example-dify-tfstate-000000000000",
        key: "dify/bootstrap/terraform.tfstate",
        region: "ap-northeast-1",
        encrypt: true,
        kms_key_id: "arn:aws:kms:ap-northeast-1:000000000000:alias/dify-tfstate",
        use_lockfile: true,
      },
    });
  });
});
