import { ConfigError, problem } from "../config/errors";
import type { EnvironmentConfig } from "../config/types";
import type { DnsRecordScope } from "./deployer-scope";

/** One environment account, and the environments that deploy into it. */
export interface DeployerAccount {
  readonly accountId: string;
  /** Environments in this account, sorted by name. */
  readonly environments: readonly EnvironmentConfig[];
  /** ExternalIds from the environment files; callers must pass one of them. Empty: no condition. */
  readonly externalIds: readonly string[];
  /** Zones and hostnames the environments write DNS records for. */
  readonly dnsRecords: readonly DnsRecordScope[];
}

/**
 * Groups environments by account. IAM role names are unique per account and
 * the role name is organization-wide, so environments that share an account
 * share one deployer role (one trust policy, one set of permissions scoped to
 * the project prefix, which covers all of them). Keying the role on the
 * account, not on an environment name, also keeps its Terraform address stable
 * when environments are added, renamed or removed.
 *
 * A shared role has one trust policy, so the environments of an account must
 * agree on whether an ExternalId is required.
 */
export function deployerAccounts(environments: readonly EnvironmentConfig[]): DeployerAccount[] {
  const byAccount = new Map<string, EnvironmentConfig[]>();
  for (const env of [...environments].sort((x, y) => x.name.localeCompare(y.name))) {
    byAccount.set(env.accountId, [...(byAccount.get(env.accountId) ?? []), env]);
  }

  const problems: string[] = [];
  const accounts = [...byAccount.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([accountId, envs]) => {
      const withId = envs.filter((e) => e.externalId);
      if (withId.length > 0 && withId.length < envs.length) {
        for (const env of envs.filter((e) => !e.externalId)) {
          problems.push(
            problem(
              env.file,
              ["externalId"],
              `shares account ${accountId} and its one deployer role with ${withId.map((e) => e.file).join(", ")}, which set an externalId; set one here too (it may differ)`,
            ),
          );
        }
      }
      return {
        accountId,
        environments: envs,
        externalIds: [...new Set(withId.map((e) => e.externalId as string))].sort(),
        dnsRecords: envs.flatMap((e) => (e.dify.hostedZoneId && e.dify.domainName ? [{ hostedZoneId: e.dify.hostedZoneId, domainName: e.dify.domainName }] : [])),
      };
    });
  if (problems.length) throw new ConfigError(problems);
  return accounts;
}
