import type { ServiceFragment } from "./service-fragment";

/**
 * What the SSRF proxy (squid) refuses, whatever a workflow or the code
 * sandbox asks it to fetch: the host itself, link-local addresses (the
 * metadata service 169.254.169.254 among them), the EC2 IPv6 service
 * addresses (metadata fd00:ec2::254, DNS, time) and the VPC's own ranges,
 * where RDS, ElastiCache and the hosts live.
 *
 * Upstream's squid.conf (1.10.1 and 1.14.1 alike) reads
 * `include /etc/squid/conf.d/*.conf` after its own allow rules for
 * marketplace.dify.ai and localhost and before `http_access deny all`. The
 * include is a glob, read in name order, so a file named 00-… mounted into
 * conf.d comes ahead of the image's own files (which allow the local
 * networks). `dst` rules match the addresses a name resolves to, so a host
 * name pointing at 169.254.169.254 is refused as well.
 */
export const SSRF_PROXY_CONF_PATH = "/etc/dify/ssrf-proxy.conf";
const SSRF_PROXY_CONF_TARGET = "/etc/squid/conf.d/00-dify-aws.conf";

/** Never reachable through the proxy, on any host. */
export const SSRF_REFUSED_RANGES: readonly string[] = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "::1", "fe80::/10", "fd00:ec2::/32"];

/**
 * The conf.d file. `$VPC_CIDRS` is filled in on the host, from the instance
 * metadata, so that every CIDR block of the VPC (secondary ones too) counts.
 */
export function ssrfProxyConf(): string {
  return [
    "# dify-on-aws-cdktf: read before the image's own conf.d files.",
    `acl dify_refused dst ${SSRF_REFUSED_RANGES.join(" ")}`,
    "acl dify_refused dst $VPC_CIDRS",
    "http_access deny dify_refused",
    "",
  ].join("\n");
}

/** The compose override fragment: the file mounted read-only into ssrf_proxy. */
export const SSRF_PROXY_FRAGMENT: ServiceFragment = {
  service: "ssrf_proxy",
  why: "The SSRF proxy refuses link-local addresses, the metadata endpoints and the VPC's own ranges (src/dify-host/ssrf-proxy.ts).",
  volumes: [`${SSRF_PROXY_CONF_PATH}:${SSRF_PROXY_CONF_TARGET}:ro`],
};
