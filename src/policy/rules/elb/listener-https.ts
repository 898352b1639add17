import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { block, blocks, str } from "../../values";
import { LISTENER_TYPES, listenerProtocol } from "./load-balancer-type";

const ID = "CKV_AWS_2";

/**
 * Listeners encrypt traffic. Plain HTTP is allowed only for a listener whose
 * every default action redirects to HTTPS (port 80 kept open so that typed
 * URLs still work).
 */
export const listenerHttps: PolicyRule = {
  ids: [ID],
  title: "Listeners use HTTPS/TLS; HTTP only to redirect to HTTPS",
  severity: "error",
  resourceTypes: LISTENER_TYPES,
  check(listener, { stack }) {
    const protocol = listenerProtocol(listener, stack);
    const fix = 'use protocol = "HTTPS", or make the default action a redirect with redirect.protocol = "HTTPS"';
    if (protocol === "unknown") return [unverifiable(ID, "protocol", fix)];
    if (protocol !== "HTTP") return [];
    const actions = blocks(listener.attributes.default_action);
    const redirects = actions.length > 0 && actions.every((a) => str(a.type) === "redirect" && str(block(a.redirect)?.protocol)?.toUpperCase() === "HTTPS");
    return redirects ? [] : [{ ruleId: ID, problem: "the listener serves plain HTTP", fix }];
  },
};
