import * as fs from "node:fs";
import * as path from "node:path";
import { compareText } from "../terraform/compare-text";
import type { TerraformDocument } from "../terraform/terraform-document";
import { ReviewInputError } from "./review-input-error";
import type { Annotation, SynthOutput, SynthStack } from "./synth-output";

interface ManifestStack {
  readonly synthesizedStackPath?: unknown;
  readonly annotations?: unknown;
}

/**
 * Reads a cdktf output folder. `missingHint` finishes the one-line message
 * shown when the folder or its manifest is missing, for example
 * "run `npm run synth` first".
 */
export function readSynth(dir: string, missingHint: string): SynthOutput {
  const manifestPath = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifestPath) || !fs.statSync(manifestPath).isFile()) {
    throw new ReviewInputError(`${manifestPath} not found: ${missingHint}`);
  }
  const manifest = parseJson(manifestPath) as { stacks?: unknown };
  if (!manifest || typeof manifest !== "object" || !manifest.stacks || typeof manifest.stacks !== "object" || Array.isArray(manifest.stacks)) {
    throw new ReviewInputError(`${manifestPath} has no "stacks" object: is ${dir} a cdktf output folder?`);
  }

  const stacks: SynthStack[] = [];
  for (const [name, entry] of Object.entries(manifest.stacks as Record<string, ManifestStack>)) {
    const relative = typeof entry?.synthesizedStackPath === "string" ? entry.synthesizedStackPath : `stacks/${name}/cdk.tf.json`;
    const stackPath = path.join(dir, relative);
    if (!fs.existsSync(stackPath)) {
      throw new ReviewInputError(`${stackPath} not found (stack "${name}" in ${manifestPath}): ${missingHint}`);
    }
    const document = parseJson(stackPath);
    if (!document || typeof document !== "object" || Array.isArray(document)) {
      throw new ReviewInputError(`${stackPath} is not a Terraform JSON object`);
    }
    stacks.push({ name, annotations: annotationsOf(entry?.annotations), document: document as TerraformDocument });
  }
  stacks.sort((a, b) => compareText(a.name, b.name));
  return { stacks };
}

function parseJson(file: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReviewInputError(`${file} is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
}

function annotationsOf(value: unknown): Annotation[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((a): a is Record<string, unknown> => !!a && typeof a === "object")
    .map((a) => ({
      constructPath: typeof a.constructPath === "string" ? a.constructPath : "",
      level: typeof a.level === "string" ? a.level : "",
      message: typeof a.message === "string" ? a.message : JSON.stringify(a.message ?? ""),
    }));
}
