import { App } from "cdktf";
import type { AppConfig } from "./config/types";
import { applyPolicyChecks } from "./policy";
import { BootstrapStack, type BootstrapOptions } from "./stacks/bootstrap-stack";
import { DifyStack } from "./stacks/dify-stack";

/**
 * Builds every stack of the app: bootstrap plus one per environment file,
 * each with the synth-time policy checks. Bootstrap is held to production
 * rules because its bucket holds production state.
 */
export function buildApp(config: AppConfig, outdir: string, bootstrap: BootstrapOptions = {}): App {
  const app = new App({ outdir, skipValidation: false });
  applyPolicyChecks(new BootstrapStack(app, config, bootstrap), { production: true });
  for (const env of config.environments) {
    applyPolicyChecks(new DifyStack(app, config.organization, env), { production: env.production });
  }
  return app;
}
