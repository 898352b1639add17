import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import type { Construct } from "constructs";

export type Architecture = "arm64" | "x86_64";

/**
 * Graviton families carry a "g" right after the generation digit (t4g, m7g,
 * m7gd, c7gn, r8g, x2gd) or are the first-generation a1. GPU families such as
 * g4dn start with "g" but are x86_64.
 */
export function architectureOf(instanceType: string): Architecture {
  const family = instanceType.split(".")[0];
  return family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** Public SSM parameter that always names the newest Amazon Linux 2023 AMI. */
function al2023Parameter(architecture: Architecture): string {
  return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
}

/** Looks the Amazon Linux 2023 AMI up at plan time, for the architecture of the instance type. */
export function al2023Image(scope: Construct, id: string, instanceType: string): DataAwsSsmParameter {
  return new DataAwsSsmParameter(scope, id, { name: al2023Parameter(architectureOf(instanceType)) });
}
