import type { PolicyResource } from "../../policy-resource";
import { referenceOf } from "../../references";
import type { StackIndex } from "../../stack-index";
import { type Known, str } from "../../values";

export const LOAD_BALANCER_TYPES = ["aws_lb", "aws_alb"];
export const LISTENER_TYPES = ["aws_lb_listener", "aws_alb_listener"];

/** "application" (Terraform's default), "network" or "gateway". */
export function loadBalancerType(lb: PolicyResource): Known<string> {
  return str(lb.attributes.load_balancer_type) ?? "application";
}

/** The load balancer of a listener, when it is in the same stack. */
function listenerLoadBalancer(listener: PolicyResource, stack: StackIndex): PolicyResource | undefined {
  const ref = referenceOf(listener.attributes.load_balancer_arn);
  const lb = ref ? stack.get(ref.address) : undefined;
  return lb && LOAD_BALANCER_TYPES.includes(lb.type) ? lb : undefined;
}

/**
 * The listener protocol. Terraform defaults it to HTTP on an ALB; a network
 * or gateway load balancer has no HTTP, so unset is not HTTP there.
 */
export function listenerProtocol(listener: PolicyResource, stack: StackIndex): Known<string | undefined> {
  const protocol = str(listener.attributes.protocol);
  if (protocol !== undefined) return protocol === "unknown" ? protocol : protocol.toUpperCase();
  const lb = listenerLoadBalancer(listener, stack);
  const type = lb ? loadBalancerType(lb) : "application";
  return type === "application" ? "HTTP" : undefined;
}
