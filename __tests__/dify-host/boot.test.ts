import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedSecrets } from "../../src/dify-host/env-overrides";
import type { UserDataProps } from "../../src/dify-host/user-data";
import { optionalTool } from "../helpers/shell-tools";
import { ALL_IN_ONE, BOOT_TIMEOUT_MS, ENDPOINTS, HostSandbox, hasTool, MANAGED } from "./host-sandbox";

/**
 * Fault injection: the rendered boot script, run end to end under a scratch
 * root with stub commands (an SSM store with real create-once and overwrite
 * semantics, Docker, systemd, the network, the disks), on both tiers.
 */

const TIERS: Array<[string, UserDataProps]> = [
  ["all-in-one", ALL_IN_ONE],
  ["managed", MANAGED],
];
const OTHER = "i-0fedcba9876543210";
const RELEASE_URL = "https://github.com/langgenius/dify/archive/refs/tags/1.10.1.tar.gz";

// The cases run concurrently (test.concurrent, jest's maxConcurrency at a
// time): a boot is some 300 short processes, and the CPUs idle while each
// starts. A case may run twice its boot time, waiting for a slot.
jest.setTimeout(2 * BOOT_TIMEOUT_MS);

const sandboxes: HostSandbox[] = [];
afterAll(() => sandboxes.forEach((s) => s.dispose()));

// The host scripts parse JSON with jq: a fresh machine may lack it (the suite then
// skips with a line saying so); CI requires it. flock comes with util-linux.
const describe = optionalTool("jq", "the host scripts parse JSON with it") ? global.describe : global.describe.skip;
beforeAll(() => {
  if (!hasTool("flock")) throw new Error("flock (util-linux) is not installed; the fake AWS store needs it");
});

/** A host that has never booted: nothing installed, its data volume (all-in-one) attached and blank. */
function newHost(props: UserDataProps, options: { shareAwsWith?: HostSandbox; instanceId?: string } = {}): HostSandbox {
  const host = new HostSandbox(props, undefined, { ...options, installed: false });
  sandboxes.push(host);
  if (props.dataVolume) host.attachDataVolume();
  if (props.tier === "managed" && !options.shareAwsWith) {
    host.setParameter(`${props.ssmPrefix}config/endpoints`, JSON.stringify(ENDPOINTS));
    host.setRdsSecret({ username: "dify", password: "rds-generated-password" });
  }
  return host;
}

/** Every file the boot wrote (path, mode, content hash), leaving out logs, temp files and the stubs' records. */
function tree(host: HostSandbox): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(host.root, full);
      if (/^(fake-|tmp$|var\/log)/.test(rel)) continue;
      if (entry.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) walk(full);
      else out[rel] = `${(fs.statSync(full).mode & 0o777).toString(8)} ${crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex")}`;
    }
  };
  walk(host.root);
  return out;
}

const secretNames = (props: UserDataProps) => generatedSecrets(props.tier, props.vectorStore).map((s) => `${props.ssmPrefix}secrets/${s.name}`);
const downloads = (host: HostSandbox) => host.calls("curl").filter((url) => url.startsWith("https://"));

/** What the first-boot test reads, taken as soon as the first boot ends, before the shared host boots again. */
interface FirstBoot {
  readonly host: HostSandbox;
  readonly status: number | null;
  readonly stdout: string;
  readonly parameters: Record<string, string>;
  readonly env: Record<string, string>;
  readonly envMode: number;
  readonly envNewLeft: boolean;
  readonly calls: Record<"chmod" | "systemctl" | "iptables" | "mkfs" | "docker", string[]>;
  readonly files: Record<"ssrfConf" | "composeOverride" | "fstab" | "elasticacheUser", string | undefined>;
  readonly difyBootInstalled: boolean;
}

/**
 * One first boot per tier, then a re-run on the same host, then a reboot into
 * an outage: three tests read these stages, and each stage starts only after
 * the one before has ended, so no test sees another's changes whatever order
 * jest runs them in. A boot costs some 230 processes; the stages save two.
 */
