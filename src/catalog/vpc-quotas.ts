/**
 * VPC quotas that synth checks, at their default values. An account can
 * raise them through Service Quotas; the defaults are what a new account has.
 *
 * Source: Amazon VPC User Guide, "Amazon VPC quotas", security groups section
 * (quota code L-0EA8095F). Checked: 2026-11-30.
 */
export const VPC_QUOTAS = {
  /** Inbound rules per security group (IPv4 and IPv6 rules are counted separately). */
  inboundRulesPerSecurityGroup: 60,
} as const;
