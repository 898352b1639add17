import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from "cdktf";
import type { OrganizationConfig } from "../config/types";

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
