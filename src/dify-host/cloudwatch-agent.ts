/**
 * What the CloudWatch agent on a Dify host publishes, so that alarms can name
 * the same metric and dimensions.
 *
 * There is no InstanceId dimension: every host of a deployment publishes under
 * the same `Deployment` value, so the Maximum statistic is the fullest disk of
 * any host, and an Auto Scaling Group needs no alarm per instance. No
 * `${aws:...}` dimension also means the agent needs no ec2:DescribeTags call
 * (and, without NAT, no EC2 endpoint).
 */

/** Where the all-in-one tier mounts its data volume. */
export const DATA_MOUNT_POINT = "/data";

export const HOST_METRICS_NAMESPACE = "CWAgent";

/** `disk_used_percent`: per mounted filesystem; both are XFS (the AL2023 root and our data volume). */
export const DISK_USED_PERCENT = "disk_used_percent";
/** `mem_used_percent` */
export const MEM_USED_PERCENT = "mem_used_percent";

/** Filesystems whose use the agent reports: the root, plus the data volume on the all-in-one tier. */
export function diskPaths(tier: "all-in-one" | "managed"): string[] {
  return tier === "all-in-one" ? ["/", DATA_MOUNT_POINT] : ["/"];
}

/** Dimensions of `disk_used_percent` for one path, e.g. diskDimensions("dify-dev", "/data"). */
export function diskDimensions(deployment: string, path: string): Record<string, string> {
  return { Deployment: deployment, path, fstype: "xfs" };
}

/** Dimensions of `mem_used_percent`. */
export function memoryDimensions(deployment: string): Record<string, string> {
  return { Deployment: deployment };
}

/** Log stream of the boot log (/var/log/dify-boot.log) in the container log group; {instance_id} is the agent's placeholder. */
const BOOT_LOG_STREAM = "boot/{instance_id}";

/**
 * The agent's configuration. Values starting with `$` are bash variables of
 * /etc/dify/host.env: the boot script writes this through an unquoted heredoc.
 */
export function agentConfig(paths: readonly string[]): object {
  const deployment = { Deployment: "$DEPLOYMENT" };
  return {
    agent: { metrics_collection_interval: 60, omit_hostname: true },
    metrics: {
      namespace: HOST_METRICS_NAMESPACE,
      metrics_collected: {
        disk: { resources: paths, measurement: ["used_percent"], drop_device: true, append_dimensions: deployment },
        mem: { measurement: ["used_percent"], append_dimensions: deployment },
      },
    },
    logs: {
      logs_collected: {
        files: { collect_list: [{ file_path: "/var/log/dify-boot.log", log_group_name: "$LOG_GROUP", log_stream_name: BOOT_LOG_STREAM }] },
      },
    },
  };
}
