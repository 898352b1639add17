import {
  type BedrockClient,
  type FoundationModelLifecycle,
  GetFoundationModelAvailabilityCommand,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  paginateListInferenceProfiles,
} from "@aws-sdk/client-bedrock";
import { type AwsRegion, isAwsRegion } from "../catalog/regions";

/** What AWS says about one foundation model in the client's region. */
export interface ObservedModel {
  /** "ON_DEMAND" means the model is served in-region without a profile. */
  readonly inferenceTypes: readonly string[];
  readonly lifecycle?: FoundationModelLifecycle;
  readonly provider?: string;
  readonly outputModalities?: readonly string[];
}

/** Whether this account may use a model in the client's region, as GetFoundationModelAvailability reports it. */
export interface ObservedAccess {
  readonly authorization?: string;
  readonly entitlement?: string;
  readonly agreement?: string;
  readonly region?: string;
  /** Why access could not be read (the deploy role may lack bedrock:GetFoundationModelAvailability). */
  readonly unchecked?: string;
}

export interface BedrockObservation {
  /** Foundation models listed in the region, by model id. */
  readonly models: ReadonlyMap<string, ObservedModel>;
  /** System-defined profiles callable from the region, by profile id, with their destination regions. */
  readonly profiles: ReadonlyMap<string, readonly AwsRegion[]>;
  /** Access to the configured foundation models, by model id. */
  readonly access: ReadonlyMap<string, ObservedAccess>;
}

export interface ObserveOptions {
  /** Catalog model ids: their details and profiles are read one by one. */
  readonly catalogModelIds: readonly string[];
  /** The foundation model ids the environment configures: their access is checked. */
  readonly configuredModelIds: readonly string[];
}

/**
 * Reads what Bedrock offers in the client's region, for the models the catalog
 * knows: ListFoundationModels for the region's models, GetFoundationModel for
 * each catalog model's lifecycle, ListInferenceProfiles and GetInferenceProfile
 * for each profile's destinations (the regions of its `models` ARNs), and
 * GetFoundationModelAvailability for the configured models' access. Read-only.
 */
export async function observeBedrock(client: BedrockClient, options: ObserveOptions): Promise<BedrockObservation> {
  const catalog = new Set(options.catalogModelIds);
  const listed = await client.send(new ListFoundationModelsCommand({}));
  const models = new Map<string, ObservedModel>();
  for (const summary of listed.modelSummaries ?? []) {
    if (!summary.modelId) continue;
    models.set(summary.modelId, {
      inferenceTypes: summary.inferenceTypesSupported ?? [],
      lifecycle: summary.modelLifecycle,
      provider: summary.providerName,
      outputModalities: summary.outputModalities,
    });
  }
  for (const id of [...catalog].filter((m) => models.has(m))) {
    const { modelDetails } = await client.send(new GetFoundationModelCommand({ modelIdentifier: id }));
    if (modelDetails) {
      models.set(id, {
        inferenceTypes: modelDetails.inferenceTypesSupported ?? [],
        lifecycle: modelDetails.modelLifecycle,
        provider: modelDetails.providerName,
        outputModalities: modelDetails.outputModalities,
      });
    }
  }

  const profileIds: string[] = [];
  for await (const page of paginateListInferenceProfiles({ client }, { typeEquals: "SYSTEM_DEFINED", maxResults: 100 })) {
    for (const summary of page.inferenceProfileSummaries ?? []) {
      const id = summary.inferenceProfileId;
      if (id && catalog.has(id.slice(id.indexOf(".") + 1))) profileIds.push(id);
    }
  }
  const profiles = new Map<string, readonly AwsRegion[]>();
  for (const id of profileIds) {
    const profile = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: id }));
    profiles.set(id, regionsOf((profile.models ?? []).map((m) => m.modelArn)));
  }

  const access = new Map<string, ObservedAccess>();
  for (const id of new Set(options.configuredModelIds)) {
    try {
      const a = await client.send(new GetFoundationModelAvailabilityCommand({ modelId: id }));
      access.set(id, { authorization: a.authorizationStatus, entitlement: a.entitlementAvailability, agreement: a.agreementAvailability?.status, region: a.regionAvailability });
    } catch (e) {
      // Access is a bonus on top of the catalog comparison; a role without this one permission still gets the rest.
      if ((e as { name?: string }).name !== "AccessDeniedException") throw e;
      access.set(id, { unchecked: (e as Error).message.split("\n")[0] });
    }
  }
  return { models, profiles, access };
}

/** The regions in `arn:aws:bedrock:<region>::foundation-model/<id>` ARNs, sorted; region-less (global) ARNs are skipped. */
export function regionsOf(arns: readonly (string | undefined)[]): AwsRegion[] {
  const regions = arns.map((arn) => arn?.split(":")[3]).filter((r): r is AwsRegion => !!r && isAwsRegion(r));
  return [...new Set(regions)].sort();
}
