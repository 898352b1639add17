/**
 * Minimal IPv4 CIDR arithmetic. Subnets are computed at synth time (not with
 * Terraform's cidrsubnet) so that reviewers see the literal ranges in a PR.
 */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

/** Parses "a.b.c.d/n". Returns a reason string when the value is not a canonical IPv4 CIDR. */
export function parseCidr(value: string): Cidr | string {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!match) return "not in a.b.c.d/n form";
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return "an octet is above 255";
  const prefix = Number(match[5]);
  if (prefix > 32) return "the prefix is above /32";
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) return `host bits are set; the network address is ${format(address - (address % size))}/${prefix}`;
  return { base: address, prefix };
}

/** Like parseCidr, for values that were already validated. */
export function cidr(value: string): Cidr {
  const parsed = parseCidr(value);
  if (typeof parsed === "string") throw new Error(`invalid CIDR ${value}: ${parsed}`);
  return parsed;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** The index-th subnet of `parent` that is `newBits` longer, like Terraform's cidrsubnet(). */
export function subnet(parent: Cidr, newBits: number, index: number): Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new Error(`subnet ${index} of /${parent.prefix} with ${newBits} new bits does not exist`);
  }
  return { base: parent.base + index * 2 ** (32 - prefix), prefix };
}

export function formatCidr(c: Cidr): string {
  return `${format(c.base)}/${c.prefix}`;
}

function format(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}
