import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { composeOverride, readerTarget } from "../../src/dify-host/compose-override";
import { composeProfiles, DIFY_RELEASES, DIFY_SERVICES, type DifyRelease, type DifyService, envSource, runningServices } from "../../src/dify-host/dify-releases";
import { overriddenKeys, SETTING_READERS } from "../../src/dify-host/env-overrides";
import { ROOT } from "../helpers/repo-root";
import { describeWithTool } from "../helpers/shell-tools";
import { ALL_IN_ONE, ENDPOINTS, HostSandbox, MANAGED } from "./host-sandbox";

/**
 * Holds the project's Dify contract (src/dify-host/dify-releases.ts) to the
 * real `docker/` files of each release, when they are on the machine (CI has
 * them beside the repository; users' machines usually do not).
 */

// DIFY_REFERENCE_DIR points elsewhere (a checkout of upstream's docker/ files per tag).
/** dify-configure, which writes .env, parses JSON with jq: required in CI, skipped with a line elsewhere. */
const withJq = describeWithTool("jq", "dify-configure parses JSON with it");
const REFERENCE = process.env.DIFY_REFERENCE_DIR ?? path.resolve(ROOT, "..", "shared", "reference", "dify");

interface ComposeService {
  profiles?: string[];
  env_file?: Array<string | { path: string; required?: boolean }>;
  environment?: Record<string, unknown> | string[];
}

function readCompose(version: string): Record<string, ComposeService> {
  const text = fs.readFileSync(path.join(REFERENCE, version, "docker-compose.yaml"), "utf8");
  // Upstream shares its variables through YAML anchors and merge keys.
  return (parse(text, { merge: true, maxAliasCount: -1 }) as { services: Record<string, ComposeService> }).services;
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((line) => [line.split("=")[0], line.slice(line.indexOf("=") + 1)]));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

const readsWholeEnv = (service: ComposeService) => (service.env_file ?? []).some((f) => (typeof f === "string" ? f : f.path) === "./.env");

