import type { PolicyStatement } from "../iam/policy-document";
import { foundationModelArn } from "./arns";
import { bedrockInvokeStatements, INVOKE, INVOKE_STREAM } from "./iam-policy";
import { invocationOf } from "./model-ref";
import type { BedrockEndpointService, ResolvedBedrock } from "./resolve";

/**
 * VPC endpoint policies. An endpoint policy is a network perimeter, not the
 * permission model: it stops the endpoint from serving anything but this
 * account's principals (credentials from another account could otherwise be
 * used to move data out through our endpoint) and, for the runtime, anything
 * but the configured models. What a host may do is still decided by its IAM
 * role. Principal "*" is how endpoint policies are written; aws:PrincipalAccount
 * narrows it.
 */
export function endpointPolicyStatements(service: BedrockEndpointService, bedrock: ResolvedBedrock, accountId: string): PolicyStatement[] {
  const own = { StringEquals: { "aws:PrincipalAccount": accountId } };
  const region = bedrock.region;
  const scoped = (statement: PolicyStatement): PolicyStatement => ({
    ...statement,
    Principal: "*",
    Condition: { ...statement.Condition, StringEquals: { ...statement.Condition?.StringEquals, ...own.StringEquals } },
  });

  switch (service) {
    case "bedrock-runtime": {
      // The same statements as the host role, from the same catalog, minus aws:SourceVpce
      // (this policy is the VPC endpoint) and minus the calls that other endpoints serve.
      const runtimeActions = new Set([INVOKE, INVOKE_STREAM]);
      const invoke = bedrockInvokeStatements({ ...bedrock, requireVpcEndpoint: false }, accountId).filter((s) => [s.Action].flat().every((a) => a !== undefined && runtimeActions.has(a)));
      return [
        ...invoke.map(scoped),
        scoped({
          Sid: "ApplyOwnGuardrails",
          Effect: "Allow",
          Action: "bedrock:ApplyGuardrail",
          Resource: `arn:aws:bedrock:${region}:${accountId}:guardrail/*`,
        }),
      ];
    }
    case "bedrock-agent-runtime": {
      const rerankModel = invocationOf(bedrock.models.rerank, region).model.id;
      return [
        // bedrock:Rerank has no resource type; the model is pinned by the InvokeModel statement.
        scoped({ Sid: "Rerank", Effect: "Allow", Action: "bedrock:Rerank", Resource: "*" }),
        scoped({ Sid: "InvokeRerankModel", Effect: "Allow", Action: INVOKE, Resource: foundationModelArn(region, rerankModel) }),
        scoped({
          Sid: "RetrieveFromOwnKnowledgeBases",
          Effect: "Allow",
          Action: "bedrock:Retrieve",
          Resource: `arn:aws:bedrock:${region}:${accountId}:knowledge-base/*`,
        }),
        // RetrieveAndGenerate has no resource type, so a knowledge-base ARN never matches it.
        scoped({ Sid: "RetrieveAndGenerate", Effect: "Allow", Action: "bedrock:RetrieveAndGenerate", Resource: "*" }),
      ];
    }
    case "bedrock":
      // Control plane, read-only: the plugin's GetInferenceProfile and the operator's checks.
      return [
        scoped({
          Sid: "ReadModelCatalog",
          Effect: "Allow",
          Action: [
            "bedrock:GetFoundationModel",
            "bedrock:GetGuardrail",
            "bedrock:GetInferenceProfile",
            "bedrock:ListFoundationModels",
            "bedrock:ListGuardrails",
            "bedrock:ListInferenceProfiles",
          ],
          Resource: "*",
        }),
      ];
    case "bedrock-agent":
      // Knowledge-base management that a host might run (sync a data source); read and ingest only.
      return [
        scoped({
          Sid: "ReadAndSyncOwnKnowledgeBases",
          Effect: "Allow",
          Action: [
            "bedrock:GetDataSource",
            "bedrock:GetIngestionJob",
            "bedrock:GetKnowledgeBase",
            "bedrock:ListDataSources",
            "bedrock:ListIngestionJobs",
            "bedrock:ListKnowledgeBases",
            "bedrock:StartIngestionJob",
          ],
          Resource: "*",
        }),
      ];
  }
}
