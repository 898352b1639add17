import { BEDROCK_PRESETS } from "../../src/bedrock/presets";
import { resolveBedrock, type BedrockContext } from "../../src/bedrock/resolve";
import { BedrockSchema } from "../../src/config/schema/bedrock";
import { environment, exampleConfig } from "../helpers/fixtures";
import { problemsFor } from "./bedrock-stack";

const SONNET_V2 = "anthropic.claude-3-5-sonnet-20241022-v2:0";
const SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";

describe("presets reproduce the seed tables", () => {
  test.each([
    ["tokyo-in-region", "ap-northeast-1"],
    ["tokyo-cross-region", "ap-northeast-1"],
    ["tokyo-jp-profiles", "ap-northeast-1"],
    ["oregon", "us-west-2"],
  ] as const)("%s passes in its home region %s", (strategy, region) => {
    const config = exampleConfig({ "dev.json": { region, bedrock: { strategy } } });
    const bedrock = environment(config, "dev").bedrock;
    expect(bedrock.region).toBe(region);
    expect(bedrock.models).toEqual(BEDROCK_PRESETS[strategy].models);
    expect(bedrock.residency).toBe(BEDROCK_PRESETS[strategy].residency);
  });

  test("the tables themselves", () => {
    expect(BEDROCK_PRESETS["tokyo-in-region"]).toMatchObject({
      residency: "in-region",
      models: {
        chat: "anthropic.claude-3-5-sonnet-20240620-v1:0",
        light: "anthropic.claude-3-haiku-20240307-v1:0",
        embedding: "amazon.titan-embed-text-v2:0",
        rerank: "cohere.rerank-v3-5:0",
      },
    });
    expect(BEDROCK_PRESETS["tokyo-cross-region"]).toMatchObject({ residency: "geography", models: { chat: `apac.${SONNET_V2}` } });
    expect(BEDROCK_PRESETS["tokyo-jp-profiles"]).toMatchObject({
      residency: "country",
      models: { chat: `jp.${SONNET_45}`, light: "jp.anthropic.claude-haiku-4-5-20251001-v1:0" },
    });
    expect(BEDROCK_PRESETS.oregon).toMatchObject({
      region: "us-west-2",
      residency: "in-region",
      models: { chat: SONNET_V2, light: "anthropic.claude-3-5-haiku-20241022-v1:0" },
    });
  });

  test("the bundled examples resolve as documented", () => {
    const config = exampleConfig();
    expect(environment(config, "dev").bedrock).toMatchObject({
      strategy: "tokyo-in-region",
      endpoints: ["bedrock-runtime", "bedrock-agent-runtime"],
      endpointAzCount: 1,
      requireVpcEndpoint: false,
    });
    expect(environment(config, "prod").bedrock).toMatchObject({
      strategy: "tokyo-jp-profiles",
      residency: "country",
      // requireVpcEndpoint (the production default) adds agent-runtime: Dify reranks through it.
      endpoints: ["bedrock-runtime", "bedrock-agent-runtime", "bedrock"],
      requireVpcEndpoint: true,
      invocationLogging: { destination: "s3", retentionDays: 400 },
      guardrail: { pii: "anonymize" },
    });
  });

  test("without a strategy, the region picks the preset; elsewhere the models are required", () => {
    expect(environment(exampleConfig({ "dev.json": { region: "us-west-2", bedrock: { strategy: undefined } } }), "dev").bedrock.strategy).toBe("oregon");
    expect(environment(exampleConfig({ "dev.json": { bedrock: { strategy: undefined } } }), "dev").bedrock.strategy).toBe("tokyo-in-region");
    expect(problemsFor({ "dev.json": { region: "eu-central-1", bedrock: { strategy: undefined } } })).toEqual(
      ["chat", "light", "embedding", "rerank"].map(
        (role) => `environments/dev.json: bedrock.models.${role}: is required: no bedrock.strategy applies to eu-central-1 (presets: tokyo-in-region, tokyo-cross-region, tokyo-jp-profiles, oregon)`,
      ),
    );
  });

  test("the preset implies its Bedrock region unless bedrock.region says otherwise", () => {
    expect(environment(exampleConfig({ "dev.json": { bedrock: { strategy: "oregon", residency: "global" } } }), "dev").bedrock.region).toBe("us-west-2");
    const there = environment(exampleConfig({ "dev.json": { region: "us-west-2", bedrock: { strategy: "tokyo-in-region", region: "us-west-2" } } }), "dev");
    expect(there.bedrock.region).toBe("us-west-2");
  });
});

