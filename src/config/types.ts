import type { ResolvedBedrock } from "../bedrock/resolve";
import type { AwsRegion } from "../catalog/regions";
import type { Names } from "./naming";
import type { DifyInput } from "./schema/dify";
import type { OrganizationFile } from "./schema/organization";

/** organization.json after validation, with defaults filled in. */
export interface OrganizationConfig {
  readonly file: string;
  readonly project: string;
  readonly state: OrganizationFile["state"] & { region: AwsRegion };
  readonly backend: OrganizationFile["backend"];
  readonly tags: Readonly<Record<string, string>>;
  readonly deployers: {
    readonly roleName: string;
    readonly bootstrapRoleName: string;
    readonly trustedPrincipals: readonly string[];
  };
}

export type DifyTier = "all-in-one" | "managed";

/** One environment file after validation, with every production-dependent default resolved. */
export interface EnvironmentConfig {
  /** Stack id: the file name without `.json`. */
  readonly name: string;
  /** Path shown in messages, for example `environments/dev.json`. */
  readonly file: string;
  readonly accountId: string;
  readonly region: AwsRegion;
  readonly deployRoleName: string;
  readonly externalId?: string;
  /**
   * Whether the AWS provider assumes deployRoleName itself. False with the
   * Terraform Cloud backend: its dynamic credentials already are that role.
   */
  readonly assumeDeployRole: boolean;
  readonly production: boolean;
  readonly namespace?: string;
  readonly names: Names;
  readonly network: {
    readonly vpcCidr: string;
    readonly azCount: 2 | 3;
    readonly nat: "per-az" | "single" | "instance" | "none";
    readonly flowLogRetentionDays: number;
  };
  readonly bedrock: ResolvedBedrock;
  readonly dify: Omit<DifyInput, "tier" | "vectorStore" | "hosts" | "database" | "schedule"> & {
    readonly tier: DifyTier;
    readonly vectorStore: "weaviate" | "pgvector";
    readonly hosts: { readonly min: number; readonly max: number; readonly desired: number };
    readonly database: {
      readonly instanceClass: string;
      readonly engineVersion: string;
      readonly allocatedStorageGb: number;
      readonly maxAllocatedStorageGb: number;
      readonly multiAz: boolean;
      readonly backupRetentionDays: number;
    };
    readonly schedule?: {
      readonly timezone: string;
      readonly start: string;
      readonly stop: string;
      readonly weekdays: boolean;
    };
  };
  readonly operations: {
    readonly alarmEmail?: string;
    readonly logRetentionDays: number;
    readonly backup: { readonly retentionDays: number; readonly schedule: string };
    readonly budget: {
      /** Set in the file; otherwise the stack defaults it from its cost estimate plus the allowance. */
      readonly monthlyUsd?: number;
      readonly bedrockAllowanceUsd: number;
      /** operations.budget.email, else operations.alarmEmail. */
      readonly email?: string;
    };
  };
  /** Default tags of the environment's AWS provider. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface AppConfig {
  readonly organization: OrganizationConfig;
  readonly environments: readonly EnvironmentConfig[];
}
