import { type BedrockContext, resolveBedrock } from "../../src/bedrock/resolve";
import { BedrockSchema } from "../../src/config/schema/bedrock";
import { problemsFor } from "./bedrock-stack";

const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
const SONNET_45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";

/** Resolves a Tokyo dev environment's bedrock section as of `day`. */
function resolveOn(day: string, bedrock: Record<string, unknown>) {
  const ctx: BedrockContext = {
    file: "environments/dev.json",
    region: "ap-northeast-1",
    production: false,
    azCount: 2,
    logRetentionDays: 30,
    today: new Date(`${day}T09:00:00Z`),
  };
  return resolveBedrock(BedrockSchema.parse(bedrock), ctx);
}

describe("synth judges each model's lifecycle against the synth date", () => {
  test("a model past its end of life is refused: one line with the file, the field, the date and the replacement", () => {
    // These end-of-life dates are in the past for good, so the real synth date gives the same answer.
    expect(problemsFor({ "dev.json": { bedrock: { models: { chat: "anthropic.claude-3-5-sonnet-20240620-v1:0" } } } })).toEqual([
      `environments/dev.json: bedrock.models.chat: anthropic.claude-3-5-sonnet-20240620-v1:0 (Claude 3.5 Sonnet) reached its end of life on 2026-07-30, so Bedrock refuses every request to it; use jp.${HAIKU_45} instead (the newest Claude model that AWS lists as Active with jp. and us. profiles; Claude Sonnet 4.6 awaits confirmation)`,
    ]);
    // Refused as ended before anything else: "not in-region" would point at a profile that ended too.
    expect(problemsFor({ "dev.json": { region: "us-west-2", bedrock: { strategy: "oregon", models: { light: "anthropic.claude-3-5-haiku-20241022-v1:0" } } } })).toEqual([
      `environments/dev.json: bedrock.models.light: anthropic.claude-3-5-haiku-20241022-v1:0 (Claude 3.5 Haiku) reached its end of life on 2026-06-19, so Bedrock refuses every request to it; use us.${HAIKU_45} instead (the newest Claude model that AWS lists as Active with jp. and us. profiles; Claude Sonnet 4.6 awaits confirmation)`,
    ]);
  });

  test("a Legacy model is a warning with its end-of-life date", () => {
    const result = resolveOn("2026-11-30", { strategy: "tokyo-jp-profiles", models: { chat: `jp.${SONNET_45}` } });
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([
      `environments/dev.json: bedrock.models.chat: jp.${SONNET_45} (Claude Sonnet 4.5) is Legacy since 2026-10-08; it reaches end of life on 2027-04-08, and new AWS accounts cannot use it; use jp.${HAIKU_45} instead (the newest Claude model that AWS lists as Active with jp. and us. profiles; Claude Sonnet 4.6 awaits confirmation)`,
    ]);
  });

  test("the same choice is silent before its Legacy date and refused from its end-of-life date", () => {
    const bedrock = { strategy: "tokyo-jp-profiles", models: { chat: `jp.${SONNET_45}` } };
    expect(resolveOn("2026-10-07", bedrock)).toMatchObject({ problems: [], warnings: [] });
    expect(resolveOn("2027-04-07", bedrock).problems).toEqual([]);
    expect(resolveOn("2027-04-08", bedrock).problems).toEqual([
      expect.stringMatching(/^environments\/dev\.json: bedrock\.models\.chat: jp\.anthropic\.claude-sonnet-4-5-20250929-v1:0 \(Claude Sonnet 4\.5\) reached its end of life on 2027-04-08/),
    ]);
  });

  test("a region's own dates win: Claude 3 Haiku ended in Tokyo but is still Legacy in Seoul", () => {
    const seoul: BedrockContext = { file: "environments/dev.json", region: "ap-northeast-2", production: false, azCount: 2, logRetentionDays: 30, today: new Date("2026-11-30T00:00:00Z") };
    const input = BedrockSchema.parse({
      residency: "in-region",
      models: { chat: "anthropic.claude-3-haiku-20240307-v1:0", light: "anthropic.claude-3-haiku-20240307-v1:0", embedding: "amazon.titan-embed-text-v2:0", rerank: "cohere.rerank-v3-5:0" },
    });
    const result = resolveBedrock(input, seoul);
    expect(result.warnings.filter((w) => w.includes("chat"))).toEqual([expect.stringMatching(/Claude 3 Haiku\) is Legacy since 2026-03-10; AWS has not announced its end of life yet/)]);
    expect(resolveOn("2026-11-30", { models: { chat: "anthropic.claude-3-haiku-20240307-v1:0" } }).problems).toEqual([
      expect.stringMatching(/bedrock\.models\.chat: anthropic\.claude-3-haiku-20240307-v1:0 \(Claude 3 Haiku\) reached its end of life on 2026-09-10/),
    ]);
  });

  test("a fact the catalog could not confirm is allowed when named, with a warning that says how to check it", () => {
    const result = resolveOn("2026-11-30", { residency: "in-region", strategy: "tokyo-in-region", models: { chat: HAIKU_45, light: HAIKU_45 } });
    expect(result.problems).toEqual([]);
    expect(result.warnings).toContain(
      `environments/dev.json: bedrock.models.chat: ${HAIKU_45} (Claude Haiku 4.5) is in the catalog, but in-region in ap-northeast-1: the Region table and the model card disagree about in-Region access in Tokyo; check it with npm run models -- <environment> before relying on it`,
    );
  });

  test("the shipped presets synth with no lifecycle warning", () => {
    for (const strategy of ["tokyo-in-region", "tokyo-cross-region", "tokyo-jp-profiles"]) {
      expect(resolveOn("2026-11-30", { strategy })).toMatchObject({ problems: [], warnings: [] });
    }
    const oregon: BedrockContext = { file: "environments/dev.json", region: "us-west-2", production: false, azCount: 2, logRetentionDays: 30, today: new Date("2026-11-30T00:00:00Z") };
    expect(resolveBedrock(BedrockSchema.parse({ strategy: "oregon" }), oregon)).toMatchObject({ problems: [], warnings: [] });
  });
});
