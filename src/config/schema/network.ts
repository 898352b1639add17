import { z } from "zod";
import { Ipv4Cidr, LogRetentionDays } from "./primitives";

const NAT_MODES = ["per-az", "single", "instance", "none"] as const;

export const NetworkSchema = z.strictObject({
  vpcCidr: Ipv4Cidr(16, 24).meta({
    description: "IPv4 CIDR of the VPC, /16 to /24. It may not overlap another environment's CIDR.",
    examples: ["10.10.0.0/16"],
  }),
  azCount: z
    .union([z.literal(2), z.literal(3)], { error: (iss) => `must be 2 or 3, got ${JSON.stringify(iss.input)}` })
    .default(2)
    .meta({ description: "Availability zones to spread the subnets over. @default 2" }),
  nat: z.enum(NAT_MODES).default("single").meta({
    description:
      'Egress of the private subnets: "per-az" (a NAT gateway per AZ, highly available), "single" (one NAT gateway), "instance" (one t4g.nano NAT instance in a self-healing Auto Scaling group: about a tenth of a NAT gateway, for dev and trials; a replacement takes a few minutes) or "none" (hosts reach AWS only through VPC endpoints). @default "single"',
  }),
  flowLogRetentionDays: LogRetentionDays.optional().meta({
    description: "Retention of the VPC flow logs. @default operations.logRetentionDays",
  }),
});
