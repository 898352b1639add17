import { z } from "zod";
import { DIFY_MINIMUM, EC2_FAMILIES, EC2_INSTANCE_TYPES, ELASTICACHE_NODE_TYPES, RDS_POSTGRES_CLASSES } from "../../catalog/instance-types";
import { showValue } from "./primitives";

const gib = (n: number) => `${n} GiB`;

/** Why a Dify host cannot be `type`; undefined when it can. */
function hostInstanceTypeProblem(type: string): string | undefined {
  const spec = EC2_INSTANCE_TYPES[type];
  if (!spec) {
    const family = type.split(".")[0];
    const sizes = Object.keys(EC2_INSTANCE_TYPES)
      .filter((t) => t.startsWith(`${family}.`))
      .map((t) => t.split(".")[1]);
    const hint = sizes.length ? `${family} comes in ${sizes.join(", ")}` : `known families: ${EC2_FAMILIES.join(", ")}`;
    return `must be an EC2 instance type from the catalog (src/catalog/instance-types.ts; ${hint}), got ${showValue(type)}`;
  }
  if (spec.vcpu < DIFY_MINIMUM.vcpu || spec.memoryGib < DIFY_MINIMUM.memoryGib) {
    return `must have at least ${DIFY_MINIMUM.vcpu} vCPU and ${gib(DIFY_MINIMUM.memoryGib)}, which Dify needs (for example "t3.large" or "m7g.large"); ${type} has ${spec.vcpu} vCPU and ${gib(spec.memoryGib)}`;
  }
  return undefined;
}

const fromSet = (set: ReadonlySet<string>, what: string, example: string) =>
  z.string().superRefine((value, ctx) => {
    if (set.has(value)) return;
    const family = value.split(".").slice(0, 2).join(".");
    const sizes = [...set].filter((c) => c.startsWith(`${family}.`)).map((c) => c.split(".")[2]);
    const hint = sizes.length ? `; ${family} comes in ${sizes.join(", ")}` : "";
    ctx.addIssue({ code: "custom", message: `must be ${what} such as ${JSON.stringify(example)} (src/catalog/instance-types.ts${hint}), got ${showValue(value)}` });
  });

// The enums give editors the allowed values through the JSON Schema.
export const HostInstanceType = z
  .string()
  .superRefine((value, ctx) => {
    const message = hostInstanceTypeProblem(value);
    if (message) ctx.addIssue({ code: "custom", message });
  })
  .meta({ enum: Object.keys(EC2_INSTANCE_TYPES).filter((type) => hostInstanceTypeProblem(type) === undefined) });

export const RdsInstanceClass = fromSet(RDS_POSTGRES_CLASSES, "an RDS for PostgreSQL instance class", "db.t4g.medium").meta({ enum: [...RDS_POSTGRES_CLASSES] });

export const CacheNodeType = fromSet(ELASTICACHE_NODE_TYPES, "an ElastiCache node type", "cache.t4g.small").meta({ enum: [...ELASTICACHE_NODE_TYPES] });
