import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../src/config/errors";
import type { AppConfig, EnvironmentConfig } from "../../src/config/types";
import { loadConfig } from "../../src/loader/load";
import { ROOT } from "./repo-root";
import { type Json, type SynthesizedStack, synth } from "./terraform-json";

export { type Json, resources, type SynthesizedStack } from "./terraform-json";

export { ROOT };
/**
 * The tests' own environment files: a copy of the shipped environments/ as
 * the tests were written against them. environments/ belongs to the user,
 * who may add, edit or remove files there; it is tested only as an example.
 */
export const EXAMPLES = path.join(ROOT, "__tests__", "fixtures", "environments");
/** The shipped environments/ folder, the user's own. */
export const SHIPPED_ENVIRONMENTS = path.join(ROOT, "environments");

/**
 * Every shipped configuration folder: environments/ and each examples/<name>/
 * with an organization.json, as [label, folder] pairs.
 */
export function shippedConfigDirs(): Array<[string, string]> {
  const examples = path.join(ROOT, "examples");
  return [
    ["environments", SHIPPED_ENVIRONMENTS],
    ...fs
      .readdirSync(examples)
      .filter((d) => fs.existsSync(path.join(examples, d, "organization.json")))
      .map((d): [string, string] => [`examples/${d}`, path.join(examples, d)]),
  ];
}

/** Copies the test fixture environments (or another config folder) into a temp folder, with edits. */
export function environmentsDir(edit: (files: Record<string, Json>) => void = () => undefined, source = EXAMPLES): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-env-"));
  const files: Record<string, Json> = {};
  for (const f of fs.readdirSync(source).filter((n) => n.endsWith(".json"))) {
    files[f] = JSON.parse(fs.readFileSync(path.join(source, f), "utf8"));
  }
  edit(files);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** Deep-merges `patch` into a copy of `base`; `undefined` deletes a key. */
export function merge<T extends Json>(base: T, patch: Json): T {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else if (v && typeof v === "object" && !Array.isArray(v) && out[k] && typeof out[k] === "object") out[k] = merge(out[k] as Json, v as Json);
    else out[k] = v;
  }
  return out as T;
}

/**
 * The one-line problems that loading the fixture files with `edit` applied
 * reports, with the temp folder shown as "environments"; none when they load.
 */
export function loadProblems(edit: (files: Record<string, Json>) => void): string[] {
  const dir = environmentsDir(edit);
  try {
    loadConfig({ dir });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.lines.map((line) => line.split(path.relative(process.cwd(), dir)).join("environments"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** loadProblems, for edits that must be refused: fails the test when the files load. */
export function configProblems(edit: (files: Record<string, Json>) => void): string[] {
  const lines = loadProblems(edit);
  if (!lines.length) throw new Error("expected a ConfigError");
  return lines;
}

/** Loads the examples, optionally patching one environment file. */
export function exampleConfig(patches: Record<string, Json> = {}): AppConfig {
  const dir = environmentsDir((files) => {
    for (const [file, patch] of Object.entries(patches)) files[file] = merge(files[file] ?? {}, patch);
  });
  return loadConfig({ dir }).config;
}

export function environment(config: AppConfig, name: string): EnvironmentConfig {
  const env = config.environments.find((e) => e.name === name);
  if (!env) throw new Error(`no environment ${name}`);
  return env;
}

/**
 * Synthesizes one environment stack with the cdktf Testing API. cdktf and the
 * stack are loaded here, not at the top: many suites use this file only for
 * its paths and config helpers, and loading them costs close to a second of
 * CPU in every suite that imports it.
 */
export function synthEnvironment(name: string, patches: Record<string, Json> = {}): SynthesizedStack {
  const config = exampleConfig(patches);
  const { Testing }: typeof import("cdktf") = require("cdktf");
  const { DifyStack }: typeof import("../../src/stacks/dify-stack") = require("../../src/stacks/dify-stack");
  return synth(new DifyStack(Testing.app(), config.organization, environment(config, name)));
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real app command (as `npm run synth` does) against a config folder. */
export function runApp(configDir: string, outdir: string, extraEnv: Record<string, string> = {}): RunResult {
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "run-ts.js"), path.join(ROOT, "main.ts")], {
    cwd: ROOT,
    env: { ...process.env, DIFY_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, DIFY_DEBUG: "", ...extraEnv },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
