import type { TerraformStack } from "cdktf";

/**
 * Look-ups on synthesized Terraform JSON, the one set every suite shares.
 * Values are `any` on purpose: tests read nested Terraform attributes whose
 * shape the assertion itself checks.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface TerraformJson {
  resource: Record<string, Record<string, Json>>;
  data?: Record<string, Record<string, Json>>;
  output?: Record<string, Json>;
  locals?: Json;
  provider: Record<string, Json[]>;
  terraform: Json;
}

export interface SynthesizedStack {
  readonly json: string;
  readonly tf: TerraformJson;
}

/** Synthesizes a stack (running its aspects) and parses the result. */
export function synth(stack: TerraformStack): SynthesizedStack {
  // Required on use: a suite that imports the look-ups alone never loads cdktf.
  const { Testing }: typeof import("cdktf") = require("cdktf");
  const json = Testing.synth(stack);
  return { json, tf: JSON.parse(json) };
}

/** Every resource of a type, keyed by its logical name. */
export function resourcesByType(tf: Pick<TerraformJson, "resource">, type: string): Record<string, Json> {
  return tf.resource?.[type] ?? {};
}

/** Every resource of a type. */
export function resources(tf: Pick<TerraformJson, "resource">, type: string): Json[] {
  return Object.values(resourcesByType(tf, type));
}

/** The single resource of a type; throws when there is none or more than one. */
export function only(tf: Pick<TerraformJson, "resource">, type: string): Json {
  const found = resources(tf, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}
