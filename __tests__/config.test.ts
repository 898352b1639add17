import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadConfig } from "../src/loader/load";
import { configProblems, EXAMPLES, environmentsDir, runApp } from "./helpers/fixtures";

type Files = Record<string, any>;

const temp: string[] = [];
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
/** environmentsDir, removed after the tests. */
function configDir(edit?: (files: Files) => void): string {
  const dir = environmentsDir(edit);
  temp.push(dir);
  return dir;
}

const problems = configProblems;

describe("the bundled example environments", () => {
  test("load without problems, one environment per file", () => {
    const { config, warnings } = loadConfig({ dir: EXAMPLES });
    expect(config.environments.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
    expect(config.organization.project).toBe("dify");
    // dev uses the admin role on purpose (allowed outside production, with a warning);
    // the presets carry no Legacy or ended model, so there is no lifecycle warning.
    expect(warnings).toEqual([expect.stringMatching(/^__tests__\/fixtures\/environments\/dev\.json: deployRoleName: deploys with the admin role/)]);
  });

  test("use obviously fake account ids", () => {
    const { config } = loadConfig({ dir: EXAMPLES });
    const ids = [config.organization.state.accountId, ...config.environments.map((e) => e.accountId)];
    for (const id of ids) expect(id).toMatch(/^(\d)\1{11}$/);
  });

  test("adding the README's qa.json adds a qa environment with no code change", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const qa = /For a `qa` account:\n\n```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(qa).toBeDefined();
    const dir = configDir((f) => {
      f["qa.json"] = JSON.parse(qa!);
    });
    const { config } = loadConfig({ dir });
    expect(config.environments.map((e) => e.name)).toEqual(["dev", "prod", "qa", "staging"]);
    expect(config.environments.find((e) => e.name === "qa")).toMatchObject({ accountId: "444444444444", names: { prefix: "dify-qa" } });
  });
});

describe("one line per problem, naming the file, the field and what is allowed", () => {
  test.each<[string, (f: Files) => void, string[]]>([
    ["account id", (f) => (f["dev.json"].accountId = "12345"), ['environments/dev.json: accountId: must be 12 digits, got "12345"']],
    [
      "wrong types",
      (f) => {
        f["dev.json"].production = "yes";
        f["dev.json"].network.azCount = 4;
      },
      ['environments/dev.json: production: must be a boolean, got "yes"', "environments/dev.json: network.azCount: must be 2 or 3, got 4"],
    ],
    [
      "bad CIDRs",
      (f) => {
        f["dev.json"].network.vpcCidr = "10.10.0.1/16";
        f["staging.json"].network.vpcCidr = "10.0.0.0/8";
        f["prod.json"].network.vpcCidr = "10.300.0.0/16";
      },
      [
        'environments/dev.json: network.vpcCidr: must be an IPv4 CIDR such as "10.0.0.0/16" (host bits are set; the network address is 10.10.0.0/16), got "10.10.0.1/16"',
        'environments/prod.json: network.vpcCidr: must be an IPv4 CIDR such as "10.0.0.0/16" (an octet is above 255), got "10.300.0.0/16"',
        'environments/staging.json: network.vpcCidr: must be a CIDR from /16 to /24, got "10.0.0.0/8"',
      ],
    ],
    [
      "overlapping CIDRs",
      (f) => (f["staging.json"].network.vpcCidr = "10.10.128.0/17"),
      ["environments/staging.json: network.vpcCidr: 10.10.128.0/17 overlaps 10.10.0.0/16 of environments/dev.json; give every environment its own range"],
    ],
    ["unknown region", (f) => (f["dev.json"].region = "ap-tokyo-1"), ['environments/dev.json: region: must be a known AWS region such as "ap-northeast-1" or "us-west-2", got "ap-tokyo-1"']],
    [
      "unknown keys (typos)",
      (f) => (f["dev.json"].regoin = "ap-northeast-1"),
      ["environments/dev.json: regoin: unknown key (allowed: accountId, region, deployRoleName, externalId, production, namespace, network, bedrock, dify, operations)"],
    ],
    [
      "an unpinned Dify release",
      (f) => (f["dev.json"].dify.version = "latest"),
      ['environments/dev.json: dify.version: must be a pinned Dify release tag such as "1.10.1" (never "latest", "main" or a branch), got "latest"'],
    ],
    ["invalid JSON", (f) => (f["dev.json"] = '{\n  "accountId": "111111111111",\n  "region": }'), ["environments/dev.json: invalid JSON: value expected at line 3 column 13"]],
    ["a missing organization file", (f) => delete f["organization.json"], ["environments/organization.json: file not found"]],
    ["a missing required field", (f) => delete f["dev.json"].dify, ["environments/dev.json: dify: is required (object)"]],
    ["an unknown backend", (f) => (f["organization.json"].backend = { type: "gcs" }), ['environments/organization.json: backend.type: must be one of "s3", "cloud", "local", got "gcs"']],
    [
      "a bad stack file name",
      (f) => (f["Dev_2.json"] = f["dev.json"]),
      [
        'environments/Dev_2.json: the file name becomes the stack id and must be 1-12 lowercase letters, digits or hyphens, starting with a letter, and not "bootstrap" or "deployer"; got "Dev_2"',
      ],
    ],
    [
      "names past AWS limits",
      (f) => (f["staging.json"].namespace = "abcdefghijkl"),
      [
        'environments/staging.json: namespace: the name prefix "dify-staging-abcdefghijkl" makes the S3 bucket name "dify-staging-abcdefghijkl-bedrock-logs-222222222222-ap-northeast-1" 66 characters, AWS allows 63; use a shorter project, environment or namespace',
      ],
    ],
    [
      "a state role name past IAM's limit",
      (f) => (f["organization.json"].state.roleName = "x".repeat(61)),
      [
        `environments/dev.json: the state role "${"x".repeat(61)}-dev" (organization.json state.roleName plus the environment) is longer than IAM's 64 characters; shorten state.roleName or the file name`,
        `environments/prod.json: the state role "${"x".repeat(61)}-prod" (organization.json state.roleName plus the environment) is longer than IAM's 64 characters; shorten state.roleName or the file name`,
        `environments/staging.json: the state role "${"x".repeat(61)}-staging" (organization.json state.roleName plus the environment) is longer than IAM's 64 characters; shorten state.roleName or the file name`,
      ],
    ],
    [
      "too small a VPC for three AZs",
      (f) => (f["dev.json"].network = { vpcCidr: "10.10.0.0/24", azCount: 3 }),
      ["environments/dev.json: network.azCount: 3 AZs need a /23 or larger VPC, because every subnet must be /27 or larger for the ALB; got /24"],
    ],
    [
      "the admin role in production",
      (f) => delete f["prod.json"].deployRoleName,
      [
        'environments/prod.json: deployRoleName: production may not deploy with the admin role OrganizationAccountAccessRole; use the scoped deployer role "dify-deployer" that the bootstrap stack creates',
      ],
    ],
    [
      "short log retention in production",
      (f) => (f["prod.json"].bedrock.invocationLogging = { destination: "cloudwatch", retentionDays: 90 }),
      ["environments/prod.json: bedrock.invocationLogging.retentionDays: must be at least 365 in production (logs are kept a year, CKV_AWS_338), got 90"],
    ],
    [
      "the world in production",
      (f) => (f["prod.json"].dify.allowedCidrs = ["0.0.0.0/0"]),
      ['environments/prod.json: dify.allowedCidrs: 0.0.0.0/0 is refused in production; list your client CIDRs, or set "publicInternet": true to open Dify to the internet on purpose'],
    ],
  ])("%s", (_name, edit, expected) => {
    expect(problems(edit)).toEqual(expected);
  });

  test("every problem in every file is reported at once", () => {
    const lines = problems((f) => {
      f["dev.json"].accountId = "1";
      f["prod.json"].region = "mars-1";
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^environments\/dev\.json: accountId:/);
    expect(lines[1]).toMatch(/^environments\/prod\.json: region:/);
  });
});

