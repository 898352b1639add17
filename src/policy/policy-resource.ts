import { DefaultTokenResolver, StringConcat, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import type { Attributes } from "./values";

/**
 * A resource as the rules see it: its attributes exactly as they will be
 * written to cdk.tf.json.
 *
 * Rules read `resource.toTerraform()` resolved against the stack rather than
 * the typed class getters, because that is the only view that includes
 * escape-hatch overrides (`addOverride`, also stack-level ones), raw
 * `TerraformResource`s and resources from other bindings, and that shows
 * references the way Terraform will see them ("${aws_s3_bucket.x.id}").
 * Resources are identified by `terraformResourceType`, not `instanceof` a
 * provider class: it needs no provider module loaded, and survives two copies
 * of the provider package in node_modules.
 */
export interface PolicyResource {
  readonly construct: TerraformResource;
  /** Terraform resource type, for example "aws_instance". */
  readonly type: string;
  /** Logical name in the stack. */
  readonly name: string;
  /** "<type>.<name>", as references to this resource spell it. */
  readonly address: string;
  readonly attributes: Attributes;
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

export function isTerraformResource(node: IConstruct): node is TerraformResource {
  return TerraformResource.isTerraformResource(node);
}

/** Reads the synthesized attributes of one resource, overrides applied and tokens resolved. */
export function readResource(resource: TerraformResource): PolicyResource {
  const stack = TerraformStack.of(resource);
  // preparing: false, so resolving has no side effects (no cross-stack outputs are registered).
  const resolve = (value: unknown): unknown => Tokenization.resolve(value, { scope: stack, preparing: false, resolver: RESOLVER });
  const type = resource.terraformResourceType;
  const fragment = resolve(resource.toTerraform()) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const [name, raw] = Object.entries(fragment.resource?.[type] ?? {})[0] ?? [resource.friendlyUniqueId, {}];
  const attributes: Record<string, unknown> = { ...raw };
  delete attributes["//"];

  // Stack.addOverride("resource.<type>.<name>.<attr>", ...) lands here; cdktf keeps it private.
  const stackOverrides = (stack as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides;
  const override = (stackOverrides?.resource as Record<string, Record<string, unknown>> | undefined)?.[type]?.[name];
  if (override && typeof override === "object") mergeOverride(attributes, resolve(override) as Record<string, unknown>);

  return { construct: resource, type, name, address: `${type}.${name}`, attributes };
}

/** cdktf's merge rules for overrides: objects merge, lists append, undefined deletes. */
function mergeOverride(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) delete target[key];
    else if (Array.isArray(value)) target[key] = Array.isArray(target[key]) ? [...(target[key] as unknown[]), ...value] : value;
    else if (value !== null && typeof value === "object") {
      const current = target[key];
      const next = current !== null && typeof current === "object" && !Array.isArray(current) ? { ...(current as Record<string, unknown>) } : {};
      mergeOverride(next, value as Record<string, unknown>);
      target[key] = next;
    } else target[key] = value;
  }
}
