import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { block, bool, str } from "../../values";
import { LOAD_BALANCER_TYPES, loadBalancerType } from "./load-balancer-type";

const ID = "CKV_AWS_91";

/**
 * Access logs are the only record of who called Dify through the load
 * balancer. Terraform leaves them off even when a bucket is given, unless
 * `enabled = true`.
 */
export const albAccessLogs: PolicyRule = {
  ids: [ID],
  title: "Load balancers write access logs",
  severity: "error",
  resourceTypes: LOAD_BALANCER_TYPES,
  check(lb) {
    if (loadBalancerType(lb) === "gateway") return [];
    const logs = block(lb.attributes.access_logs);
    const enabled = bool(logs?.enabled);
    const fix = "set access_logs { bucket = <log bucket>, enabled = true }";
    if (enabled === "unknown") return [unverifiable(ID, "access_logs.enabled", fix)];
    if (enabled !== true || !str(logs?.bucket)) return [{ ruleId: ID, problem: "the load balancer writes no access logs", fix }];
    return [];
  },
};
