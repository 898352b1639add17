import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSharedProvider } from "./shared-provider";
import { testRoot } from "./test-root";

/**
 * Runs `terraform validate` and an offline `terraform test` plan on
 * synthesized stacks against the real AWS provider schema.
 *
 * Every Terraform process pays about 5 s of CPU before it looks at a stack
 * (starting, reading the AWS provider's schema), so suites plan all their
 * stacks in one `terraform test` process (planStacks): each stack becomes a
 * module that one test file plans as its root module. Within that process the
 * schema is read once; each stack then costs only its own validate and plan
 * walks. Every Terraform process attaches to one AWS provider process that
 * the run shares (shared-provider.ts), instead of starting the provider for
 * each provider configuration of each walk.
 *
 * The provider comes from, in order: the folder in TF_PROVIDER_MIRROR; a
 * filesystem mirror found in a usual place; the public registry. Terraform is
 * initialized once per jest run, in one data directory under the run's temp
 * folder that every suite and both workers share: the first caller takes a
 * lock (an atomic mkdir), runs `terraform init` and starts the shared
 * provider, the others wait for it.
 */

const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  path.join(os.homedir(), ".terraform.d", "plugins"),
  path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

function findProviderMirror(version: string): string | undefined {
  const fromEnv = process.env.TF_PROVIDER_MIRROR;
  if (fromEnv) {
    if (!fs.existsSync(path.join(fromEnv, "registry.terraform.io"))) {
      throw new Error(`TF_PROVIDER_MIRROR=${fromEnv} has no registry.terraform.io folder`);
    }
    return fromEnv;
  }
  return MIRROR_CANDIDATES.find((dir) => fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws", version)));
}

export interface PlanResult {
  readonly passed: boolean;
  /** Terraform's own report, for failure messages. */
  readonly output: string;
  /**
   * Whether the stack passed validation by the real provider (its provider
   * blocks included), told apart from whether it planned, and the errors
   * validation reported (see VALIDATE_FILE).
   */
  readonly validation: { readonly valid: boolean; readonly errors: readonly string[] };
}

export interface PlanOptions {
  /** Extra HCL `assert` conditions for the run block, each with its message. */
  readonly asserts?: ReadonlyArray<{ readonly condition: string; readonly message: string }>;
}

let cachedVersion: string | null | undefined;

/**
 * Terraform's version line, or undefined when terraform is not on PATH.
 * Every suite that needs terraform asks, each in a fresh module registry, so
 * the first answer is kept in the run's temp folder: one `terraform version`
 * process per run instead of one per suite. An empty file records "missing".
 */
function terraformVersion(): string | undefined {
  if (cachedVersion === undefined) {
    const file = path.join(testRoot(), "terraform-version");
    if (fs.existsSync(file)) {
      cachedVersion = fs.readFileSync(file, "utf8") || null;
    } else {
      const result = spawnSync("terraform", ["version"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
      cachedVersion = result.error || result.status !== 0 ? null : result.stdout.split("\n")[0];
      // Written whole under another name, then renamed: the other worker never reads half a file.
      const partial = `${file}.${process.pid}`;
      fs.writeFileSync(partial, cachedVersion ?? "");
      fs.renameSync(partial, file);
    }
  }
  return cachedVersion ?? undefined;
}

const TERRAFORM_TIMEOUT_MS = 900_000;

const MISSING = "terraform is not on PATH; install Terraform >= 1.10 to run the Terraform tests";

/**
 * `describe` for suites that need terraform. Without terraform they are
 * skipped with a visible line, except in CI (CI set), where they fail.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  if (terraformVersion()) {
    // One batch of plans takes a minute on an idle 2-core machine, but several times that when
    // the machine is shared; the suite's default of 120 s is for synth-only tests.
    jest.setTimeout(TERRAFORM_TIMEOUT_MS);
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => {
      test("terraform is installed (required in CI)", () => {
        throw new Error(MISSING);
      });
    });
  } else {
    process.stderr.write(`skipped "${name}": ${MISSING}\n`);
    describe.skip(name, body);
  }
}

/** The AWS provider version that the installed @cdktf/provider-aws binds. */
function awsProviderVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(require.resolve("@cdktf/provider-aws/package.json"), "utf8")) as {
    cdktf: { provider: { version: string } };
  };
  return pkg.cdktf.provider.version;
}

interface Workspace {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly lockFile: string;
}

let workspace: Workspace | undefined;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The run's initialized Terraform data directory, created by whichever process gets here first. */
function sharedWorkspace(): Workspace {
  if (workspace) return workspace;
  if (!terraformVersion()) throw new Error(MISSING);
  const version = awsProviderVersion();
  const dir = path.join(testRoot(), "terraform");
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_DATA_DIR: path.join(dir, "data") };
  const mirror = findProviderMirror(version);
  if (mirror) env.TF_CLI_CONFIG_FILE = path.join(dir, "terraform.rc");
  const ready = path.join(dir, "ready");
  const failed = path.join(dir, "failed");
  const reattachFile = path.join(dir, "reattach.json");
  let owner = false;
  try {
    fs.mkdirSync(dir);
    owner = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  if (owner) {
    try {
      if (mirror) {
        fs.writeFileSync(
          env.TF_CLI_CONFIG_FILE!,
          `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }\n}\n`,
        );
      }
      const init = path.join(dir, "init");
      fs.mkdirSync(init);
      fs.writeFileSync(path.join(init, "main.tf.json"), JSON.stringify(providerRequirements(version)));
      const result = spawnSync("terraform", [`-chdir=${init}`, "init", "-backend=false", "-input=false", "-no-color"], { env, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`terraform init failed: ${result.stderr}${result.stdout}`);
      fs.copyFileSync(path.join(init, ".terraform.lock.hcl"), path.join(dir, "lock.hcl"));
      const reattach = startSharedProvider(env.TF_DATA_DIR!, version, dir, testRoot());
      if (reattach) fs.writeFileSync(reattachFile, reattach);
      fs.writeFileSync(ready, "");
    } catch (e) {
      fs.writeFileSync(failed, String(e));
      throw e;
    }
  } else {
    const deadline = Date.now() + 10 * 60_000;
    while (!fs.existsSync(ready)) {
      if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, "utf8"));
      if (Date.now() > deadline) throw new Error(`terraform init in ${dir} did not finish`);
      sleep(200);
    }
  }
  if (fs.existsSync(reattachFile)) env.TF_REATTACH_PROVIDERS = fs.readFileSync(reattachFile, "utf8");
  workspace = { dir, env, lockFile: path.join(dir, "lock.hcl") };
  return workspace;
}

