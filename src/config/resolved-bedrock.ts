// The shape of the resolved bedrock block lives with the rest of the resolved
// config, so that config never imports bedrock; src/bedrock/resolve.ts fills it.
import type { AwsRegion } from "../catalog/regions";
import type { BEDROCK_STRATEGIES, MODEL_ROLES, OPTIONAL_BEDROCK_ENDPOINTS, RESIDENCY_LEVELS } from "./schema/bedrock";

export type BedrockStrategy = (typeof BEDROCK_STRATEGIES)[number];
export type Residency = (typeof RESIDENCY_LEVELS)[number];
export type ModelRole = (typeof MODEL_ROLES)[number];
export type BedrockEndpointService = "bedrock-runtime" | (typeof OPTIONAL_BEDROCK_ENDPOINTS)[number];

export interface ResolvedBedrock {
  /** The preset that supplied the defaults, if any. */
  readonly strategy?: BedrockStrategy;
  readonly residency: Residency;
  /** Region whose Bedrock endpoint Dify calls. */
  readonly region: AwsRegion;
  /** Model or inference-profile id per role, each checked against the catalog and the residency. */
  readonly models: Readonly<Record<ModelRole, string>>;
  /**
   * Interface endpoint services to create in the environment's VPC: bedrock-runtime
   * and bedrock-agent-runtime (Dify reranks, with your documents, through the
   * agent-runtime Rerank API), plus bedrock.endpoints. Empty when Bedrock is
   * called in another region than the VPC's, where endpoints could carry nothing.
   */
  readonly endpoints: readonly BedrockEndpointService[];
  readonly endpointAzCount: number;
  /** Model invocation is allowed only through this VPC's endpoints (aws:SourceVpce). */
  readonly requireVpcEndpoint: boolean;
  readonly invocationLogging: { readonly destination: "off" | "cloudwatch" | "s3"; readonly retentionDays: number };
  readonly guardrail: { readonly pii: "off" | "anonymize" | "block" };
}
