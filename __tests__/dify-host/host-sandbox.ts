import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderHostFiles, renderUserDataScript, type UserDataProps } from "../../src/dify-host/user-data";

const FIXTURES = path.join(__dirname, "fixtures");

/** Realistic props of the two tiers, as the lead's stack passes them (without tokens). */
export const ALL_IN_ONE: UserDataProps = {
  difyVersion: "1.10.1",
  tier: "all-in-one",
  vectorStore: "weaviate",
  region: "ap-northeast-1",
  ssmPrefix: "/dify/dev/",
  kmsKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/0b4c1a7e-1111-2222-3333-444455556666",
  logGroupName: "/dify/dev/containers",
  deployment: "dify-dev",
  publicUrl: "https://dify-dev.example.com",
  uploadFileSizeLimitMb: 15,
  internetAccess: true,
  dataVolume: { volumeId: "vol-0123456789abcdef0", deviceName: "/dev/sdf" },
};

export const MANAGED: UserDataProps = {
  difyVersion: "1.10.1",
  tier: "managed",
  vectorStore: "pgvector",
  region: "ap-northeast-1",
  ssmPrefix: "/dify/prod/",
  kmsKeyArn: "arn:aws:kms:ap-northeast-1:210987654321:key/9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff",
  logGroupName: "/dify/prod/containers",
  deployment: "dify-prod",
  publicUrl: "https://dify.example.com/",
  uploadFileSizeLimitMb: 200,
  internetAccess: true,
};

/** The managed tier's endpoints parameter, in the shape the lead's stack writes. */
export const ENDPOINTS = {
  db: { host: "dify-prod.abc123.ap-northeast-1.rds.amazonaws.com", port: 5432, name: "dify", secretArn: "arn:aws:secretsmanager:ap-northeast-1:210987654321:secret:rds!db-1234-AbCdEf" },
  redis: { host: "master.dify-prod-cache.abc123.apne1.cache.amazonaws.com", port: 6379, userId: "dify-prod-app", username: "dify-app" },
  storage: { bucket: "dify-prod-files-210987654321-ap-northeast-1", region: "ap-northeast-1" },
};

export { hasTool } from "../helpers/shell-tools";

/**
 * Where the real tools are, for the stubs that wrap them (the fake sleep and
 * date). Looked up once per worker: every spawn from a jest worker costs a
 * fork of a large process.
 */
const realTools = new Map<string, string>();
function realTool(tool: string): string {
  let found = realTools.get(tool);
  if (found === undefined) {
    found = spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    if (!found) throw new Error(`${tool} is not on PATH`);
    realTools.set(tool, found);
  }
  return found;
}

/**
 * A boot that has not ended by then hangs. Boots run a few at a time, so on a
 * loaded machine one can take minutes; the suites set their test timeout to match.
 */
export const BOOT_TIMEOUT_MS = 300_000;

/** Release archives already built in this worker, by version and .env.example: tar runs once for each. */
const releaseArchives = new Map<string, Buffer>();

/** The stub commands of tests/fixtures, all of them on PATH in every sandbox. */
const STUBS = ["aws", "docker", "sleep", "date", "curl", "systemctl", "dnf", "blkid", "mkfs.xfs", "mount", "mountpoint", "iptables", "iptables-restore", "chmod"];

export interface SandboxOptions {
  /** Another sandbox whose AWS store (SSM parameters, clock, call log) this one shares: two hosts of one deployment. */
  readonly shareAwsWith?: HostSandbox;
  /** This host's instance id. @default "i-0123456789abcdef0" */
  readonly instanceId?: string;
  /** Whether the commands are installed up front (dify-configure, dify-up tests) or left to the boot script. @default true */
  readonly installed?: boolean;
}

/**
 * A scratch root for one host: /etc/dify, /usr/local, /opt/dify and the rest
 * live under it, and stub commands (tests/fixtures) stand in for AWS, Docker,
 * systemd, the network and the disks. DIFY_ROOT points the installed commands
 * at it; the boot script is rewritten to use it (see bootScript). Time is
 * virtual: the fake sleep moves a clock that the fake `date +%s` reads.
 */
