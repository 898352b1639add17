import type { DifyTier } from "../config/types";

/**
 * The compose services that may reach the instance metadata service, and so
 * act with the host role. Everything else on the host, above all ssrf_proxy
 * (the code sandbox's and the HTTP request node's way out) and web, is
 * refused by dify-firewall.
 * - plugin_daemon runs the Bedrock plugin, which takes the role's credentials
 *   when its keys are empty; on the managed tier it also keeps plugin
 *   packages in the files bucket.
 * - api and worker read and write files in S3 on the managed tier
 *   (S3_USE_AWS_MANAGED_IAM); on the all-in-one tier files stay on disk.
 */
export function roleServices(tier: DifyTier): readonly string[] {
  return tier === "managed" ? ["api", "worker", "plugin_daemon"] : ["plugin_daemon"];
}

/** The instance metadata service, as containers reach it (IPv4; Docker gives containers no IPv6 here). */
export const METADATA_ADDRESS = "169.254.169.254";
