/** The JSON that cdktf synthesizes for one stack (cdk.tf.json), as the review and the cost estimate read it. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A synthesized Terraform JSON document (cdk.tf.json). */
export interface TerraformDocument {
  readonly resource?: Record<string, Record<string, JsonObject>>;
  readonly data?: Record<string, Record<string, JsonObject>>;
  readonly provider?: Record<string, JsonObject[]>;
  readonly terraform?: JsonObject;
  readonly [key: string]: unknown;
}
