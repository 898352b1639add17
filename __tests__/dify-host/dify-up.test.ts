import { ALL_IN_ONE, ENDPOINTS, HostSandbox, MANAGED } from "./host-sandbox";

/** dify-up, run for real against fake `aws`, `docker` and a virtual clock. */

const BASE = "/dify/prod/migrations/1.10.1";
const SELF = "i-0123456789abcdef0";
const OTHER = "i-0fedcba9876543210";
const SERVICES = "api worker worker_beat web sandbox plugin_daemon ssrf_proxy nginx";
const sandboxes: HostSandbox[] = [];
const managedHost = () => {
  const host = new HostSandbox(MANAGED);
  host.setParameter("/dify/prod/config/endpoints", JSON.stringify(ENDPOINTS));
  sandboxes.push(host);
  return host;
};
afterAll(() => sandboxes.forEach((s) => s.dispose()));

const migrations = (host: HostSandbox) => host.dockerCalls().filter((c) => c.startsWith("compose run"));
const lease = (owner: string, expiry: number, state: string) => `${owner} ${expiry} ${state}`;

describe("managed tier: the migration lease", () => {
  test("the first host creates lease 1 without --overwrite, migrates, marks the version done, then starts everything but the bundled data services", () => {
    const host = managedHost();
    const result = host.run("dify-up");
    expect(result.stderr).toContain("migrating the database to 1.10.1 (lease 1)");
    expect(result.status).toBe(0);
    expect(host.parameter(`${BASE}/done`)).toBe(`migrated by ${SELF}`);
    expect(host.parameter(`${BASE}/lease-1`)).toMatch(new RegExp(`^${SELF} \\d+ running$`));
    const created = host.awsCalls().find((c) => c.startsWith("ssm put-parameter") && c.includes(`${BASE}/lease-1`));
    expect(created).not.toContain("--overwrite");
    expect(host.dockerCalls()).toEqual([
      "compose pull --quiet api",
      "compose run --rm --no-deps --entrypoint flask api db upgrade",
      "compose config --services",
      `compose up -d --remove-orphans --no-deps ${SERVICES}`,
    ]);
  });

  test("a version already migrated is not migrated again", () => {
    const host = managedHost();
    host.setParameter(`${BASE}/done`, "migrated by i-0aaaaaaaaaaaaaaaa");
    expect(host.run("dify-up").status).toBe(0);
    expect(migrations(host)).toEqual([]);
    expect(host.awsCalls().some((c) => c.startsWith("ssm put-parameter"))).toBe(false);
  });

  test("a lease held by another host is waited for, then taken over once it lapses (the holder died)", () => {
    const host = managedHost();
    const start = host.clock();
    host.setParameter(`${BASE}/lease-1`, lease(OTHER, start + 300, "running"));
    const result = host.run("dify-up");
    expect(result.stderr).toContain(`waiting for ${OTHER} to migrate the database to 1.10.1`);
    expect(result.stderr).toContain(`taking over the migration lease from ${OTHER} (lease 1: running`);
    expect(result.status).toBe(0);
    expect(host.clock() - start).toBeGreaterThanOrEqual(300);
    expect(host.parameter(`${BASE}/lease-2`)).toMatch(new RegExp(`^${SELF} `));
    expect(migrations(host)).toHaveLength(1);
  });

  test("a lease whose holder reports a failed migration is taken at once", () => {
    const host = managedHost();
    const start = host.clock();
    host.setParameter(`${BASE}/lease-1`, lease(OTHER, start + 300, "failed"));
    const result = host.run("dify-up");
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain("waiting for");
    expect(host.clock() - start).toBeLessThan(300);
    expect(host.parameter(`${BASE}/lease-2`)).toMatch(new RegExp(`^${SELF} `));
    expect(host.parameter(`${BASE}/done`)).toBeDefined();
  });

  test("a host finding its own lease (it rebooted mid-migration) takes the next one at once", () => {
    const host = managedHost();
    host.setParameter(`${BASE}/lease-1`, lease(SELF, host.clock() + 300, "running"));
    expect(host.run("dify-up").status).toBe(0);
    expect(host.parameter(`${BASE}/lease-2`)).toMatch(new RegExp(`^${SELF} `));
  });

  test("a failed migration marks the lease failed, starts nothing and fails the unit", () => {
    const host = managedHost();
    const result = host.run("dify-up", { FAKE_MIGRATION_EXIT: "1" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("the migration to 1.10.1 failed (exit 1");
    expect(host.parameter(`${BASE}/lease-1`)).toMatch(new RegExp(`^${SELF} \\d+ failed$`));
    expect(host.parameter(`${BASE}/done`)).toBeUndefined();
    expect(host.dockerCalls().some((c) => c.startsWith("compose up"))).toBe(false);
    // The restart (Restart=on-failure) retries it.
    expect(host.run("dify-up").status).toBe(0);
    expect(host.parameter(`${BASE}/lease-2`)).toMatch(new RegExp(`^${SELF} \\d+ running$`));
  });

  test("a holder that keeps its lease alive past 15 minutes fails the waiting host, inside the health-check grace", () => {
    const host = managedHost();
    const start = host.clock();
    host.setParameter(`${BASE}/lease-1`, lease(OTHER, start + 86_400, "running"));
    const result = host.run("dify-up");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`no host finished the migration to 1.10.1 within 15 minutes; ${BASE}/lease-1 is held by ${OTHER} (running)`);
    expect(host.clock() - start).toBeLessThan(30 * 60);
    expect(migrations(host)).toEqual([]);
  });

  test("an empty service list stops instead of starting every service (redis included)", () => {
    const host = managedHost();
    host.setParameter(`${BASE}/done`, "migrated");
    const result = host.run("dify-up", { FAKE_NO_SERVICES: "1" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("lists no services");
    expect(host.dockerCalls().some((c) => c.startsWith("compose up"))).toBe(false);
  });
});

describe("all-in-one", () => {
  test("starts the whole project; the api migrates at start as upstream does", () => {
    const host = new HostSandbox(ALL_IN_ONE);
    sandboxes.push(host);
    expect(host.run("dify-up").status).toBe(0);
    expect(host.dockerCalls()).toEqual(["compose up -d --remove-orphans"]);
    expect(host.awsCalls()).toEqual([]);
  });
});
