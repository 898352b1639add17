import { VPC_QUOTAS } from "../catalog/vpc-quotas";
import { problem } from "../config/errors";
import { ALB_CLIENT_PORTS } from "../constructs/host/host-ports";
import { cidr } from "../network/cidr";
import { nestedEntries } from "../network/cidr-nesting";

const FIELD = ["dify", "allowedCidrs"];
const WORLD = "0.0.0.0/0";
/** Entries quoted in one warning line before "and N more". */
const SHOWN = 5;

export interface AllowedCidrs {
  readonly cidrs: string[];
  readonly problems: string[];
  readonly warnings: string[];
}

/**
 * The client CIDRs the ALB admits. A repeated entry, or one inside a wider
 * entry, would only add security-group rules that admit nobody new (and AWS
 * refuses an exact duplicate rule at apply), so they are dropped with a
 * warning. What remains must fit the rules-per-group quota.
 */
export function resolveAllowedCidrs(file: string, listed: readonly string[], publicInternet: boolean): AllowedCidrs {
  const entries = publicInternet ? [...listed, WORLD] : [...listed];
  const nested = nestedEntries(entries.map(cidr));
  const dropped = new Set(nested.map((n) => n.index));
  const cidrs = entries.filter((_, i) => !dropped.has(i));

  const where = (i: number) => (i >= listed.length ? '"publicInternet": true' : `${entries[i]} ([${i}])`);
  const duplicates = nested.filter((n) => entries[n.index] === entries[n.within]);
  const inside = nested.filter((n) => entries[n.index] !== entries[n.within]);
  const list = (items: string[]) => items.slice(0, SHOWN).join(", ") + (items.length > SHOWN ? ` and ${items.length - SHOWN} more` : "");
  const warnings: string[] = [];
  if (duplicates.length) {
    warnings.push(problem(file, FIELD, `${list(duplicates.map((n) => `${entries[n.index]} ([${n.index}])`))} repeated; each is used once`));
  }
  if (inside.length) {
    warnings.push(problem(file, FIELD, `${list(inside.map((n) => `${entries[n.index]} ([${n.index}]) inside ${where(n.within)}`))}; only the wider blocks are used`));
  }

  const problems: string[] = [];
  const rules = cidrs.length * ALB_CLIENT_PORTS.length;
  const quota = VPC_QUOTAS.inboundRulesPerSecurityGroup;
  if (rules > quota) {
    problems.push(
      problem(
        file,
        FIELD,
        `${cidrs.length} distinct CIDRs make ${rules} inbound rules (ports ${ALB_CLIENT_PORTS.join(" and ")}) on the load balancer's security group, above AWS's default quota of ${quota} rules per group; list at most ${Math.floor(quota / ALB_CLIENT_PORTS.length)}, summarizing neighbouring ranges into wider blocks`,
      ),
    );
  }
  return { cidrs, problems, warnings };
}
