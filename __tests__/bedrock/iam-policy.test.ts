import { bedrockInvokeStatements } from "../../src/bedrock/iam-policy";
import type { ResolvedBedrock } from "../../src/bedrock/resolve";
import type { PolicyStatement } from "../../src/iam/policy-document";
import { environment, exampleConfig, resources } from "../helpers/fixtures";
import { bedrockStack, synth } from "./bedrock-stack";

const PROD_ACCOUNT = "333333333333";
const DEV_ACCOUNT = "111111111111";
const ENDPOINTS = { "bedrock-runtime": "vpce-runtime", "bedrock-agent-runtime": "vpce-agent" } as const;
const INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:Converse", "bedrock:ConverseStream", "bedrock:*"];

const bySid = (statements: readonly PolicyStatement[], sid: string): PolicyStatement => {
  const found = statements.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${statements.map((s) => s.Sid).join(", ")}`);
  return found;
};
const list = (value: PolicyStatement["Resource"]) => [value ?? []].flat();
const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";

describe("IAM for the Dify host role", () => {
  test("in-region models: exact foundation-model ARNs, no profiles, no conditions outside production", () => {
    // Claude Haiku 4.5 in-region in Tokyo is in the catalog as unconfirmed: allowed when named, with a warning.
    const env = environment(exampleConfig({ "dev.json": { bedrock: { residency: "in-region", models: { chat: HAIKU_45, light: HAIKU_45 } } } }), "dev");
    const statements = bedrockInvokeStatements(env.bedrock, env.accountId);
    expect(bySid(statements, "InvokeTextModels")).toEqual({
      Sid: "InvokeTextModels",
      Effect: "Allow",
      Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      Resource: [`arn:aws:bedrock:ap-northeast-1::foundation-model/${HAIKU_45}`],
    });
    expect(bySid(statements, "InvokeEmbeddingModel")).toEqual({
      Sid: "InvokeEmbeddingModel",
      Effect: "Allow",
      Action: "bedrock:InvokeModel",
      Resource: ["arn:aws:bedrock:ap-northeast-1::foundation-model/amazon.titan-embed-text-v2:0"],
    });
    expect(bySid(statements, "InvokeRerankModel").Resource).toEqual(["arn:aws:bedrock:ap-northeast-1::foundation-model/cohere.rerank-v3-5:0"]);
    expect(statements.map((s) => s.Sid)).toEqual(["InvokeTextModels", "InvokeEmbeddingModel", "InvokeRerankModel", "Rerank"]);
    expect(JSON.stringify(statements)).not.toContain(DEV_ACCOUNT); // foundation models carry no account
  });

  test("jp. profiles: the profile ARN, plus the model in every destination only through that profile", () => {
    const env = environment(exampleConfig(), "prod");
    const statements = bedrockInvokeStatements(env.bedrock, env.accountId, { vpcEndpointIds: ENDPOINTS });
    const chatProfile = `arn:aws:bedrock:ap-northeast-1:${PROD_ACCOUNT}:inference-profile/jp.${HAIKU_45}`;
    // chat and light share one profile, so it is named (and its destinations granted) once.
    expect(bySid(statements, "InvokeTextModels").Resource).toEqual([chatProfile]);
    expect(bySid(statements, "ChatProfileDestinations")).toEqual({
      Sid: "ChatProfileDestinations",
      Effect: "Allow",
      Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      Resource: [`arn:aws:bedrock:ap-northeast-1::foundation-model/${HAIKU_45}`, `arn:aws:bedrock:ap-northeast-3::foundation-model/${HAIKU_45}`],
      Condition: { StringEquals: { "bedrock:InferenceProfileArn": chatProfile } },
    });
    expect(statements.map((s) => s.Sid)).not.toContain("LightProfileDestinations");
    expect(bySid(statements, "ReadInferenceProfiles")).toMatchObject({ Action: "bedrock:GetInferenceProfile", Resource: expect.arrayContaining([chatProfile]) });
  });

  test("destinations are the model's own routes from the calling region, not the prefix's", () => {
    const env = environment(exampleConfig({ "dev.json": { region: "us-west-2", bedrock: { strategy: "oregon" } } }), "dev");
    const fromOregon = bySid(bedrockInvokeStatements(env.bedrock, env.accountId), "ChatProfileDestinations");
    expect(list(fromOregon.Resource)).toEqual(["us-east-1", "us-east-2", "us-west-2"].map((r) => `arn:aws:bedrock:${r}::foundation-model/${HAIKU_45}`));
    // The same us. profile called from Canada also runs in Canada, so Canada is granted too.
    const fromCanada: ResolvedBedrock = { ...env.bedrock, region: "ca-central-1", models: { ...env.bedrock.models, embedding: "global.cohere.embed-v4:0" } };
    const statement = bySid(bedrockInvokeStatements(fromCanada, env.accountId), "ChatProfileDestinations");
    expect(list(statement.Resource)).toEqual(["ca-central-1", "us-east-1", "us-east-2", "us-west-2"].map((r) => `arn:aws:bedrock:${r}::foundation-model/${HAIKU_45}`));
    expect(statement.Condition).toEqual({ StringEquals: { "bedrock:InferenceProfileArn": `arn:aws:bedrock:ca-central-1:${env.accountId}:inference-profile/us.${HAIKU_45}` } });
  });

  test("global. uses the region-less model ARN with aws:RequestedRegion = unspecified", () => {
    const env = environment(exampleConfig({ "staging.json": { bedrock: { residency: "global", models: { chat: "global.anthropic.claude-sonnet-4-5-20250929-v1:0" } } } }), "staging");
    const statements = bedrockInvokeStatements(env.bedrock, env.accountId);
    const profile = "arn:aws:bedrock:ap-northeast-1:222222222222:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0";
    expect(bySid(statements, "ChatProfileDestinationsGlobal")).toEqual({
      Sid: "ChatProfileDestinationsGlobal",
      Effect: "Allow",
      Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      Resource: "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
      Condition: { StringEquals: { "bedrock:InferenceProfileArn": profile, "aws:RequestedRegion": "unspecified" } },
    });
    expect(bySid(statements, "ChatProfileDestinationsSourceRegion")).toMatchObject({
      Resource: "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
      Condition: { StringEquals: { "bedrock:InferenceProfileArn": profile } },
    });
  });

  test("rerank: bedrock:Rerank (which has no resource type) plus InvokeModel on the rerank model", () => {
    const env = environment(exampleConfig(), "dev");
    const statements = bedrockInvokeStatements(env.bedrock, env.accountId);
    expect(bySid(statements, "Rerank")).toEqual({ Sid: "Rerank", Effect: "Allow", Action: "bedrock:Rerank", Resource: "*" });
    expect(bySid(statements, "InvokeRerankModel")).toMatchObject({ Action: "bedrock:InvokeModel", Resource: ["arn:aws:bedrock:ap-northeast-1::foundation-model/cohere.rerank-v3-5:0"] });
  });

  test.each(["dev", "staging", "prod"])("%s: no Allow statement grants an invoke action on *", (name) => {
    const env = environment(exampleConfig(), name);
    const statements = bedrockInvokeStatements(env.bedrock, env.accountId, { vpcEndpointIds: ENDPOINTS, guardrailArn: "arn:aws:bedrock:ap-northeast-1:1:guardrail/x" });
    for (const s of statements.filter((s) => s.Effect === "Allow")) {
      const actions = [s.Action ?? []].flat();
      if (actions.some((a) => INVOKE_ACTIONS.includes(a))) expect(list(s.Resource)).not.toContain("*");
      expect(actions).not.toContain("*");
      expect(s.NotResource).toBeUndefined();
      expect(s.NotAction).toBeUndefined();
    }
  });

  test("requireVpcEndpoint puts aws:SourceVpce on the caller's entry points only", () => {
    const env = environment(exampleConfig(), "prod");
    const statements = bedrockInvokeStatements(env.bedrock, env.accountId, { vpcEndpointIds: ENDPOINTS });
    const vpce = (sid: string) => bySid(statements, sid).Condition?.StringEquals?.["aws:SourceVpce"];
    expect(vpce("InvokeTextModels")).toBe("vpce-runtime");
    expect(vpce("InvokeEmbeddingModel")).toBe("vpce-runtime");
    expect(vpce("InvokeRerankModel")).toEqual(["vpce-runtime", "vpce-agent"]);
    expect(vpce("Rerank")).toBe("vpce-agent");
    // Bedrock authorizes the routed and on-behalf calls itself; our endpoint id is not in those requests.
    expect(vpce("ChatProfileDestinations")).toBeUndefined();
    expect(bySid(statements, "InvokeRerankModelForRerankApi").Condition).toEqual({ Bool: { "aws:ViaAWSService": "true" } });
  });

  test("without requireVpcEndpoint there is no SourceVpce and no on-behalf statement", () => {
    const env = environment(exampleConfig(), "staging");
    const json = JSON.stringify(bedrockInvokeStatements(env.bedrock, env.accountId, { vpcEndpointIds: ENDPOINTS }));
    expect(json).not.toContain("aws:SourceVpce");
    expect(json).not.toContain("aws:ViaAWSService");
  });

  test("requireVpcEndpoint without the endpoint ids is a programming error", () => {
    const env = environment(exampleConfig(), "prod");
    expect(() => bedrockInvokeStatements(env.bedrock, env.accountId)).toThrow(/needs the bedrock-runtime endpoint id/);
  });

  test("BedrockAccess attaches the policy to the role it is given, with the endpoint ids and the guardrail", () => {
    const env = environment(exampleConfig(), "prod");
    const { tf } = synth(bedrockStack(env).stack);
    const [policy] = resources(tf, "aws_iam_role_policy").filter((p) => p.name === "bedrock-invoke");
    expect(policy.role).toBe("${aws_iam_role.host-role.name}");
    const document = JSON.parse(policy.policy as string) as { Statement: PolicyStatement[] };
    expect(bySid(document.Statement, "InvokeTextModels").Condition).toEqual({
      StringEquals: { "aws:SourceVpce": expect.stringMatching(/^\$\{aws_vpc_endpoint\.bedrock-endpoints_bedrock-runtime_\w+\.id\}$/) },
    });
    expect(bySid(document.Statement, "ApplyGuardrail").Resource).toMatch(/^\$\{aws_bedrock_guardrail\.\S+\.guardrail_arn\}$/);
  });
});
