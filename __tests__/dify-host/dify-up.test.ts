import { ALL_IN_ONE, ENDPOINTS, HostSandbox, MANAGED } from "./host-sandbox";

/** dify-up, run for real against fake `aws`, `docker` and `sleep`. */

const LOCK = "/dify/prod/migrations/1.10.1";
const sandboxes: HostSandbox[] = [];
const managedHost = () => {
  const host = new HostSandbox(MANAGED);
  host.setParameter("/dify/prod/config/endpoints", JSON.stringify(ENDPOINTS));
  sandboxes.push(host);
  return host;
};
afterAll(() => sandboxes.forEach((s) => s.dispose()));

describe("managed tier", () => {
  test("the first host takes the lock, migrates, marks the version done, then starts everything but the bundled data services", () => {
    const host = managedHost();
    const result = host.run("dify-up", { FAKE_LOCK: LOCK });
    expect(result.stderr).toContain("migrating the database to 1.10.1");
    expect(result.status).toBe(0);
    expect(host.parameter(LOCK)).toBe("done");
    const lockCalls = host.awsCalls().filter((c) => c.includes(LOCK) && c.startsWith("ssm put-parameter"));
    expect(lockCalls[0]).not.toContain("--overwrite");
    expect(lockCalls[1]).toContain("--overwrite");
    expect(host.dockerCalls()).toEqual([
      "compose run --rm --no-deps --entrypoint flask api db upgrade",
      "compose config --services",
      "compose up -d --remove-orphans --no-deps api worker worker_beat web sandbox plugin_daemon ssrf_proxy nginx",
    ]);
  });

  test("a version already migrated is not migrated again", () => {
    const host = managedHost();
    host.setParameter(LOCK, "done");
    expect(host.run("dify-up", { FAKE_LOCK: LOCK }).status).toBe(0);
    expect(host.dockerCalls().some((c) => c.startsWith("compose run"))).toBe(false);
    expect(host.awsCalls().some((c) => c.startsWith("ssm put-parameter"))).toBe(false);
  });

  test("a host that finds the lock taken waits for done, and never migrates", () => {
    const host = managedHost();
    host.setParameter(LOCK, "running on i-0fedcba9876543210 since 2026-11-26T00:00:00Z");
    const result = host.run("dify-up", { FAKE_LOCK: LOCK });
    expect(result.stderr).toContain("waiting for another host");
    expect(result.status).toBe(0);
    expect(host.dockerCalls().some((c) => c.startsWith("compose run"))).toBe(false);
    expect(host.dockerCalls()).toContain("compose up -d --remove-orphans --no-deps api worker worker_beat web sandbox plugin_daemon ssrf_proxy nginx");
  });

  test("a failed migration releases the lock, starts nothing and fails the unit", () => {
    const host = managedHost();
    const result = host.run("dify-up", { FAKE_LOCK: LOCK, FAKE_MIGRATION_EXIT: "1" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("the migration to 1.10.1 failed");
    expect(host.parameter(LOCK)).toBeUndefined();
    expect(host.dockerCalls().some((c) => c.startsWith("compose up"))).toBe(false);
  });

  test("an empty service list stops instead of starting every service (redis included)", () => {
    const host = managedHost();
    host.setParameter(LOCK, "done");
    const result = host.run("dify-up", { FAKE_LOCK: LOCK, FAKE_NO_SERVICES: "1" });
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
