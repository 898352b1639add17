import { problem } from "./errors";
import type { EnvironmentConfig } from "./types";

/**
 * Bedrock model invocation logging is one setting per account and region, not
 * a resource an environment owns: two stacks that both manage it overwrite
 * each other, and destroying either switches the other's audit log off. Only
 * one environment per account and Bedrock region may manage it; its log
 * records the calls of every other environment there too.
 *
 * Environments come in file-name order, so the first file keeps the setting
 * and every later one is named with it.
 */
export function invocationLoggingConflicts(environments: readonly EnvironmentConfig[]): string[] {
  const owner = new Map<string, EnvironmentConfig>();
  const out: string[] = [];
  for (const env of environments) {
    if (env.bedrock.invocationLogging.destination === "off") continue;
    const key = `${env.accountId} ${env.bedrock.region}`;
    const first = owner.get(key);
    if (!first) {
      owner.set(key, env);
      continue;
    }
    out.push(
      problem(
        env.file,
        ["bedrock", "invocationLogging"],
        `${first.file} already manages Bedrock invocation logging in account ${env.accountId} ${env.bedrock.region}, which is one setting per account and region (destroying either stack would switch it off for both); set "destination": "off" here, and ${first.file}'s log records this environment's calls too`,
      ),
    );
  }
  return out;
}
