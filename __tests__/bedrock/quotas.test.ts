import * as fs from "node:fs";
import { ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, type ServiceQuota, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { parseQuotaName } from "../../src/quotas/quota-names";
import { runQuotas } from "../../src/quotas/run-quotas";
import { environmentsDir } from "../helpers/fixtures";

// The SDK's notice about its future Node.js requirement is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const sts = mockClient(STSClient);
const quotas = mockClient(ServiceQuotasClient);

const CREDENTIALS = { AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret", SessionToken: "token", Expiration: new Date("2030-01-01T00:00:00Z") };
const quota = (name: string, value: number, code = name): ServiceQuota => ({ QuotaName: name, Value: value, QuotaCode: code, ServiceCode: "bedrock" });

// prod uses tokyo-jp-profiles: jp. Claude Haiku 4.5 (chat and light) draws on the Cross-region quotas,
// Titan and Cohere (in-region) on the On-demand ones.
const PAGE_1 = [
  quota("Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5", 0, "L-HAIKU-CRIS"),
  quota("On-demand model inference tokens per minute for Amazon Titan Text Embeddings V2", 300_000, "L-TITAN-TPM"),
  quota("On-demand model inference requests per minute for Cohere Rerank 3.5", 3, "L-RERANK-RPM"),
  // Decoys: other modes, long-context variants and other models must not be shown.
  quota("On-demand model inference tokens per minute for Anthropic Claude Haiku 4.5", 0, "L-DECOY-1"),
  quota("Global cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5", 0, "L-DECOY-2"),
  quota("Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5 1M Context Length", 0, "L-DECOY-3"),
  quota("Cross-region model inference tokens per minute for Anthropic Claude 3.5 Sonnet V2", 0, "L-DECOY-4"),
  quota("Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1", 0, "L-DECOY-5"),
];
const PAGE_2 = [quota("Model invocation max tokens per day for Anthropic Claude Haiku 4.5", 7_200_000, "L-HAIKU-TPD")];
const DEFAULTS = [
  quota("On-demand model inference tokens per minute for Amazon Titan Text Embeddings V2", 999_999, "L-TITAN-TPM"),
  quota("Cross-region model inference requests per minute for Anthropic Claude Haiku 4.5", 10, "L-HAIKU-CRIS-RPM"),
];

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(args: string[], edit?: Parameters<typeof environmentsDir>[0]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const dir = environmentsDir(edit);
  try {
    const code = await runQuotas(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, { configDir: dir });
    return { code, out: out.join("\n"), err: err.join("\n") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function mockQuotas(page1: ServiceQuota[], page2: ServiceQuota[] = [], defaults: ServiceQuota[] = []) {
  quotas.on(ListServiceQuotasCommand).callsFake((input: { NextToken?: string }) => (input.NextToken ? { Quotas: page2 } : { Quotas: page1, NextToken: "page-2" }));
  quotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: defaults });
}

beforeEach(() => {
  sts.reset();
  quotas.reset();
  sts.on(AssumeRoleCommand).resolves({ Credentials: CREDENTIALS });
});

describe("npm run quotas -- <env>", () => {
  test("assumes the environment's deploy role, with its external id, as the stack's provider does", async () => {
    mockQuotas(PAGE_1, PAGE_2, DEFAULTS);
    await run(["prod"], (files) => (files["prod.json"].externalId = "dify-prod-ext"));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
      RoleArn: "arn:aws:iam::333333333333:role/dify-deployer",
      RoleSessionName: "dify-prod-quotas",
      ExternalId: "dify-prod-ext",
      DurationSeconds: 900,
    });
  });

  test("reads every page of the bedrock quotas with the assumed credentials, in the Bedrock region", async () => {
    mockQuotas(PAGE_1, PAGE_2, DEFAULTS);
    await run(["prod"]);
    const calls = quotas.commandCalls(ListServiceQuotasCommand);
    // Two requests: the second with the first page's NextToken (the paginator reuses one input object).
    expect(calls).toHaveLength(2);
    expect(calls[1].args[0].input).toEqual({ ServiceCode: "bedrock", MaxResults: 100, NextToken: "page-2" });
    expect(quotas.commandCalls(ListAWSDefaultServiceQuotasCommand)[0].args[0].input).toMatchObject({ ServiceCode: "bedrock" });
    const client = calls[0].thisValue as ServiceQuotasClient;
    expect(await client.config.region()).toBe("ap-northeast-1");
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: "ASIAEXAMPLE", sessionToken: "token" });
  });

  test("prints a table of the configured models' quotas, flags 0 and low values, and fails on 0", async () => {
    mockQuotas(PAGE_1, PAGE_2, DEFAULTS);
    const { code, out, err } = await run(["prod"]);
    expect(code).toBe(1);
    const rows = out.split("\n");
    const row = (text: string) => rows.find((r) => r.includes(text)) ?? "";
    expect(rows[0]).toBe("Bedrock quotas of prod: account 333333333333, Bedrock region ap-northeast-1");
    expect(rows.find((r) => r.startsWith("ROLE"))).toMatch(/^ROLE\s+MODEL\s+QUOTA\s+VALUE\s+STATUS$/);
    expect(row("Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5")).toMatch(
      /^chat, light\s+jp\.anthropic\.claude-haiku-4-5-20251001-v1:0\s+Cross-region model inference tokens per minute for Anthropic Claude Haiku 4\.5\s+0\s+ZERO$/,
    );
    expect(row("Rerank 3.5")).toMatch(/^rerank\s+cohere\.rerank-v3-5:0\s+.+\s3\s+LOW$/);
    expect(row("Titan Text Embeddings V2")).toMatch(/\s300,000\s+ok$/); // the applied value wins over the default
    expect(row("max tokens per day for Anthropic Claude Haiku 4.5")).toMatch(/\s7,200,000\s+ok$/);
    expect(row("requests per minute for Anthropic Claude Haiku 4.5")).toMatch(/\s10 \(default\)\s+LOW$/);
    for (const decoy of ["L-DECOY", "1M Context", "Global cross-region", "Claude 3.5 Sonnet V2", "Sonnet 4.5", "On-demand model inference tokens per minute for Anthropic"]) {
      expect(out).not.toContain(decoy);
    }
    expect(out).toContain("2 quotas are low");
    expect(err).toBe("1 quota is 0: Bedrock refuses these calls until the quota is raised (Service Quotas > Amazon Bedrock > Request increase).");
  });

  test("exits 0 when nothing is 0, and says so when a model has no matching quota", async () => {
    mockQuotas([quota("Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5", 1_000_000)]);
    const { code, out, err } = await run(["dev"]);
    expect(code).toBe(0);
    expect(err).toBe("");
    expect(out).toMatch(/^chat, light\s+jp\.anthropic\.claude-haiku-4-5-20251001-v1:0\s+Cross-region .+\s1,000,000\s+ok$/m);
    expect(out).toMatch(/^embedding\s+amazon\.titan-embed-text-v2:0\s+no on-demand quota found for Amazon Titan Text Embeddings V2\s+-\s+not found$/m);
  });

  test("no credentials: one clean line, no stack trace", async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    const { code, out, err } = await run(["prod"]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toBe(
      "error: cannot assume arn:aws:iam::333333333333:role/dify-deployer: no AWS credentials found; sign in first (aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
    );
  });

  test("a role without Service Quotas access: one clean line", async () => {
    quotas
      .on(ListServiceQuotasCommand)
      .rejects(Object.assign(new Error("User is not authorized to perform: servicequotas:ListServiceQuotas\n  more detail"), { name: "AccessDeniedException" }));
    const { code, err } = await run(["dev"]);
    expect(code).toBe(1);
    expect(err).toBe(
      "error: cannot list the bedrock quotas in ap-northeast-1 as arn:aws:iam::111111111111:role/OrganizationAccountAccessRole: access denied (User is not authorized to perform: servicequotas:ListServiceQuotas)",
    );
  });

  test("a missing or unknown environment name", async () => {
    expect(await run([])).toEqual({ code: 1, out: "", err: "usage: npm run quotas -- <environment>   (environments: dev, prod, staging)" });
    expect((await run(["qa"])).err).toBe('unknown environment "qa"; environments: dev, prod, staging');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  test("configuration problems are printed as the synth prints them", async () => {
    const { code, err } = await run(["dev"], (files) => ((files["dev.json"].bedrock as Record<string, unknown>).residency = "planet"));
    expect(code).toBe(1);
    expect(err).toMatch(/dev\.json: bedrock\.residency: must be one of "in-region", "country", "geography", "global", got "planet"$/);
  });
});

describe("quota names", () => {
  test.each([
    ["On-demand model inference tokens per minute for Anthropic Claude 3 Haiku", { mode: "on-demand", unit: "tokens per minute", model: "Anthropic Claude 3 Haiku" }],
    ["On-demand InvokeModel requests per minute for Anthropic Claude 3.5 Sonnet V2", { mode: "on-demand", unit: "requests per minute", model: "Anthropic Claude 3.5 Sonnet V2" }],
    ["Cross-Region model inference tokens per minute for Anthropic Claude 3.5 Sonnet V2", { mode: "cross-region", unit: "tokens per minute", model: "Anthropic Claude 3.5 Sonnet V2" }],
    [
      "Global cross-Region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1",
      { mode: "global-cross-region", unit: "tokens per minute", model: "Anthropic Claude Sonnet 4.5 V1" },
    ],
    ["Model invocation max tokens per day for Anthropic Claude Haiku 4.5 (doubled for cross-region calls)", { unit: "tokens per day", model: "Anthropic Claude Haiku 4.5" }],
  ])("%s", (name, parsed) => {
    expect(parseQuotaName(name)).toEqual(parsed);
  });

  test.each([
    "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1 1M Context Length",
    "Batch inference job size (in GB) for Nova Pro V1",
    "ApplyGuardrail requests per second",
  ])("not a per-model rate: %s", (name) => expect(parseQuotaName(name)).toBeUndefined());
});
