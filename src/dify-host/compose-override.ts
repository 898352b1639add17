import type { DifyTier } from "../config/types";
import { composeProfiles, type DifyRelease, type DifyService, envSource, runningServices } from "./dify-releases";
import { type Reader, SETTING_READERS, settingsBlocks } from "./env-overrides";
import type { ServiceFragment } from "./service-fragment";
import { SSRF_PROXY_FRAGMENT } from "./ssrf-proxy";

/** The reader of a setting as (service, container variable), or undefined for Compose itself. */
export function readerTarget(key: string, reader: Reader): { service: DifyService; variable: string } | undefined {
  if (reader === "compose") return undefined;
  return typeof reader === "string" ? { service: reader, variable: key } : { service: reader.service, variable: reader.as };
}

/**
 * Keys that carry the same value as `key`: set in the same block to the same
 * word (DB_PASSWORD and POSTGRES_PASSWORD, SANDBOX_API_KEY and
 * CODE_EXECUTION_API_KEY). A service that gets any of them gets the value.
 */
export function sameValueKeys(tier: DifyTier, vectorStore: "weaviate" | "pgvector", release: DifyRelease): Map<string, Set<string>> {
  const aliases = new Map<string, Set<string>>();
  for (const block of settingsBlocks(tier, vectorStore, release)) {
    for (const setting of block.settings) {
      aliases.set(setting.key, new Set(block.settings.filter((s) => s.value === setting.value).map((s) => s.key)));
    }
  }
  return aliases;
}

/**
 * The settings of a tier that the release's compose file does not hand to a
 * running service that needs them (DB_SSL_MODE to the 1.10.1 plugin daemon),
 * passed explicitly. `${KEY}` makes Compose read the value from `.env`, so
 * rotated credentials still arrive.
 */
export function missingSettings(tier: DifyTier, vectorStore: "weaviate" | "pgvector", release: DifyRelease): ServiceFragment[] {
  const running = runningServices(release, tier, composeProfiles(release, tier, vectorStore));
  const aliases = sameValueKeys(tier, vectorStore, release);
  const missing = new Map<DifyService, Record<string, string>>();
  for (const [key, same] of aliases) {
    for (const reader of SETTING_READERS[key] ?? []) {
      const target = readerTarget(key, reader);
      if (!target || !running.includes(target.service)) continue;
      const source = envSource(release, target.service, target.variable);
      if (source !== undefined && same.has(source)) continue;
      missing.set(target.service, { ...missing.get(target.service), [target.variable]: `\${${key}}` });
    }
  }
  return [...missing].map(([service, environment]) => ({
    service,
    why: `Dify ${release.version}'s compose file does not pass these to ${service}.`,
    environment,
  }));
}

/** Upstream turns an empty CHECK_UPDATE_URL back into updates.dify.ai; set here, no default applies. */
const NO_UPDATE_CHECK: ServiceFragment = {
  service: "api",
  why: "The console never reports home: upstream's compose file turns an empty CHECK_UPDATE_URL back into updates.dify.ai.",
  environment: { CHECK_UPDATE_URL: "" },
};

/** Every fragment of a host's override, for one release and tier. */
export function composeOverrideFragments(tier: DifyTier, vectorStore: "weaviate" | "pgvector", release: DifyRelease): ServiceFragment[] {
  return [NO_UPDATE_CHECK, SSRF_PROXY_FRAGMENT, ...missingSettings(tier, vectorStore, release)];
}

const NAME = /^[A-Za-z0-9_.-]+$/;
// A double-quoted JSON string is a double-quoted YAML scalar.
const scalar = (value: string) => JSON.stringify(value);

/** Renders fragments as a Compose file: services in first-seen order, entries merged per service. */
export function renderComposeOverride(fragments: readonly ServiceFragment[]): string {
  interface Entry {
    why: string[];
    environment: Map<string, string>;
    volumes: string[];
  }
  const services = new Map<string, Entry>();
  for (const f of fragments) {
    if (!NAME.test(f.service)) throw new Error(`compose override: bad service name ${JSON.stringify(f.service)}`);
    const entry: Entry = services.get(f.service) ?? { why: [], environment: new Map(), volumes: [] };
    entry.why.push(f.why);
    for (const [name, value] of Object.entries(f.environment ?? {})) {
      if (!NAME.test(name)) throw new Error(`compose override: bad variable name ${JSON.stringify(name)}`);
      const earlier = entry.environment.get(name);
      if (earlier !== undefined && earlier !== value) throw new Error(`compose override: ${f.service} gets ${name} twice, as ${earlier} and ${value}`);
      entry.environment.set(name, value);
    }
    entry.volumes.push(...(f.volumes ?? []));
    services.set(f.service, entry);
  }
  const lines = ["# Written by dify-on-aws-cdktf (src/dify-host/compose-override.ts).", "services:"];
  for (const [service, entry] of services) {
    lines.push(...entry.why.map((why) => `  # ${why}`), `  ${service}:`);
    if (entry.environment.size) {
      lines.push("    environment:", ...[...entry.environment].map(([name, value]) => `      ${name}: ${scalar(value)}`));
    }
    if (entry.volumes.length) lines.push("    volumes:", ...entry.volumes.map((v) => `      - ${scalar(v)}`));
  }
  return lines.join("\n");
}

/** The override file of a host. */
export function composeOverride(tier: DifyTier, vectorStore: "weaviate" | "pgvector", release: DifyRelease): string {
  return renderComposeOverride(composeOverrideFragments(tier, vectorStore, release));
}
