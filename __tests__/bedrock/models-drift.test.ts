import * as fs from "node:fs";
import {
  BedrockClient,
  GetFoundationModelAvailabilityCommand,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
} from "@aws-sdk/client-bedrock";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { findModel } from "../../src/catalog/models";
import { compareCatalog } from "../../src/models-drift/compare-catalog";
import { regionsOf } from "../../src/models-drift/observe-bedrock";
import { runModels } from "../../src/models-drift/run-models";
import { environmentsDir } from "../helpers/fixtures";
import { availability, TOKYO_MODELS, TOKYO_PROFILES } from "./recorded-bedrock";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const sts = mockClient(STSClient);
const bedrock = mockClient(BedrockClient);
const CREDENTIALS = { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret", SessionToken: "token", Expiration: new Date("2030-01-01T00:00:00Z") };
const TODAY = new Date("2026-11-30T12:00:00Z");
const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const dir = environmentsDir();
  dirs.push(dir);
  const code = await runModels(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { configDir: dir, today: TODAY });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Answers as Bedrock in Tokyo does, from the recorded responses. */
function recordTokyo(models = TOKYO_MODELS) {
  bedrock.on(ListFoundationModelsCommand).resolves({ modelSummaries: models });
  bedrock.on(GetFoundationModelCommand).callsFake((input: { modelIdentifier: string }) => ({ modelDetails: models.find((m) => m.modelId === input.modelIdentifier) }));
  bedrock
    .on(ListInferenceProfilesCommand)
    .callsFake((input: { nextToken?: string }) =>
      input.nextToken ? { inferenceProfileSummaries: TOKYO_PROFILES[1] } : { inferenceProfileSummaries: TOKYO_PROFILES[0], nextToken: "page-2" },
    );
  const all = TOKYO_PROFILES.flat();
  bedrock.on(GetInferenceProfileCommand).callsFake((input: { inferenceProfileIdentifier: string }) => all.find((p) => p.inferenceProfileId === input.inferenceProfileIdentifier));
  bedrock.on(GetFoundationModelAvailabilityCommand).callsFake((input: { modelId: string }) => availability(input.modelId, input.modelId !== "cohere.rerank-v3-5:0"));
}

beforeEach(() => {
  sts.reset();
  bedrock.reset();
  sts.on(AssumeRoleCommand).resolves({ Credentials: CREDENTIALS });
});

describe("npm run models -- <env>", () => {
  test("assumes the environment's deploy role and reads Bedrock in its Bedrock region with those credentials", async () => {
    recordTokyo();
    await run(["prod"]);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({ RoleArn: "arn:aws:iam::333333333333:role/dify-deployer", RoleSessionName: "dify-prod-models" });
    const client = bedrock.commandCalls(ListFoundationModelsCommand)[0].thisValue as BedrockClient;
    expect(await client.config.region()).toBe("ap-northeast-1");
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: "ASIAEXAMPLE", sessionToken: "token" });
  });

  test("reads each catalog model's details, every page of system-defined profiles, each catalog profile's destinations, and the configured models' access", async () => {
    recordTokyo();
    await run(["prod"]);
    const got = bedrock.commandCalls(GetFoundationModelCommand).map((c) => c.args[0].input.modelIdentifier);
    expect(got).not.toContain("amazon.nova-pro-v1:0");
    expect(got).toEqual(expect.arrayContaining([HAIKU_45, "amazon.titan-embed-text-v2:0", "anthropic.claude-sonnet-4-5-20250929-v1:0"]));
    const lists = bedrock.commandCalls(ListInferenceProfilesCommand);
    expect(lists).toHaveLength(2);
    expect(lists[1].args[0].input).toMatchObject({ typeEquals: "SYSTEM_DEFINED", nextToken: "page-2" });
    const profiles = bedrock.commandCalls(GetInferenceProfileCommand).map((c) => c.args[0].input.inferenceProfileIdentifier);
    expect(profiles).toContain(`jp.${HAIKU_45}`);
    expect(profiles).not.toContain("apac.amazon.nova-pro-v1:0");
    const access = bedrock.commandCalls(GetFoundationModelAvailabilityCommand).map((c) => c.args[0].input.modelId);
    expect(access.sort()).toEqual(["amazon.titan-embed-text-v2:0", HAIKU_45, "cohere.rerank-v3-5:0"]);
  });

  test("prints one line per difference, with the page to re-read, and exits 1", async () => {
    recordTokyo();
    const { code, out, err } = await run(["prod"]);
    expect(err).toBe("");
    expect(code).toBe(1);
    const lines = out.split("\n");
    expect(lines[0]).toBe("Bedrock models of prod: account 333333333333, Bedrock region ap-northeast-1, compared with src/catalog on 2026-11-30");
    const differences = lines.filter((l) => l.startsWith("- "));
    expect(differences).toEqual([
      // A disputed fact settled by AWS: Haiku 4.5 is not on demand in Tokyo.
      `- ${HAIKU_45}: catalog says served in-region in ap-northeast-1; AWS says listed, but not on demand (profiles only) (source: https://docs.aws.amazon.com/bedrock/latest/userguide/models-region-compatibility.html)`,
      `- apac.${HAIKU_45}: catalog says no such profile recorded; AWS says callable from ap-northeast-1, routes to ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-south-2, ap-southeast-1, ap-southeast-2, ap-southeast-4`,
      "- anthropic.claude-sonnet-4-6: catalog says needs confirmation (its Bedrock lifecycle state was not read from AWS's card (Anthropic lists it as legacy on its own API)); AWS says Active: confirmed, remove the mark (source: https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-sonnet-4-6.html)",
      "- jp.anthropic.claude-sonnet-4-6: catalog says needs confirmation (Anthropic's Bedrock page lists a jp. profile, but AWS's profile table was not read); AWS says exists with these routes: confirmed, remove the mark (source: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html)",
      "- jp.amazon.nova-2-lite-v1:0: catalog says needs confirmation (a jp. profile is not confirmed by the pages read); AWS says exists with these routes: confirmed, remove the mark (source: https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html)",
      "- global.amazon.nova-2-lite-v1:0: catalog says needs confirmation (a global. profile is not confirmed by the pages read); AWS says exists with these routes: confirmed, remove the mark (source: https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html)",
      "- cohere.embed-v4:0: catalog says served in-region in ap-northeast-1; AWS says listed, but not on demand (profiles only) (source: https://docs.aws.amazon.com/bedrock/latest/userguide/models-region-compatibility.html)",
      "- cohere.rerank-v3-5:0: catalog says configured for this environment; AWS says this account cannot use it yet: authorization NOT_AUTHORIZED, agreement NOT_AVAILABLE",
    ]);
    expect(out).toContain("8 differences: update src/catalog/models.ts");
    // Models the catalog does not know are listed once, as candidates, not as differences.
    expect(lines).toContain("note: AWS lists these text and embedding models in ap-northeast-1 that the catalog does not know: amazon.nova-pro-v1:0");
  });

  test("a lifecycle change at AWS shows as a state and a date difference", async () => {
    const legacyTitan = TOKYO_MODELS.map((m) =>
      m.modelId === "amazon.titan-embed-text-v2:0"
        ? { ...m, modelLifecycle: { status: "LEGACY" as const, legacyTime: new Date("2026-11-20T00:00:00Z"), endOfLifeTime: new Date("2027-05-20T00:00:00Z") } }
        : m,
    );
    recordTokyo(legacyTitan);
    const { out } = await run(["prod"]);
    expect(out).toContain(
      "- amazon.titan-embed-text-v2:0: catalog says Active; AWS says Legacy (source: https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-amazon-titan-text-embeddings-v2-2.html)",
    );
    expect(out).toContain("- amazon.titan-embed-text-v2:0: catalog says no Legacy date; AWS says Legacy from 2026-11-20");
    expect(out).toContain("- amazon.titan-embed-text-v2:0: catalog says no end date; AWS says end of life on 2027-05-20");
  });

  test("without GetFoundationModelAvailability the rest still runs, with a note", async () => {
    recordTokyo();
    bedrock
      .on(GetFoundationModelAvailabilityCommand)
      .rejects(Object.assign(new Error("User is not authorized to perform: bedrock:GetFoundationModelAvailability"), { name: "AccessDeniedException" }));
    const { out } = await run(["prod"]);
    expect(out).toContain(
      `note: model access not checked for ${HAIKU_45}: User is not authorized to perform: bedrock:GetFoundationModelAvailability (grant the deploy role bedrock:GetFoundationModelAvailability)`,
    );
    expect(out).toContain("7 differences");
  });

  test("errors are one clean line", async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    expect(await run(["prod"])).toMatchObject({
      code: 1,
      out: "",
      err: expect.stringMatching(/^error: cannot assume arn:aws:iam::333333333333:role\/dify-deployer: no AWS credentials found; sign in first/),
    });
    sts.on(AssumeRoleCommand).resolves({ Credentials: CREDENTIALS });
    bedrock.on(ListFoundationModelsCommand).rejects(Object.assign(new Error("User is not authorized to perform: bedrock:ListFoundationModels"), { name: "AccessDeniedException" }));
    expect(await run(["prod"])).toMatchObject({
      code: 1,
      err: "error: cannot read the Bedrock model catalog in ap-northeast-1 as arn:aws:iam::333333333333:role/dify-deployer: access denied (User is not authorized to perform: bedrock:ListFoundationModels)",
    });
    expect(await run([])).toMatchObject({ code: 1, err: "usage: npm run models -- <environment>   (environments: dev, prod, staging)" });
    expect(await run(["qa"])).toMatchObject({ code: 1, err: 'unknown environment "qa"; environments: dev, prod, staging' });
  });
});

