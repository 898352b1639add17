import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PRICES, type RegionPrices } from "../../src/catalog/prices";
import { monthlyOf } from "../../src/cost/cost-line";
import { parsePolicyAnnotation } from "../../src/policy/annotations";
import { buildReview, costDelta, type Review, type StackReview } from "../../src/review/build-review";
import { runReview } from "../../src/review/cli";
import { readSynth } from "../../src/review/read-synth";
import type { SynthOutput } from "../../src/review/synth-output";
import { synthesize } from "../../src/synth";
import type { JsonObject, TerraformDocument } from "../../src/terraform/terraform-document";
import { environmentsDir } from "../helpers/fixtures";

/**
 * The review on real synthesized output: the bundled examples as the base,
 * and an edited copy as the head. The stacks keep growing while constructs
 * are added, so the assertions look resources up by type and recompute the
 * expected figures from their synthesized attributes.
 */

const ANOTHER_TEAM = "arn:aws:iam::000000000000:role/another-team";
const HOURS = 730;

type Files = Record<string, Record<string, any>>;

/**
 * The recomputation below assumes always-on, on-demand hosts of the base's
 * t3.large; the cheap path's Spot, schedule and NAT instance have their own
 * tests (__tests__/cost/), so both sides pin dev to the plain shape.
 */
function plainDev(files: Files): void {
  const dev = files["dev.json"];
  dev.network = { ...dev.network, nat: "single" };
  dev.dify = { ...dev.dify, instanceType: "t3.large", spot: undefined, schedule: undefined };
  delete dev.dify.spot;
  delete dev.dify.schedule;
}

