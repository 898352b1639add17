import { invocationOf, lookupInvocation, splitModelId } from "../../src/bedrock/model-ref";
import { BEDROCK_PRESETS } from "../../src/bedrock/presets";
import { checkModel } from "../../src/bedrock/residency";
import { ANY_COMMERCIAL_REGION, destinationsOf, PROFILE_PREFIXES, type ProfilePrefix } from "../../src/catalog/inference-profiles";
import { isIsoDate, lifecycleState } from "../../src/catalog/lifecycle";
import { FOUNDATION_MODELS, findModel, profileOf } from "../../src/catalog/models";
import { AWS_REGION_NAMES, type AwsRegion, countryOf, isAwsRegion } from "../../src/catalog/regions";
import { MODEL_ROLES } from "../../src/config/schema/bedrock";

const SYNTH_DATE = new Date("2026-11-30T12:00:00Z");
const SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
const HAIKU_3 = "anthropic.claude-3-haiku-20240307-v1:0";

const route = (modelId: string, prefix: ProfilePrefix, source: AwsRegion) => {
  const profile = profileOf(findModel(modelId)!, prefix);
  return profile && destinationsOf(profile, source);
};

describe("the catalog is consistent data", () => {
  test("every model has an id, a check date, quota names, and a documented lifecycle in order", () => {
    const ids = FOUNDATION_MODELS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const model of FOUNDATION_MODELS) {
      expect(model.checked).toMatch(/^\d{4}-\d{2}$/);
      expect(model.quotaNames.length).toBeGreaterThan(0);
      const lifecycles = [model.lifecycle, ...Object.values(model.inRegion).map((a) => a?.lifecycle), ...model.profiles.map((p) => p.lifecycle)];
      for (const lifecycle of lifecycles.filter((l) => l !== undefined)) {
        expect(lifecycle.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/bedrock\//);
        for (const date of [lifecycle.legacyFrom, lifecycle.endOfLife].filter((d) => d !== undefined)) expect(isIsoDate(date)).toBe(true);
        if (lifecycle.legacyFrom && lifecycle.endOfLife) expect(lifecycle.legacyFrom < lifecycle.endOfLife).toBe(true);
      }
      for (const [region, availability] of Object.entries(model.inRegion)) {
        expect(isAwsRegion(region)).toBe(true);
        expect(availability!.source).toMatch(/^https:\/\//);
      }
      if (model.replacedBy) expect(findModel(model.replacedBy.id)).toBeDefined();
    }
  });

  test("every profile names its routes per source, and each source is among its own destinations", () => {
    for (const model of FOUNDATION_MODELS) {
      for (const profile of model.profiles) {
        expect(PROFILE_PREFIXES).toContain(profile.prefix);
        expect(new Set(model.profiles.map((p) => p.prefix)).size).toBe(model.profiles.length);
        for (const [source, destinations] of Object.entries(profile.routes)) {
          if (source === "*") {
            expect(profile.prefix).toBe("global");
            continue;
          }
          expect(isAwsRegion(source)).toBe(true);
          expect(destinations).not.toBe(ANY_COMMERCIAL_REGION);
          for (const r of destinations as string[]) expect(isAwsRegion(r)).toBe(true);
          expect(destinations).toContain(source);
        }
      }
    }
  });
});

describe("routes are per model and per source region", () => {
  test("apac. Claude 3 Haiku from Tokyo reaches five regions, and Osaka cannot call it", () => {
    expect([...(route(HAIKU_3, "apac", "ap-northeast-1") as string[])].sort()).toEqual(["ap-northeast-1", "ap-northeast-2", "ap-south-1", "ap-southeast-1", "ap-southeast-2"]);
    expect(route(HAIKU_3, "apac", "ap-northeast-3")).toBeUndefined();
  });

  test("one prefix, different routes: us. Claude 3 Haiku from Oregon skips Ohio; us. Claude Haiku 4.5 from Canada also runs in Canada", () => {
    expect(route(HAIKU_3, "us", "us-west-2")).toEqual(["us-east-1", "us-west-2"]);
    expect(route(HAIKU_45, "us", "us-west-2")).toEqual(["us-east-1", "us-east-2", "us-west-2"]);
    expect(route(HAIKU_45, "us", "ca-central-1")).toContain("ca-central-1");
  });

  test("eu. from London and Zurich, and au. from New Zealand, route to themselves", () => {
    expect(route(SONNET_45, "eu", "eu-west-2")).toEqual(["eu-west-2"]);
    expect(route(SONNET_45, "eu", "eu-central-2")).toEqual(["eu-central-2"]);
    expect(route(SONNET_45, "au", "ap-southeast-6")).toEqual(["ap-southeast-6"]);
    expect(route(SONNET_45, "au", "ap-southeast-2")).toEqual(["ap-southeast-2", "ap-southeast-4"]);
  });

  test("jp. stays in Japan; global. goes anywhere; a region outside the routes may not call", () => {
    expect(new Set((route(HAIKU_45, "jp", "ap-northeast-1") as AwsRegion[]).map(countryOf))).toEqual(new Set(["JP"]));
    expect(route(SONNET_45, "global", "sa-east-1")).toBe(ANY_COMMERCIAL_REGION);
    expect(route(HAIKU_45, "jp", "us-west-2")).toBeUndefined();
    expect(AWS_REGION_NAMES.filter((r) => countryOf(r) === "JP").sort()).toEqual(["ap-northeast-1", "ap-northeast-3"]);
  });

  test("profile prefixes split off; provider prefixes do not", () => {
    expect(splitModelId(`jp.${HAIKU_45}`)).toEqual({ prefix: "jp", modelId: HAIKU_45 });
    expect(splitModelId("amazon.titan-embed-text-v2:0")).toEqual({ modelId: "amazon.titan-embed-text-v2:0" });
    expect(lookupInvocation(`global.${SONNET_45}`, "ap-northeast-1")).toMatchObject({ ok: true, invocation: { profile: "global", destinations: ANY_COMMERCIAL_REGION } });
  });
});

describe("lifecycle is judged against a date", () => {
  const sonnet45 = findModel(SONNET_45)!.lifecycle;
  test.each([
    ["2026-10-07", "active"],
    ["2026-10-08", "legacy"],
    ["2026-11-30", "legacy"],
    ["2027-04-07", "legacy"],
    ["2027-04-08", "end-of-life"],
  ] as const)("Claude Sonnet 4.5 on %s is %s", (day, state) => {
    expect(lifecycleState(sonnet45, new Date(`${day}T23:59:59Z`))).toBe(state);
  });

  test("the seed's models, as AWS documents them on 2026-11-30", () => {
    const state = (id: string) => lifecycleState(findModel(id)!.lifecycle, SYNTH_DATE);
    expect(state("anthropic.claude-3-5-sonnet-20240620-v1:0")).toBe("end-of-life");
    expect(state("anthropic.claude-3-5-sonnet-20241022-v2:0")).toBe("end-of-life");
    expect(state(HAIKU_3)).toBe("end-of-life");
    expect(state("anthropic.claude-3-5-haiku-20241022-v1:0")).toBe("end-of-life");
    expect(state(SONNET_45)).toBe("legacy");
    expect(state("amazon.titan-embed-text-v2:0")).toBe("active");
    expect(state("cohere.rerank-v3-5:0")).toBe("active");
    // A region can differ from the model: Seoul keeps Claude 3 Haiku as Legacy after the general end of life.
    expect(lookupInvocation(HAIKU_3, "ap-northeast-2")).toMatchObject({ ok: true, invocation: { lifecycle: { legacyFrom: "2026-03-10" } } });
    expect(lifecycleState(invocationOf(HAIKU_3, "ap-northeast-2").lifecycle, SYNTH_DATE)).toBe("legacy");
  });
});

describe("presets still answer the seed's constraints", () => {
  test("no preset uses a model that is Legacy, ended or unconfirmed as of the synth date", () => {
    for (const [name, preset] of Object.entries(BEDROCK_PRESETS)) {
      for (const role of MODEL_ROLES) {
        const check = checkModel(role, preset.models[role], preset.region, preset.residency, SYNTH_DATE);
        expect({ name, role, error: check.error, notes: check.error === undefined ? check.notes : [] }).toEqual({ name, role, error: undefined, notes: [] });
        const found = lookupInvocation(preset.models[role], preset.region);
        expect(found.ok && lifecycleState(found.invocation.lifecycle, SYNTH_DATE)).toBe("active");
        expect(found.ok && found.invocation.doubts).toEqual([]);
      }
    }
  });

  test("the Tokyo presets stay in Japan and the Oregon one in the United States", () => {
    for (const preset of Object.values(BEDROCK_PRESETS)) {
      const home = countryOf(preset.region);
      for (const role of MODEL_ROLES) {
        const found = lookupInvocation(preset.models[role], preset.region);
        if (!found.ok) throw new Error(`${preset.models[role]} not usable`);
        expect(new Set((found.invocation.destinations as AwsRegion[]).map(countryOf))).toEqual(new Set([home]));
      }
    }
  });
});