export class HostSandbox {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "dify-host-"));
  /** The AWS store, possibly shared with other hosts. */
  readonly state = path.join(this.root, "fake-aws");
  /** What this host's stubs recorded (docker, systemctl, curl, disks, firewall). */
  readonly host = path.join(this.root, "fake-host");
  private readonly bin = path.join(this.root, "fake-bin");
  private readonly tarball = path.join(this.root, "fake-release.tar.gz");

  constructor(
    readonly props: UserDataProps,
    envExample = fs.readFileSync(path.join(FIXTURES, "env.example"), "utf8"),
    options: SandboxOptions = {},
  ) {
    const script = renderUserDataScript(props);
    const hostEnv = /cat >\/etc\/dify\/host\.env <<'DIFY_EOF'\n([\s\S]*?)\nDIFY_EOF\n/.exec(script);
    if (!hostEnv) throw new Error("the boot script writes no /etc/dify/host.env");
    this.write("var/lib/cloud/data/instance-id", `${options.instanceId ?? "i-0123456789abcdef0"}\n`);
    for (const dir of ["var/log", "tmp", "fake-host", "etc/systemd/system"]) fs.mkdirSync(path.join(this.root, dir), { recursive: true });
    if (options.installed ?? true) {
      this.write("etc/dify/host.env", `${hostEnv[1]}\n`);
      for (const file of renderHostFiles(props)) this.write(file.path.slice(1), file.content, Number.parseInt(file.mode, 8));
      this.write("opt/dify/current/.env.example", envExample);
    } else {
      this.write("etc/fstab", "");
      this.releaseTarball(envExample);
    }
    for (const tool of STUBS) this.write(`fake-bin/${tool}`, fs.readFileSync(path.join(FIXTURES, tool), "utf8"), 0o755);
    if (options.shareAwsWith) {
      fs.symlinkSync(options.shareAwsWith.state, this.state);
    } else {
      fs.mkdirSync(path.join(this.state, "ssm"), { recursive: true });
      fs.writeFileSync(path.join(this.state, "clock"), `${Math.floor(Date.now() / 1000)}\n`);
    }
  }

  /** The release archive the fake GitHub serves: dify-<version>/docker with upstream's files. */
  private releaseTarball(envExample: string): void {
    const key = `${this.props.difyVersion}\n${envExample}`;
    const built = releaseArchives.get(key);
    if (built) {
      fs.writeFileSync(this.tarball, built);
      return;
    }
    const docker = path.join(this.root, "fake-release", `dify-${this.props.difyVersion}`, "docker");
    fs.mkdirSync(path.join(docker, "volumes", "ssrf_proxy"), { recursive: true });
    fs.writeFileSync(path.join(docker, ".env.example"), envExample);
    fs.writeFileSync(path.join(docker, "docker-compose.yaml"), "services: {}\n");
    fs.writeFileSync(path.join(docker, "volumes", "ssrf_proxy", "squid.conf.template"), "include /etc/squid/conf.d/*.conf\n");
    const tar = spawnSync("tar", ["-czf", this.tarball, "-C", path.join(this.root, "fake-release"), `dify-${this.props.difyVersion}`]);
    if (tar.status !== 0) throw new Error(`cannot build the fake release: ${tar.stderr}`);
    fs.rmSync(path.join(this.root, "fake-release"), { recursive: true });
    releaseArchives.set(key, fs.readFileSync(this.tarball));
  }

  write(relative: string, content: string, mode = 0o644): void {
    const file = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode });
  }

  read(relative: string): string {
    return fs.readFileSync(path.join(this.root, relative), "utf8");
  }

  exists(relative: string): boolean {
    return fs.existsSync(path.join(this.root, relative));
  }

  /** The environment the commands run in: the stubs first on PATH, temp files inside the root. */
  environment(extraEnv: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DIFY_ROOT: this.root,
      FAKE_AWS: this.state,
      FAKE_HOST: this.host,
      FAKE_TARBALL: this.tarball,
      REAL_SLEEP: realTool("sleep"),
      REAL_DATE: realTool("date"),
      REAL_CHMOD: realTool("chmod"),
      TMPDIR: path.join(this.root, "tmp"),
      PATH: `${this.bin}:${process.env.PATH}`,
      ...extraEnv,
    };
  }

  /** Runs an installed command (dify-configure, dify-up) as dify.service would. */
  run(command: string, extraEnv: Record<string, string> = {}, args: string[] = []): SpawnSyncReturns<string> {
    return spawnSync("bash", [path.join(this.root, "usr/local/sbin", command), ...args], {
      encoding: "utf8",
      env: this.environment(extraEnv),
    });
  }

  /**
   * The rendered boot script, as cloud-init would run it, with the host's
   * absolute paths moved under the root. Block devices cannot be made here,
   * so the data volume is a plain file and `[ -b` becomes `[ -e`.
   */
  bootScript(): string {
    const script = renderUserDataScript(this.props)
      .replace(/(^|[\s"'=>:(])\/(etc|usr\/local|opt|var|data|dev\/(?:disk|sd|xvd))(?=[/\s"';)]|$)/gm, (_m, before: string, dir: string) => `${before}${this.root}/${dir}`)
      .replace(/\[ -b "\$d" \]/g, '[ -e "$d" ]');
    const file = path.join(this.root, "var/lib/cloud/instance/scripts/part-001");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, script, { mode: 0o700 });
    return file;
  }

  /** Attaches the data volume as Nitro shows it: by its NVMe serial. */
  attachDataVolume(): void {
    const volume = this.props.dataVolume;
    if (!volume) throw new Error("this tier has no data volume");
    this.write(`dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volume.volumeId.replace("-", "")}`, "");
  }

  /**
   * Runs the boot script to its end. Asynchronous, so that a suite can boot
   * several hosts at once: a boot is hundreds of short processes, and spends
   * much of its time waiting for them to start.
   */
  boot(extraEnv: Record<string, string> = {}): Promise<Finished> {
    return finished(spawn("bash", [this.bootScript()], { env: this.environment(extraEnv), stdio: ["ignore", "pipe", "pipe"] }), BOOT_TIMEOUT_MS);
  }

  /** Runs the systemctl stub as after a reboot: the boot script is not run again, the units are. */
  bootless(systemctlArgs: string): Promise<Finished> {
    return finished(spawn(path.join(this.bin, "systemctl"), systemctlArgs.split(" "), { env: this.environment(), stdio: ["ignore", "pipe", "pipe"] }), BOOT_TIMEOUT_MS);
  }

  /** Starts the boot script in its own process group, for races and kills. */
  bootInBackground(extraEnv: Record<string, string> = {}): RunningBoot {
    const child = spawn("bash", [this.bootScript()], { env: this.environment(extraEnv), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const done = new Promise<{ status: number | null; output: string }>((resolve) => child.on("close", (status) => resolve({ status, output })));
    return { done, kill: () => process.kill(-(child.pid as number), "SIGKILL") };
  }

  /** One stub's log (fake-host/<name>), one line per call. */
  calls(name: string): string[] {
    const file = path.join(this.host, name);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : [];
  }

  bootLog(): string {
    return this.exists("var/log/dify-boot.log") ? this.read("var/log/dify-boot.log") : "";
  }

  parameter(name: string): string | undefined {
    const file = path.join(this.state, "ssm", name.replace(/\//g, "%"));
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  }

  /** Every SSM parameter of the store, by name. */
  parameters(): Record<string, string> {
    const dir = path.join(this.state, "ssm");
    return Object.fromEntries(fs.readdirSync(dir).map((f) => [f.replace(/%/g, "/"), fs.readFileSync(path.join(dir, f), "utf8")]));
  }

  setParameter(name: string, value: string): void {
    fs.writeFileSync(path.join(this.state, "ssm", name.replace(/\//g, "%")), value);
  }

  setRdsSecret(secret: { username: string; password: string }): void {
    fs.writeFileSync(path.join(this.state, "rds-secret.json"), JSON.stringify(secret));
  }

  /** The next `calls` AWS CLI calls find no endpoint (an SSM outage). */
  awsOutage(calls: number): void {
    fs.writeFileSync(path.join(this.state, "outage"), `${calls}\n`);
  }

  /** The virtual clock, in epoch seconds. */
  clock(): number {
    return Number(fs.readFileSync(path.join(this.state, "clock"), "utf8"));
  }

  /** Moves the virtual clock to an epoch second (time that passes while no host is running). */
  setClock(epochSeconds: number): void {
    fs.writeFileSync(path.join(this.state, "clock"), `${epochSeconds}\n`);
  }

  /** The AWS CLI calls so far, one line each (values left out). */
  awsCalls(): string[] {
    const file = path.join(this.state, "calls");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
  }

  dockerCalls(): string[] {
    return this.calls("docker");
  }

  envText(): string {
    return fs.readFileSync(path.join(this.root, "opt/dify/current/.env"), "utf8");
  }

  /** The .env as Compose reads it: KEY=VALUE lines, single quotes removed. */
  env(): Record<string, string> {
    const entries = this.envText()
      .split("\n")
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line): [string, string] => {
        const i = line.indexOf("=");
        const raw = line.slice(i + 1);
        return [line.slice(0, i), /^'.*'$/.test(raw) ? raw.slice(1, -1) : raw];
      });
    return Object.fromEntries(entries);
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** How a command ended, and what it printed. */
export interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The end of a child process; it is killed after timeoutMs, as spawnSync's timeout would. */
function finished(child: ChildProcess, timeoutMs: number): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A boot script started in the background. */
export interface RunningBoot {
  readonly done: Promise<{ status: number | null; output: string }>;
  kill(): void;
}
