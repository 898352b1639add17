import { App } from "cdktf";
import type { AppConfig } from "./config/types";
import { applyPolicyChecks } from "./policy";
import { type BootstrapOptions, BootstrapStack } from "./stacks/bootstrap-stack";
import { DifyStack } from "./stacks/dify-stack";

/**
 * Builds every stack of the app: bootstrap plus one per environment file,
 * each with the synth-time policy checks. Bootstrap is held to production
 * rules because its bucket holds production state.
 *
 * `bootstrapConfig` is the configuration without a DIFY_NAMESPACE override:
 * namespaces are for environment stacks, and the deployer roles built from a
 * namespaced copy would allow only the copy's DNS names and workspaces,
 * locking the environments themselves out.
 */
export function buildApp(config: AppConfig, outdir: string, bootstrap: BootstrapOptions = {}, bootstrapConfig: AppConfig = config): App {
  const app = new App({ outdir, skipValidation: false });
  applyPolicyChecks(new BootstrapStack(app, bootstrapConfig, bootstrap), { production: true });
  for (const env of config.environments) {
    applyPolicyChecks(new DifyStack(app, config.organization, env), { production: env.production });
  }
  return app;
}
