import { gzipSync } from "node:zlib";
import { parse } from "yaml";
import type { DifyTier } from "../../src/config/types";
import { composeOverride, composeOverrideFragments, missingSettings, readerTarget, renderComposeOverride, sameValueKeys } from "../../src/dify-host/compose-override";
import { BUNDLED_DATA_SERVICES, composeProfiles, DIFY_RELEASES, type DifyRelease, type DifyService, difyRelease, envSource, runningServices } from "../../src/dify-host/dify-releases";
import { overriddenKeys, SETTING_READERS, settingsBlocks } from "../../src/dify-host/env-overrides";
import { EC2_USER_DATA_LIMIT } from "../../src/dify-host/gzipped-user-data";
import { renderUserDataScript } from "../../src/dify-host/user-data";
import { optionalTool } from "../helpers/shell-tools";
import { ALL_IN_ONE, ENDPOINTS, HostSandbox, MANAGED } from "./host-sandbox";

/**
 * Every setting the hosts write reaches each service that reads it, in every
 * supported release, through the release's compose file (the project's
 * fixture, src/dify-host/dify-releases.ts) or the override the hosts add.
 * dify-contract-upstream.test.ts holds the fixture to the real compose files.
 */

type Store = "weaviate" | "pgvector";
const CASES: Array<[string, DifyTier, Store]> = DIFY_RELEASES.flatMap(
  (r) =>
    [
      [r.version, "all-in-one", "weaviate"],
      [r.version, "all-in-one", "pgvector"],
      [r.version, "managed", "pgvector"],
    ] as Array<[string, DifyTier, Store]>,
);

interface Override {
  services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>;
}

/** The `.env` key behind a container variable once Compose merges the override over the release's file. */
function effectiveSource(release: DifyRelease, override: Override, service: DifyService, variable: string): string | undefined {
  const value = override.services[service]?.environment?.[variable];
  if (value !== undefined) return /^\$\{([A-Za-z0-9_]+)\}$/.exec(value)?.[1] ?? `literal ${value}`;
  return envSource(release, service, variable);
}

/** What a tier's settings fail to deliver: "service VARIABLE <- KEY", with or without our override. */
function undelivered(release: DifyRelease, tier: DifyTier, store: Store, override: Override): string[] {
  const running = runningServices(release, tier, composeProfiles(release, tier, store));
  const aliases = sameValueKeys(tier, store, release);
  const gaps: string[] = [];
  for (const [key, same] of aliases) {
    for (const reader of SETTING_READERS[key] ?? []) {
      const target = readerTarget(key, reader);
      if (!target || !running.includes(target.service)) continue;
      const source = effectiveSource(release, override, target.service, target.variable);
      if (source === undefined || !same.has(source)) gaps.push(`${target.service} ${target.variable} <- ${key} (gets ${source ?? "nothing"})`);
    }
  }
  return gaps;
}

const NO_OVERRIDE: Override = { services: {} };

describe.each(CASES)("Dify %s, %s tier with %s", (version, tier, store) => {
  const release = difyRelease(version);
  const override = parse(composeOverride(tier, store, release)) as Override;
  const profiles = composeProfiles(release, tier, store);
  const running = runningServices(release, tier, profiles);

  test("is a release of its own in the contract", () => {
    expect(release.version).toBe(version);
  });

  test("every setting names the services that read it", () => {
    const unnamed = overriddenKeys(tier, store, release).filter((key) => !SETTING_READERS[key]?.length);
    expect(unnamed).toEqual([]);
  });

  test("every setting reaches every running service that reads it", () => {
    expect(undelivered(release, tier, store, override)).toEqual([]);
  });

  test("readers left out are services that this release or tier does not run", () => {
    const chosenStore: DifyService = store;
    const skipped = new Set<DifyService>();
    for (const key of overriddenKeys(tier, store, release)) {
      for (const reader of SETTING_READERS[key] ?? []) {
        const target = readerTarget(key, reader);
        if (target && !running.includes(target.service)) skipped.add(target.service);
      }
    }
    for (const service of skipped) {
      const absent = !release.services[service];
      const bundled = tier === "managed" && (BUNDLED_DATA_SERVICES as readonly string[]).includes(service);
      const otherStore = (service === "weaviate" || service === "pgvector") && service !== chosenStore;
      expect([service, absent || bundled || otherStore]).toEqual([service, true]);
    }
  });

  test("runs Dify's services, and the bundled data services only on the all-in-one tier", () => {
    const core: DifyService[] = ["api", "worker", "worker_beat", "web", "plugin_daemon", "sandbox", "ssrf_proxy", "nginx"];
    expect(running).toEqual(expect.arrayContaining(core));
    const data: DifyService[] = ["db_postgres", "redis", store];
    if (tier === "all-in-one") expect(running).toEqual(expect.arrayContaining(data));
    else expect(running.filter((s) => (BUNDLED_DATA_SERVICES as readonly string[]).includes(s))).toEqual([]);
  });

  test("collaboration, where the release turns it on, has its websocket service running and its socket URL set", () => {
    const keys = overriddenKeys(tier, store, release);
    if (release.collaboration) {
      expect(profiles).toContain(release.collaboration.profile);
      expect(running).toContain(release.collaboration.service);
      expect(keys).toEqual(expect.arrayContaining(["ENABLE_COLLABORATION_MODE", "NEXT_PUBLIC_SOCKET_URL"]));
    } else {
      expect(keys).not.toContain("ENABLE_COLLABORATION_MODE");
      expect(running).not.toContain("api_websocket");
    }
  });

  test("the override is valid YAML naming only services of the release, with values read from keys the tier sets", () => {
    const keys = new Set(overriddenKeys(tier, store, release));
    for (const [service, entry] of Object.entries(override.services)) {
      expect([service, service in release.services]).toEqual([service, true]);
      for (const [variable, value] of Object.entries(entry.environment ?? {})) {
        const key = /^\$\{([A-Za-z0-9_]+)\}$/.exec(value)?.[1];
        if (key) expect([variable, keys.has(key)]).toEqual([variable, true]);
      }
    }
    expect(override.services.api.environment).toEqual(expect.objectContaining({ CHECK_UPDATE_URL: "" }));
  });
});

