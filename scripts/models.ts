import { runModels } from "../src/models-drift/run-models";
import { runEnvironmentCommand } from "./environment-command";

// `npm run models -- <env>`
runEnvironmentCommand(runModels);