const stages = new Map<string, { first: Promise<FirstBoot>; rerun?: Promise<Rerun> }>();
function firstBoot(props: UserDataProps): Promise<FirstBoot> {
  let stage = stages.get(props.tier);
  if (!stage) {
    const host = newHost(props);
    const readIf = (relative: string) => (host.exists(relative) ? host.read(relative) : undefined);
    const first = host.boot().then((result) => ({
      host,
      status: result.status,
      stdout: result.stdout,
      parameters: host.parameters(),
      env: host.exists("opt/dify/current/.env") ? host.env() : {},
      envMode: host.exists("opt/dify/current/.env") ? fs.statSync(path.join(host.root, "opt/dify/current/.env")).mode & 0o777 : 0,
      envNewLeft: host.exists("opt/dify/current/.env.new"),
      calls: { chmod: host.calls("chmod"), systemctl: host.calls("systemctl"), iptables: host.calls("iptables"), mkfs: host.calls("mkfs"), docker: host.dockerCalls() },
      files: {
        ssrfConf: readIf("etc/dify/ssrf-proxy.conf"),
        composeOverride: readIf("opt/dify/current/docker-compose.aws.yaml"),
        fstab: readIf("etc/fstab"),
        elasticacheUser: host.exists("fake-aws/elasticache-user.json") ? fs.readFileSync(path.join(host.state, "elasticache-user.json"), "utf8") : undefined,
      },
      difyBootInstalled: host.exists("usr/local/sbin/dify-boot"),
    }));
    stage = { first };
    stages.set(props.tier, stage);
  }
  return stage.first;
}

/** The shared host booted a second time: what the re-run test compares, taken before and after it. */
interface Rerun {
  readonly status: number | null;
  readonly treeBefore: Record<string, string>;
  readonly treeAfter: Record<string, string>;
  readonly counts: Array<[string, number, number]>;
  readonly newDockerCalls: string[];
  readonly newSystemctlCalls: string[];
}

function rerun(props: UserDataProps): Promise<Rerun> {
  firstBoot(props);
  const stage = stages.get(props.tier) as NonNullable<ReturnType<typeof stages.get>>;
  stage.rerun ??= stage.first.then(async ({ host }) => {
    const count = () => ({
      puts: host.awsCalls().filter((c) => c.includes("put-parameter")).length,
      downloads: downloads(host).length,
      mkfs: host.calls("mkfs").length,
    });
    const [treeBefore, before, docker, systemctl] = [tree(host), count(), host.dockerCalls().length, host.calls("systemctl").length];
    const second = await host.boot();
    const after = count();
    return {
      status: second.status,
      treeBefore,
      treeAfter: tree(host),
      counts: Object.keys(before).map((k): [string, number, number] => [k, before[k as keyof typeof before], after[k as keyof typeof after]]),
      newDockerCalls: host.dockerCalls().slice(docker),
      newSystemctlCalls: host.calls("systemctl").slice(systemctl),
    };
  });
  return stage.rerun;
}