describe("residency: one line per violation, naming the file and the role", () => {
  test("apac. under country leaves Japan", () => {
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "tokyo-cross-region", residency: "country" } } })).toEqual([
      `environments/prod.json: bedrock.models.chat: apac.${SONNET_V2} routes to ap-northeast-2, ap-south-1, ap-southeast-1, ap-southeast-2 outside JP (residency "country")`,
    ]);
  });

  test("jp. under country stays in Japan", () => {
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "tokyo-jp-profiles", residency: "country" } } })).toEqual([]);
  });

  test("a model that Tokyo does not serve in-region, under in-region", () => {
    expect(problemsFor({ "dev.json": { bedrock: { models: { chat: SONNET_V2 } } } })).toEqual([
      `environments/dev.json: bedrock.models.chat: ${SONNET_V2} is not served in-region in ap-northeast-1; use a profile such as apac.${SONNET_V2}`,
    ]);
    expect(problemsFor({ "dev.json": { bedrock: { models: { light: "anthropic.claude-haiku-4-5-20251001-v1:0" } } } })).toEqual([
      "environments/dev.json: bedrock.models.light: anthropic.claude-haiku-4-5-20251001-v1:0 is not served in-region in ap-northeast-1; use a profile such as jp.anthropic.claude-haiku-4-5-20251001-v1:0 or global.anthropic.claude-haiku-4-5-20251001-v1:0",
    ]);
  });

  test("a profile under in-region", () => {
    expect(problemsFor({ "staging.json": { bedrock: { residency: "in-region" } } })).toEqual([
      `environments/staging.json: bedrock.models.chat: jp.${SONNET_45} is an inference profile that routes to ap-northeast-1, ap-northeast-3; residency "in-region" allows only foundation models served in ap-northeast-1 (set bedrock.residency to "country" or wider)`,
      'environments/staging.json: bedrock.models.light: jp.anthropic.claude-haiku-4-5-20251001-v1:0 is an inference profile that routes to ap-northeast-1, ap-northeast-3; residency "in-region" allows only foundation models served in ap-northeast-1 (set bedrock.residency to "country" or wider)',
    ]);
  });

  test("global. under geography fails, under global passes", () => {
    expect(problemsFor({ "staging.json": { bedrock: { residency: "geography", models: { chat: `global.${SONNET_45}` } } } })).toEqual([
      `environments/staging.json: bedrock.models.chat: global.${SONNET_45} routes to any commercial AWS region outside APAC (residency "geography")`,
    ]);
    expect(problemsFor({ "staging.json": { bedrock: { residency: "global", models: { chat: `global.${SONNET_45}` } } } })).toEqual([]);
  });

  test("overriding one role keeps the rest of the preset", () => {
    const bedrock = environment(exampleConfig({ "staging.json": { bedrock: { models: { light: "anthropic.claude-3-haiku-20240307-v1:0" } } } }), "staging").bedrock;
    expect(bedrock.models).toEqual({ ...BEDROCK_PRESETS["tokyo-jp-profiles"].models, light: "anthropic.claude-3-haiku-20240307-v1:0" });
    expect(bedrock.residency).toBe("country");
  });

  test("overriding the residency widens or narrows only the residency", () => {
    const wider = environment(exampleConfig({ "dev.json": { bedrock: { residency: "geography", models: { chat: `apac.${SONNET_V2}` } } } }), "dev").bedrock;
    expect(wider).toMatchObject({ strategy: "tokyo-in-region", residency: "geography", models: { chat: `apac.${SONNET_V2}`, light: "anthropic.claude-3-haiku-20240307-v1:0" } });
    // tokyo-cross-region narrowed to country: only the apac. chat model breaks it.
    expect(problemsFor({ "dev.json": { bedrock: { strategy: "tokyo-cross-region", residency: "country" } } })).toHaveLength(1);
  });

  test("unknown ids list the known ones for that role and region", () => {
    expect(problemsFor({ "dev.json": { bedrock: { models: { rerank: "cohere.rerank-v9:0" } } } })).toEqual([
      'environments/dev.json: bedrock.models.rerank: unknown model id "cohere.rerank-v9:0"; known rerank models in ap-northeast-1: cohere.rerank-v3-5:0',
    ]);
    const [line] = problemsFor({ "dev.json": { bedrock: { models: { chat: "anthropic.claude-9" } } } });
    expect(line).toMatch(/^environments\/dev\.json: bedrock\.models\.chat: unknown model id "anthropic\.claude-9"; known chat models in ap-northeast-1: /);
    expect(line).toContain(`jp.${SONNET_45}`);
    expect(line).toContain(`apac.${SONNET_V2}`);
    expect(line).not.toContain("titan");
  });

  test("a profile that the model lacks, or that the region may not call", () => {
    expect(problemsFor({ "dev.json": { bedrock: { residency: "country", models: { light: "jp.anthropic.claude-3-haiku-20240307-v1:0" } } } })).toEqual([
      "environments/dev.json: bedrock.models.light: jp.anthropic.claude-3-haiku-20240307-v1:0: Claude 3 Haiku has no jp. inference profile (it has apac., us.)",
    ]);
    expect(problemsFor({ "dev.json": { region: "us-west-2", bedrock: { strategy: "oregon", residency: "global", models: { light: "jp.anthropic.claude-haiku-4-5-20251001-v1:0" } } } })).toEqual([
      "environments/dev.json: bedrock.models.light: jp.anthropic.claude-haiku-4-5-20251001-v1:0 cannot be called from us-west-2; the jp. profile may be called from ap-northeast-1, ap-northeast-3",
    ]);
  });

  test("a model of the wrong kind for the role", () => {
    expect(problemsFor({ "dev.json": { bedrock: { models: { embedding: "cohere.rerank-v3-5:0" } } } })).toEqual([
      "environments/dev.json: bedrock.models.embedding: cohere.rerank-v3-5:0 is a rerank model; the embedding role needs an embedding model such as amazon.titan-embed-text-v2:0",
    ]);
  });
});

