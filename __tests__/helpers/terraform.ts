import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Runs `terraform validate` on synthesized stacks against the real AWS
 * provider schema.
 *
 * The provider comes from, in order: the folder in TF_PROVIDER_MIRROR; a
 * filesystem mirror found in a usual place; the public registry. Terraform is
 * initialized once per test run, and every stack is validated against that
 * one data directory, which keeps a run at about two seconds per stack.
 */

const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  path.join(os.homedir(), ".terraform.d", "plugins"),
  path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

export function findProviderMirror(version: string): string | undefined {
  const fromEnv = process.env.TF_PROVIDER_MIRROR;
  if (fromEnv) {
    if (!fs.existsSync(path.join(fromEnv, "registry.terraform.io"))) {
      throw new Error(`TF_PROVIDER_MIRROR=${fromEnv} has no registry.terraform.io folder`);
    }
    return fromEnv;
  }
  return MIRROR_CANDIDATES.find((dir) => fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws", version)));
}

export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

export interface ValidateResult {
  readonly valid: boolean;
  readonly errorCount: number;
  readonly diagnostics: readonly Diagnostic[];
}

export class TerraformValidator {
  private readonly work = fs.mkdtempSync(path.join(os.tmpdir(), "dify-tf-"));
  private readonly env: NodeJS.ProcessEnv;
  private initialized = false;

  constructor(private readonly providerVersion = awsProviderVersion()) {
    const mirror = findProviderMirror(providerVersion);
    this.env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_DATA_DIR: path.join(this.work, "data") };
    if (mirror) {
      const cliConfig = path.join(this.work, "terraform.rc");
      fs.writeFileSync(
        cliConfig,
        `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
      );
      this.env.TF_CLI_CONFIG_FILE = cliConfig;
    }
  }

  /** Terraform's version line, or throws with a clear message when it is missing. */
  static version(): string {
    const result = spawnSync("terraform", ["version"], { encoding: "utf8" });
    if (result.error || result.status !== 0) {
      throw new Error("terraform is not on PATH; install Terraform >= 1.10 to run the validation tests");
    }
    return result.stdout.split("\n")[0];
  }

  private init(): void {
    if (this.initialized) return;
    const dir = path.join(this.work, "init");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "main.tf.json"),
      JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version: this.providerVersion } } } }),
    );
    execFileSync("terraform", [`-chdir=${dir}`, "init", "-backend=false", "-input=false", "-no-color"], { env: this.env, stdio: "pipe" });
    this.initialized = true;
  }

  /** Validates one synthesized stack (a cdk.tf.json document). */
  validate(stackJson: string): ValidateResult {
    this.init();
    const dir = fs.mkdtempSync(path.join(this.work, "stack-"));
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), stackJson);
    fs.copyFileSync(path.join(this.work, "init", ".terraform.lock.hcl"), path.join(dir, ".terraform.lock.hcl"));
    const result = spawnSync("terraform", [`-chdir=${dir}`, "validate", "-json", "-no-color"], { env: this.env, encoding: "utf8" });
    const parsed = JSON.parse(result.stdout) as { valid: boolean; error_count: number; diagnostics: Diagnostic[] };
    return { valid: parsed.valid, errorCount: parsed.error_count, diagnostics: parsed.diagnostics };
  }

  dispose(): void {
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}

/** The AWS provider version that the installed @cdktf/provider-aws binds. */
export function awsProviderVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(require.resolve("@cdktf/provider-aws/package.json"), "utf8")) as {
    cdktf: { provider: { version: string } };
  };
  return pkg.cdktf.provider.version;
}

/** One readable line per error diagnostic, for test failure messages. */
export function describeErrors(result: ValidateResult): string[] {
  return result.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.address ?? ""} ${d.summary}: ${d.detail ?? ""}`.trim());
}
