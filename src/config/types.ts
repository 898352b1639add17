import type { AwsRegion } from "../catalog/regions";
import type { SubnetPlan } from "../network/subnet-plan";
import type { Names } from "./naming";
import type { ResolvedBedrock } from "./resolved-bedrock";
import type { CacheEngine, DifyInput } from "./schema/dify";
import type { GithubDeployers } from "./schema/github-deployers";
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
    /** GitHub Actions CI roles that bootstrap creates, one per environment. @default (none) */
    readonly github?: GithubDeployers;
  };
}

export type DifyTier = "all-in-one" | "managed";

export type NatMode = "per-az" | "single" | "instance" | "none";

/** dify.database, resolved: the managed tier's RDS PostgreSQL. */
export interface DatabaseSettings {
  readonly instanceClass: string;
  readonly engineVersion: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
}

/** dify.cache, resolved: the engine version is always set, the engine's default when the file leaves it out. */
export interface CacheSettings {
  readonly engine: CacheEngine;
  readonly engineVersion: string;
  readonly nodeType: string;
}

/** dify.schedule: the dev cost saver's working hours, in a time zone. */
export interface WorkingHours {
  readonly timezone: string;
  /** "HH:MM", local time. */
  readonly start: string;
  readonly stop: string;
  /** Monday to Friday only, or every day. */
  readonly weekdays: boolean;
}

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
    readonly nat: NatMode;
    readonly flowLogRetentionDays: number;
    /** Subnet CIDRs per tier, one per AZ, planned from vpcCidr and azCount. */
    readonly subnets: SubnetPlan["cidrs"];
  };
  readonly bedrock: ResolvedBedrock;
  readonly dify: Omit<DifyInput, "tier" | "vectorStore" | "hosts" | "database" | "cache" | "schedule"> & {
    readonly tier: DifyTier;
    readonly vectorStore: "weaviate" | "pgvector";
    readonly hosts: { readonly min: number; readonly max: number; readonly desired: number };
    readonly database: DatabaseSettings;
    readonly cache: CacheSettings;
    readonly schedule?: WorkingHours;
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
