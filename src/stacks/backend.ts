import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import type { OrganizationConfig } from "../config/types";
import { stateKeyAliasArn } from "../constructs/state-bucket";

export interface StateLocation {
  /** Stack id, for example "prod". */
  readonly stack: string;
  readonly namespace?: string;
}

/** `<project>/<env>[/<namespace>]/terraform.tfstate` */
export function stateKey(org: OrganizationConfig, where: StateLocation): string {
  return [org.project, where.stack, where.namespace, "terraform.tfstate"].filter(Boolean).join("/");
}

/**
 * The role an environment's S3 backend assumes: one per environment
 * (`<state.roleName>-<env>`), allowed only that environment's state keys, so
 * an admin of the dev account cannot rewrite production's state.
 */
export function stateRoleName(org: OrganizationConfig, stack: string): string | undefined {
  return org.state.roleName ? `${org.state.roleName}-${stack}` : undefined;
}

/** Alias of the state bucket's KMS key, without "alias/". The bootstrap stack creates it. */
export function stateKeyAlias(org: OrganizationConfig): string {
  return `${org.project}-tfstate`;
}

/**
 * The `kms_key_id` of every S3 backend: the state key's alias ARN.
 *
 * Without `kms_key_id`, `encrypt = true` makes Terraform send
 * `x-amz-server-side-encryption: AES256`, which overrides the bucket's
 * default SSE-KMS. The key ARN is only known once bootstrap has run, but
 * these stacks are synthesized without AWS, so the backend names the key by
 * its alias ARN, which config alone decides. S3 accepts an alias in
 * `x-amz-server-side-encryption-aws-kms-key-id`; a full alias ARN (not
 * `alias/<name>`) resolves in the state account even for a caller from
 * another account. The state bucket's policy accepts it (and the key ARN).
 */
export function stateKmsKeyId(org: OrganizationConfig): string {
  return stateKeyAliasArn(org.state.region, org.state.accountId, stateKeyAlias(org));
}

/**
 * Local state files live in the project root, not inside cdktf.out, because
 * the output folder is replaced on every synth.
 */
export function localStatePath(where: StateLocation): string {
  return `../../../terraform.${[where.stack, where.namespace].filter(Boolean).join(".")}.tfstate`;
}

/** Configures the backend chosen in organization.json for one environment stack. */
export function configureBackend(stack: TerraformStack, org: OrganizationConfig, where: StateLocation): void {
  switch (org.backend.type) {
    case "s3": {
      const { state } = org;
      const roleName = stateRoleName(org, where.stack);
      const backend = new S3Backend(stack, {
        bucket: state.bucket,
        key: stateKey(org, where),
        region: state.region,
        encrypt: true,
        kmsKeyId: stateKmsKeyId(org),
        dynamodbTable: state.dynamodbTable,
        assumeRole: roleName
          ? {
              roleArn: `arn:aws:iam::${state.accountId}:role/${roleName}`,
              sessionName: `${org.project}-${where.stack}-state`,
            }
          : undefined,
      });
      // S3-native locking (Terraform >= 1.10) writes <key>.tflock with a
      // conditional PUT. cdktf 0.21 has no typed field for it.
      backend.addOverride("use_lockfile", true);
      return;
    }
    case "cloud": {
      const ns = where.namespace ? `-${where.namespace}` : "";
      new CloudBackend(stack, {
        hostname: org.backend.hostname,
        organization: org.backend.organization,
        workspaces: new NamedCloudWorkspace(`${org.backend.workspacePrefix}${where.stack}${ns}`, org.backend.project),
      });
      return;
    }
    case "local":
      new LocalBackend(stack, { path: localStatePath(where) });
      return;
  }
}
