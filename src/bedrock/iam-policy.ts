import { ANY_COMMERCIAL_REGION } from "../catalog/inference-profiles";
import type { PolicyStatement } from "../iam/policy-document";
import { foundationModelArn, globalFoundationModelArn, inferenceProfileArn } from "./arns";
import { invocationOf, type ModelInvocation } from "./model-ref";
import type { BedrockEndpointService, ModelRole, ResolvedBedrock } from "./resolve";

export const INVOKE = "bedrock:InvokeModel";
export const INVOKE_STREAM = "bedrock:InvokeModelWithResponseStream";

export interface BedrockPolicyOptions {
  /**
   * Interface endpoint ids by service, from BedrockEndpoints. When
   * requireVpcEndpoint is on, bedrock-runtime and bedrock-agent-runtime must be here.
   * @default none
   */
  readonly vpcEndpointIds?: Readonly<Partial<Record<BedrockEndpointService, string>>>;
  /** ARN of the guardrail the hosts apply (BedrockAudit). @default no guardrail access */
  readonly guardrailArn?: string;
}

/** A configured role with how it is invoked and the ARN the caller names. */
interface Entry {
  readonly role: ModelRole;
  readonly invocation: ModelInvocation;
  /** What the request names: the profile ARN, or the in-region foundation model ARN. */
  readonly arn: string;
}

/**
 * The Dify host role's Bedrock permissions, read from the same catalog that
 * the residency check uses: what the check refuses is never granted.
 *
 * - The caller names either a foundation model in the Bedrock region or a
 *   profile ARN. Those "entry" statements are the only ones that carry
 *   aws:SourceVpce, because only the caller's own request passes the VPC
 *   endpoint. When Bedrock routes a profile request to a destination region it
 *   authorizes the foundation model there itself (aws:RequestedRegion becomes
 *   the destination), and a SourceVpce condition on that check would refuse
 *   every routed call.
 * - The destination foundation models are granted only with
 *   bedrock:InferenceProfileArn = the profile, so they are reachable through
 *   the profile and never directly, in any region.
 * - Global profiles authorize a region-less foundation-model ARN with
 *   aws:RequestedRegion = "unspecified", as AWS documents.
 * - Dify's Bedrock plugin reranks with the bedrock-agent-runtime Rerank API,
 *   which needs bedrock:Rerank plus bedrock:InvokeModel on the rerank model.
 *   bedrock:Rerank has no resource type, so AWS accepts only "*" for it; the
 *   model it may use is still limited by the InvokeModel grant.
 * - No List* action is granted: the plugin ships its model list and only
 *   calls GetInferenceProfile, which takes the profile ARN as its resource.
 */
