import { BEDROCK_PRESETS } from "../../src/bedrock/presets";
import { checkModel } from "../../src/bedrock/residency";
import { type BedrockContext, resolveBedrock } from "../../src/bedrock/resolve";
import { BedrockSchema } from "../../src/config/schema/bedrock";
import { environment, exampleConfig } from "../helpers/fixtures";
import { problemsFor } from "./bedrock-stack";

const SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
const TITAN = "amazon.titan-embed-text-v2:0";
const COHERE_RERANK = "cohere.rerank-v3-5:0";
const SYNTH_DATE = new Date("2026-11-30T12:00:00Z");

describe("presets keep the seed's intents with models Active today", () => {
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
    const tokyo = { residency: "country", models: { chat: `jp.${HAIKU_45}`, light: `jp.${HAIKU_45}`, embedding: TITAN, rerank: COHERE_RERANK } };
    expect(BEDROCK_PRESETS["tokyo-in-region"]).toMatchObject({ region: "ap-northeast-1", ...tokyo });
    expect(BEDROCK_PRESETS["tokyo-cross-region"]).toMatchObject({ region: "ap-northeast-1", ...tokyo });
    expect(BEDROCK_PRESETS["tokyo-jp-profiles"]).toMatchObject({ region: "ap-northeast-1", ...tokyo });
    expect(BEDROCK_PRESETS.oregon).toMatchObject({
      region: "us-west-2",
      residency: "country",
      models: { chat: `us.${HAIKU_45}`, light: `us.${HAIKU_45}`, embedding: TITAN, rerank: COHERE_RERANK },
    });
  });

  test("the fixture environments resolve as documented", () => {
    const config = exampleConfig();
    // Outside production the runtime endpoints stay, in the AZs asked for (the cheap path's
    // endpointAzCount 0 is tested in __tests__/cost).
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
        (role) =>
          `environments/dev.json: bedrock.models.${role}: is required: no bedrock.strategy applies to eu-central-1 (presets: tokyo-in-region, tokyo-cross-region, tokyo-jp-profiles, oregon)`,
      ),
    );
  });

  test("the preset implies its Bedrock region unless bedrock.region says otherwise", () => {
    expect(environment(exampleConfig({ "dev.json": { bedrock: { strategy: "oregon", residency: "global" } } }), "dev").bedrock.region).toBe("us-west-2");
    const there = environment(
      exampleConfig({ "dev.json": { region: "us-west-2", bedrock: { strategy: "tokyo-in-region", region: "us-west-2", models: { chat: `us.${HAIKU_45}`, light: `us.${HAIKU_45}` } } } }),
      "dev",
    );
    expect(there.bedrock.region).toBe("us-west-2");
  });
});

describe("residency reads each model's own routes from the calling region", () => {
  test("us. called from Canada also runs in the United States: refused under country and geography, with the regions named", () => {
    expect(checkModel("chat", `us.${HAIKU_45}`, "ca-central-1", "country", SYNTH_DATE)).toEqual({
      error: `us.${HAIKU_45} routes to us-east-1, us-east-2, us-west-2 outside CA (residency "country")`,
    });
    expect(checkModel("chat", `us.${HAIKU_45}`, "ca-central-1", "geography", SYNTH_DATE).error).toMatch(/outside CA/);
    expect(checkModel("chat", `us.${HAIKU_45}`, "us-west-2", "country", SYNTH_DATE)).toMatchObject({ notes: [], invocation: { destinations: ["us-east-1", "us-east-2", "us-west-2"] } });
  });
});

