import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { bool } from "../../values";
import { LOAD_BALANCER_TYPES, loadBalancerType } from "./load-balancer-type";

const ID = "CKV_AWS_131";

/**
 * Headers with invalid characters are a request-smuggling vector between the
 * ALB and nginx; the ALB drops them only when told to.
 */
export const albDropInvalidHeaders: PolicyRule = {
  ids: [ID],
  title: "Application load balancers drop invalid HTTP headers",
  severity: "error",
  resourceTypes: LOAD_BALANCER_TYPES,
  check(lb) {
    if (loadBalancerType(lb) !== "application") return [];
    const drop = bool(lb.attributes.drop_invalid_header_fields);
    const fix = "set drop_invalid_header_fields = true";
    if (drop === true) return [];
    if (drop === "unknown") return [unverifiable(ID, "drop_invalid_header_fields", fix)];
    return [{ ruleId: ID, problem: "the ALB forwards requests with invalid HTTP headers", fix }];
  },
};
