import type { AwsRegion } from "../catalog/regions";
import { problem } from "../config/errors";
import type { BedrockEndpointService, ModelRole, ResolvedBedrock } from "../config/resolved-bedrock";
import { BEDROCK_STRATEGIES, type BedrockInput, MODEL_ROLES } from "../config/schema/bedrock";
import { LOG_RETENTION_DAYS } from "../config/schema/primitives";
import { BEDROCK_PRESETS, defaultStrategy } from "./presets";
import { checkModel, regionBreaksResidency } from "./residency";

// Re-exported for the constructs and tools that read the resolved block.
export type { BedrockEndpointService, ModelRole, ResolvedBedrock } from "../config/resolved-bedrock";

export interface BedrockContext {
  readonly file: string;
  /** The environment region: where the VPC, and so the interface endpoints, are. */
  readonly region: AwsRegion;
  readonly production: boolean;
  readonly azCount: number;
  readonly logRetentionDays: number;
  /**
   * The synth date that model lifecycles are judged against: a model past its
   * end of life is refused, a Legacy one warned about. Tests pin it.
   * @default the current date
   */
  readonly today?: Date;
}

export interface BedrockResolution {
  readonly value?: ResolvedBedrock;
  readonly problems: string[];
  /** Findings that do not stop synth (Legacy models, unconfirmed catalog facts, residency notes outside production). */
  readonly warnings: string[];
}

/**
 * Turns the bedrock section into the models, region and residency to deploy.
 * A preset supplies defaults; explicit fields override just their part; then
 * every model, preset or not, is checked against the catalog and the
 * residency, so a preset cannot smuggle traffic out of the allowed area.
 */
export function resolveBedrock(input: BedrockInput, ctx: BedrockContext): BedrockResolution {
  const problems: string[] = [];
  const warnings: string[] = [];
  const at = (path: PropertyKey[], message: string) => problems.push(problem(ctx.file, ["bedrock", ...path], message));
  const warn = (path: PropertyKey[], message: string) => warnings.push(problem(ctx.file, ["bedrock", ...path], message));

  const explicitRegion = input.region as AwsRegion | undefined;
  const strategy = input.strategy ?? defaultStrategy(explicitRegion ?? ctx.region);
  const preset = strategy ? BEDROCK_PRESETS[strategy] : undefined;
  const region = explicitRegion ?? preset?.region ?? ctx.region;
  const residency = input.residency ?? preset?.residency ?? "in-region";

  const models = {} as Record<ModelRole, string>;
  for (const role of MODEL_ROLES) {
    const id = input.models[role] ?? preset?.models[role];
    if (!id) {
      at(["models", role], `is required: no bedrock.strategy applies to ${region} (presets: ${BEDROCK_STRATEGIES.join(", ")})`);
      continue;
    }
    const check = checkModel(role, id, region, residency, ctx.today ?? new Date());
    if (check.error !== undefined) {
      at(["models", role], check.error);
      continue;
    }
    models[role] = id;
    for (const note of check.notes) warn(["models", role], note);
  }

  const sameRegion = region === ctx.region;
  const breach = regionBreaksResidency(residency, ctx.region, region);
  if (breach) {
    const where: PropertyKey[] = explicitRegion ? ["region"] : input.strategy ? ["strategy"] : ["residency"];
    const message = `Bedrock is called in ${region} from an environment in ${ctx.region}, which residency "${residency}" does not allow (${breach}); set bedrock.region to ${ctx.region}, or widen bedrock.residency on purpose`;
    if (ctx.production) at(where, message);
    else warn(where, message);
  }

  const requireVpcEndpoint = input.requireVpcEndpoint ?? ctx.production;
  if (requireVpcEndpoint && !sameRegion) {
    const state = input.requireVpcEndpoint === undefined ? "defaults to true in production" : "is true";
    at(
      ["requireVpcEndpoint"],
      `${state}, but Bedrock is called in ${region} and interface endpoints can only live in the environment region ${ctx.region}, so calls would leave the VPC through the NAT gateway; call Bedrock in ${ctx.region}, or set "requireVpcEndpoint": false to accept that`,
    );
  }
  if (input.endpoints.length && !sameRegion) {
    at(
      ["endpoints"],
      `interface endpoints are created in the environment region ${ctx.region}, but Bedrock is called in ${region}, so they would carry no traffic; remove them or call Bedrock in ${ctx.region}`,
    );
  }

  const endpointAzCount = input.endpointAzCount ?? ctx.azCount;
  if (endpointAzCount > ctx.azCount) at(["endpointAzCount"], `must be at most network.azCount (${ctx.azCount}), got ${endpointAzCount}`);
  if (endpointAzCount === 0 && ctx.production) at(["endpointAzCount"], "must be 1 or more in production: model traffic stays on the Bedrock interface endpoints there");
  else if (endpointAzCount === 0 && requireVpcEndpoint && sameRegion)
    at(
      ["endpointAzCount"],
      'is 0 (no interface endpoints), but requireVpcEndpoint is true, so no call could reach Bedrock; set endpointAzCount to 1 or more, or "requireVpcEndpoint": false',
    );
  else if (endpointAzCount === 0 && input.endpoints.length)
    at(["endpoints"], "lists interface endpoints, but endpointAzCount is 0, so none would be created; remove them or set endpointAzCount to 1 or more");

  if (ctx.production && !input.invocationLogging) {
    at(["invocationLogging"], 'must be set explicitly in production: { "destination": "off" | "cloudwatch" | "s3" }');
  }
  const destination = input.invocationLogging?.destination ?? "off";
  const retentionDays = input.invocationLogging?.retentionDays ?? ctx.logRetentionDays;
  if (destination === "cloudwatch" && !(LOG_RETENTION_DAYS as readonly number[]).includes(retentionDays)) {
    at(["invocationLogging", "retentionDays"], `must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}) for the cloudwatch destination, got ${retentionDays}`);
  }

  if (problems.length) return { problems, warnings };

  const endpoints: BedrockEndpointService[] = sameRegion && endpointAzCount > 0 ? [...new Set<BedrockEndpointService>(["bedrock-runtime", "bedrock-agent-runtime", ...input.endpoints])] : [];
  return {
    problems,
    warnings,
    value: {
      strategy,
      residency,
      region,
      models,
      endpoints,
      endpointAzCount,
      requireVpcEndpoint,
      invocationLogging: { destination, retentionDays },
      guardrail: input.guardrail,
    },
  };
}