describe("the Bedrock region against the environment region", () => {
  test("production refuses a Bedrock region that breaks the residency", () => {
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "oregon", requireVpcEndpoint: false, endpoints: [] } } })).toEqual([
      'environments/prod.json: bedrock.strategy: Bedrock is called in us-west-2 from an environment in ap-northeast-1, which residency "in-region" does not allow (model traffic must stay in the environment region ap-northeast-1); set bedrock.region to ap-northeast-1, or widen bedrock.residency on purpose',
    ]);
    expect(problemsFor({ "prod.json": { bedrock: { region: "us-west-2", residency: "country", models: { chat: `us.${SONNET_45}`, light: `us.anthropic.claude-haiku-4-5-20251001-v1:0` }, requireVpcEndpoint: false, endpoints: [] } } })).toEqual([
      'environments/prod.json: bedrock.region: Bedrock is called in us-west-2 from an environment in ap-northeast-1, which residency "country" does not allow (model traffic must stay in JP; us-west-2 is in US); set bedrock.region to ap-northeast-1, or widen bedrock.residency on purpose',
    ]);
  });

  test("production accepts it once the residency is widened on purpose", () => {
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "oregon", residency: "global", requireVpcEndpoint: false, endpoints: [] } } })).toEqual([]);
  });

  test("outside production it is a warning, not a refusal", () => {
    const input = BedrockSchema.parse({ strategy: "oregon" });
    const ctx: BedrockContext = { file: "environments/dev.json", region: "ap-northeast-1", production: false, azCount: 2, logRetentionDays: 30 };
    const result = resolveBedrock(input, ctx);
    expect(result.problems).toEqual([]);
    expect(result.value).toMatchObject({ region: "us-west-2", endpoints: [], requireVpcEndpoint: false });
    expect(result.warnings).toContain(
      'environments/dev.json: bedrock.strategy: Bedrock is called in us-west-2 from an environment in ap-northeast-1, which residency "in-region" does not allow (model traffic must stay in the environment region ap-northeast-1); set bedrock.region to ap-northeast-1, or widen bedrock.residency on purpose',
    );
  });

  test("requireVpcEndpoint cannot hold when Bedrock is called in another region", () => {
    expect(problemsFor({ "dev.json": { bedrock: { strategy: "oregon", residency: "global", requireVpcEndpoint: true } } })).toEqual([
      'environments/dev.json: bedrock.requireVpcEndpoint: is true, but Bedrock is called in us-west-2 and interface endpoints can only live in the environment region ap-northeast-1, so calls would leave the VPC through the NAT gateway; call Bedrock in ap-northeast-1, or set "requireVpcEndpoint": false to accept that',
    ]);
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "oregon", residency: "global", endpoints: [] } } })).toEqual([
      'environments/prod.json: bedrock.requireVpcEndpoint: defaults to true in production, but Bedrock is called in us-west-2 and interface endpoints can only live in the environment region ap-northeast-1, so calls would leave the VPC through the NAT gateway; call Bedrock in ap-northeast-1, or set "requireVpcEndpoint": false to accept that',
    ]);
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "oregon", residency: "global", requireVpcEndpoint: false } } })).toEqual([
      "environments/prod.json: bedrock.endpoints: interface endpoints are created in the environment region ap-northeast-1, but Bedrock is called in us-west-2, so they would carry no traffic; remove them or call Bedrock in ap-northeast-1",
    ]);
  });
});

