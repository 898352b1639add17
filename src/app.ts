import { App } from "cdktf";
import type { AppConfig } from "./config/types";
import { BootstrapStack } from "./stacks/bootstrap-stack";
import { DifyStack } from "./stacks/dify-stack";

/** Builds every stack of the app: bootstrap plus one per environment file. */
export function buildApp(config: AppConfig, outdir: string): App {
  const app = new App({ outdir, skipValidation: false });
  new BootstrapStack(app, config);
  for (const env of config.environments) new DifyStack(app, config.organization, env);
  return app;
}
