import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { str } from "../../values";
import { LISTENER_TYPES, listenerProtocol } from "./load-balancer-type";

const ID = "CKV_AWS_103";

/**
 * ELB security policies that allow nothing older than TLS 1.2: the TLS-1-2
 * and FS-1-2 families and the TLS13-1-2 / TLS13-1-3 ones (including their
 * Res, Ext, FIPS and PQ variants). TLS13-1-0 and TLS13-1-1 allow old TLS
 * despite their name.
 */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS-1-2-|FS-1-2-|TLS13-1-[23]-)/;

export const listenerTlsPolicy: PolicyRule = {
  ids: [ID],
  title: "HTTPS/TLS listeners use a TLS 1.2+ security policy",
  severity: "error",
  resourceTypes: LISTENER_TYPES,
  check(listener, { stack }) {
    const protocol = listenerProtocol(listener, stack);
    if (protocol !== "HTTPS" && protocol !== "TLS") return [];
    const policy = str(listener.attributes.ssl_policy);
    const fix = 'set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another TLS 1.2+ policy)';
    if (policy === "unknown") return [unverifiable(ID, "ssl_policy", fix)];
    if (policy === undefined) return [{ ruleId: ID, problem: "the listener has no ssl_policy (the default ELBSecurityPolicy-2016-08 allows TLS 1.0)", fix }];
    if (!TLS12_POLICY.test(policy)) return [{ ruleId: ID, problem: `ssl_policy ${policy} allows TLS older than 1.2`, fix }];
    return [];
  },
};
