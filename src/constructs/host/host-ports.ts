// Plain numbers with no construct imports: the config loader checks the ALB
// rule quota with them before cdktf and the provider classes are loaded.

/** Ports the ALB takes from each allowed client CIDR: one inbound rule per port and CIDR. */
export const ALB_CLIENT_PORTS = [443, 80] as const;

/** Port Dify's nginx listens on inside the VPC; TLS ends at the ALB. */
export const DIFY_HTTP_PORT = 80;
