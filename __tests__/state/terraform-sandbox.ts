import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

type Json = Record<string, any>;

/**
 * Runs the real Terraform CLI on tiny configurations that carry a
 * synthesized backend block, in a temp folder laid out like a project
 * (`<root>/cdktf.out/stacks/<stack>/cdk.tf.json`), so the local backend's
 * `../../../` paths land where they would for a user.
 *
 * The configuration is one `terraform_data` whose create-time `local-exec`
 * sleeps `var.sleep` seconds and then, if `var.release_file` is set, waits
 * until that file exists: it needs only Terraform's builtin provider, so
 * there is no provider install, and the run holds the state lock until the
 * test releases it, however slow the machine is. Every Terraform is started in a process group of its
 * own, so that `killAll` also ends the provisioner's shell and sleep.
 */

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
}

export interface Running {
  readonly child: ChildProcess;
  readonly done: Promise<RunResult>;
  /** Output so far. */
  output(): string;
}

/** Settings from TOOLCHAIN.md that point a synthesized S3 backend at the local endpoint, and nothing else. */
export function localEndpointSettings(endpoint: string): Json {
  return {
    endpoints: { s3: endpoint, sts: endpoint },
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    skip_s3_checksum: true,
  };
}

/** The tiny configuration, with `backend` (for example `{ s3: {...} }`) as the `terraform.backend` block. */
export function tinyConfig(backend: Json): Json {
  return {
    variable: { sleep: { type: "number", default: 0 }, release_file: { type: "string", default: "" } },
    terraform: { backend },
    resource: {
      terraform_data: {
        work: {
          input: "state test",
          provisioner: [
            {
              "local-exec": {
                command: "sleep ${var.sleep}; while [ -n '${var.release_file}' ] && [ ! -e '${var.release_file}' ]; do sleep 0.1; done",
              },
            },
          ],
        },
      },
    },
  };
}

export class TerraformSandbox {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "dify-state-"));
  private readonly children = new Set<ChildProcess>();
  private readonly env: NodeJS.ProcessEnv;

  constructor() {
    const pluginCache = path.join(this.root, "plugin-cache");
    fs.mkdirSync(pluginCache);
    const cliConfig = path.join(this.root, "terraform.rc");
    fs.writeFileSync(cliConfig, `plugin_cache_dir = ${JSON.stringify(pluginCache)}\n`);
    const env: NodeJS.ProcessEnv = {};
    // Only what Terraform needs; no AWS settings of the machine leak in.
    for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) if (process.env[name]) env[name] = process.env[name];
    this.env = {
      ...env,
      CHECKPOINT_DISABLE: "1",
      TF_CLI_CONFIG_FILE: cliConfig,
      AWS_ACCESS_KEY_ID: "AKIASTATETESTCALLER0",
      AWS_SECRET_ACCESS_KEY: "state-test-secret",
      AWS_CONFIG_FILE: path.join(this.root, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(this.root, "no-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    };
  }

  /** Writes `<root>/<project>/cdktf.out/stacks/<stack>/cdk.tf.json` and returns the stack folder. */
  stackDir(project: string, stack: string, config: Json): string {
    const dir = path.join(this.root, project, "cdktf.out", "stacks", stack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(config, null, 2));
    return dir;
  }

  start(dir: string, args: readonly string[], stdin?: string): Running {
    const child = spawn("terraform", [`-chdir=${dir}`, ...args], { env: this.env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    this.children.add(child);
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d;
      output += d;
    });
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d;
      output += d;
    });
    child.stdin!.end(stdin ?? "");
    const done = new Promise<RunResult>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => {
        this.children.delete(child);
        resolve({ code, signal, stdout, stderr, output });
      });
    });
    return { child, done, output: () => output };
  }

  run(dir: string, args: readonly string[], stdin?: string): Promise<RunResult> {
    return this.start(dir, args, stdin).done;
  }

  /** Kills a run and everything it started (the provisioner's shell and sleep), as a crash would. */
  kill(running: Running): Promise<RunResult> {
    killGroup(running.child);
    return running.done;
  }

  async dispose(): Promise<void> {
    const open = [...this.children];
    for (const child of open) killGroup(child);
    await Promise.all(open.map((child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("close", resolve)))));
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** `-var` arguments that make an apply hold its lock until `file` exists. */
export function holdUntil(file: string): string[] {
  return ["-var", `release_file=${file}`];
}

/** Resolves once `check` is true, polling every 50 ms; rejects after `ms`. */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
