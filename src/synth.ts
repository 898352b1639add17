import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "./config/errors";
import { loadConfig } from "./loader/load";

export interface SynthOptions {
  /** Folder with organization.json and the environment files. */
  readonly configDir: string;
  /** Where the synthesized stacks go, usually cdktf.out. */
  readonly outdir: string;
  /** DIFY_NAMESPACE override. */
  readonly namespace?: string;
  /** DIFY_BOOTSTRAP_STATE: where the bootstrap stack keeps its own state. @default "local" */
  readonly bootstrapState?: string;
}

const BOOTSTRAP_STATES = ["local", "s3"] as const;

export interface SynthResult {
  readonly stacks: readonly string[];
  readonly warnings: readonly string[];
}

/** Error annotations from the policy rules; synthesis is refused. */
export class PolicyError extends Error {
  constructor(public readonly lines: readonly string[]) {
    super(lines.join("\n"));
    this.name = "PolicyError";
  }
}

interface ManifestAnnotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
}

interface Manifest {
  readonly stacks: Record<string, { readonly annotations: readonly ManifestAnnotation[] }>;
}

/**
 * Validates the configuration, synthesizes into a staging folder and only
 * then replaces `outdir`. A bad environment file or a policy error therefore
 * leaves the last good output exactly as it was.
 */
export function synthesize(options: SynthOptions): SynthResult {
  const loaded = loadConfig({ dir: options.configDir, namespace: options.namespace });
  const bootstrapState = options.bootstrapState ?? "local";
  if (!(BOOTSTRAP_STATES as readonly string[]).includes(bootstrapState)) {
    throw new ConfigError([`DIFY_BOOTSTRAP_STATE: must be "local" (before the state migration) or "s3" (after it), got ${JSON.stringify(bootstrapState)}`]);
  }
  const { config } = loaded;
  const bootstrapConfig = options.namespace === undefined ? config : loadConfig({ dir: options.configDir }).config;
  const warnings = [...loaded.warnings];

  const outdir = path.resolve(options.outdir);
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}.staging-`));
  try {
    const previous = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    // Collect the annotations of every stack, then judge them all at once.
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    try {
      // Loaded only once the configuration is accepted: cdktf and the provider
      // classes are most of a synth's start-up, and a refusal needs neither.
      const { buildApp }: typeof import("./app") = require("./app");
      buildApp(config, staging, { stateBackend: bootstrapState as (typeof BOOTSTRAP_STATES)[number] }, bootstrapConfig).synth();
    } finally {
      if (previous === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = previous;
    }

    const manifest = JSON.parse(fs.readFileSync(path.join(staging, "manifest.json"), "utf8")) as Manifest;
    const errors: string[] = [];
    for (const [stack, { annotations }] of Object.entries(manifest.stacks)) {
      for (const a of annotations) {
        const line = `${stack}: ${a.message} (${a.constructPath.split("/").slice(1).join("/")})`;
        if (a.level.endsWith("error")) errors.push(line);
        else if (a.level.endsWith("warn")) warnings.push(line);
      }
    }
    if (errors.length) throw new PolicyError(errors);

    replaceOutdir(staging, outdir);
    return { stacks: Object.keys(manifest.stacks), warnings };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Swaps the staged output in. Files that synthesis does not write but that
 * live in a stack folder (.terraform, the provider lock file, plans) are
 * carried over, so a synth never forces a fresh `terraform init`.
 */
function replaceOutdir(staging: string, outdir: string): void {
  const stacksDir = (root: string) => path.join(root, "stacks");
  if (fs.existsSync(stacksDir(outdir))) {
    for (const stack of fs.readdirSync(stacksDir(outdir))) {
      const from = path.join(stacksDir(outdir), stack);
      const to = path.join(stacksDir(staging), stack);
      if (!fs.existsSync(to) || !fs.statSync(from).isDirectory()) continue;
      for (const entry of fs.readdirSync(from)) {
        if (!fs.existsSync(path.join(to, entry))) fs.renameSync(path.join(from, entry), path.join(to, entry));
      }
    }
  }
  const old = `${staging}.old`;
  if (fs.existsSync(outdir)) fs.renameSync(outdir, old);
  fs.renameSync(staging, outdir);
  fs.rmSync(old, { recursive: true, force: true });
}
