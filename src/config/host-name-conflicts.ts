import { problem } from "./errors";
import type { EnvironmentConfig } from "./types";

/**
 * Environments that would publish the same Dify host name. Each stack with a
 * hosted zone writes the alias record and the ACM validation record of its
 * name; a second stack would fail on the existing record at apply, or, once
 * imported, take the name over from the first.
 */
export function hostNameConflicts(environments: readonly EnvironmentConfig[]): string[] {
  const first = new Map<string, EnvironmentConfig>();
  const out: string[] = [];
  for (const env of environments) {
    const name = env.dify.domainName?.toLowerCase();
    if (!name || !env.dify.hostedZoneId) continue;
    const owner = first.get(name);
    if (!owner) {
      first.set(name, env);
      continue;
    }
    out.push(problem(env.file, ["dify", "domainName"], `${name} is already the host name of ${owner.file}; give every environment its own name`));
  }
  return out;
}