describe("what the override has to fill in", () => {
  // Without the override, exactly these settings go astray: the class of defect behind issue 9, finding 3.
  const expected: Record<string, string[]> = {
    "1.10.1 managed": ["plugin_daemon DB_SSL_MODE <- DB_SSL_MODE (gets nothing)"],
  };
  test.each(CASES)("Dify %s, %s tier with %s", (version, tier, store) => {
    const release = difyRelease(version);
    expect(undelivered(release, tier, store, NO_OVERRIDE)).toEqual(expected[`${version} ${tier}`] ?? []);
  });

  test("the 1.10.1 managed tier passes DB_SSL_MODE to the plugin daemon explicitly, 1.14.1 leaves it to upstream", () => {
    const old = parse(composeOverride("managed", "pgvector", difyRelease("1.10.1"))) as Override;
    expect(old.services.plugin_daemon.environment).toEqual({ DB_SSL_MODE: "${DB_SSL_MODE}" });
    const current = parse(composeOverride("managed", "pgvector", difyRelease("1.14.1"))) as Override;
    expect(current.services.plugin_daemon).toBeUndefined();
    expect(missingSettings("all-in-one", "weaviate", difyRelease("1.10.1"))).toEqual([]);
  });
});

describe("settings the findings of issue 9 are about", () => {
  const value = (release: DifyRelease, tier: DifyTier, key: string) =>
    settingsBlocks(tier, "pgvector", release)
      .flatMap((b) => b.settings)
      .find((s) => s.key === key)?.value;

  test.each(DIFY_RELEASES.map((r) => [r.version]))("%s: plugin file URLs use the api inside the Compose network", (version) => {
    const release = difyRelease(version);
    expect(value(release, "managed", "INTERNAL_FILES_URL")).toBe("http://api:5001");
    expect(envSource(release, "api", "INTERNAL_FILES_URL")).toBe("INTERNAL_FILES_URL");
  });

  test("1.14.1 starts the collaboration profile on both tiers, 1.10.1 has none to start", () => {
    expect(composeProfiles(difyRelease("1.14.1"), "managed", "pgvector")).toEqual(["collaboration"]);
    expect(composeProfiles(difyRelease("1.14.1"), "all-in-one", "weaviate")).toEqual(["weaviate", "postgresql", "collaboration"]);
    expect(composeProfiles(difyRelease("1.10.1"), "managed", "pgvector")).toEqual([]);
    expect(value(difyRelease("1.14.1"), "managed", "NEXT_PUBLIC_SOCKET_URL")).toBe('"${PUBLIC_URL/#http/ws}"');
  });
});

describe("releases outside the tested ones", () => {
  test.each([
    ["1.9.0", "1.10.1"],
    ["1.12.3", "1.10.1"],
    ["1.14.1", "1.14.1"],
    ["1.14.2", "1.14.1"],
    ["2.0.0", "1.14.1"],
  ])("%s is deployed with the contract of %s", (version, contract) => {
    expect(difyRelease(version).version).toBe(contract);
  });
});