export interface PlanCase extends PlanOptions {
  /** Names the stack in results and failure messages; unique within one call. */
  readonly label: string;
  /** The synthesized stack (a cdk.tf.json document). */
  readonly json: string;
}

/** The stack as `terraform test` plans it: the backend (S3 or cloud) would need real credentials. */
function offlineStack(stackJson: string): TerraformJson {
  const stack = JSON.parse(stackJson) as TerraformJson;
  const { backend: _backend, cloud: _cloud, ...terraform } = stack.terraform ?? {};
  return { ...stack, terraform };
}

/**
 * Plans every case offline in one `terraform test` process and returns one
 * result per label: every provider is mocked, the data sources whose mocked
 * values would be meaningless get concrete ones, and the backend is dropped,
 * so expressions and functions evaluate as they would in a real plan. Each
 * case gets its own test file, so its mocks and look-up overrides stay its
 * own, and a failure in one case (Terraform goes on with the next file) is
 * reported under that case alone. The same process validates every stack with
 * the real provider (VALIDATE_FILE).
 */
export function planStacks(cases: readonly PlanCase[]): Map<string, PlanResult> {
  const labels = cases.map((c) => c.label);
  const duplicate = labels.find((l, i) => labels.indexOf(l) !== i);
  if (duplicate !== undefined) throw new Error(`planStacks: the label ${JSON.stringify(duplicate)} is used twice`);
  const ws = sharedWorkspace();
  const dir = fs.mkdtempSync(path.join(ws.dir, "plan-"));
  try {
    fs.copyFileSync(ws.lockFile, path.join(dir, ".terraform.lock.hcl"));
    const modules: Record<string, { source: string }> = {};
    const fileLabels = new Map<string, string>();
    cases.forEach((c, i) => {
      const id = `stack-${i}`;
      const stack = offlineStack(c.json);
      fs.mkdirSync(path.join(dir, "stacks", id), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", id, "cdk.tf.json"), JSON.stringify(stack));
      fs.writeFileSync(path.join(dir, `${id}.tftest.hcl`), planTestFile(stack, c, `./stacks/${id}`));
      fileLabels.set(`${id}.tftest.hcl`, c.label);
      modules[id] = { source: `./stacks/${id}` };
    });
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(validationRoot(awsProviderVersion(), modules)));
    fs.writeFileSync(path.join(dir, VALIDATE_FILE), `run "validate" {\n  command = plan\n  plan_options {\n    target = [terraform_data.${ANCHOR}]\n  }\n}\n`);
    // The run's providers are installed once, in the shared data directory; this directory only
    // records where the test files' modules are, which `terraform get` does without touching providers.
    const data = path.join(dir, "data");
    fs.mkdirSync(data);
    fs.symlinkSync(path.join(ws.env.TF_DATA_DIR!, "providers"), path.join(data, "providers"));
    const env = { ...ws.env, TF_DATA_DIR: data };
    const get = spawnSync("terraform", [`-chdir=${dir}`, "get", "-no-color"], { env, encoding: "utf8" });
    if (get.status !== 0) throw new Error(`terraform get failed: ${get.stderr}${get.stdout}`);
    const test = spawnSync("terraform", [`-chdir=${dir}`, "test", "-json", "-no-color"], { env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    return testResults(test.stdout, `${test.stderr}${test.error ? String(test.error) : ""}`, fileLabels);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function providerRequirements(version: string): Record<string, unknown> {
  return { terraform: { required_providers: { aws: { source: "hashicorp/aws", version } } } };
}

/**
 * The test file that validates every stack with the real provider. A plan
 * run validates its configuration first, but the mock providers of the
 * stacks' own test files skip the provider's checks of provider blocks
 * (an assume_role's ARN, session name or duration), which
 * `terraform validate` makes. So the batch's root module calls every stack
 * as a module, and this file's run, with no mock, validates all of them
 * against the provider (the shared one: validation only, it is never
 * configured) and then plans only a terraform_data anchor (-target), which
 * needs no AWS provider and no credentials. Each error names its stack's
 * file, so each case reads its own validation.
 */
const VALIDATE_FILE = "validate.tftest.hcl";
const ANCHOR = "validation_anchor";

function validationRoot(version: string, modules: Record<string, { source: string }>): Record<string, unknown> {
  return { ...providerRequirements(version), resource: { terraform_data: { [ANCHOR]: {} } }, module: modules };
}

interface TestMessage {
  readonly type?: string;
  readonly "@testfile"?: string;
  readonly "@testrun"?: string;
  readonly "@message"?: string;
  readonly test_run?: { readonly progress?: string; readonly status?: string };
  readonly diagnostic?: {
    readonly severity: string;
    readonly summary: string;
    readonly detail?: string;
    readonly range?: { readonly filename?: string; readonly start: { readonly line: number } };
    readonly snippet?: { readonly context?: string | null };
  };
}

/**
 * Sorts `terraform test -json` messages by test file: a case passes only if
 * its plan run completed with "pass"; its output is its diagnostics, in
 * Terraform's words, plus whatever concerned no file (a crash, a bad CLI
 * setting). Its validation is the validation file's errors in its stack's
 * folder; it is valid only if that run completed and reported no error
 * outside any stack.
 */
function testResults(stdout: string, stderr: string, fileLabels: ReadonlyMap<string, string>): Map<string, PlanResult> {
  const status = new Map<string, string>();
  const lines = new Map<string, string[]>([...fileLabels.keys()].map((f) => [f, []]));
  const validateErrors = new Map<string, string[]>([...fileLabels.keys()].map((f) => [f, []]));
  const unplacedValidateErrors: string[] = [];
  const general: string[] = [];
  for (const line of stdout.split("\n")) {
    let message: TestMessage;
    try {
      message = JSON.parse(line) as TestMessage;
    } catch {
      if (line.trim()) general.push(line);
      continue;
    }
    const file = message["@testfile"];
    if (message.type === "test_run" && message.test_run?.progress === "complete" && file) status.set(file, message.test_run.status ?? "");
    if (!message.diagnostic) continue;
    const text = diagnosticText(message.diagnostic);
    if (file === VALIDATE_FILE) {
      if (message.diagnostic.severity !== "error") continue;
      // stacks/stack-3/cdk.tf.json belongs to the case whose test file is stack-3.tftest.hcl.
      const stack = /^stacks\/([^/]+)\//.exec(message.diagnostic.range?.filename ?? "")?.[1];
      const own = stack !== undefined ? validateErrors.get(`${stack}.tftest.hcl`) : undefined;
      (own ?? unplacedValidateErrors).push(text);
      if (own) lines.get(`${stack}.tftest.hcl`)!.push(text);
      continue;
    }
    const own = file !== undefined ? lines.get(file) : undefined;
    (own ?? general).push(text);
  }
  if (stderr.trim()) general.push(stderr.trim());
  const validationRan = status.has(VALIDATE_FILE);
  const results = new Map<string, PlanResult>();
  for (const [file, label] of fileLabels) {
    const passed = status.get(file) === "pass";
    const errors = [...validateErrors.get(file)!, ...unplacedValidateErrors];
    const valid = validationRan && errors.length === 0;
    const detail = [...new Set(lines.get(file)!), ...(passed ? [] : [...unplacedValidateErrors, ...general])];
    const verdict = passed ? "planned" : `did not plan (run status: ${status.get(file) ?? "none"})`;
    results.set(label, { passed, output: [`${label}: ${verdict}`, ...detail].join("\n\n"), validation: { valid, errors } });
  }
  return results;
}

function diagnosticText(d: NonNullable<TestMessage["diagnostic"]>): string {
  const where = d.snippet?.context ? ` (in ${d.snippet.context}${d.range ? `, line ${d.range.start.line}` : ""})` : "";
  return `${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}${where}${d.detail ? `\n${d.detail}` : ""}`;
}

type TerraformJson = {
  terraform?: Record<string, unknown>;
  provider?: Record<string, Array<{ alias?: string; region?: string; allowed_account_ids?: string[] }>>;
  data?: Record<string, Record<string, { provider?: string }>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
};

export const MOCK_AMI = "ami-0123456789abcdef0";

/** Zone names the mocked aws_availability_zones returns, four of them so any azCount fits. */
export function mockZones(region: string): { names: string[]; zoneIds: string[] } {
  const letters = ["a", "b", "c", "d"];
  const short = region.replace(/^(\w\w)-(\w)\w*-(\d)$/, "$1$2$3");
  return { names: letters.map((l) => `${region}${l}`), zoneIds: letters.map((_, i) => `${short}-az${i + 1}`) };
}

function hclString(value: string): string {
  return JSON.stringify(value);
}

function hclList(values: readonly string[]): string {
  return `[${values.map(hclString).join(", ")}]`;
}

/**
 * The .tftest.hcl for one stack: its mocks, data overrides and one plan run
 * with the asserts; with `moduleSource`, the run plans the stack in that
 * folder as its root module instead of the test's own directory.
 */
export function planTestFile(stack: TerraformJson, options: PlanOptions = {}, moduleSource?: string): string {
  const blocks: string[] = [];
  const regions = new Map<string, { region: string; account?: string }>();
  for (const [name, configs] of Object.entries(stack.provider ?? {})) {
    for (const config of configs) {
      blocks.push(config.alias ? `mock_provider "${name}" {\n  alias = "${config.alias}"\n}` : `mock_provider "${name}" {}`);
      regions.set(config.alias ? `${name}.${config.alias}` : name, { region: config.region ?? "us-east-1", account: config.allowed_account_ids?.[0] });
    }
  }
  for (const [type, sources] of Object.entries(stack.data ?? {})) {
    for (const [name, source] of Object.entries(sources)) {
      const where = regions.get(source.provider?.replace(/^\$\{|\}$/g, "") ?? "aws") ?? { region: "us-east-1" };
      const values = dataOverride(type, where.region, where.account);
      if (values) blocks.push(`override_data {\n  target = data.${type}.${name}\n  values = {\n${values}\n  }\n}`);
    }
  }
  const asserts = [...defaultAsserts(stack), ...(options.asserts ?? [])];
  const body = asserts.map((a) => `  assert {\n    condition     = ${a.condition}\n    error_message = ${hclString(a.message)}\n  }`).join("\n");
  const module = moduleSource ? `  module {\n    source = ${hclString(moduleSource)}\n  }\n` : "";
  blocks.push(`run "plan" {\n  command = plan\n${module}${body}\n}`);
  return `${blocks.join("\n\n")}\n`;
}

/** Concrete values for the data sources whose mocked random strings or empty lists would break the plan. */
function dataOverride(type: string, region: string, account = "123456789012"): string | undefined {
  switch (type) {
    case "aws_availability_zones": {
      const zones = mockZones(region);
      return `    names    = ${hclList(zones.names)}\n    zone_ids = ${hclList(zones.zoneIds)}`;
    }
    case "aws_ssm_parameter":
      return `    value          = ${hclString(MOCK_AMI)}\n    insecure_value = ${hclString(MOCK_AMI)}`;
    case "aws_caller_identity":
      return `    account_id = ${hclString(account)}\n    arn        = ${hclString(`arn:aws:iam::${account}:role/mock`)}`;
    case "aws_region":
      return `    name = ${hclString(region)}`;
    case "aws_partition":
      return `    partition = "aws"\n    dns_suffix = "amazonaws.com"`;
    default:
      return undefined;
  }
}

/**
 * What every plan must show, whatever the stack: IMDSv2 on every host, and
 * subnets placed in the zones the zone look-up returned (which proves the
 * element() calls evaluated).
 */
function defaultAsserts(stack: TerraformJson): Array<{ condition: string; message: string }> {
  const asserts: Array<{ condition: string; message: string }> = [];
  for (const type of ["aws_instance", "aws_launch_template"]) {
    for (const name of Object.keys(stack.resource?.[type] ?? {})) {
      asserts.push({ condition: `${type}.${name}.metadata_options[0].http_tokens == "required"`, message: `${type}.${name} does not require IMDSv2` });
    }
  }
  const zoneNames = Object.values(stack.provider ?? {})
    .flat()
    .flatMap((p) => mockZones(p.region ?? "us-east-1").names);
  for (const [name, subnet] of Object.entries(stack.resource?.aws_subnet ?? {})) {
    if (typeof subnet.availability_zone === "string" && subnet.availability_zone.includes("data.aws_availability_zones")) {
      asserts.push({ condition: `contains(${hclList(zoneNames)}, aws_subnet.${name}.availability_zone)`, message: `aws_subnet.${name} is not in a looked-up zone` });
    }
  }
  return asserts;
}
