import { ConfigError } from "../config/errors";
import type { EnvironmentConfig } from "../config/types";
import { loadConfig } from "./load";

/** Where a command-line tool prints: lines for the user, and one-line errors. */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export interface EnvironmentArgumentOptions {
  /** Folder with organization.json and the environment files. @default "environments" */
  readonly configDir?: string;
  /** Namespace override, as DIFY_NAMESPACE. @default none */
  readonly namespace?: string;
}

/**
 * The environment a command such as `npm run quotas -- <env>` names, from the
 * validated environment files. Bad files, a missing name or an unknown one are
 * printed as one line each, and the result is then undefined.
 */
export function environmentArgument(command: string, args: readonly string[], io: CommandIo, options: EnvironmentArgumentOptions = {}): EnvironmentConfig | undefined {
  let config: ReturnType<typeof loadConfig>["config"];
  try {
    config = loadConfig({ dir: options.configDir ?? "environments", namespace: options.namespace }).config;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    e.lines.forEach((line) => io.err(line));
    return undefined;
  }
  const names = config.environments.map((e) => e.name);
  const name = args.find((a) => !a.startsWith("-"));
  if (!name) {
    io.err(`usage: npm run ${command} -- <environment>   (environments: ${names.join(", ")})`);
    return undefined;
  }
  const env = config.environments.find((e) => e.name === name);
  if (!env) io.err(`unknown environment "${name}"; environments: ${names.join(", ")}`);
  return env;
}
