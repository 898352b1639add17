/**
 * The shape of a `cdktf.out` folder as the review reads it: `manifest.json`
 * plus one `cdk.tf.json` per stack.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One entry of a stack's `annotations` in manifest.json. */
export interface Annotation {
  readonly constructPath: string;
  /** "@cdktf/error", "@cdktf/warn" or "@cdktf/info". */
  readonly level: string;
  readonly message: string;
}

/** A synthesized Terraform JSON document (cdk.tf.json). */
export interface TerraformDocument {
  readonly resource?: Record<string, Record<string, JsonObject>>;
  readonly data?: Record<string, Record<string, JsonObject>>;
  readonly provider?: Record<string, JsonObject[]>;
  readonly terraform?: JsonObject;
  readonly [key: string]: unknown;
}

export interface SynthStack {
  readonly name: string;
  readonly annotations: readonly Annotation[];
  readonly document: TerraformDocument;
}

/** Every stack of one synth folder, sorted by name. */
export interface SynthOutput {
  readonly stacks: readonly SynthStack[];
}
