/**
 * Docker's daemon.json: container logs to CloudWatch Logs (the log group comes
 * from Terraform, with retention and KMS), one stream per container and host.
 * Non-blocking, so a slow CloudWatch never stalls Dify; `docker logs` keeps
 * working through Docker's local cache.
 */
export function dockerDaemonConfig(dataRoot?: string): object {
  return {
    ...(dataRoot ? { "data-root": dataRoot } : {}),
    "log-driver": "awslogs",
    "log-opts": {
      "awslogs-region": "$REGION",
      "awslogs-group": "$LOG_GROUP",
      "awslogs-create-group": "false",
      tag: "{{.Name}}/$INSTANCE_ID",
      mode: "non-blocking",
      "max-buffer-size": "4m",
    },
  };
}
