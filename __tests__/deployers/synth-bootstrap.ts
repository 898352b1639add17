import { Testing } from "cdktf";
import { BootstrapStack } from "../../src/stacks/bootstrap-stack";
import { exampleConfig } from "../helpers/fixtures";
import type { Json } from "../helpers/terraform-json";

export interface SynthesizedBootstrap {
  readonly json: string;
  readonly tf: Json;
}

/** Synthesizes the bootstrap stack of the bundled examples, with patches. */
export function synthBootstrap(patches: Record<string, Json> = {}): SynthesizedBootstrap {
  const json = Testing.synth(new BootstrapStack(Testing.app(), exampleConfig(patches)));
  return { json, tf: JSON.parse(json) };
}

export const CLOUD_BACKEND = { backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } };

/** Resources of a type, with their logical names. */
export function entries(tf: Json, type: string): Array<[string, Json]> {
  return Object.entries(tf.resource?.[type] ?? {});
}

/** The resource of a type whose `provider` is the account's aliased provider (or the default one). */
export function inAccount(tf: Json, type: string, accountId: string): Json[] {
  return entries(tf, type)
    .filter(([name]) => name.startsWith(`deployer-${accountId}_`))
    .map(([, r]) => r);
}

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: any;
  Condition?: Record<string, Record<string, unknown>>;
}

export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function statements(policy: string): Statement[] {
  return JSON.parse(policy).Statement;
}

/** Every IAM policy document of the stack: managed, inline and trust policies. */
export function allPolicyDocuments(tf: Json): Array<{ where: string; statements: Statement[] }> {
  return [
    ...entries(tf, "aws_iam_policy").map(([name, r]) => ({ where: name, statements: statements(r.policy) })),
    ...entries(tf, "aws_iam_role_policy").map(([name, r]) => ({ where: name, statements: statements(r.policy) })),
    ...entries(tf, "aws_iam_role").map(([name, r]) => ({ where: name, statements: statements(r.assume_role_policy) })),
  ];
}
