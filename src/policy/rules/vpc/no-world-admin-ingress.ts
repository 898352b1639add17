import type { PolicyResource } from "../../policy-resource";
import type { Finding, PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { type Attributes, blocks, isExpression, type Known, num, str, strings } from "../../values";

const ADMIN_PORTS = [
  { ruleId: "CKV_AWS_24", port: 22, service: "SSH" },
  { ruleId: "CKV_AWS_25", port: 3389, service: "RDP" },
] as const;
const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** One ingress permission, whichever of the three Terraform shapes it came from. */
interface Ingress {
  readonly protocol: Known<string | undefined>;
  readonly from: Known<number | undefined>;
  readonly to: Known<number | undefined>;
  readonly sources: Known<string[]>;
}

/**
 * No security group lets the whole internet reach SSH or RDP. Dify hosts are
 * managed through SSM Session Manager and need neither port open. The three
 * ways to write an ingress rule in Terraform are all checked: inline blocks,
 * aws_security_group_rule and aws_vpc_security_group_ingress_rule.
 */
export const noWorldAdminIngress: PolicyRule = {
  ids: ["CKV_AWS_24", "CKV_AWS_25"],
  title: "No ingress from 0.0.0.0/0 or ::/0 to port 22 (SSH) or 3389 (RDP)",
  severity: "error",
  resourceTypes: ["aws_security_group", "aws_default_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check(resource) {
    return ingressOf(resource).flatMap((ingress, i, all) => findings(ingress, all.length > 1 ? `ingress rule ${i + 1}` : "the ingress rule"));
  },
};

function ingressOf({ type, attributes: a }: PolicyResource): Ingress[] {
  switch (type) {
    case "aws_security_group":
    case "aws_default_security_group":
      return blocks(a.ingress).map(classic);
    case "aws_security_group_rule":
      return str(a.type) === "egress" ? [] : [classic(a)];
    default: {
      const sources = [a.cidr_ipv4, a.cidr_ipv6].map(str);
      return [
        {
          protocol: str(a.ip_protocol),
          from: num(a.from_port),
          to: num(a.to_port),
          sources: sources.includes("unknown") ? "unknown" : sources.filter((s): s is string => typeof s === "string"),
        },
      ];
    }
  }
}

function classic(a: Attributes): Ingress {
  const v4 = strings(a.cidr_blocks);
  const v6 = strings(a.ipv6_cidr_blocks);
  return { protocol: str(a.protocol), from: num(a.from_port), to: num(a.to_port), sources: v4 === "unknown" || v6 === "unknown" ? "unknown" : [...v4, ...v6] };
}

function findings(ingress: Ingress, what: string): Finding[] {
  const out: Finding[] = [];
  for (const { ruleId, port, service } of ADMIN_PORTS) {
    const covered = coversPort(ingress, port);
    if (covered === false) continue;
    const fix = "allow only known CIDRs, or drop the rule and use SSM Session Manager";
    const world = ingress.sources === "unknown" ? [] : ingress.sources.filter((s) => WORLD.has(s));
    const unknownSources = ingress.sources === "unknown" || ingress.sources.some(isExpression);
    if (world.length && covered === true) {
      out.push({ ruleId, problem: `${what} opens ${service} (port ${port}) to ${world.join(" and ")}`, fix });
    } else if (world.length || unknownSources) {
      out.push(unverifiable(ruleId, `whether ${what} opens ${service} (port ${port}) to the internet`, fix));
    }
  }
  return out;
}

/** True when the rule admits traffic to `port`: all protocols, or TCP/UDP with the port in range. */
function coversPort({ protocol, from, to }: Ingress, port: number): Known<boolean> {
  if (protocol === "unknown") return "unknown";
  const p = (protocol ?? "").toLowerCase();
  if (p === "-1" || p === "all") return true;
  // RDP also listens on UDP 3389; other protocols (ICMP, ESP...) have no ports.
  if (!["tcp", "6", "udp", "17"].includes(p)) return false;
  if (from === "unknown" || to === "unknown") return "unknown";
  if (from === undefined || to === undefined) return false;
  return from <= port && port <= to;
}
