import type { TerraformDocument } from "../terraform/terraform-document";

/**
 * The shape of a `cdktf.out` folder as the review reads it: `manifest.json`
 * plus one `cdk.tf.json` per stack.
 */

/** One entry of a stack's `annotations` in manifest.json. */
export interface Annotation {
  readonly constructPath: string;
  /** "@cdktf/error", "@cdktf/warn" or "@cdktf/info". */
  readonly level: string;
  readonly message: string;
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