describe("residency: one line per violation, naming the file and the role", () => {
  test("global. under country leaves Japan", () => {
    expect(problemsFor({ "prod.json": { bedrock: { models: { chat: `global.${HAIKU_45}` } } } })).toEqual([
      `environments/prod.json: bedrock.models.chat: global.${HAIKU_45} routes to any commercial AWS region outside JP (residency "country")`,
    ]);
  });

  test("jp. under country stays in Japan", () => {
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "tokyo-jp-profiles", residency: "country" } } })).toEqual([]);
  });

  test("a model that Tokyo does not serve in-region, under in-region", () => {
    expect(problemsFor({ "dev.json": { bedrock: { residency: "in-region", models: { chat: SONNET_45 } } } })).toEqual([
      `environments/dev.json: bedrock.models.chat: ${SONNET_45} is not served in-region in ap-northeast-1; use a profile such as jp.${SONNET_45} or global.${SONNET_45}`,
      `environments/dev.json: bedrock.models.light: jp.${HAIKU_45} is an inference profile that routes to ap-northeast-1, ap-northeast-3; residency "in-region" allows only foundation models served in ap-northeast-1 (set bedrock.residency to "country" or wider)`,
    ]);
  });

  test("a profile under in-region", () => {
    expect(problemsFor({ "staging.json": { bedrock: { residency: "in-region" } } })).toEqual(
      ["chat", "light"].map(
        (role) =>
          `environments/staging.json: bedrock.models.${role}: jp.${HAIKU_45} is an inference profile that routes to ap-northeast-1, ap-northeast-3; residency "in-region" allows only foundation models served in ap-northeast-1 (set bedrock.residency to "country" or wider)`,
      ),
    );
  });

  test("global. under geography fails, under global passes", () => {
    expect(problemsFor({ "staging.json": { bedrock: { residency: "geography", models: { chat: `global.${HAIKU_45}` } } } })).toEqual([
      `environments/staging.json: bedrock.models.chat: global.${HAIKU_45} routes to any commercial AWS region outside APAC (residency "geography")`,
    ]);
    expect(problemsFor({ "staging.json": { bedrock: { residency: "global", models: { chat: `global.${HAIKU_45}` } } } })).toEqual([]);
  });

  test("overriding one role keeps the rest of the preset", () => {
    const bedrock = environment(exampleConfig({ "staging.json": { bedrock: { models: { light: `jp.${SONNET_45}` } } } }), "staging").bedrock;
    expect(bedrock.models).toEqual({ ...BEDROCK_PRESETS["tokyo-jp-profiles"].models, light: `jp.${SONNET_45}` });
    expect(bedrock.residency).toBe("country");
  });

  test("overriding the residency widens or narrows only the residency", () => {
    const wider = environment(exampleConfig({ "dev.json": { bedrock: { residency: "global", models: { chat: `global.${HAIKU_45}` } } } }), "dev").bedrock;
    expect(wider).toMatchObject({ strategy: "tokyo-in-region", residency: "global", models: { chat: `global.${HAIKU_45}`, light: `jp.${HAIKU_45}` } });
    // tokyo-jp-profiles narrowed to in-region: only the two profile roles break it.
    expect(problemsFor({ "dev.json": { bedrock: { strategy: "tokyo-jp-profiles", residency: "in-region" } } })).toHaveLength(2);
  });

  test("unknown ids list the confirmed, current ones for that role and region", () => {
    expect(problemsFor({ "dev.json": { bedrock: { models: { rerank: "cohere.rerank-v9:0" } } } })).toEqual([
      'environments/dev.json: bedrock.models.rerank: unknown model id "cohere.rerank-v9:0"; known rerank models in ap-northeast-1: cohere.rerank-v3-5:0, amazon.rerank-v1:0',
    ]);
    const [line] = problemsFor({ "dev.json": { bedrock: { models: { chat: "anthropic.claude-9" } } } });
    expect(line).toMatch(/^environments\/dev\.json: bedrock\.models\.chat: unknown model id "anthropic\.claude-9"; known chat models in ap-northeast-1: /);
    expect(line).toContain(`jp.${HAIKU_45}`);
    expect(line).not.toContain("titan");
    expect(line).not.toContain("claude-3"); // ended models are not suggested
    expect(line).not.toContain("nova-2-lite"); // nor unconfirmed ones
  });

  test("a profile that the model lacks, or that the region may not call", () => {
    expect(problemsFor({ "dev.json": { bedrock: { residency: "geography", models: { light: `apac.${HAIKU_45}` } } } })).toEqual([
      `environments/dev.json: bedrock.models.light: apac.${HAIKU_45}: Claude Haiku 4.5 has no apac. inference profile (it has jp., us., global.)`,
    ]);
    expect(problemsFor({ "dev.json": { region: "us-west-2", bedrock: { strategy: "oregon", residency: "global", models: { light: `jp.${HAIKU_45}` } } } })).toEqual([
      `environments/dev.json: bedrock.models.light: jp.${HAIKU_45} cannot be called from us-west-2; the jp. profile of Claude Haiku 4.5 may be called from ap-northeast-1, ap-northeast-3`,
    ]);
  });

  test("a model of the wrong kind for the role", () => {
    expect(problemsFor({ "dev.json": { bedrock: { models: { embedding: COHERE_RERANK } } } })).toEqual([
      `environments/dev.json: bedrock.models.embedding: ${COHERE_RERANK} is a rerank model; the embedding role needs an embedding model such as ${TITAN}, global.cohere.embed-v4:0`,
    ]);
  });
});

describe("the Bedrock region against the environment region", () => {
  test("production refuses a Bedrock region that breaks the residency", () => {
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "oregon", requireVpcEndpoint: false, endpoints: [] } } })).toEqual([
      'environments/prod.json: bedrock.strategy: Bedrock is called in us-west-2 from an environment in ap-northeast-1, which residency "country" does not allow (model traffic must stay in JP; us-west-2 is in US); set bedrock.region to ap-northeast-1, or widen bedrock.residency on purpose',
    ]);
    expect(problemsFor({ "prod.json": { bedrock: { region: "us-west-2", residency: "in-region", requireVpcEndpoint: false, endpoints: [] } } })).toContain(
      'environments/prod.json: bedrock.region: Bedrock is called in us-west-2 from an environment in ap-northeast-1, which residency "in-region" does not allow (model traffic must stay in the environment region ap-northeast-1); set bedrock.region to ap-northeast-1, or widen bedrock.residency on purpose',
    );
  });

  test("production accepts it once the residency is widened on purpose", () => {
    expect(problemsFor({ "prod.json": { bedrock: { strategy: "oregon", residency: "global", requireVpcEndpoint: false, endpoints: [] } } })).toEqual([]);
  });

  test("outside production it is a warning, not a refusal", () => {
    const input = BedrockSchema.parse({ strategy: "oregon" });
    const ctx: BedrockContext = { file: "environments/dev.json", region: "ap-northeast-1", production: false, azCount: 2, logRetentionDays: 30, today: SYNTH_DATE };
    const result = resolveBedrock(input, ctx);
    expect(result.problems).toEqual([]);
    expect(result.value).toMatchObject({ region: "us-west-2", endpoints: [], requireVpcEndpoint: false });
    expect(result.warnings).toEqual([
      'environments/dev.json: bedrock.strategy: Bedrock is called in us-west-2 from an environment in ap-northeast-1, which residency "country" does not allow (model traffic must stay in JP; us-west-2 is in US); set bedrock.region to ap-northeast-1, or widen bedrock.residency on purpose',
    ]);
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
      expect.stringMatching(
        /^environments\/staging\.json: bedrock\.invocationLogging\.retentionDays: must be a CloudWatch Logs retention period \(1, 3, 5, .*\) for the cloudwatch destination, got 10$/,
      ),
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
});