describe("the override builder", () => {
  test("merges fragments per service, in first-seen order, and renders YAML that Compose can read", () => {
    const yaml = renderComposeOverride([
      { service: "api", why: "one", environment: { A: "1" } },
      { service: "ssrf_proxy", why: "a mount", volumes: ["./squid.conf:/etc/squid/conf.d/aws.conf:ro"] },
      { service: "api", why: "two", environment: { B: "${B}", C: 'quote " and # hash' } },
    ]);
    expect(parse(yaml)).toEqual({
      services: {
        api: { environment: { A: "1", B: "${B}", C: 'quote " and # hash' } },
        ssrf_proxy: { volumes: ["./squid.conf:/etc/squid/conf.d/aws.conf:ro"] },
      },
    });
    expect(Object.keys(parse(yaml).services)).toEqual(["api", "ssrf_proxy"]);
    expect(yaml).toContain("  # one\n  # two\n  api:");
  });

  test("refuses a variable set twice to different values, and names that are not plain", () => {
    expect(() =>
      renderComposeOverride([
        { service: "api", why: "a", environment: { A: "1" } },
        { service: "api", why: "b", environment: { A: "2" } },
      ]),
    ).toThrow("api gets A twice");
    expect(() => renderComposeOverride([{ service: "api: {}", why: "x" }])).toThrow("bad service name");
    expect(() => renderComposeOverride([{ service: "api", why: "x", environment: { "A: b": "1" } }])).toThrow("bad variable name");
  });

  test("every fragment says why", () => {
    for (const [version, tier, store] of CASES) {
      for (const fragment of composeOverrideFragments(tier, store, difyRelease(version))) expect(fragment.why.length).toBeGreaterThan(10);
    }
  });
});

// dify-configure parses JSON with jq: skipped with a line where it is missing, required in CI.
(optionalTool("jq", "dify-configure parses JSON with it") ? describe : describe.skip)("dify-configure, run for real on each release's settings", () => {
  const hosts: HostSandbox[] = [];
  afterAll(() => hosts.forEach((h) => h.dispose()));
  const configure = (props: typeof ALL_IN_ONE, version: string) => {
    const host = new HostSandbox({ ...props, difyVersion: version });
    hosts.push(host);
    host.setParameter("/dify/prod/config/endpoints", JSON.stringify(ENDPOINTS));
    host.setRdsSecret({ username: "dify_admin", password: "secret-pw" });
    const result = host.run("dify-configure");
    expect(result.stderr).toMatch(/configured/);
    return host.env();
  };

  test("1.14.1 starts collaboration on both tiers and points the browser's socket at the public URL over TLS", () => {
    expect(configure(MANAGED, "1.14.1")).toMatchObject({
      COMPOSE_PROFILES: "collaboration",
      ENABLE_COLLABORATION_MODE: "true",
      NEXT_PUBLIC_SOCKET_URL: "wss://dify.example.com",
      INTERNAL_FILES_URL: "http://api:5001",
    });
    expect(configure(ALL_IN_ONE, "1.14.1")).toMatchObject({
      COMPOSE_PROFILES: "weaviate,postgresql,collaboration",
      NEXT_PUBLIC_SOCKET_URL: "wss://dify-dev.example.com",
    });
  });

  test("1.10.1 has no collaboration to start", () => {
    const env = configure(MANAGED, "1.10.1");
    expect(env.COMPOSE_PROFILES).toBe("");
    expect(env).not.toHaveProperty("NEXT_PUBLIC_SOCKET_URL");
    expect(env.INTERNAL_FILES_URL).toBe("http://api:5001");
  });
});

describe.each(DIFY_RELEASES.map((r) => [r.version]))("the %s boot script", (version) => {
  test.each([
    ["all-in-one", ALL_IN_ONE],
    ["managed", MANAGED],
  ] as const)("%s: writes the release's override next to upstream's compose file, within EC2's user data limit", (_tier, props) => {
    const script = renderUserDataScript({ ...props, difyVersion: version });
    const start = script.indexOf(`cat >"$rel/docker-compose.aws.yaml" <<'DIFY_EOF'\n`);
    expect(start).toBeGreaterThan(0);
    const body = script.slice(script.indexOf("\n", start) + 1, script.indexOf("\nDIFY_EOF\n", start));
    expect(parse(body)).toEqual(parse(composeOverride(props.tier, props.vectorStore, difyRelease(version))));
    // EC2 takes 16 KB of (gzipped) user data; keep half of it free.
    expect(gzipSync(script).length).toBeLessThan(EC2_USER_DATA_LIMIT / 2);
  });
});
