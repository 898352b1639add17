import { cidr, formatCidr, subnet } from "./cidr";

export type SubnetTier = "public" | "private" | "isolated";
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "isolated"];

/** An ALB needs subnets of at least /27 with 8 free addresses. */
const SMALLEST_SUBNET_PREFIX = 27;

export interface SubnetPlan {
  readonly newBits: number;
  /** CIDRs per tier, one per AZ, in AZ order. */
  readonly cidrs: Readonly<Record<SubnetTier, readonly string[]>>;
}

/**
 * Splits the VPC into equal subnets: `3 * azCount` slots rounded up to a power
 * of two, tiers laid out one after another so that every tier is contiguous.
 * Returns a reason string when the VPC is too small.
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan | string {
  const vpc = cidr(vpcCidr);
  const newBits = Math.ceil(Math.log2(SUBNET_TIERS.length * azCount));
  if (vpc.prefix + newBits > SMALLEST_SUBNET_PREFIX) {
    const needed = SMALLEST_SUBNET_PREFIX - newBits;
    return `${azCount} AZs need a /${needed} or larger VPC, because every subnet must be /${SMALLEST_SUBNET_PREFIX} or larger for the ALB; got /${vpc.prefix}`;
  }
  const cidrs = Object.fromEntries(SUBNET_TIERS.map((tier, t) => [tier, Array.from({ length: azCount }, (_, az) => formatCidr(subnet(vpc, newBits, t * azCount + az)))])) as Record<
    SubnetTier,
    string[]
  >;
  return { newBits, cidrs };
}
