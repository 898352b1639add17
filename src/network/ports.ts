/**
 * The front door's ports, shared by the security groups that open them and by
 * the config check that counts the rules they make (which must not load the
 * constructs: a refused config is reported before cdktf is loaded).
 */

/** Ports the ALB takes from each allowed client CIDR: one inbound rule per port and CIDR. */
export const ALB_CLIENT_PORTS = [443, 80] as const;

/** Port Dify's nginx listens on inside the VPC; TLS ends at the ALB. */
export const DIFY_HTTP_PORT = 80;
