import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * One AWS provider process for the whole jest run, which every Terraform
 * process attaches to through TF_REATTACH_PROVIDERS instead of starting its
 * own.
 *
 * Why: Terraform starts the provider binary once to read its schema and then
 * once per provider configuration in every validate and plan walk, and each
 * start costs about a second of CPU (the AWS provider builds its whole schema
 * when it starts). Attached, a `terraform test` of four stacks took 10 s of
 * CPU instead of 25 s, and a `terraform validate` 3.4 s instead of 6.6 s.
 * It is the same provider binary, so validation is unchanged; the plans use
 * mock providers, and the batch's validation run plans only a terraform_data
 * anchor, so nothing ever configures it and no call leaves state in it.
 *
 * The provider runs in debug mode (`-debug`, which prints the reattach
 * settings) under a small shell watchdog that ends it as soon as the run's
 * temp folder is gone (globalTeardown removes it) or the jest process that
 * owns the run has exited, so an interrupted run leaves nothing running.
 */

const STARTUP_MS = 180_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The installed AWS provider binary under a Terraform data directory, if there is one. */
function providerBinary(dataDir: string, version: string): string | undefined {
  const base = path.join(dataDir, "providers", "registry.terraform.io", "hashicorp", "aws", version);
  if (!fs.existsSync(base)) return undefined;
  for (const platform of fs.readdirSync(base)) {
    const dir = path.join(base, platform);
    const binary = fs.readdirSync(dir).find((f) => f.startsWith("terraform-provider-aws"));
    if (binary) return path.join(dir, binary);
  }
  return undefined;
}

/** The process whose end ends the run: jest's main process, whether this is a forked worker or not. */
function runOwnerPid(): number {
  return typeof process.send === "function" ? process.ppid : process.pid;
}

const WATCHDOG = [
  '"$1" -debug > "$2" 2>&1 &',
  "p=$!",
  'while kill -0 "$p" 2>/dev/null && kill -0 "$3" 2>/dev/null && [ -d "$4" ]; do sleep 1; done',
  'kill "$p" 2>/dev/null',
  'wait "$p"',
].join("\n");

/**
 * Starts the shared provider for a run whose temp folder is `runRoot`, writing
 * its output into `workDir`, and returns the TF_REATTACH_PROVIDERS value; or
 * undefined, with the reason on stderr, when it cannot start (Terraform then
 * starts providers itself, as it always can).
 */
export function startSharedProvider(dataDir: string, version: string, workDir: string, runRoot: string): string | undefined {
  if (process.env.DIFY_TF_SHARED_PROVIDER === "0") return undefined;
  const binary = providerBinary(dataDir, version);
  if (!binary) {
    process.stderr.write(`note: no AWS provider binary under ${dataDir}; each Terraform process starts its own\n`);
    return undefined;
  }
  const output = path.join(workDir, "provider.out");
  const env: NodeJS.ProcessEnv = {};
  // The provider only answers schema and validation calls; no AWS settings of the machine reach it.
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) if (process.env[name]) env[name] = process.env[name];
  const watchdog = spawn("sh", ["-c", WATCHDOG, "sh", binary, output, String(runOwnerPid()), runRoot], { detached: true, stdio: "ignore", env });
  watchdog.unref();
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    const text = fs.existsSync(output) ? fs.readFileSync(output, "utf8") : "";
    const reattach = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(text)?.[1];
    if (reattach) return reattach;
    sleep(200);
  }
  if (watchdog.pid !== undefined) {
    try {
      process.kill(-watchdog.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  process.stderr.write(`note: the shared AWS provider did not start within ${STARTUP_MS / 1000} s; each Terraform process starts its own\n`);
  return undefined;
}
