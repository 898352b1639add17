/**
 * Docker's daemon.json: container logs to CloudWatch Logs (the log group comes
 * from Terraform, with retention and KMS), one stream per container and host.
 * Non-blocking, so a slow CloudWatch never stalls Dify; `docker logs` keeps
 * working through Docker's local cache, which is capped so a chatty container
 * cannot fill the disk.
 *
 * Hardening that Dify's compose file tolerates:
 * - no-new-privileges: no container gains privileges through a setuid binary.
 *   Upstream's images drop root with setuid()/gosu at start, which is not a
 *   gain, and the sandbox installs its seccomp filter as no_new_privs allows.
 * - live-restore: restarting or upgrading dockerd leaves Dify running.
 * - icc off: only affects the default bridge; Compose puts Dify's containers
 *   on networks of their own, where they keep talking to each other.
 */
export function dockerDaemonConfig(dataRoot?: string): object {
  return {
    ...(dataRoot ? { "data-root": dataRoot } : {}),
    "no-new-privileges": true,
    "live-restore": true,
    icc: false,
    "log-driver": "awslogs",
    "log-opts": {
      "awslogs-region": "$REGION",
      "awslogs-group": "$LOG_GROUP",
      "awslogs-create-group": "false",
      tag: "{{.Name}}/$INSTANCE_ID",
      mode: "non-blocking",
      "max-buffer-size": "4m",
      "cache-max-size": "20m",
      "cache-max-file": "5",
      "cache-compress": "true",
    },
  };
}
