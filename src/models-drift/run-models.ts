import { BedrockClient } from "@aws-sdk/client-bedrock";
import { splitModelId } from "../bedrock/model-ref";
import { FOUNDATION_MODELS } from "../catalog/models";
import { deployRoleArn } from "../config/deploy-role";
import { type CommandIo, type EnvironmentArgumentOptions, environmentArgument } from "../loader/environment-argument";
import { assumeDeployRole } from "../quotas/fetch-quotas";
import { describeAwsError } from "../quotas/run-quotas";
import { accessDifferences, compareCatalog, type Difference, uncataloguedModels, uncheckedAccess } from "./compare-catalog";
import { observeBedrock } from "./observe-bedrock";

export type ModelsIo = CommandIo;

export interface ModelsOptions extends EnvironmentArgumentOptions {
  /** The date lifecycles are judged against. @default the current date */
  readonly today?: Date;
}

/**
 * `npm run models -- <env>`: compares the model catalog (src/catalog) with
 * what Bedrock reports in the environment's Bedrock region, read in the
 * environment's account through its deploy role, as `npm run quotas` does.
 * Prints one line per difference and returns 1 when there is any (so a
 * scheduled CI job notices), 0 when the catalog matches, 1 on errors, which
 * are printed as one line.
 */
export async function runModels(args: readonly string[], io: ModelsIo, options: ModelsOptions = {}): Promise<number> {
  const env = environmentArgument("models", args, io, options);
  if (!env) return 1;

  const role = deployRoleArn(env);
  const region = env.bedrock.region;
  let credentials: Awaited<ReturnType<typeof assumeDeployRole>>;
  try {
    credentials = await assumeDeployRole(env, undefined, "models");
  } catch (e) {
    io.err(`error: cannot assume ${role}: ${describeAwsError(e)}`);
    return 1;
  }
  const configured = Object.values(env.bedrock.models).map((id) => splitModelId(id).modelId);
  let observed: Awaited<ReturnType<typeof observeBedrock>>;
  try {
    observed = await observeBedrock(new BedrockClient({ region, credentials }), {
      catalogModelIds: FOUNDATION_MODELS.map((m) => m.id),
      configuredModelIds: configured,
    });
  } catch (e) {
    io.err(`error: cannot read the Bedrock model catalog in ${region} as ${role}: ${describeAwsError(e)}`);
    return 1;
  }

  const today = options.today ?? new Date();
  const differences = [...compareCatalog(FOUNDATION_MODELS, region, observed, today), ...accessDifferences(observed)];
  io.out(`Bedrock models of ${env.name}: account ${env.accountId}, Bedrock region ${region}, compared with src/catalog on ${today.toISOString().slice(0, 10)}\n`);
  for (const line of uncheckedAccess(observed)) io.out(`note: model access not checked for ${line} (grant the deploy role bedrock:GetFoundationModelAvailability)`);
  const newer = uncataloguedModels(FOUNDATION_MODELS, observed);
  if (newer.length) io.out(`note: AWS lists these text and embedding models in ${region} that the catalog does not know: ${newer.join(", ")}`);
  if (differences.length === 0) {
    io.out(`The catalog matches AWS in ${region}: lifecycles, in-region models, profile routes and model access.`);
    return 0;
  }
  for (const d of differences) io.out(formatDifference(d));
  io.out(`\n${differences.length} difference${differences.length === 1 ? "" : "s"}: update src/catalog/models.ts (and the README table if a preset changes), then run the Bedrock tests.`);
  return 1;
}

function formatDifference(d: Difference): string {
  return `- ${d.subject}: catalog says ${d.catalog}; AWS says ${d.aws}${d.page ? ` (source: ${d.page})` : ""}`;
}
