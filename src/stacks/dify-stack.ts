import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig, OrganizationConfig } from "../config/types";
import { configureBackend } from "./backend";
import { environmentProvider } from "./environment-provider";

/** One Dify environment in its own AWS account. The stack id is the environment name. */
export class DifyStack extends TerraformStack {
  constructor(scope: Construct, org: OrganizationConfig, readonly env: EnvironmentConfig) {
    super(scope, env.name);
    configureBackend(this, org, { stack: env.name, namespace: env.namespace });
    environmentProvider(this, env);
  }
}