describe.each(TIERS)("%s host", (tier, props) => {
  test.concurrent("first boot: installs, generates every secret once, contains the role and starts Dify", async () => {
    const first = await firstBoot(props);
    expect(first.stdout).toContain("boot: done, Dify 1.10.1 is running");
    expect(first.status).toBe(0);
    const parameter = (name: string) => first.parameters[name];

    for (const name of secretNames(props)) expect([name, parameter(name)]).toEqual([name, expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(first.env.SECRET_KEY).toBe(parameter(`${props.ssmPrefix}secrets/SECRET_KEY`));
    expect(first.envMode).toBe(0o600);
    expect(first.envNewLeft).toBe(false);
    // .env.new, which holds every secret, was created 0600 (umask 077), not made so afterwards.
    expect(first.calls.chmod.filter((c) => c.includes("/.env.new'"))).toEqual([expect.stringMatching(/^mode of '\S+\/\.env\.new' (changed from|retained as) 0600 /)]);

    // The firewall is up before Docker, and starts closed: REJECT only.
    const systemctl = first.calls.systemctl;
    expect(systemctl.indexOf("enable --now dify-firewall.service")).toBeLessThan(systemctl.indexOf("enable --now docker"));
    expect(first.calls.iptables).toEqual([":DOCKER-USER", ":DIFY-IMDS", "-A DIFY-IMDS -j REJECT", "-A DOCKER-USER -d 169.254.169.254/32 -j DIFY-IMDS"]);

    // The SSRF proxy refuses the VPC's CIDR blocks, read from the instance metadata.
    expect(first.files.ssrfConf).toContain("acl dify_refused dst 10.20.0.0/16 100.64.0.0/16\n");
    expect(first.files.composeOverride).toMatch(/ssrf_proxy:\n\s+volumes:\n\s+- \S+\/etc\/dify\/ssrf-proxy\.conf:\S*\/etc\/squid\/conf\.d\/00-dify-aws\.conf:ro/);

    expect(first.difyBootInstalled).toBe(true);
    expect(first.calls.docker).toContain(tier === "managed" ? "compose run --rm --no-deps --entrypoint flask api db upgrade" : "compose up -d --remove-orphans");
    if (tier === "all-in-one") {
      expect(first.calls.mkfs).toHaveLength(1);
      expect(first.files.fstab).toMatch(/^UUID=6f1c2d3e-0000-4000-8000-00000000000a \S+\/data xfs defaults,nofail 0 2$/m);
    } else {
      expect(JSON.parse(first.files.elasticacheUser ?? "{}").AuthenticationMode?.Passwords).toEqual([parameter("/dify/prod/secrets/REDIS_PASSWORD")]);
      expect(parameter("/dify/prod/migrations/1.10.1/done")).toBe("migrated by i-0123456789abcdef0");
    }
  });

  test.concurrent("a re-run changes nothing: no download, no format, no new secret, the same files", async () => {
    const second = await rerun(props);
    expect(second.status).toBe(0);
    expect(second.treeAfter).toEqual(second.treeBefore);
    // put-parameter calls, downloads and mkfs runs: as many after the re-run as before it.
    for (const [what, before, after] of second.counts) expect([what, after]).toEqual([what, before]);
    expect(second.newDockerCalls.filter((c) => c.startsWith("compose run") || c.includes("restart"))).toEqual([]);
    // daemon.json is unchanged, so Docker (and every container) keeps running.
    expect(second.newSystemctlCalls).not.toContain("try-restart docker");
  });

  test.concurrent("after a reboot into a long SSM outage, dify.service fails with the real error, then its restart brings Dify back", async () => {
    const { host } = await firstBoot(props);
    // After the re-run: the same host, booted and untouched since.
    await rerun(props);
    fs.rmSync(path.join(host.root, "opt/dify/current/.env"));
    host.awsOutage(1000);
    const failed = await host.bootless("start dify.service");
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain("Could not connect to the endpoint URL");
    expect(failed.stderr.match(/FAILED at \/usr\/local\/sbin\/dify-configure:\d+: /g)).toHaveLength(1);
    host.awsOutage(0);
    const restarted = await host.bootless("start dify.service");
    expect(restarted.status).toBe(0);
    expect(host.env().SECRET_KEY).toBe(host.parameter(`${props.ssmPrefix}secrets/SECRET_KEY`));
  });

  test.concurrent("two hosts racing on an empty store end with the same secrets (and one migration)", async () => {
    const a = newHost(props);
    const b = newHost(props, { shareAwsWith: a, instanceId: OTHER });
    const [ra, rb] = await Promise.all([a.bootInBackground().done, b.bootInBackground().done]);
    expect([ra.status, rb.status]).toEqual([0, 0]);
    const keys = ["SECRET_KEY", "PLUGIN_DAEMON_KEY", "PLUGIN_DIFY_INNER_API_KEY", "SANDBOX_API_KEY", "REDIS_PASSWORD"];
    const pick = (env: Record<string, string>) => Object.fromEntries(keys.map((k) => [k, env[k]]));
    expect(pick(b.env())).toEqual(pick(a.env()));
    expect(a.env().SECRET_KEY).toBe(a.parameter(`${props.ssmPrefix}secrets/SECRET_KEY`));
    if (tier === "managed") {
      const runs = [...a.dockerCalls(), ...b.dockerCalls()].filter((c) => c.startsWith("compose run"));
      expect(runs).toHaveLength(1);
    }
  });

  test.concurrent("faults that pass (an SSM outage, a download that returns 503, dnf failing twice) are retried; the log shows each one", async () => {
    // Three independent faults in one boot: each is retried where it occurs, and the boot ends.
    const host = newHost(props);
    host.awsOutage(5);
    host.write("fake-host/curl-fail", "1.10.1.tar.gz 503 2\n");
    host.write("fake-host/dnf-fail", "2\n");
    const result = await host.boot();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("boot: done");
    // The SSM outage is waited out, and the log shows AWS's own error.
    expect(result.stdout).toContain('Could not connect to the endpoint URL: "https://ssm.ap-northeast-1.amazonaws.com/"');
    expect(result.stdout).toMatch(/aws ssm \S+: Could not connect[^\n]*\(try 1\/8, again in 2s\)/);
    // The download names the URL and status.
    expect(result.stdout).toContain(`download ${RELEASE_URL}: HTTP 503 (try 1/5, again in 2s)`);
    expect(result.stdout).toContain(`download ${RELEASE_URL}: HTTP 503 (try 2/5, again in 4s)`);
    expect(downloads(host).filter((u) => u === RELEASE_URL)).toHaveLength(3);
    // A mirror that is down.
    expect(host.calls("dnf")).toHaveLength(3);
    expect(result.stdout).toContain("try 1/5 failed (exit 1), again in 2s: dnf install");
  });

  test.concurrent("a download that keeps failing stops the boot once, naming the URL, the status and the failing command", async () => {
    const host = newHost(props);
    host.write("fake-host/curl-fail", "1.10.1.tar.gz 404 99\n");
    const result = await host.boot();
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(`download failed: ${RELEASE_URL}: HTTP 404`);
    expect(result.stdout).toContain("HTTP 404 means it is not a langgenius/dify release tag");
    // 404 is final: no retries.
    expect(downloads(host).filter((u) => u === RELEASE_URL)).toHaveLength(1);
    expect(result.stdout).not.toContain("boot: done");
  });

  test.concurrent("a refused put-parameter (KMS AccessDenied) stops with AWS's message, not ParameterNotFound", async () => {
    const host = newHost(props);
    fs.writeFileSync(path.join(host.state, "deny"), "ssm put-parameter\n");
    const result = await host.boot();
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(
      /cannot create the SSM parameter \/dify\/\w+\/secrets\/\w+: An error occurred \(AccessDeniedException\) when calling the put-parameter operation: .*kms:GenerateDataKey/,
    );
    expect(result.stdout).not.toContain("ParameterNotFound");
    expect(result.stdout).toMatch(/boot FAILED at line \d+: /);
  });
});

describe("all-in-one data volume", () => {
  test.concurrent("an existing filesystem is never formatted, and is mounted by its own UUID", async () => {
    const host = newHost(ALL_IN_ONE);
    const disk = `nvme-Amazon_Elastic_Block_Store_${ALL_IN_ONE.dataVolume?.volumeId.replace("-", "")}`;
    host.write(`fake-host/disks/${disk}`, "0d15ea5e-1111-4222-8333-444455556666\n");
    const result = await host.boot();
    expect(result.status).toBe(0);
    expect(host.calls("mkfs")).toEqual([]);
    expect(result.stdout).not.toContain("formatting");
    expect(host.read("etc/fstab")).toMatch(/^UUID=0d15ea5e-1111-4222-8333-444455556666 \S+\/data xfs /m);
    expect(host.calls("mounts")).toEqual([expect.stringMatching(/\/data$/)]);
  });
});

describe("managed: a host killed mid-migration", () => {
  test.concurrent("the other host takes the lease over once it lapses, migrates and starts", async () => {
    const a = newHost(MANAGED);
    const running = a.bootInBackground({ FAKE_MIGRATION_HANG: "1" });
    const lease1 = "/dify/prod/migrations/1.10.1/lease-1";
    for (let i = 0; i < 600 && !a.dockerCalls().some((c) => c.startsWith("compose run")); i++) await new Promise((r) => setTimeout(r, 200));
    expect(a.parameter(lease1)).toMatch(/^i-0123456789abcdef0 \d+ running$/);
    running.kill();
    await running.done;
    // The killed host's last renewal holds the lease for 5 minutes more; let
    // all but the last 30 s of them pass, so the other host waits once
    // (sleep 30) instead of ten times before the lease lapses.
    const expiry = Number(a.parameter(lease1)?.split(" ")[1]);
    a.setClock(expiry - 30);

    const b = newHost(MANAGED, { shareAwsWith: a, instanceId: OTHER });
    const result = await b.boot();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`waiting for i-0123456789abcdef0 to migrate the database to 1.10.1 (lease 1 until ${expiry}, now ${expiry - 30})`);
    expect(result.stdout).toContain("taking over the migration lease from i-0123456789abcdef0 (lease 1: running");
    expect(b.parameter("/dify/prod/migrations/1.10.1/lease-2")).toMatch(new RegExp(`^${OTHER} \\d+ running$`));
    expect(b.parameter("/dify/prod/migrations/1.10.1/done")).toBe(`migrated by ${OTHER}`);
    expect(b.dockerCalls()).toContain("compose run --rm --no-deps --entrypoint flask api db upgrade");
  });
});