describe("other bedrock rules", () => {
  test("production must set invocationLogging explicitly", () => {
    expect(problemsFor({ "prod.json": { bedrock: { invocationLogging: undefined } } })).toEqual([
      'environments/prod.json: bedrock.invocationLogging: must be set explicitly in production: { "destination": "off" | "cloudwatch" | "s3" }',
    ]);
  });

  test("the cloudwatch destination needs a CloudWatch retention period", () => {
    expect(problemsFor({ "staging.json": { bedrock: { invocationLogging: { retentionDays: 10 } } } })).toEqual([
      expect.stringMatching(/^environments\/staging\.json: bedrock\.invocationLogging\.retentionDays: must be a CloudWatch Logs retention period \(1, 3, 5, .*\) for the cloudwatch destination, got 10$/),
    ]);
    expect(problemsFor({ "prod.json": { bedrock: { invocationLogging: { retentionDays: 10 } } } })).toEqual([]);
  });

  test("endpointAzCount cannot exceed the AZs", () => {
    expect(problemsFor({ "dev.json": { bedrock: { endpointAzCount: 3 } } })).toEqual(["environments/dev.json: bedrock.endpointAzCount: must be at most network.azCount (2), got 3"]);
  });

  test("requireVpcEndpoint defaults to production; the agent-runtime endpoint (rerank) is always there", () => {
    const config = exampleConfig({ "staging.json": { bedrock: { requireVpcEndpoint: true } }, "prod.json": { bedrock: { requireVpcEndpoint: false } } });
    expect(environment(config, "staging").bedrock.endpoints).toEqual(["bedrock-runtime", "bedrock-agent-runtime"]);
    expect(environment(config, "prod").bedrock.endpoints).toEqual(["bedrock-runtime", "bedrock-agent-runtime", "bedrock"]);
    expect(environment(config, "dev").bedrock.requireVpcEndpoint).toBe(false);
  });

  test("legacy models are reported as warnings", () => {
    const input = BedrockSchema.parse({ strategy: "tokyo-in-region" });
    const result = resolveBedrock(input, { file: "environments/dev.json", region: "ap-northeast-1", production: false, azCount: 2, logRetentionDays: 30 });
    expect(result.warnings).toEqual([
      "environments/dev.json: bedrock.models.chat: anthropic.claude-3-5-sonnet-20240620-v1:0 (Claude 3.5 Sonnet) is marked legacy by AWS (catalog checked 2026-11); plan a move to a current model",
    ]);
  });
});