function editHead(files: Files): void {
  plainDev(files);
  files["dev.json"].dify.instanceType = "m7i.large";
  files["dev.json"].dify.allowedCidrs = [...files["dev.json"].dify.allowedCidrs, "0.0.0.0/0"];
  files["staging.json"].bedrock.endpoints = ["bedrock", "bedrock-agent-runtime"];
  files["staging.json"].production = true;
  files["organization.json"].deployers.trustedPrincipals.push(ANOTHER_TEAM);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dify-review-synth-"));
const baseDir = path.join(tmp, "base-cdktf.out");
const headDir = path.join(tmp, "cdktf.out");
let base: SynthOutput;
let head: SynthOutput;
let review: Review;
let output: string;

beforeAll(() => {
  synthesize({ configDir: environmentsDir(plainDev), outdir: baseDir });
  synthesize({ configDir: environmentsDir(editHead), outdir: headDir });
  base = readSynth(baseDir, "");
  head = readSynth(headDir, "");
  review = buildReview(head, base);
  const run = runReview(["--dir", headDir, "--base", baseDir]);
  expect(run.exitCode).toBe(0);
  output = run.output;
});

const stack = (name: string): StackReview => {
  const found = review.stacks.find((s) => s.name === name);
  if (!found) throw new Error(`no stack ${name}`);
  return found;
};
const doc = (synth: SynthOutput, name: string): TerraformDocument => synth.stacks.find((s) => s.name === name)!.document;
const resourcesOf = (d: TerraformDocument, type: string): Array<[string, JsonObject]> => Object.entries(d.resource?.[type] ?? {});
const regionPrices = (d: TerraformDocument): RegionPrices => PRICES[d.provider!.aws[0].region as keyof typeof PRICES]!;
const listLength = (value: unknown): number => (Array.isArray(value) ? value.length : 1);
const monthlyOfService = (s: StackReview, service: string, item: RegExp) =>
  s.head!.cost.lines.filter((l) => l.service === service && item.test(l.item)).reduce((sum, l) => sum + (monthlyOf(l) ?? 0), 0);
const countOfService = (s: StackReview, service: string, item: RegExp) => s.head!.cost.lines.filter((l) => l.service === service && item.test(l.item)).reduce((sum, l) => sum + l.count, 0);

test("every stack of the examples is reviewed, in order", () => {
  expect(review.stacks.map((s) => s.name)).toEqual(["bootstrap", "dev", "prod", "staging"]);
  for (const name of ["bootstrap", "dev", "prod", "staging"]) expect(output).toContain(`### Stack \`${name}\` (ap-northeast-1)`);
});

test("resource counts by type match the synthesized JSON", () => {
  for (const s of head.stacks) {
    const expected = Object.entries(s.document.resource ?? {})
      .map(([type, byName]) => ({ type, count: Object.values(byName).reduce((n, body) => n + (typeof body.count === "number" ? body.count : 1), 0) }))
      .sort((a, b) => (a.type < b.type ? -1 : 1));
    expect(stack(s.name).head!.counts).toEqual(expected);
    for (const { type, count } of expected) expect(output).toContain(`| \`${type}\` | ${count} |`);
  }
});

test("policy results match the manifest annotations, suppressions with their reasons", () => {
  for (const s of head.stacks) {
    const parsed = s.annotations.map((a) => parsePolicyAnnotation(a.message, a.level)).filter((p) => p !== undefined);
    const policy = stack(s.name).head!.policy;
    expect([policy.errors, policy.warnings, policy.suppressed]).toEqual((["error", "warning", "suppressed"] as const).map((kind) => parsed.filter((p) => p.kind === kind).length));
    for (const p of parsed.filter((x) => x.kind === "suppressed")) expect(output).toContain(`| suppressed | \`${p.ruleId}\` |`);
    for (const p of parsed.filter((x) => x.kind === "suppressed")) expect(output).toContain(`reason: ${p.text.replace(/\|/g, "\\|")}`);
  }
});

describe("cost per resource type, recomputed from the synthesized attributes", () => {
  test.each(["bootstrap", "dev", "prod", "staging"])("%s", (name) => {
    const d = doc(head, name);
    const prices = regionPrices(d);
    const s = stack(name);

    expect(monthlyOfService(s, "KMS", /key/)).toBeCloseTo(resourcesOf(d, "aws_kms_key").length * prices.kms.key.usd, 6);
    const nats = resourcesOf(d, "aws_nat_gateway").length;
    expect(monthlyOfService(s, "VPC", /^NAT gateway$/)).toBeCloseTo(nats * HOURS * prices.natGateway.hour.usd, 6);

    const azEndpoints = resourcesOf(d, "aws_vpc_endpoint")
      .filter(([, e]) => e.vpc_endpoint_type === "Interface")
      .reduce((n, [, e]) => n + listLength(e.subnet_ids), 0);
    expect(countOfService(s, "VPC", /^Interface endpoint, per AZ$/)).toBe(azEndpoints);
    expect(monthlyOfService(s, "VPC", /^Interface endpoint, per AZ$/)).toBeCloseTo(azEndpoints * HOURS * prices.interfaceEndpoint.azHour.usd, 6);

    const publicIps =
      resourcesOf(d, "aws_eip").length +
      resourcesOf(d, "aws_lb")
        .filter(([, lb]) => lb.internal !== true)
        .reduce((n, [, lb]) => n + listLength(lb.subnets), 0);
    expect(countOfService(s, "VPC", /^Public IPv4 address$/)).toBe(publicIps);

    const hosts = new Map<string, number>();
    for (const [, i] of resourcesOf(d, "aws_instance")) hosts.set(i.instance_type as string, (hosts.get(i.instance_type as string) ?? 0) + 1);
    for (const [, g] of resourcesOf(d, "aws_autoscaling_group")) {
      const template = JSON.stringify(g.launch_template ?? g.mixed_instances_policy ?? "");
      const lt = resourcesOf(d, "aws_launch_template").find(([n]) => template.includes(`aws_launch_template.${n}.`));
      const type = lt?.[1].instance_type as string;
      hosts.set(type, (hosts.get(type) ?? 0) + ((g.desired_capacity ?? g.min_size) as number));
    }
    // Types missing from the price table are left out of the total.
    const ec2 = [...hosts].reduce((sum, [type, n]) => sum + n * HOURS * (prices.ec2[type]?.usd ?? 0), 0);
    expect(monthlyOfService(s, "EC2", /instance$/)).toBeCloseTo(ec2, 6);

    for (const [, db] of resourcesOf(d, "aws_db_instance")) {
      const copies = db.multi_az === true ? 2 : 1;
      const price = prices.rds.postgres[db.instance_class as string];
      if (price) expect(monthlyOfService(s, "RDS", new RegExp(`^${(db.instance_class as string).replace(/\./g, "\\.")} `))).toBeCloseTo(copies * HOURS * price.usd, 6);
    }
  });
});

describe("changes against the base", () => {
  test("dev: every host whose type changed shows instance_type t3.large → m7i.large, and the cost moves by the price difference", () => {
    const d = doc(head, "dev");
    const changedHosts = [...resourcesOf(d, "aws_instance"), ...resourcesOf(d, "aws_launch_template")].filter(([, r]) => r.instance_type === "m7i.large");
    expect(changedHosts.length).toBeGreaterThan(0);
    const dev = stack("dev");
    for (const [name] of changedHosts) {
      const type = resourcesOf(d, "aws_instance").some(([n]) => n === name) ? "aws_instance" : "aws_launch_template";
      const change = dev.diff!.changes.find((c) => c.address === `${type}.${name}`)!;
      expect(change.kind).toBe("changed");
      expect(change.attributes).toContainEqual({ path: "instance_type", before: "t3.large", after: "m7i.large" });
      expect(dev.flags.has(change.address)).toBe(false);
      expect(output).toContain(`- changed \`${type}.${name}\`\n  - \`instance_type\`: \`"t3.large"\` → \`"m7i.large"\``);
    }
    const ec2 = PRICES["ap-northeast-1"]!.ec2;
    const hostCount = countOfService(dev, "EC2", /^m7i\.large instance$/);
    expect(costDelta(dev)).toBeCloseTo(hostCount * HOURS * (ec2["m7i.large"].usd - ec2["t3.large"].usd), 6);
  });

  test("dev: opening allowedCidrs to 0.0.0.0/0 is a security-sensitive public exposure", () => {
    const exposed = review.flagged.filter((f) => f.stack === "dev" && f.flag.reasons.includes("public exposure"));
    expect(exposed.length).toBeGreaterThan(0);
    for (const f of exposed) expect(JSON.stringify(f.change.after ?? f.change.attributes)).toContain("0.0.0.0/0");
    expect(output.indexOf("### ⚠️ Security-sensitive changes")).toBeLessThan(output.indexOf("### Summary"));
    expect(output).toMatch(/- ⚠️ `dev` `[a-z_]+\.[^`]+` (added|changed): [^\n]*public exposure/);
  });

  test("bootstrap: a new trusted principal changes the deployer and state-access trust policies, flagged IAM", () => {
    const roles = stack("bootstrap").diff!.changes.filter((c) => c.type === "aws_iam_role");
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      expect(role.attributes).toContainEqual(expect.objectContaining({ path: "assume_role_policy.Statement.0.Principal.AWS", added: [ANOTHER_TEAM] }));
      expect(stack("bootstrap").flags.get(role.address)?.reasons).toContain("IAM");
    }
    expect(output).toContain(`  - \`assume_role_policy.Statement.0.Principal.AWS\`: added \`"${ANOTHER_TEAM}"\``);
  });

  test("staging: new Bedrock endpoints (when the stack creates them) are added, flagged, and priced per AZ", () => {
    const staging = stack("staging");
    expect(staging.diff!.status).toBe("changed");
    const baseEndpoints = new Set(resourcesOf(doc(base, "staging"), "aws_vpc_endpoint").map(([n]) => n));
    const added = resourcesOf(doc(head, "staging"), "aws_vpc_endpoint").filter(([n]) => !baseEndpoints.has(n));
    for (const [name] of added) {
      expect(staging.diff!.changes.find((c) => c.address === `aws_vpc_endpoint.${name}`)?.kind).toBe("added");
      expect(staging.flags.get(`aws_vpc_endpoint.${name}`)?.reasons).toContain("VPC endpoint");
    }
    const perAz = (d: TerraformDocument) =>
      resourcesOf(d, "aws_vpc_endpoint")
        .filter(([, e]) => e.vpc_endpoint_type === "Interface")
        .reduce((n, [, e]) => n + listLength(e.subnet_ids), 0);
    const endpointDelta = (perAz(doc(head, "staging")) - perAz(doc(base, "staging"))) * HOURS * PRICES["ap-northeast-1"]!.interfaceEndpoint.azHour.usd;
    const endpointCost = (r: Review, d: "head" | "base") => {
      const s = r.stacks.find((x) => x.name === "staging")!;
      const cost = d === "head" ? s.head!.cost : s.base!.cost!;
      return cost.lines.filter((l) => l.item === "Interface endpoint, per AZ").reduce((sum, l) => sum + (monthlyOf(l) ?? 0), 0);
    };
    expect(endpointCost(review, "head") - endpointCost(review, "base")).toBeCloseTo(endpointDelta, 6);
  });

  test("prod was not edited: no cost change", () => {
    expect(costDelta(stack("prod"))).toBeCloseTo(0, 6);
    expect(output).toMatch(/\| `prod` \| ap-northeast-1 \| \d+ \| [^|]+ \| [^|]+ \| \$[\d,.]+ \| \$0\.00 \|/);
  });

  test("the total change is the sum of the stacks' changes", () => {
    const sum = review.stacks.reduce((n, s) => n + (costDelta(s) ?? 0), 0);
    const [, total] = /\| \*\*Total\*\* \|[^\n]*\| \*\*([+-]?\$[\d,.]+)\*\* \|\n/.exec(output)!;
    const cents = Math.round(sum * 100);
    expect(total).toBe(`${cents > 0 ? "+" : cents < 0 ? "-" : ""}$${(Math.abs(cents) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`);
  });

  test("Bedrock is shown as usage-based wherever a stack uses it, with the model ids of its policies", () => {
    for (const s of review.stacks) {
      const usage = s.head!.cost.usage;
      if (!usage.bedrock) continue;
      for (const id of usage.bedrockModels) expect(output).toContain(`\`${id}\``);
    }
    if (review.stacks.some((s) => s.head!.cost.usage.bedrock)) expect(output).toContain("- Bedrock: billed per token on use, not estimated.");
  });
});

test("deterministic: a second synth of the same input reviews byte-identically", () => {
  const again = path.join(tmp, "cdktf.out.again");
  synthesize({ configDir: environmentsDir(editHead), outdir: again });
  expect(runReview(["--dir", again, "--base", baseDir]).output).toBe(output);
  expect(runReview(["--dir", headDir, "--base", baseDir]).output).toBe(output);
});

test("the review without a base has no change columns", () => {
  const { output: alone } = runReview(["--dir", headDir]);
  expect(alone).not.toContain("Security-sensitive");
  expect(alone).toContain("| Stack | Region | Resources | Policy checks | Monthly estimate |");
});