describe("the app command on bad input", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-out-"));
  temp.push(outdir);
  const good = configDir();
  // Preloaded into the app: names each cdktf or provider module it loads on
  // stderr, where a refusal must print nothing but its one line.
  const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-probe-"));
  temp.push(probeDir);
  const probe = path.join(probeDir, "load-probe.cjs");
  fs.writeFileSync(
    probe,
    [
      'const Module = require("node:module");',
      "const load = Module._load;",
      "Module._load = function (request, ...rest) {",
      "  if (/^(cdktf|constructs|@cdktf\\/)/.test(request)) process.stderr.write(`loaded ${request}\\n`);",
      "  return load.call(this, request, ...rest);",
      "};",
      "",
    ].join("\n"),
  );
  const probed = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${probe}` };

  beforeAll(() => {
    const first = runApp(good, outdir, probed);
    expect(first.status).toBe(0);
    // The probe works: a synth loads cdktf and the provider classes.
    expect(first.stderr).toMatch(/^loaded cdktf$/m);
    expect(first.stderr).toMatch(/^loaded @cdktf\/provider-aws\/lib\//m);
  });

  test.each<[string, (f: Files) => void]>([
    ["a bad account id", (f) => (f["dev.json"].accountId = "12345")],
    ["invalid JSON", (f) => (f["prod.json"] = "{ nope")],
    ["a missing organization file", (f) => delete f["organization.json"]],
    ["a duplicate key", (f) => (f["prod.json"] = JSON.stringify(f["prod.json"], null, 2).replace('"production": true,', '"production": true,\n  "production": false,'))],
    [
      "two environments logging Bedrock calls in one account and region",
      (f) => {
        f["staging.json"].accountId = f["prod.json"].accountId;
        f["staging.json"].network.vpcCidr = "10.99.0.0/16";
        f["staging.json"].bedrock.invocationLogging = { destination: "cloudwatch" };
        f["prod.json"].bedrock.invocationLogging = { destination: "s3", retentionDays: 400 };
      },
    ],
  ])("%s: exits non-zero with one line per problem, no stack trace, keeps the last good output, and loads no cdktf", (_name, edit) => {
    const before = fs.readFileSync(path.join(outdir, "stacks", "prod", "cdk.tf.json"), "utf8");
    const result = runApp(configDir(edit), outdir, probed);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\.json: /);
    expect(result.stderr).not.toMatch(/^loaded /m);
    expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
    expect(fs.readFileSync(path.join(outdir, "stacks", "prod", "cdk.tf.json"), "utf8")).toBe(before);
    expect(fs.readdirSync(path.dirname(outdir)).filter((n) => n.includes(`${path.basename(outdir)}.staging`))).toEqual([]);
  });

  test("a bad DIFY_BOOTSTRAP_STATE is refused the same way", () => {
    const result = runApp(good, outdir, { ...probed, DIFY_BOOTSTRAP_STATE: "dynamodb" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('DIFY_BOOTSTRAP_STATE: must be "local" (before the state migration) or "s3" (after it), got "dynamodb"');
  });

  // One re-synth proves both, so the suite pays for one synth less.
  test("DIFY_BOOTSTRAP_STATE=s3 moves the bootstrap state into the bucket; files that synthesis does not write (.terraform, lock file) survive the re-synth", () => {
    fs.writeFileSync(path.join(outdir, "stacks", "dev", ".terraform.lock.hcl"), "# lock\n");
    expect(runApp(good, outdir, { DIFY_BOOTSTRAP_STATE: "s3" }).status).toBe(0);
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "bootstrap", "cdk.tf.json"), "utf8"));
    expect(tf.terraform.backend.s3).toMatchObject({ key: "dify/bootstrap/terraform.tfstate", use_lockfile: true, encrypt: true });
    expect(fs.readFileSync(path.join(outdir, "stacks", "dev", ".terraform.lock.hcl"), "utf8")).toBe("# lock\n");
  });

  test("a bad DIFY_NAMESPACE is refused the same way", () => {
    const result = runApp(good, outdir, { ...probed, DIFY_NAMESPACE: "Bad_NS" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('DIFY_NAMESPACE: must be 1-12 lowercase letters, digits or hyphens, starting with a letter, got "Bad_NS"');
  });
});
