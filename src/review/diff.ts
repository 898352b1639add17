import { compareText } from "../terraform/compare-text";
import type { Json, TerraformDocument } from "../terraform/terraform-document";
import { dataSources, managedResources } from "../terraform/terraform-json";
import { type AttributeChange, diffAttributes } from "./attribute-diff";
import type { SynthOutput } from "./synth-output";

export type ChangeKind = "added" | "removed" | "changed";

/** An addressable part of a stack: a resource, a data source, a local, a provider block or the terraform block. */
export interface StackEntity {
  /** "aws_instance.host", "data.aws_region.current", "local.x", "provider.aws", "terraform". */
  readonly address: string;
  /** Resource type, "local", "provider" or "terraform". */
  readonly type: string;
  readonly body: Json;
}

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  readonly before?: Json;
  readonly after?: Json;
  /** Changed leaf attributes, for kind "changed". */
  readonly attributes: readonly AttributeChange[];
}

export interface StackDiff {
  readonly stack: string;
  readonly status: ChangeKind | "unchanged";
  readonly changes: readonly ResourceChange[];
}

/** Resource-by-resource differences between a base synth and the head synth, per stack. */
export function diffSynth(base: SynthOutput, head: SynthOutput): StackDiff[] {
  const names = [...new Set([...base.stacks.map((s) => s.name), ...head.stacks.map((s) => s.name)])].sort(compareText);
  return names.map((stack) => {
    const before = base.stacks.find((s) => s.name === stack);
    const after = head.stacks.find((s) => s.name === stack);
    const changes = diffEntities(before ? stackEntities(before.document) : [], after ? stackEntities(after.document) : []);
    const status = !before ? "added" : !after ? "removed" : changes.length ? "changed" : "unchanged";
    return { stack, status, changes };
  });
}

function diffEntities(before: readonly StackEntity[], after: readonly StackEntity[]): ResourceChange[] {
  const a = new Map(before.map((e) => [e.address, e]));
  const b = new Map(after.map((e) => [e.address, e]));
  const out: ResourceChange[] = [];
  for (const address of [...new Set([...a.keys(), ...b.keys()])].sort(compareText)) {
    const x = a.get(address);
    const y = b.get(address);
    if (x && y) {
      const attributes = diffAttributes(x.body, y.body);
      if (attributes.length) out.push({ address, type: y.type, kind: "changed", before: x.body, after: y.body, attributes });
    } else if (y) {
      out.push({ address, type: y.type, kind: "added", after: y.body, attributes: [] });
    } else if (x) {
      out.push({ address, type: x.type, kind: "removed", before: x.body, attributes: [] });
    }
  }
  return out;
}

/** Everything of a stack that the review compares. */
function stackEntities(doc: TerraformDocument): StackEntity[] {
  const out: StackEntity[] = [...managedResources(doc), ...dataSources(doc)].map((r) => ({ address: r.address, type: r.type, body: r.body }));
  for (const [name, configs] of Object.entries(doc.provider ?? {})) {
    for (const config of configs ?? []) {
      const alias = typeof config.alias === "string" ? `.${config.alias}` : "";
      out.push({ address: `provider.${name}${alias}`, type: "provider", body: config });
    }
  }
  // Launch templates take their user data from a local (base64encode(local.x)),
  // so a boot-script change shows only here.
  for (const [name, value] of Object.entries((doc.locals ?? {}) as Record<string, Json>)) {
    out.push({ address: `local.${name}`, type: "local", body: { value } });
  }
  if (doc.terraform) out.push({ address: "terraform", type: "terraform", body: doc.terraform });
  return out.sort((x, y) => compareText(x.address, y.address));
}
