/**
 * The stacks the IAM reference tests hold against AWS's reference: every
 * shipped example folder as it is, and an option matrix built from the
 * examples with fixture edits. Synthesized once per test process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import type { AppConfig } from "../../src/config/types";
import { loadConfig } from "../../src/loader/load";
import { BootstrapStack } from "../../src/stacks/bootstrap-stack";
import { DifyStack } from "../../src/stacks/dify-stack";
import { environmentsDir, merge, ROOT } from "../helpers/fixtures";
import type { StackJson } from "./policy-documents";

type Json = Record<string, any>;

export interface MatrixCase {
  /** Label used in messages. */
  readonly name: string;
  /** Fixture edits: file name to a patch merged into the example file. */
  readonly patches: Record<string, Json>;
  /** Which environment stacks to synthesize (all when omitted). */
  readonly environments?: readonly string[];
  readonly bootstrap?: boolean;
}

/** Options that change which policies the stacks write. */
export const OPTION_MATRIX: readonly MatrixCase[] = [
  { name: "waf-on-managed", patches: { "staging.json": { dify: { waf: true } } }, environments: ["staging"] },
  { name: "waf-on-all-in-one", patches: { "dev.json": { dify: { waf: true } } }, environments: ["dev"] },
  {
    name: "guardrail-and-s3-logging-all-in-one",
    patches: { "dev.json": { bedrock: { guardrail: { pii: "block" }, invocationLogging: { destination: "s3" } } } },
    environments: ["dev"],
  },
  { name: "nat-none-managed", patches: { "staging.json": { network: { nat: "none" } } }, environments: ["staging"] },
  // With its bootstrap stack, so that the deployer simulation also covers namespaced names.
  { name: "namespace", patches: { "staging.json": { namespace: "alice" }, "dev.json": { namespace: "bob" } }, environments: ["staging", "dev"], bootstrap: true },
  { name: "prod-all-in-one", patches: { "prod.json": { dify: { tier: "all-in-one" } } }, environments: ["prod"] },
  {
    name: "dev-managed-cloudwatch-logging",
    patches: { "dev.json": { dify: { tier: "managed", spot: undefined, rootVolumeGb: 30 }, bedrock: { invocationLogging: { destination: "cloudwatch" } } } },
    environments: ["dev"],
  },
  {
    name: "us-west-2",
    patches: {
      "dev.json": {
        region: "us-west-2",
        bedrock: { strategy: "oregon", guardrail: { pii: "anonymize" }, endpoints: ["bedrock", "bedrock-agent", "bedrock-agent-runtime"], endpointAzCount: 1 },
        dify: { waf: true },
      },
    },
    environments: ["dev"],
  },
  // The GitHub CI roles and OIDC provider in the state account, trusted by the deployer and state roles.
  {
    name: "github-ci-roles",
    patches: { "organization.json": { deployers: { github: { repository: "example-org/dify-platform", branches: ["deploy/<env>"] } } } },
    environments: ["prod"],
    bootstrap: true,
  },
  {
    name: "cloud-backend",
    patches: { "organization.json": { backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } } },
    environments: ["prod"],
    bootstrap: true,
  },
];

/** One configuration folder, synthesized: its bootstrap stack and its environment stacks. */
export interface SynthesizedConfig {
  readonly label: string;
  readonly config: AppConfig;
  readonly bootstrap?: StackJson;
  readonly environments: ReadonlyArray<StackJson & { readonly environment: string }>;
}

function synthConfig(label: string, config: AppConfig, environments?: readonly string[], bootstrap = true): SynthesizedConfig {
  return {
    label,
    config,
    environments: config.environments
      .filter((e) => !environments || environments.includes(e.name))
      .map((env) => ({ name: `${label}/${env.name}`, environment: env.name, tf: JSON.parse(Testing.synth(new DifyStack(Testing.app(), config.organization, env))) })),
    ...(bootstrap ? { bootstrap: { name: `${label}/bootstrap`, tf: JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), config))) } } : {}),
  };
}

function withFixture<T>(patches: Record<string, Json>, use: (dir: string) => T): T {
  const dir = environmentsDir((files) => {
    for (const [file, patch] of Object.entries(patches)) files[file] = merge(files[file] ?? {}, patch);
  });
  try {
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Folders under examples/ that hold an organization file: each is a complete, runnable configuration. */
function exampleFolders(): string[] {
  const examples = path.join(ROOT, "examples");
  if (!fs.existsSync(examples)) return [];
  return fs
    .readdirSync(examples)
    .map((d) => path.join(examples, d))
    .filter((d) => fs.existsSync(path.join(d, "organization.json")))
    .sort();
}

let examples: SynthesizedConfig[] | undefined;
const matrix = new Map<string, SynthesizedConfig>();

/** The bundled example environments and every examples/ folder, as shipped. */
export function exampleConfigs(): SynthesizedConfig[] {
  examples ??= [
    withFixture({}, (dir) => synthConfig("examples", loadConfig({ dir }).config)),
    ...exampleFolders().map((dir) => synthConfig(path.relative(ROOT, dir), loadConfig({ dir }).config)),
  ];
  return examples;
}

/** One case of the option matrix, by name. */
export function matrixConfig(name: string): SynthesizedConfig {
  const c = OPTION_MATRIX.find((m) => m.name === name);
  if (!c) throw new Error(`no matrix case ${name}`);
  if (!matrix.has(name)) {
    matrix.set(
      name,
      withFixture(c.patches, (dir) => synthConfig(`matrix ${c.name}`, loadConfig({ dir }).config, c.environments, c.bootstrap ?? false)),
    );
  }
  return matrix.get(name) as SynthesizedConfig;
}

/** The option matrix: the examples with one option changed at a time. */
function matrixConfigs(): SynthesizedConfig[] {
  return OPTION_MATRIX.map((c) => matrixConfig(c.name));
}

const stacksOf = (c: SynthesizedConfig): StackJson[] => [...c.environments, ...(c.bootstrap ? [c.bootstrap] : [])];

/** Every stack of the examples and of the option matrix. */
export function allStacks(): StackJson[] {
  return [...exampleConfigs(), ...matrixConfigs()].flatMap(stacksOf);
}
