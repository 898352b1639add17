/**
 * EC2 instance types a Dify host would run on, with vCPU and memory, and the
 * RDS and ElastiCache classes the managed tier may use.
 *
 * Source: Amazon EC2 "Instance type specifications" (general purpose,
 * compute optimized and memory optimized tables), the Amazon RDS "DB instance
 * classes" and the ElastiCache "Supported node types" pages.
 * Checked: 2026-11-30. Sizes missing here (metal, the largest sizes of some
 * families) are left out on purpose: nobody runs one Dify host on them.
 */

export type Architecture = "arm64" | "x86_64";

export interface InstanceTypeSpec {
  readonly vcpu: number;
  readonly memoryGib: number;
  readonly architecture: Architecture;
}

/** vCPUs of each size name in the m, c and r families. */
const VCPUS: Record<string, number> = {
  medium: 1,
  large: 2,
  xlarge: 4,
  "2xlarge": 8,
  "4xlarge": 16,
  "8xlarge": 32,
  "9xlarge": 36,
  "12xlarge": 48,
  "16xlarge": 64,
  "18xlarge": 72,
  "24xlarge": 96,
  "32xlarge": 128,
  "48xlarge": 192,
};

const UP_TO_16 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
const UP_TO_24 = [...UP_TO_16, "24xlarge"];
const UP_TO_32 = [...UP_TO_24, "32xlarge"];
const UP_TO_48 = [...UP_TO_24, "48xlarge"];
const GRAVITON_UP_TO_16 = ["medium", ...UP_TO_16];
const GRAVITON_UP_TO_48 = ["medium", ...UP_TO_48];

/** Families whose memory is a fixed number of GiB per vCPU (m: 4, c: 2, r: 8). */
const SCALED_FAMILIES: ReadonlyArray<[family: string, architecture: Architecture, gibPerVcpu: number, sizes: readonly string[]]> = [
  ["m5", "x86_64", 4, UP_TO_24],
  ["m5a", "x86_64", 4, UP_TO_24],
  ["m6i", "x86_64", 4, UP_TO_32],
  ["m6a", "x86_64", 4, [...UP_TO_32, "48xlarge"]],
  ["m7i", "x86_64", 4, UP_TO_48],
  ["m7i-flex", "x86_64", 4, ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"]],
  ["m7a", "x86_64", 4, ["medium", ...UP_TO_48]],
  ["m6g", "arm64", 4, GRAVITON_UP_TO_16],
  ["m7g", "arm64", 4, GRAVITON_UP_TO_16],
  ["m8g", "arm64", 4, GRAVITON_UP_TO_48],
  ["c5", "x86_64", 2, ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge"]],
  ["c5a", "x86_64", 2, UP_TO_24],
  ["c6i", "x86_64", 2, UP_TO_32],
  ["c6a", "x86_64", 2, [...UP_TO_32, "48xlarge"]],
  ["c7i", "x86_64", 2, UP_TO_48],
  ["c7a", "x86_64", 2, ["medium", ...UP_TO_48]],
  ["c6g", "arm64", 2, GRAVITON_UP_TO_16],
  ["c7g", "arm64", 2, GRAVITON_UP_TO_16],
  ["c8g", "arm64", 2, GRAVITON_UP_TO_48],
  ["r5", "x86_64", 8, UP_TO_24],
  ["r5a", "x86_64", 8, UP_TO_24],
  ["r6i", "x86_64", 8, UP_TO_32],
  ["r6a", "x86_64", 8, [...UP_TO_32, "48xlarge"]],
  ["r7i", "x86_64", 8, UP_TO_48],
  ["r7a", "x86_64", 8, ["medium", ...UP_TO_48]],
  ["r6g", "arm64", 8, GRAVITON_UP_TO_16],
  ["r7g", "arm64", 8, GRAVITON_UP_TO_16],
  ["r8g", "arm64", 8, GRAVITON_UP_TO_48],
];

/** Burstable sizes do not follow a ratio. */
const BURSTABLE_SIZES: Record<string, [vcpu: number, memoryGib: number]> = {
  nano: [2, 0.5],
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  "2xlarge": [8, 32],
};
const BURSTABLE_FAMILIES: ReadonlyArray<[string, Architecture]> = [
  ["t3", "x86_64"],
  ["t3a", "x86_64"],
  ["t4g", "arm64"],
];

function buildCatalog(): Readonly<Record<string, InstanceTypeSpec>> {
  const out: Record<string, InstanceTypeSpec> = {};
  for (const [family, architecture] of BURSTABLE_FAMILIES) {
    for (const [size, [vcpu, memoryGib]] of Object.entries(BURSTABLE_SIZES)) out[`${family}.${size}`] = { vcpu, memoryGib, architecture };
  }
  for (const [family, architecture, gibPerVcpu, sizes] of SCALED_FAMILIES) {
    for (const size of sizes) out[`${family}.${size}`] = { vcpu: VCPUS[size], memoryGib: VCPUS[size] * gibPerVcpu, architecture };
  }
  return out;
}

export const EC2_INSTANCE_TYPES = buildCatalog();

/** Families in the catalog, in the order above, for messages. */
export const EC2_FAMILIES = [...new Set(Object.keys(EC2_INSTANCE_TYPES).map((t) => t.split(".")[0]))];

/** Dify's documented minimum for one host running the whole compose stack. */
export const DIFY_MINIMUM = { vcpu: 2, memoryGib: 4 } as const;

const sized = (prefix: string, families: readonly string[], sizes: readonly string[]) => families.flatMap((family) => sizes.map((size) => `${prefix}.${family}.${size}`));

/** RDS for PostgreSQL instance classes (Single-AZ and Multi-AZ instance deployments). */
export const RDS_POSTGRES_CLASSES: ReadonlySet<string> = new Set([
  ...sized("db", ["t3", "t4g"], ["micro", "small", "medium", "large", "xlarge", "2xlarge"]),
  ...sized("db", ["m5", "m6i", "m6g", "m7g", "m8g", "r5", "r6i", "r6g", "r7g", "r8g"], UP_TO_16),
]);

/** ElastiCache node types that run Valkey and Redis OSS 7. */
export const ELASTICACHE_NODE_TYPES: ReadonlySet<string> = new Set([
  ...sized("cache", ["t3", "t4g"], ["micro", "small", "medium"]),
  ...sized("cache", ["m6g", "m7g", "r6g", "r7g"], UP_TO_16),
  ...sized("cache", ["m5", "r5"], ["large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"]),
]);
