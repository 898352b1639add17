import { spawnSync, type SpawnSyncReturns } from "node:child_process";
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

/** Whether a tool is on PATH. */
export function hasTool(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

/**
 * A scratch copy of a host's /etc/dify, /usr/local and /opt/dify/current, in
 * which the installed commands run against fake `aws`, `docker` and `sleep`
 * (tests/fixtures). DIFY_ROOT points the commands at it.
 */
export class HostSandbox {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "dify-host-"));
  readonly state = path.join(this.root, "fake-aws");
  private readonly bin = path.join(this.root, "fake-bin");

  constructor(readonly props: UserDataProps, envExample = fs.readFileSync(path.join(FIXTURES, "env.example"), "utf8")) {
    const script = renderUserDataScript(props);
    const hostEnv = /cat >\/etc\/dify\/host\.env <<'DIFY_EOF'\n([\s\S]*?)\nDIFY_EOF\n/.exec(script);
    if (!hostEnv) throw new Error("the boot script writes no /etc/dify/host.env");
    this.write("etc/dify/host.env", `${hostEnv[1]}\n`);
    this.write("var/lib/cloud/data/instance-id", "i-0123456789abcdef0\n");
    for (const file of renderHostFiles(props)) this.write(file.path.slice(1), file.content, Number.parseInt(file.mode, 8));
    this.write("opt/dify/current/.env.example", envExample);
    for (const tool of ["aws", "docker", "sleep"]) {
      this.write(`fake-bin/${tool}`, fs.readFileSync(path.join(FIXTURES, tool), "utf8"), 0o755);
    }
    fs.mkdirSync(path.join(this.state, "ssm"), { recursive: true });
  }

  write(relative: string, content: string, mode = 0o644): void {
    const file = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode });
  }

  /** Runs an installed command (dify-configure, dify-up) as dify.service would. */
  run(command: string, extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
    return spawnSync("bash", [path.join(this.root, "usr/local/sbin", command)], {
      encoding: "utf8",
      env: { ...process.env, DIFY_ROOT: this.root, FAKE_AWS: this.state, PATH: `${this.bin}:${process.env.PATH}`, ...extraEnv },
    });
  }

  parameter(name: string): string | undefined {
    const file = path.join(this.state, "ssm", name.replace(/\//g, "%"));
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  }

  setParameter(name: string, value: string): void {
    fs.writeFileSync(path.join(this.state, "ssm", name.replace(/\//g, "%")), value);
  }

  setRdsSecret(secret: { username: string; password: string }): void {
    fs.writeFileSync(path.join(this.state, "rds-secret.json"), JSON.stringify(secret));
  }

  /** The AWS CLI calls so far, one line each (values left out). */
  awsCalls(): string[] {
    const file = path.join(this.state, "calls");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
  }

  dockerCalls(): string[] {
    const file = path.join(this.state, "docker");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
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
