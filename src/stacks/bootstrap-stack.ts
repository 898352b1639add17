import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { deployRoleArn } from "../config/deploy-role";
import { githubSubjects } from "../config/github-subjects";
import type { AppConfig, EnvironmentConfig, OrganizationConfig } from "../config/types";
import { DeployerRole } from "../constructs/deployer-role";
import { GithubDeployRole } from "../constructs/github-deploy-role";
import { GithubOidcProvider } from "../constructs/github-oidc-provider";
import { StateAccessRole } from "../constructs/state-access-role";
import { StateBucket } from "../constructs/state-bucket";
import { type DeployerAccount, deployerAccounts } from "../iam/deployer-accounts";
import { localStatePath, stateKey, stateKeyAlias, stateKmsKeyId, stateRoleName } from "./backend";

const BOOTSTRAP_STACK = "bootstrap";

export interface BootstrapOptions {
  /**
   * Where the bootstrap stack keeps its own state: "local" for the first run
   * (the bucket does not exist yet), "s3" once the state has been migrated
   * into the bucket (docs/deployers.md).
   * main.ts sets it from the DIFY_BOOTSTRAP_STATE environment variable.
   * @default "local"
   */
  readonly stateBackend?: "local" | "s3";
}

/**
 * Creates what the environment stacks stand on: the state bucket (with its
 * KMS key and optional legacy lock table), a state access role per
 * environment, and one scoped deployer role (with its permissions boundary)
 * in every environment account.
 *
 * It starts on a local backend, because the bucket it would store its state
 * in does not exist yet; docs/deployers.md shows how to migrate it afterwards
 * (`DIFY_BOOTSTRAP_STATE=s3`).
 * It runs with admin credentials of the state account and reaches each
 * environment account through organization.deployers.bootstrapRoleName
 * (OrganizationAccountAccessRole by default), once.
 */
export class BootstrapStack extends TerraformStack {
  readonly state: StateBucket;
  /** Deployer role of each environment account, keyed by account id. */
  readonly deployers: ReadonlyMap<string, DeployerRole>;
  /** GitHub Actions CI role of each environment, keyed by environment name (organization.deployers.github). */
  readonly githubRoles: ReadonlyMap<string, GithubDeployRole>;

  constructor(scope: Construct, config: AppConfig, options: BootstrapOptions = {}) {
    super(scope, BOOTSTRAP_STACK);
    const org = config.organization;
    const tags = { ...org.tags, Project: org.project, Environment: BOOTSTRAP_STACK, ManagedBy: "cdktf" };

    if (options.stateBackend === "s3") {
      // The admin credentials that run bootstrap reach the bucket directly;
      // the state access role may not trust them.
      const backend = new S3Backend(this, {
        bucket: org.state.bucket,
        key: stateKey(org, { stack: BOOTSTRAP_STACK }),
        region: org.state.region,
        encrypt: true,
        kmsKeyId: stateKmsKeyId(org),
      });
      backend.addOverride("use_lockfile", true);
    } else {
      new LocalBackend(this, { path: localStatePath({ stack: BOOTSTRAP_STACK }) });
    }
    const stateProvider = new AwsProvider(this, "aws", {
      region: org.state.region,
      allowedAccountIds: [org.state.accountId],
      defaultTags: [{ tags }],
    });

    this.state = new StateBucket(this, "state", {
      bucketName: org.state.bucket,
      accountId: org.state.accountId,
      region: org.state.region,
      keyAlias: stateKeyAlias(org),
      dynamodbTable: org.state.dynamodbTable,
    });

    // Before the deployer and state roles, whose trust names these roles' ARNs.
    this.githubRoles = this.githubDeployRoles(org, config.environments);

    const deployers = new Map<string, DeployerRole>();
    for (const account of deployerAccounts(config.environments)) {
      const provider = account.accountId === org.state.accountId ? stateProvider : this.accountProvider(org, account, tags);
      deployers.set(account.accountId, this.deployerRole(org, account, provider));
    }
    this.deployers = deployers;

    // With the S3 backend, each environment reaches its own state through a
    // role of its own; Terraform Cloud keeps the state itself.
    if (org.backend.type === "s3") {
      for (const env of config.environments) {
        const roleName = stateRoleName(org, env.name);
        if (!roleName) continue;
        new StateAccessRole(this, `state-access-${env.name}`, {
          roleName,
          bucketArn: this.state.bucket.arn,
          kmsKeyArn: this.state.key.arn,
          keyPrefix: `${org.project}/${env.name}/`,
          trustedPrincipals: [
            ...[...org.deployers.trustedPrincipals].sort(),
            this.deployRoleReference(org, env),
            ...(this.githubRoles.has(env.name) ? [this.githubRoles.get(env.name)!.role.arn] : []),
          ],
          lockTableArn: this.state.lockTable?.arn,
        });
      }
    }

    new TerraformOutput(this, "state_bucket", { value: this.state.bucket.name });
    new TerraformOutput(this, "state_kms_key_arn", { value: this.state.key.arn });
    for (const env of [...config.environments].sort((x, y) => x.name.localeCompare(y.name))) {
      new TerraformOutput(this, `deployer_role_arn_${env.name.replace(/-/g, "_")}`, {
        value: deployers.get(env.accountId)!.role.arn,
        description: `Deployer role of ${env.name} (account ${env.accountId}): TFC_AWS_RUN_ROLE_ARN of its Terraform Cloud workspace`,
      });
    }
    for (const [name, github] of [...this.githubRoles.entries()].sort(([x], [y]) => x.localeCompare(y))) {
      new TerraformOutput(this, `github_deploy_role_arn_${name.replace(/-/g, "_")}`, {
        value: github.role.arn,
        description: `GitHub Actions CI role of ${name}: AWS_DEPLOY_ROLE_ARN of the GitHub environments that deploy ${name} (docs/ci.md)`,
      });
    }
  }

