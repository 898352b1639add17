import { resolveBedrock } from "../bedrock/resolve";
import { AVAILABILITY_ZONES_FOR_NEW_ACCOUNTS } from "../catalog/availability-zones";
import type { AwsRegion } from "../catalog/regions";
import { problem } from "../config/errors";
import { NAME_LIMITS, Names } from "../config/naming";
import { DEFAULT_CACHE_VERSIONS } from "../config/schema/dify";
import { DEFAULT_DEPLOY_ROLE, type EnvironmentFile } from "../config/schema/environment";
import { DEFAULT_BEDROCK_ALLOWANCE_USD } from "../config/schema/operations";
import type { EnvironmentConfig, OrganizationConfig } from "../config/types";
import { untestedDifyVersion } from "../dify-host/dify-releases";
import { planSubnets } from "../network/subnet-plan";
import { resolveAllowedCidrs } from "./allowed-cidrs";

export interface ResolveInput {
  readonly name: string;
  readonly file: string;
  readonly input: EnvironmentFile;
  readonly org: OrganizationConfig;
  readonly namespaceOverride?: string;
}

export interface Resolved<T> {
  readonly value?: T;
  readonly problems: string[];
  readonly warnings: string[];
}

const WORLD = "0.0.0.0/0";
const PRODUCTION_MIN_LOG_DAYS = 365;
const ACM_COMMON_NAME_LIMIT = 64;
const TFC_WORKSPACE_NAME_LIMIT = 90;

/**
 * Applies the defaults that depend on other fields (mostly on `production`)
 * and the rules that span several fields. Each rule reports one line that
 * names the file and the field.
 */
