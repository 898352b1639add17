import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { type LoadResult, loadConfig } from "../src/loader/load";
import { cidr } from "../src/network/cidr";
import { nestedEntries } from "../src/network/cidr-nesting";
import { DifyStack } from "../src/stacks/dify-stack";
import { configProblems, environmentsDir, resources } from "./helpers/fixtures";

type Files = Record<string, any>;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const shown = (dir: string, line: string) => line.split(path.relative(process.cwd(), dir)).join("environments");

function load(edit: (files: Files) => void): LoadResult & { dir: string } {
  const dir = environmentsDir(edit);
  dirs.push(dir);
  return { ...loadConfig({ dir }), dir };
}

const problems = configProblems;

/** The i-th /24 of 10.0.0.0/8, or of 100.64.0.0/10 past 65,536. */
const block = (i: number) => `${10 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}.0/24`;

/** CIDRs of the ALB's client ingress rules, one entry per rule. */
function albIngress(patch: Record<string, unknown>): string[] {
  const { config } = load((f) => Object.assign(f["dev.json"].dify, patch));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-synth-"));
  dirs.push(outdir);
  const stack = new DifyStack(Testing.app({ outdir }), config.organization, config.environments.find((e) => e.name === "dev")!);
  const tf = JSON.parse(Testing.synth(stack));
  return resources(tf, "aws_vpc_security_group_ingress_rule")
    .filter((r) => String(r.description).includes("allowed clients"))
    .map((r) => String(r.cidr_ipv4));
}

describe("dify.allowedCidrs", () => {
  test("a repeated entry is used once, with a warning naming the entry", () => {
    const { config, warnings, dir } = load((f) => (f["dev.json"].dify.allowedCidrs = ["203.0.113.0/24", "198.51.100.0/24", "203.0.113.0/24"]));
    expect(config.environments.find((e) => e.name === "dev")!.dify.allowedCidrs).toEqual(["203.0.113.0/24", "198.51.100.0/24"]);
    expect(warnings.map((w) => shown(dir, w))).toContain("environments/dev.json: dify.allowedCidrs: 203.0.113.0/24 ([2]) repeated; each is used once");
    expect(albIngress({ allowedCidrs: ["203.0.113.0/24", "198.51.100.0/24", "203.0.113.0/24"] }).sort()).toEqual(["198.51.100.0/24", "198.51.100.0/24", "203.0.113.0/24", "203.0.113.0/24"]);
  });

  test("an entry inside a wider one is dropped, with a warning naming both", () => {
    const { config, warnings, dir } = load((f) => (f["dev.json"].dify.allowedCidrs = ["203.0.113.128/25", "203.0.113.0/24"]));
    expect(config.environments.find((e) => e.name === "dev")!.dify.allowedCidrs).toEqual(["203.0.113.0/24"]);
    expect(warnings.map((w) => shown(dir, w))).toContain("environments/dev.json: dify.allowedCidrs: 203.0.113.128/25 ([0]) inside 203.0.113.0/24 ([1]); only the wider blocks are used");
  });

  test("publicInternet makes the listed entries redundant, and says so", () => {
    const { config, warnings, dir } = load((f) => Object.assign(f["dev.json"].dify, { publicInternet: true, allowedCidrs: ["203.0.113.0/24"] }));
    expect(config.environments.find((e) => e.name === "dev")!.dify.allowedCidrs).toEqual(["0.0.0.0/0"]);
    expect(warnings.map((w) => shown(dir, w))).toContain('environments/dev.json: dify.allowedCidrs: 203.0.113.0/24 ([0]) inside "publicInternet": true; only the wider blocks are used');
  });

  test("30 distinct CIDRs fill the 60-rule security-group quota exactly; 31 are refused at synth", () => {
    const thirty = Array.from({ length: 30 }, (_, i) => block(i));
    expect(albIngress({ allowedCidrs: thirty })).toHaveLength(60);
    expect(problems((f) => (f["dev.json"].dify.allowedCidrs = [...thirty, block(30)]))).toEqual([
      "environments/dev.json: dify.allowedCidrs: 31 distinct CIDRs make 62 inbound rules (ports 443 and 80) on the load balancer's security group, above AWS's default quota of 60 rules per group; list at most 30, summarizing neighbouring ranges into wider blocks",
    ]);
  });

  test("25,600 entries are checked in one sorted pass and refused with one line", () => {
    const many = Array.from({ length: 25_600 }, (_, i) => block(i));
    const stats = { comparisons: 0 };
    expect(nestedEntries([...many, ...many.slice(0, 100)].map(cidr), stats)).toHaveLength(100);
    // One comparison per entry; the pairwise check needed n²/2 (about 330 million).
    expect(stats.comparisons).toBe(25_700);

    const started = Date.now();
    const lines = problems((f) => (f["dev.json"].dify.allowedCidrs = many));
    expect(lines).toEqual([expect.stringMatching(/^environments\/dev\.json: dify\.allowedCidrs: 25600 distinct CIDRs make 51200 inbound rules/)]);
    // Generous: the pairwise check took minutes.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe("network.vpcCidr across environments", () => {
  test("each overlapping environment is named with the one it overlaps", () => {
    expect(
      problems((f) => {
        f["staging.json"].network.vpcCidr = "10.10.0.0/16";
        f["prod.json"].network.vpcCidr = "10.10.64.0/18";
      }),
    ).toEqual([
      "environments/prod.json: network.vpcCidr: 10.10.64.0/18 overlaps 10.10.0.0/16 of environments/dev.json; give every environment its own range",
      "environments/staging.json: network.vpcCidr: 10.10.0.0/16 overlaps 10.10.0.0/16 of environments/dev.json; give every environment its own range",
    ]);
  });
});
