import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import type { AppConfig } from "../src/config/types";
import { loadConfig } from "../src/loader/load";
import { BootstrapStack } from "../src/stacks/bootstrap-stack";
import { DifyStack } from "../src/stacks/dify-stack";
import { synthesize } from "../src/synth";
import { configProblems, environmentsDir } from "./helpers/fixtures";

type Files = Record<string, any>;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const configDir = (edit: (files: Files) => void = () => undefined) => {
  const dir = environmentsDir(edit);
  dirs.push(dir);
  return dir;
};
const shown = (dir: string, line: string) => line.split(path.relative(process.cwd(), dir)).join("environments");

const problems = configProblems;

/** A second environment "audit" in the account and region of dev.json, with its own VPC range. */
function addAudit(f: Files, invocationLogging: Record<string, unknown>): void {
  f["audit.json"] = {
    ...structuredClone(f["dev.json"]),
    network: { vpcCidr: "10.99.0.0/16", azCount: 2, nat: "single" },
    bedrock: { strategy: "tokyo-in-region", invocationLogging },
    dify: { ...structuredClone(f["dev.json"].dify), domainName: "dify-audit.example.com" },
  };
  f["dev.json"].bedrock = { ...f["dev.json"].bedrock, invocationLogging: { destination: "cloudwatch" } };
}

const synthJson = (build: (app: ReturnType<typeof Testing.app>) => any) => JSON.parse(Testing.synth(build(Testing.app({ outdir: tempDir("dify-synth-") }))));

describe("the account-wide Bedrock invocation-logging setting has one manager per account and region", () => {
  test("a second environment in the same account and region that also logs is refused, naming both files", () => {
    expect(problems((f) => addAudit(f, { destination: "s3" }))).toEqual([
      'environments/dev.json: bedrock.invocationLogging: environments/audit.json already manages Bedrock invocation logging in account 111111111111 ap-northeast-1, which is one setting per account and region (destroying either stack would switch it off for both); set "destination": "off" here, and environments/audit.json\'s log records this environment\'s calls too',
    ]);
  });

  test("the second environment may leave it off", () => {
    const dir = configDir((f) => addAudit(f, { destination: "off" }));
    const { config } = loadConfig({ dir });
    const managers = config.environments.filter((e) => e.accountId === "111111111111" && e.bedrock.invocationLogging.destination !== "off");
    expect(managers.map((e) => e.name)).toEqual(["dev"]);
  });

  test("a DIFY_NAMESPACE copy leaves it to the environment it copies, and says so", () => {
    const dir = configDir();
    const plain = loadConfig({ dir });
    const copy = loadConfig({ dir, namespace: "alice" });
    const logged = plain.config.environments.filter((e) => e.bedrock.invocationLogging.destination !== "off");
    expect(logged.length).toBeGreaterThan(0);
    for (const env of logged) {
      const copied = copy.config.environments.find((e) => e.name === env.name)!;
      expect(copied.bedrock.invocationLogging.destination).toBe("off");
      expect(copy.warnings.map((w) => shown(dir, w))).toContain(
        `environments/${env.name}.json: bedrock.invocationLogging: the DIFY_NAMESPACE copy "alice" leaves the account-wide invocation logging to the ${env.name} stack itself, whose log records the copy's calls too`,
      );
    }
    const name = logged[0].name;
    const resourcesOf = (config: AppConfig) => Object.keys(synthJson((app) => new DifyStack(app, config.organization, config.environments.find((e) => e.name === name)!)).resource);
    expect(resourcesOf(plain.config)).toContain("aws_bedrock_model_invocation_logging_configuration");
    expect(resourcesOf(copy.config)).not.toContain("aws_bedrock_model_invocation_logging_configuration");
  });
});

describe("host names across files", () => {
  test("two environments publishing the same host name are refused, naming both files", () => {
    expect(problems((f) => (f["staging.json"].dify.domainName = f["dev.json"].dify.domainName))).toEqual([
      "environments/staging.json: dify.domainName: dify-dev.example.com is already the host name of environments/dev.json; give every environment its own name",
    ]);
  });
});

describe("DIFY_NAMESPACE", () => {
  test("changes the environment stacks but not the bootstrap stack's deployer roles", () => {
    const dir = configDir();
    const plainOut = path.join(tempDir("dify-out-"), "cdktf.out");
    const copyOut = path.join(tempDir("dify-out-"), "cdktf.out");
    synthesize({ configDir: dir, outdir: plainOut });
    synthesize({ configDir: dir, outdir: copyOut, namespace: "alice" });
    const read = (out: string, stack: string) => fs.readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8");

    expect(read(copyOut, "bootstrap")).toBe(read(plainOut, "bootstrap"));
    expect(read(copyOut, "dev")).not.toBe(read(plainOut, "dev"));

    // Built from the namespaced files, the deployer policy would differ (it would
    // allow only the copy's DNS names), which is what the bootstrap must not see.
    const namespaced = loadConfig({ dir, namespace: "alice" }).config;
    const bootstrapOf = (config: AppConfig) => JSON.stringify(synthJson((app) => new BootstrapStack(app, config)));
    expect(bootstrapOf(namespaced)).not.toBe(bootstrapOf(loadConfig({ dir }).config));
  });
});