export function resolveEnvironment({ name, file, input, org, namespaceOverride }: ResolveInput): Resolved<EnvironmentConfig> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const at = (path: PropertyKey[], message: string) => problems.push(problem(file, path, message));
  const { production, dify } = input;
  const region = input.region as AwsRegion;
  const namespace = namespaceOverride ?? input.namespace;

  const names = new Names(org.project, name, namespace, input.accountId, region);
  for (const line of names.limitProblems()) at(namespace ? ["namespace"] : [], line);

  if (input.deployRoleName === DEFAULT_DEPLOY_ROLE) {
    const advice = `use the scoped deployer role "${org.deployers.roleName}" that the bootstrap stack creates`;
    if (production) at(["deployRoleName"], `production may not deploy with the admin role ${DEFAULT_DEPLOY_ROLE}; ${advice}`);
    else warnings.push(problem(file, ["deployRoleName"], `deploys with the admin role ${DEFAULT_DEPLOY_ROLE}; for anything beyond a trial, ${advice}`));
  }

  if (org.state.roleName && org.state.roleName.length + 1 + name.length > NAME_LIMITS.role) {
    at(
      [],
      `the state role "${org.state.roleName}-${name}" (organization.json state.roleName plus the environment) is longer than IAM's 64 characters; shorten state.roleName or the file name`,
    );
  }

  const plan = planSubnets(input.network.vpcCidr, input.network.azCount);
  if (typeof plan === "string") at(["network", "azCount"], plan);
  const zones = AVAILABILITY_ZONES_FOR_NEW_ACCOUNTS[region];
  if (zones !== undefined && input.network.azCount > zones) {
    at(["network", "azCount"], `must be at most ${zones} in ${region}, where accounts see only ${zones} availability zones, got ${input.network.azCount}`);
  }

  if (org.backend.type === "cloud") {
    const workspace = `${org.backend.workspacePrefix}${name}${namespace ? `-${namespace}` : ""}`;
    if (workspace.length > TFC_WORKSPACE_NAME_LIMIT) {
      at(
        [],
        `the Terraform Cloud workspace "${workspace}" (organization.json backend.workspacePrefix plus the environment) is ${workspace.length} characters, and Terraform Cloud allows ${TFC_WORKSPACE_NAME_LIMIT}; shorten workspacePrefix`,
      );
    }
  }

  const logRetentionDays = input.operations.logRetentionDays ?? (production ? 365 : 30);
  if (production) {
    // Production logs are kept a year (CKV_AWS_338); say so against the field, before synth.
    const retained: Array<[PropertyKey[], number | undefined]> = [
      [["operations", "logRetentionDays"], input.operations.logRetentionDays],
      [["network", "flowLogRetentionDays"], input.network.flowLogRetentionDays],
      // Only the CloudWatch destination is a log group; the S3 one expires objects.
      [["bedrock", "invocationLogging", "retentionDays"], input.bedrock.invocationLogging?.destination === "cloudwatch" ? input.bedrock.invocationLogging.retentionDays : undefined],
    ];
    for (const [path, days] of retained) {
      if (days !== undefined && days < PRODUCTION_MIN_LOG_DAYS) {
        at(path, `must be at least ${PRODUCTION_MIN_LOG_DAYS} in production (logs are kept a year, CKV_AWS_338), got ${days}`);
      }
    }
  }
  // A DIFY_NAMESPACE copy shares the account and region of the environment it
  // copies, whose stack already manages the account-wide invocation logging
  // (and logs the copy's calls); managing it twice would let either stack's
  // destroy switch it off for both.
  const copy = namespaceOverride !== undefined && namespaceOverride !== input.namespace;
  const logging = input.bedrock.invocationLogging;
  if (copy && logging && logging.destination !== "off") {
    warnings.push(
      problem(
        file,
        ["bedrock", "invocationLogging"],
        `the DIFY_NAMESPACE copy "${namespaceOverride}" leaves the account-wide invocation logging to the ${name} stack itself, whose log records the copy's calls too`,
      ),
    );
  }
  const bedrockInput = copy && logging ? { ...input.bedrock, invocationLogging: { ...logging, destination: "off" as const } } : input.bedrock;
  const bedrock = resolveBedrock(bedrockInput, {
    file,
    region,
    production,
    azCount: input.network.azCount,
    logRetentionDays,
  });
  problems.push(...bedrock.problems);
  warnings.push(...bedrock.warnings);
  const untested = untestedDifyVersion(dify.version);
  if (untested) warnings.push(problem(file, ["dify", "version"], untested));

  // Front door.
  const clients = resolveAllowedCidrs(file, dify.allowedCidrs, dify.publicInternet);
  problems.push(...clients.problems);
  warnings.push(...clients.warnings);
  const allowedCidrs = clients.cidrs;
  if (allowedCidrs.length === 0) {
    at(["dify", "allowedCidrs"], 'list the client CIDRs that may reach Dify (office, VPN), or set "publicInternet": true');
  }
  if (production && dify.allowedCidrs.includes(WORLD) && !dify.publicInternet) {
    at(["dify", "allowedCidrs"], `0.0.0.0/0 is refused in production; list your client CIDRs, or set "publicInternet": true to open Dify to the internet on purpose`);
  }
  if (dify.publicInternet && dify.internal) {
    at(["dify", "publicInternet"], 'cannot be true with "internal": true (an internal ALB is not reachable from the internet)');
  }
  if (dify.hostedZoneId && !dify.domainName) at(["dify", "hostedZoneId"], "needs dify.domainName");
  if (!dify.certificateArn && !(dify.domainName && dify.hostedZoneId)) {
    at(["dify"], "the HTTPS listener needs a certificate: set dify.certificateArn, or dify.domainName with dify.hostedZoneId for a DNS-validated ACM certificate");
  }

  const certificate = dify.certificateArn && /^arn:aws:acm:([a-z0-9-]+):(\d{12}):/.exec(dify.certificateArn);
  if (certificate && certificate[1] !== region) {
    at(["dify", "certificateArn"], `must be a certificate in the environment region ${region} (a load balancer uses certificates of its own region only), got one in ${certificate[1]}`);
  }
  if (certificate && certificate[2] !== input.accountId) {
    at(
      ["dify", "certificateArn"],
      `must be a certificate in the environment account ${input.accountId} (a load balancer cannot use another account's certificate), got one in ${certificate[2]}`,
    );
  }
  // ACM puts the first domain name into the certificate's common name, which
  // X.509 limits to 64 characters; a namespace makes the name longer.
  const hostName = dify.domainName && namespace ? `${namespace}.${dify.domainName}` : dify.domainName;
  if (!dify.certificateArn && dify.hostedZoneId && hostName && hostName.length > ACM_COMMON_NAME_LIMIT) {
    at(
      namespace ? ["namespace"] : ["dify", "domainName"],
      `the host name "${hostName}" is ${hostName.length} characters, and ACM allows ${ACM_COMMON_NAME_LIMIT} for a certificate's first domain name; use a shorter domainName${namespace ? " or namespace" : ""}, or bring a certificate with dify.certificateArn`,
    );
  }

  // Tiers.
  const tier = dify.tier ?? (production ? "managed" : "all-in-one");
  if (tier === "managed" && dify.vectorStore === "weaviate") {
    at(["dify", "vectorStore"], 'the managed tier keeps vectors in RDS with pgvector; remove "vectorStore" or set it to "pgvector"');
  }
  if (input.bedrock.endpointAzCount === 0 && input.network.nat === "none") {
    at(
      ["bedrock", "endpointAzCount"],
      'is 0 (no Bedrock interface endpoints) with "nat": "none", so the hosts could not reach Bedrock at all; set endpointAzCount to 1 or more, or give the network a NAT',
    );
  }
  if (dify.spot && production) at(["dify", "spot"], "is refused in production: a Spot interruption stops Dify; remove it");
  else if (dify.spot && tier === "managed") at(["dify", "spot"], 'is for the all-in-one host only; remove it or set "tier": "all-in-one"');
  if (tier === "managed" && dify.rootVolumeGb < 30)
    at(["dify", "rootVolumeGb"], `must be 30 or more on the managed tier, whose hosts keep Docker's images on the root volume, got ${dify.rootVolumeGb}`);
  const vectorStore = tier === "managed" ? "pgvector" : (dify.vectorStore ?? "weaviate");

  const hostDefaults = production ? { min: 2, max: 4 } : { min: 1, max: 2 };
  const min = dify.hosts.min ?? hostDefaults.min;
  const max = dify.hosts.max ?? Math.max(hostDefaults.max, min);
  const desired = dify.hosts.desired ?? min;
  if (!(min <= desired && desired <= max)) at(["dify", "hosts"], `needs min <= desired <= max, got min ${min}, desired ${desired}, max ${max}`);
  if (tier === "managed" && production && min < 2) at(["dify", "hosts", "min"], `must be at least 2 in production, got ${min}`);
  if (tier === "all-in-one" && (dify.hosts.min ?? 1) > 1) {
    at(["dify", "hosts"], 'the all-in-one tier runs exactly one host; use "tier": "managed" to scale out');
  }

  const backupRetention = dify.database.backupRetentionDays ?? (production ? 30 : 7);
  if (production && backupRetention < 30) at(["dify", "database", "backupRetentionDays"], `must be at least 30 in production, got ${backupRetention}`);
  // RDS refuses a storage-autoscaling ceiling less than 10% above the allocated storage ("Invalid max storage size").
  const minCeiling = Math.ceil((dify.database.allocatedStorageGb * 11) / 10);
  if (dify.database.maxAllocatedStorageGb < minCeiling) {
    at(
      ["dify", "database", "maxAllocatedStorageGb"],
      `must be at least 10% above allocatedStorageGb (${dify.database.allocatedStorageGb}), so ${minCeiling} or more, got ${dify.database.maxAllocatedStorageGb}`,
    );
  }

  if (dify.schedule && production && !dify.schedule.allowInProduction) {
    at(["dify", "schedule"], 'stops Dify outside working hours, which production must not do; remove it, or set "allowInProduction": true');
  }
  if (dify.schedule && dify.schedule.start === dify.schedule.stop) at(["dify", "schedule"], "start and stop must differ");

  const tags: Record<string, string> = {
    ...org.tags,
    Project: org.project,
    Environment: name,
    ManagedBy: "cdktf",
    ...(namespace ? { Namespace: namespace } : {}),
  };

  if (problems.length || !bedrock.value || typeof plan === "string") return { problems, warnings };
  return {
    problems,
    warnings,
    value: {
      name,
      file,
      accountId: input.accountId,
      region,
      deployRoleName: input.deployRoleName,
      externalId: input.externalId,
      assumeDeployRole: org.backend.type !== "cloud",
      production,
      namespace,
      names,
      network: {
        vpcCidr: input.network.vpcCidr,
        azCount: input.network.azCount,
        nat: input.network.nat,
        flowLogRetentionDays: input.network.flowLogRetentionDays ?? logRetentionDays,
        subnets: plan.cidrs,
      },
      bedrock: bedrock.value,
      dify: {
        ...dify,
        // A namespaced copy gets its own host name, e.g. alice.dify-dev.example.com.
        domainName: hostName,
        allowedCidrs,
        tier,
        vectorStore,
        hosts: tier === "all-in-one" ? { min: 1, max: 1, desired: 1 } : { min, max, desired },
        database: {
          instanceClass: dify.database.instanceClass ?? (production ? "db.m7g.large" : "db.t4g.medium"),
          engineVersion: dify.database.engineVersion,
          allocatedStorageGb: dify.database.allocatedStorageGb,
          maxAllocatedStorageGb: dify.database.maxAllocatedStorageGb,
          multiAz: dify.database.multiAz ?? production,
          backupRetentionDays: backupRetention,
        },
        cache: {
          engine: dify.cache.engine,
          engineVersion: dify.cache.engineVersion ?? DEFAULT_CACHE_VERSIONS[dify.cache.engine],
          nodeType: dify.cache.nodeType,
        },
        schedule: dify.schedule && {
          timezone: dify.schedule.timezone,
          start: dify.schedule.start,
          stop: dify.schedule.stop,
          weekdays: dify.schedule.weekdays,
        },
      },
      operations: {
        alarmEmail: input.operations.alarmEmail,
        logRetentionDays,
        backup: {
          retentionDays: input.operations.backup.retentionDays ?? (production ? 35 : 7),
          schedule: input.operations.backup.schedule,
        },
        budget: {
          monthlyUsd: input.operations.budget.monthlyUsd,
          bedrockAllowanceUsd: input.operations.budget.bedrockAllowanceUsd ?? (production ? DEFAULT_BEDROCK_ALLOWANCE_USD.production : DEFAULT_BEDROCK_ALLOWANCE_USD.other),
          email: input.operations.budget.email ?? input.operations.alarmEmail,
        },
      },
      tags,
    },
  };
}
