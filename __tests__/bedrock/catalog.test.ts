import { lookupInvocation, splitModelId } from "../../src/bedrock/model-ref";
import { BEDROCK_PRESETS } from "../../src/bedrock/presets";
import { checkModel } from "../../src/bedrock/residency";
import { ANY_COMMERCIAL_REGION, INFERENCE_PROFILES, PROFILE_PREFIXES, destinationsFrom } from "../../src/catalog/inference-profiles";
import { FOUNDATION_MODELS } from "../../src/catalog/models";
import { AWS_REGION_NAMES, countryOf, geographyOf, isAwsRegion } from "../../src/catalog/regions";
import { MODEL_ROLES } from "../../src/config/schema/bedrock";

describe("the catalog is consistent data", () => {
  test("every model has an id, a check date and names for its quotas", () => {
    const ids = FOUNDATION_MODELS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const model of FOUNDATION_MODELS) {
      expect(model.checked).toMatch(/^\d{4}-\d{2}$/);
      expect(model.quotaNames.length).toBeGreaterThan(0);
      for (const region of model.inRegion) expect(isAwsRegion(region)).toBe(true);
      for (const prefix of model.profiles) expect(PROFILE_PREFIXES).toContain(prefix);
    }
  });

  test("the seed table: in-region in Tokyo and Oregon, and the profiles of each model", () => {
    const row = (id: string) => FOUNDATION_MODELS.find((m) => m.id === id);
    expect(row("anthropic.claude-3-5-sonnet-20241022-v2:0")).toMatchObject({ inRegion: ["us-west-2"], profiles: ["apac", "us"] });
    expect(row("anthropic.claude-3-5-sonnet-20240620-v1:0")).toMatchObject({ inRegion: ["ap-northeast-1", "us-west-2"], profiles: ["apac", "us"] });
    expect(row("anthropic.claude-3-5-haiku-20241022-v1:0")).toMatchObject({ inRegion: ["us-west-2"], profiles: ["us"] });
    expect(row("anthropic.claude-sonnet-4-5-20250929-v1:0")).toMatchObject({ inRegion: [], profiles: ["jp", "us", "eu", "au", "global"] });
    expect(row("anthropic.claude-haiku-4-5-20251001-v1:0")).toMatchObject({ inRegion: [], profiles: ["jp", "us", "global"] });
    expect(row("amazon.titan-embed-text-v2:0")).toMatchObject({ kind: "embedding", profiles: [] });
    expect(row("cohere.rerank-v3-5:0")).toMatchObject({ kind: "rerank", profiles: [] });
  });

  test("geographic profiles: every source may reach only regions of one geography, and is itself a destination", () => {
    for (const profile of Object.values(INFERENCE_PROFILES).filter((p) => p.scope === "geographic")) {
      for (const [source, destinations] of Object.entries(profile.routes)) {
        expect(isAwsRegion(source)).toBe(true);
        expect(destinations).not.toBe(ANY_COMMERCIAL_REGION);
        const regions = destinations as string[];
        expect(regions).toContain(source);
        expect(new Set(regions.map((r) => geographyOf(r as never)))).toEqual(new Set([geographyOf(source as never)]));
      }
    }
  });

  test("jp. stays in Japan, apac. does not", () => {
    expect(destinationsFrom("jp", "ap-northeast-1")).toEqual(["ap-northeast-1", "ap-northeast-3"]);
    expect(new Set((destinationsFrom("jp", "ap-northeast-1") as string[]).map((r) => countryOf(r as never)))).toEqual(new Set(["JP"]));
    const apacCountries = new Set((destinationsFrom("apac", "ap-northeast-1") as string[]).map((r) => countryOf(r as never)));
    expect([...apacCountries].sort()).toEqual(["AU", "IN", "JP", "KR", "SG"]);
    expect(destinationsFrom("au", "ap-southeast-2")).toEqual(["ap-southeast-2", "ap-southeast-4"]);
    expect(destinationsFrom("global", "sa-east-1")).toBe(ANY_COMMERCIAL_REGION);
    expect(destinationsFrom("jp", "us-west-2")).toBeUndefined();
  });

  test("profile prefixes split off; provider prefixes do not", () => {
    expect(splitModelId("jp.anthropic.claude-haiku-4-5-20251001-v1:0")).toEqual({ prefix: "jp", modelId: "anthropic.claude-haiku-4-5-20251001-v1:0" });
    expect(splitModelId("amazon.titan-embed-text-v2:0")).toEqual({ modelId: "amazon.titan-embed-text-v2:0" });
    expect(lookupInvocation("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "ap-northeast-1")).toMatchObject({ ok: true, invocation: { profile: "global", destinations: ANY_COMMERCIAL_REGION } });
  });

  test("every preset passes its own residency at home, and regions stay in their country", () => {
    for (const preset of Object.values(BEDROCK_PRESETS)) {
      for (const role of MODEL_ROLES) expect(checkModel(role, preset.models[role], preset.region, preset.residency).error).toBeUndefined();
    }
    expect(AWS_REGION_NAMES.filter((r) => countryOf(r) === "JP").sort()).toEqual(["ap-northeast-1", "ap-northeast-3"]);
  });
});