export function bedrockInvokeStatements(bedrock: ResolvedBedrock, accountId: string, options: BedrockPolicyOptions = {}): PolicyStatement[] {
  const region = bedrock.region;
  const entries: Entry[] = (Object.keys(bedrock.models) as ModelRole[]).map((role) => {
    const invocation = invocationOf(bedrock.models[role], region);
    const arn = invocation.profile ? inferenceProfileArn(region, accountId, invocation.id) : foundationModelArn(region, invocation.model.id);
    return { role, invocation, arn };
  });

  const sourceVpce = (services: BedrockEndpointService[]): PolicyStatement["Condition"] => {
    if (!bedrock.requireVpcEndpoint) return undefined;
    const ids = services.map((s) => {
      const id = options.vpcEndpointIds?.[s];
      if (!id) throw new Error(`bedrock.requireVpcEndpoint is on, so the Bedrock policy needs the ${s} endpoint id (pass vpcEndpointIds from BedrockEndpoints)`);
      return id;
    });
    return { StringEquals: { "aws:SourceVpce": ids.length === 1 ? ids[0] : ids } };
  };
  const withCondition = (statement: PolicyStatement, condition: PolicyStatement["Condition"]): PolicyStatement => (condition ? { ...statement, Condition: condition } : statement);

  const text = entries.filter((e) => e.role === "chat" || e.role === "light");
  const embedding = entries.filter((e) => e.role === "embedding");
  const rerank = entries.filter((e) => e.role === "rerank");
  const statements: PolicyStatement[] = [];

  if (text.length) {
    statements.push(withCondition({ Sid: "InvokeTextModels", Effect: "Allow", Action: [INVOKE, INVOKE_STREAM], Resource: unique(text.map((e) => e.arn)) }, sourceVpce(["bedrock-runtime"])));
  }
  if (embedding.length) {
    statements.push(withCondition({ Sid: "InvokeEmbeddingModel", Effect: "Allow", Action: INVOKE, Resource: unique(embedding.map((e) => e.arn)) }, sourceVpce(["bedrock-runtime"])));
  }
  if (rerank.length) {
    const rerankArns = unique(rerank.map((e) => e.arn));
    statements.push(withCondition({ Sid: "InvokeRerankModel", Effect: "Allow", Action: INVOKE, Resource: rerankArns }, sourceVpce(["bedrock-runtime", "bedrock-agent-runtime"])));
    if (bedrock.requireVpcEndpoint) {
      // The Rerank API checks InvokeModel on the model as well. If Bedrock makes
      // that check as a call on our behalf, it carries aws:ViaAWSService instead
      // of our endpoint id; this keeps rerank working without opening the model
      // to direct calls from outside the VPC.
      statements.push({
        Sid: "InvokeRerankModelForRerankApi",
        Effect: "Allow",
        Action: INVOKE,
        Resource: rerankArns,
        Condition: { Bool: { "aws:ViaAWSService": "true" } },
      });
    }
    statements.push(withCondition({ Sid: "Rerank", Effect: "Allow", Action: "bedrock:Rerank", Resource: "*" }, sourceVpce(["bedrock-agent-runtime"])));
  }

  const profiles = uniqueBy(
    entries.filter((e) => e.invocation.profile),
    (e) => e.arn,
  );
  for (const entry of profiles) {
    statements.push(...profileDestinationStatements(entry, region));
  }
  if (profiles.length) {
    statements.push({ Sid: "ReadInferenceProfiles", Effect: "Allow", Action: "bedrock:GetInferenceProfile", Resource: profiles.map((e) => e.arn) });
  }
  if (options.guardrailArn) {
    statements.push({ Sid: "ApplyGuardrail", Effect: "Allow", Action: "bedrock:ApplyGuardrail", Resource: options.guardrailArn });
  }
  return statements;
}

/** The foundation model in every region the profile may route to, reachable only through that profile. */
function profileDestinationStatements(entry: Entry, sourceRegion: ResolvedBedrock["region"]): PolicyStatement[] {
  const { invocation, arn } = entry;
  const sid = `${pascal(entry.role)}ProfileDestinations`;
  const through = { "bedrock:InferenceProfileArn": arn };
  const actions = entry.role === "chat" || entry.role === "light" ? [INVOKE, INVOKE_STREAM] : INVOKE;
  if (invocation.destinations === ANY_COMMERCIAL_REGION) {
    return [
      {
        Sid: `${sid}SourceRegion`,
        Effect: "Allow",
        Action: actions,
        Resource: foundationModelArn(sourceRegion, invocation.model.id),
        Condition: { StringEquals: through },
      },
      {
        Sid: `${sid}Global`,
        Effect: "Allow",
        Action: actions,
        Resource: globalFoundationModelArn(invocation.model.id),
        Condition: { StringEquals: { ...through, "aws:RequestedRegion": "unspecified" } },
      },
    ];
  }
  return [
    {
      Sid: sid,
      Effect: "Allow",
      Action: actions,
      Resource: [...invocation.destinations].sort().map((r) => foundationModelArn(r, invocation.model.id)),
      Condition: { StringEquals: through },
    },
  ];
}

const unique = (values: string[]) => [...new Set(values)];

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(key(item))) return false;
    seen.add(key(item));
    return true;
  });
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