/** Where upstream's compose file takes a container variable from: a `.env` key, "literal", or undefined. */
function upstreamSource(service: ComposeService, variable: string): string | undefined {
  const env = environmentOf(service);
  if (variable in env) return /\$\{([A-Za-z0-9_]+)/.exec(env[variable])?.[1] ?? "literal";
  return readsWholeEnv(service) ? variable : undefined;
}

/**
 * The value a container variable gets, as Compose computes it: the override
 * first, then the service's `environment` (`${KEY:-default}` interpolated
 * from `.env`), then the whole `.env` where the service reads it.
 */
function containerValue(service: ComposeService, override: ComposeService | undefined, variable: string, env: Record<string, string>): string | undefined {
  // Compose matches braces, so a default may hold some: ${ENDPOINT_URL_TEMPLATE:-http://localhost/e/{hook_id}}.
  const interpolate = (text: string): string => {
    let out = "";
    for (let i = 0; i < text.length; ) {
      if (!text.startsWith("${", i)) {
        out += text[i++];
        continue;
      }
      let depth = 1;
      let j = i + 2;
      for (; j < text.length && depth; j++) depth += text[j] === "{" ? 1 : text[j] === "}" ? -1 : 0;
      const [, key, fallback] = /^([A-Za-z0-9_]+)(?::-([\s\S]*))?$/.exec(text.slice(i + 2, j - 1)) ?? [];
      out += env[key] ? env[key] : interpolate(fallback ?? "");
      i = j;
    }
    return out;
  };
  const explicit = environmentOf(override ?? {})[variable] ?? environmentOf(service)[variable];
  if (explicit !== undefined) return interpolate(explicit);
  return readsWholeEnv(service) ? env[variable] : undefined;
}

/** The `KEY=value` lines of an env file. */
function envFile(file: string): Record<string, string> {
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => /^[A-Z0-9_]+=/.test(l));
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

if (!fs.existsSync(REFERENCE)) {
  describe("Dify contract against upstream's files", () => {
    test.skip(`skipped: no upstream reference at ${REFERENCE}; the contract is checked against it in CI`, () => undefined);
  });
  console.warn(`dify-contract-upstream: no reference at ${REFERENCE}, upstream agreement not checked`);
} else {
  describe.each(DIFY_RELEASES.map((r) => [r.version, r] as [string, DifyRelease]))("Dify %s against upstream's docker/ files", (version, release) => {
    const dir = path.join(REFERENCE, version);
    const compose = readCompose(version);

    test("are on the machine", () => {
      expect(fs.existsSync(path.join(dir, "docker-compose.yaml"))).toBe(true);
    });

    test("have the services the contract lists, behind the profiles it says", () => {
      for (const service of DIFY_SERVICES) {
        const ours = release.services[service];
        const theirs = compose[service];
        expect([service, !!theirs]).toEqual([service, !!ours]);
        if (!ours || !theirs) continue;
        expect([service, theirs.profiles ?? []]).toEqual([service, [...(ours.profiles ?? [])]]);
        expect([service, "whole .env", readsWholeEnv(theirs)]).toEqual([service, "whole .env", !!ours.wholeEnv]);
      }
    });

    test("pass each variable the contract lists from the key it says", () => {
      for (const [service, contract] of Object.entries(release.services) as Array<[DifyService, NonNullable<DifyRelease["services"][DifyService]>]>) {
        for (const [variable, key] of Object.entries(contract.env)) {
          expect([service, variable, upstreamSource(compose[service], variable)]).toEqual([service, variable, key]);
        }
      }
    });

    test("agree with the contract on every variable a setting's reader needs", () => {
      for (const [key, readers] of Object.entries(SETTING_READERS)) {
        for (const reader of readers) {
          const target = readerTarget(key, reader);
          if (!target || !compose[target.service]) continue;
          const theirs = upstreamSource(compose[target.service], target.variable);
          expect([target.service, target.variable, theirs]).toEqual([target.service, target.variable, envSource(release, target.service, target.variable)]);
        }
      }
    });

    test("interpolate the values that Compose itself reads", () => {
      const text = fs.readFileSync(path.join(dir, "docker-compose.yaml"), "utf8");
      const composeKeys = Object.entries(SETTING_READERS)
        .filter(([k, r]) => r.includes("compose") && !k.startsWith("COMPOSE_"))
        .map(([k]) => k);
      for (const key of composeKeys) expect([key, text.includes(`\${${key}`)]).toEqual([key, true]);
    });

    test("ship the .env.example that dify-configure starts from", () => {
      const example = envFile(path.join(dir, ".env.example"));
      expect(Object.keys(example).length).toBeGreaterThan(50);
      expect(example).toHaveProperty("SECRET_KEY");
      expect(example).toHaveProperty("COMPOSE_PROFILES");
    });

    test("name only services of the release in each tier's override", () => {
      for (const [tier, store] of [
        ["all-in-one", "weaviate"],
        ["all-in-one", "pgvector"],
        ["managed", "pgvector"],
      ] as const) {
        const override = parse(composeOverride(tier, store, release)) as { services: Record<string, unknown> };
        for (const service of Object.keys(override.services)) expect([tier, service, service in compose]).toEqual([tier, service, true]);
      }
    });

    for (const [tier, props] of [
      ["all-in-one", ALL_IN_ONE],
      ["managed", MANAGED],
    ] as const) {
      withJq(`on the ${tier} tier, after dify-configure writes .env from the real .env.example`, () => {
        const host = new HostSandbox({ ...props, difyVersion: version }, fs.readFileSync(path.join(dir, ".env.example"), "utf8"));
        afterAll(() => host.dispose());
        host.setParameter("/dify/prod/config/endpoints", JSON.stringify(ENDPOINTS));
        host.setRdsSecret({ username: "dify_admin", password: "Ab1$x#y&z%!" });

        test("every running service that reads a setting gets the value this project wrote", () => {
          const result = host.run("dify-configure");
          expect(result.stderr).toMatch(/configured/);
          const env = host.env();
          const override = (parse(composeOverride(tier, props.vectorStore, release)) as { services: Record<string, ComposeService> }).services;
          const running = runningServices(release, tier, composeProfiles(release, tier, props.vectorStore));
          const wrong: string[] = [];
          for (const key of overriddenKeys(tier, props.vectorStore, release)) {
            for (const reader of SETTING_READERS[key] ?? []) {
              const target = readerTarget(key, reader);
              if (!target || !running.includes(target.service)) continue;
              const got = containerValue(compose[target.service], override[target.service], target.variable, env);
              if (got !== env[key]) wrong.push(`${target.service} ${target.variable}: ${JSON.stringify(got)}, not ${key}'s ${JSON.stringify(env[key])}`);
            }
          }
          expect(wrong).toEqual([]);
        });

        test("nothing an upstream default sets survives where this project sets a value", () => {
          const env = host.env();
          expect(env.COMPOSE_PROFILES).toBe(composeProfiles(release, tier, props.vectorStore).join(","));
          expect(env.INTERNAL_FILES_URL).toBe("http://api:5001");
        });
      });
    }

    test("turn collaboration on exactly where the contract says, and nginx routes its socket to the websocket service", () => {
      const example = envFile(path.join(dir, ".env.example"));
      const nginxConf = fs.readFileSync(path.join(dir, "nginx", "conf.d", "default.conf.template"), "utf8");
      if (!release.collaboration) {
        expect(example.ENABLE_COLLABORATION_MODE ?? "false").toBe("false");
        expect(Object.values(compose).some((s) => s.profiles?.includes("collaboration"))).toBe(false);
        return;
      }
      const { profile, service, nginxUpstream } = release.collaboration;
      expect(example.ENABLE_COLLABORATION_MODE).toBe("true");
      expect(compose[service].profiles).toEqual([profile]);
      expect(nginxConf).toMatch(/location \/socket\.io\/ \{[^}]*set \$socket_io_upstream \$\{NGINX_SOCKET_IO_UPSTREAM\};[^}]*proxy_pass http:\/\/\$socket_io_upstream;/);
      expect(environmentOf(compose.nginx).NGINX_SOCKET_IO_UPSTREAM).toBe(`\${NGINX_SOCKET_IO_UPSTREAM:-${nginxUpstream}}`);
      expect(example.NGINX_SOCKET_IO_UPSTREAM).toBe(nginxUpstream);
      // The browser connects to NEXT_PUBLIC_SOCKET_URL, which upstream points at localhost.
      expect(example.NEXT_PUBLIC_SOCKET_URL).toBe("ws://localhost");
    });
  });
}