describe("the comparison itself", () => {
  const observed = (over: Partial<Parameters<typeof compareCatalog>[2]> = {}) => ({ models: new Map(), profiles: new Map(), access: new Map(), ...over });

  test("a catalog that matches AWS gives no difference", () => {
    const titan = findModel("amazon.titan-embed-text-v2:0")!;
    const haiku = { ...findModel(HAIKU_45)!, inRegion: {} };
    const seen = observed({
      models: new Map([
        [titan.id, { inferenceTypes: ["ON_DEMAND"], lifecycle: { status: "ACTIVE" as const } }],
        [haiku.id, { inferenceTypes: ["INFERENCE_PROFILE"], lifecycle: { status: "ACTIVE" as const } }],
      ]),
      profiles: new Map([
        [`jp.${HAIKU_45}`, ["ap-northeast-1", "ap-northeast-3"] as const],
        [`global.${HAIKU_45}`, ["ap-northeast-1"] as const],
      ]),
    });
    expect(compareCatalog([titan, haiku], "ap-northeast-1", seen, TODAY)).toEqual([]);
  });

  test("routes that differ, a profile that is gone, and an ended model that AWS still lists", () => {
    const haiku = { ...findModel(HAIKU_45)!, inRegion: {} };
    const seen = observed({ models: new Map([[haiku.id, { inferenceTypes: ["INFERENCE_PROFILE"] }]]), profiles: new Map([[`jp.${HAIKU_45}`, ["ap-northeast-1"] as const]]) });
    expect(compareCatalog([haiku], "ap-northeast-1", seen, TODAY).map((d) => `${d.subject}: ${d.catalog} | ${d.aws}`)).toEqual([
      `jp.${HAIKU_45}: from ap-northeast-1 routes to ap-northeast-1, ap-northeast-3 | routes to ap-northeast-1`,
      `global.${HAIKU_45}: callable from ap-northeast-1 | no such system-defined profile in ap-northeast-1`,
    ]);
    const ended = findModel("anthropic.claude-3-5-sonnet-20240620-v1:0")!;
    const stillListed = observed({ models: new Map([[ended.id, { inferenceTypes: ["ON_DEMAND"], lifecycle: { status: "LEGACY" as const } }]]) });
    expect(compareCatalog([ended], "ap-northeast-1", stillListed, TODAY).map((d) => `${d.catalog} | ${d.aws}`)).toEqual(["past its end of life | Legacy"]);
  });

  test("destination regions are read from the profile's model ARNs", () => {
    expect(
      regionsOf(["arn:aws:bedrock:ap-northeast-3::foundation-model/x", "arn:aws:bedrock:ap-northeast-1::foundation-model/x", "arn:aws:bedrock:::foundation-model/x", undefined]),
    ).toEqual(["ap-northeast-1", "ap-northeast-3"]);
  });
});