  /**
   * A provider per environment account, assuming the organization's admin
   * role there. Environments in the state account itself (a single-account
   * trial) use the stack's own credentials, because OrganizationAccountAccessRole
   * exists only in member accounts.
   */
  private accountProvider(org: OrganizationConfig, account: DeployerAccount, tags: Record<string, string>): AwsProvider {
    return new AwsProvider(this, `aws-${account.accountId}`, {
      alias: `account-${account.accountId}`,
      // IAM is global; the region only picks the STS and IAM endpoints.
      region: account.environments[0].region,
      allowedAccountIds: [account.accountId],
      assumeRole: [
        {
          roleArn: `arn:aws:iam::${account.accountId}:role/${org.deployers.bootstrapRoleName}`,
          sessionName: `${org.project}-bootstrap`,
        },
      ],
      defaultTags: [{ tags }],
    });
  }

  /**
   * With organization.deployers.github: the GitHub OIDC provider and one CI
   * role per environment, in the state account. There they sit outside
   * every environment account, so no deployer role (which manages
   * `<project>-*` roles in its own account) can edit their trust, and the
   * chain deploy.yml relies on stays as it is: the S3 backend assumes the
   * state role in this account, the provider the deployer role.
   */
  private githubDeployRoles(org: OrganizationConfig, environments: readonly EnvironmentConfig[]): Map<string, GithubDeployRole> {
    const roles = new Map<string, GithubDeployRole>();
    const { github } = org.deployers;
    if (!github || org.backend.type !== "s3") return roles;
    const oidc = new GithubOidcProvider(this, "github-oidc", { accountId: org.state.accountId, create: github.createIdentityProvider });
    for (const env of [...environments].sort((x, y) => x.name.localeCompare(y.name))) {
      const stateRole = stateRoleName(org, env.name);
      if (!stateRole) continue;
      roles.set(
        env.name,
        new GithubDeployRole(this, `github-${env.name}`, {
          roleName: githubDeployRoleName(org, env.name),
          environment: env.name,
          identityProviderArn: oidc.arn,
          subjects: githubSubjects(github, env.name),
          deployRoleArn: deployRoleArn(env),
          stateRoleArn: `arn:aws:iam::${org.state.accountId}:role/${stateRole}`,
        }),
      );
    }
    return roles;
  }

  private deployerRole(org: OrganizationConfig, account: DeployerAccount, provider: AwsProvider): DeployerRole {
    const { backend } = org;
    // The CI roles of the environments that deploy through this role; an
    // environment with another deployRoleName manages that role's trust itself.
    const ciRoles = account.environments
      .filter((env) => env.deployRoleName === org.deployers.roleName && this.githubRoles.has(env.name))
      .map((env) => this.githubRoles.get(env.name)!.role.arn);
    return new DeployerRole(this, `deployer-${account.accountId}`, {
      provider,
      accountId: account.accountId,
      project: org.project,
      roleName: org.deployers.roleName,
      // Without explicit principals, the state account's own IAM policies
      // decide who may deploy (its root is trusted, not every user in it).
      trustedPrincipals: [...(org.deployers.trustedPrincipals.length ? [...new Set(org.deployers.trustedPrincipals)].sort() : [`arn:aws:iam::${org.state.accountId}:root`]), ...ciRoles],
      externalIds: account.externalIds,
      dnsRecords: account.dnsRecords,
      terraformCloud:
        backend.type === "cloud"
          ? {
              hostname: backend.hostname,
              organization: backend.organization,
              project: backend.project,
              workspaces: account.environments.flatMap((env) => cloudWorkspaces(backend.workspacePrefix, env)),
            }
          : undefined,
    });
  }

  /**
   * The environment's deploy role, as its state role's trust names it. Where
   * that is the deployer role created here, it is the role's arn attribute,
   * so Terraform creates the role first: IAM refuses a trust policy that
   * names a role that does not exist yet.
   */
  private deployRoleReference(org: OrganizationConfig, env: EnvironmentConfig): string {
    return env.deployRoleName === org.deployers.roleName ? this.deployers.get(env.accountId)!.role.arn : deployRoleArn(env);
  }
}

/** `<project>-github-<env>`: the CI role of one environment, in the state account. */
function githubDeployRoleName(org: OrganizationConfig, env: string): string {
  return `${org.project}-github-${env}`;
}

/**
 * Workspaces whose runs may deploy an environment. configureBackend names
 * them `<prefix><env>[-<namespace>]`. Production trusts exactly its own
 * workspace; other environments also trust their namespaced copies
 * (DIFY_NAMESPACE), which share the account and the deployer role.
 */
function cloudWorkspaces(prefix: string, env: EnvironmentConfig): string[] {
  if (env.production) return [`${prefix}${env.name}${env.namespace ? `-${env.namespace}` : ""}`];
  return [`${prefix}${env.name}`, `${prefix}${env.name}-*`];
}
