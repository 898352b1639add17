import { runQuotas } from "../src/quotas/run-quotas";
import { runEnvironmentCommand } from "./environment-command";

// `npm run quotas -- <env>`
runEnvironmentCommand(runQuotas);
