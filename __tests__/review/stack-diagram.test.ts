import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { destinationsOf } from "../../src/catalog/inference-profiles";
import { findModel, profileOf } from "../../src/catalog/models";
import { loadConfig } from "../../src/loader/load";
import { buildReview } from "../../src/review/build-review";
import { renderMarkdown } from "../../src/review/markdown";
import { escapeLabel, nodeId } from "../../src/review/mermaid-flowchart";
import { stackDiagram } from "../../src/review/stack-diagram";
import type { SynthOutput } from "../../src/review/synth-output";
import { BootstrapStack } from "../../src/stacks/bootstrap-stack";
import { DifyStack } from "../../src/stacks/dify-stack";
import type { TerraformDocument } from "../../src/terraform/terraform-document";
import { environment, environmentsDir, exampleConfig, type Json, ROOT, resources, synthEnvironment } from "../helpers/fixtures";
import { synth } from "../helpers/terraform-json";
import { decodeLabel, edgesBetween, enclosingTitles, nodeWith, type ParsedFlowchart, parseFlowchart } from "./mermaid-parse";
import { costFixture } from "./synth-fixtures";

/**
 * The review's architecture diagram, per stack shape, read back with a
 * strict parser of the Mermaid it writes. Expected values come from the
 * fixture environment files and from the synthesized JSON itself (the
 * diagram may only say what the JSON says).
 */

type Patches = Record<string, Json>;
const HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
/** Where the catalog says a profile of Claude Haiku 4.5 runs when called from `source`: the reference the diagram must agree with. */
const catalogDestinations = (prefix: "jp" | "us", source: "ap-northeast-1" | "us-west-2"): string[] => {
  const destinations = destinationsOf(profileOf(findModel(HAIKU_45)!, prefix)!, source);
  if (!Array.isArray(destinations)) throw new Error(`no listed destinations for ${prefix}. from ${source}`);
  return [...destinations].sort();
};
const env = (name: string, patches: Patches = {}) => {
  const stack = synthEnvironment(name, patches);
  return { doc: stack.tf as unknown as TerraformDocument, tf: stack.tf, chart: parseFlowchart(stackDiagram(stack.tf as unknown as TerraformDocument)) };
};
const groupWith = (chart: ParsedFlowchart, text: string) => {
  const found = [...chart.groups.values()].filter((g) => g.title.includes(text));
  if (found.length !== 1) throw new Error(`expected one group with ${text}, found ${found.length}`);
  return found[0];
};
const noNode = (chart: ParsedFlowchart, text: string) => expect([...chart.nodes.values()].filter((n) => n.label.includes(text))).toEqual([]);

describe("dev: all-in-one on one Spot instance, NAT instance", () => {
  const { chart, tf } = env("dev", { "dev.json": { network: { nat: "instance" }, dify: { spot: { maxPricePerHour: 0.05 } } } });

  test("the host is one EC2 instance of the file's type, on Spot, in a private subnet, with its data volume", () => {
    const host = nodeWith(chart, "Dify host: EC2 instance");
    expect(host.lines).toContain("t3.large, Spot");
    expect(enclosingTitles(chart, host.id)[0]).toMatch(/^private subnets x2, /);
    const volume = nodeWith(chart, "EBS data volume");
    expect(volume.shape).toBe("cylinder");
    expect(edgesBetween(chart, host.id, volume.id)).toHaveLength(1);
    noNode(chart, "RDS");
    noNode(chart, "ElastiCache");
  });

  test("egress goes through a NAT instance in a public subnet, not a NAT gateway", () => {
    expect(resources(tf, "aws_nat_gateway")).toHaveLength(0);
    const nat = nodeWith(chart, "NAT instance");
    expect(nat.lines).toContain(
      resources(tf, "aws_launch_template")
        .map((t) => t.instance_type)
        .find((t) => t === "t4g.nano"),
    );
    expect(enclosingTitles(chart, nat.id)[0]).toMatch(/^public subnets x2, /);
    expect(edgesBetween(chart, nodeWith(chart, "Dify host").id, nat.id)).toEqual([{ from: expect.any(String), to: nat.id, label: "egress", dotted: true }]);
  });

  test("VPC tiers show their subnet count and AZs; the empty isolated tier is a plain box", () => {
    expect(chart.groups.get("vpc")?.title).toBe("VPC 10.10.0.0/16");
    expect(nodeWith(chart, "isolated subnets x2, 2 AZs").parent).toBe("vpc");
    expect(resources(tf, "aws_subnet").filter((s) => s.tags.Tier === "isolated")).toHaveLength(2);
  });

  test("the account from allowed_account_ids, reached through the assumed role; state in the state account's bucket", () => {
    const account = groupWith(chart, "Account 111111111111");
    expect(account.title).toBe("Account 111111111111, ap-northeast-1");
    expect(edgesBetween(chart, "terraform_run", account.id)[0].label).toBe("assumes OrganizationAccountAccessRole");
    const state = nodeWith(chart, "Terraform state: S3");
    expect(state.lines).toEqual([
      "Terraform state: S3",
      "s3://example-dify-tfstate-000000000000/dify/dev/terraform.tfstate",
      "region ap-northeast-1",
      "lock: S3 lockfile",
      "encryption: SSE-KMS",
    ]);
    expect(enclosingTitles(chart, state.id)).toEqual(["State account 000000000000"]);
    expect(edgesBetween(chart, "terraform_run", state.id)[0].label).toBe("state: assumes dify-state-access-dev");
  });
});

describe("prod: managed tier behind a WAF", () => {
  const { chart, tf } = env("prod");
  const hosts = () => nodeWith(chart, "Dify hosts: Auto Scaling group");

  test("hosts are an Auto Scaling group with the synthesized sizes", () => {
    const group = resources(tf, "aws_autoscaling_group").find((g) => g.target_group_arns || g.name?.endsWith("-hosts"))!;
    expect(hosts().lines).toEqual(["Dify hosts: Auto Scaling group", "m7i.large, On-Demand", `min ${group.min_size}, desired ${group.desired_capacity}, max ${group.max_size}`]);
    expect(enclosingTitles(chart, hosts().id)).toEqual(["private subnets x3, 3 AZs", "VPC 10.30.0.0/16", "Account 333333333333, ap-northeast-1"]);
  });

  test("RDS, ElastiCache in the isolated tier and the files bucket, each reached from the hosts", () => {
    const db = resources(tf, "aws_db_instance")[0];
    const rds = nodeWith(chart, `RDS ${db.engine}`);
    expect(rds.lines).toEqual(expect.arrayContaining([db.instance_class, "Multi-AZ"]));
    const cache = nodeWith(chart, "ElastiCache valkey");
    for (const data of [rds, cache]) {
      expect(data.shape).toBe("cylinder");
      expect(enclosingTitles(chart, data.id)[0]).toBe("isolated subnets x3, 3 AZs");
      expect(edgesBetween(chart, hosts().id, data.id)).toHaveLength(1);
    }
    const files = resources(tf, "aws_s3_bucket")
      .map((b) => b.bucket as string)
      .filter((b) => b.includes("-files-"));
    expect(files).toHaveLength(1);
    const bucket = nodeWith(chart, files[0]);
    expect(edgesBetween(chart, hosts().id, bucket.id)[0].label).toBe("S3 gateway endpoint");
    // The ALB's log bucket and Bedrock's log bucket are not data services.
    noNode(chart, "-alb-logs-");
    noNode(chart, "-bedrock-logs-");
  });

  test("clients reach the internet-facing ALB through the WAF; the ALB listens on HTTPS", () => {
    const waf = nodeWith(chart, "WAF web ACL");
    const alb = nodeWith(chart, "ALB internet-facing");
    expect(alb.lines).toContain("HTTPS 443 (ELBSecurityPolicy-TLS13-1-2-2021-06)");
    expect(edgesBetween(chart, "clients", waf.id)[0].label).toBe("HTTPS");
    expect(edgesBetween(chart, waf.id, alb.id)).toHaveLength(1);
    expect(edgesBetween(chart, "clients", alb.id)).toEqual([]);
    expect(enclosingTitles(chart, alb.id)[0]).toMatch(/^public subnets/);
  });

  test("one NAT gateway per AZ, the three Bedrock endpoints, the jp. profile and its Japanese destinations", () => {
    expect(nodeWith(chart, "NAT gateway").lines).toEqual(["NAT gateway x3"]);
    expect(nodeWith(chart, "Bedrock interface endpoints").lines).toEqual(["Bedrock interface endpoints", "bedrock, 3 AZs", "bedrock-agent-runtime, 3 AZs", "bedrock-runtime, 3 AZs"]);
    const bedrock = groupWith(chart, "Amazon Bedrock");
    expect(bedrock.title).toBe("Amazon Bedrock, ap-northeast-1, models the hosts may invoke");
    const profile = nodeWith(chart, "inference profile jp.anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(profile.lines).toContain(`runs in: ${catalogDestinations("jp", "ap-northeast-1").join(", ")}`);
    expect(nodeWith(chart, "guardrails x1").lines).toContain("invocation logging to S3");
    expect(edgesBetween(chart, nodeWith(chart, "Bedrock interface endpoints").id, bedrock.id)[0].label).toBe("PrivateLink");
  });
});

test("Terraform Cloud backend: the workspace keeps the state and runs with its own credentials", () => {
  const { chart } = env("staging", { "organization.json": { backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } } });
  const run = nodeWith(chart, "Terraform Cloud");
  expect(run.lines).toEqual(["Terraform Cloud app.terraform.io", "organization example-org", "workspace dify-staging", "keeps the state and runs plan and apply"]);
  noNode(chart, "Terraform state:");
  expect(edgesBetween(chart, run.id, groupWith(chart, "Account 222222222222").id)[0].label).toBe("workspace credentials");
});

test('nat: "none": no NAT and no egress; Bedrock only through its endpoints', () => {
  const { chart, tf } = env("dev", { "dev.json": { network: { nat: "none" }, bedrock: { endpointAzCount: 1 } } });
  expect(resources(tf, "aws_nat_gateway")).toHaveLength(0);
  noNode(chart, "NAT");
  expect(chart.edges.filter((e) => e.label === "egress")).toEqual([]);
  const endpoints = nodeWith(chart, "Bedrock interface endpoints");
  expect(endpoints.lines).toContain("bedrock-runtime, 1 AZ");
  expect(edgesBetween(chart, nodeWith(chart, "Dify host").id, endpoints.id)).toHaveLength(1);
  expect(chart.edges.filter((e) => e.to === "bedrock")).toEqual([{ from: endpoints.id, to: "bedrock", label: "PrivateLink", dotted: false }]);
});

test("oregon preset: Bedrock in us-west-2 with the us. profile's destinations from the catalog", () => {
  const { chart } = env("staging", { "staging.json": { region: "us-west-2", bedrock: { strategy: "oregon" } } });
  expect(groupWith(chart, "Amazon Bedrock").title).toBe("Amazon Bedrock, us-west-2, models the hosts may invoke");
  const id = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  const destinations = catalogDestinations("us", "us-west-2");
  expect(destinations.length).toBeGreaterThan(1);
  expect(nodeWith(chart, `inference profile ${id}`).lines).toEqual([`inference profile ${id}`, "in us-west-2", `runs in: ${destinations.join(", ")}`]);
  expect(nodeWith(chart, "foundation model amazon.titan-embed-text-v2:0").lines).toEqual(["foundation model amazon.titan-embed-text-v2:0", "in us-west-2"]);
  noNode(chart, "ap-northeast-1::");
});

test("the closed-network example: internal ALB in the private tier, Session Manager endpoints, no NAT", () => {
  const dir = environmentsDir(undefined, path.join(ROOT, "examples", "terraform-cloud-closed-network"));
  try {
    const config = loadConfig({ dir }).config;
    const tf = synth(new DifyStack(Testing.app(), config.organization, environment(config, "closed"))).tf;
    const chart = parseFlowchart(stackDiagram(tf as unknown as TerraformDocument));
    expect(nodeWith(chart, "Clients").label).toBe("Clients (private network)");
    const alb = nodeWith(chart, "ALB internal");
    expect(enclosingTitles(chart, alb.id)[0]).toMatch(/^private subnets/);
    const services = resources(tf, "aws_vpc_endpoint")
      .filter((e) => e.vpc_endpoint_type === "Interface" && !/\.bedrock/.test(e.service_name))
      .map((e) => (e.service_name as string).split(".").pop()!)
      .sort();
    expect(services).toContain("ssm");
    expect(
      nodeWith(chart, "Interface endpoints")
        .lines.slice(1)
        .map((l) => l.split(",")[0]),
    ).toEqual(services);
    noNode(chart, "NAT");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("bootstrap: state bucket, deployer roles per account, state roles", () => {
  const config = exampleConfig();
  const tf = synth(new BootstrapStack(Testing.app(), config)).tf;
  const chart = parseFlowchart(stackDiagram(tf as unknown as TerraformDocument));
  const state = config.organization.state;

  test("the state account holds the bucket and one state role per environment, each reaching its own keys", () => {
    const bucket = nodeWith(chart, "State bucket");
    expect(bucket.lines).toEqual(["State bucket", state.bucket, "KMS alias/dify-tfstate"]);
    expect(enclosingTitles(chart, bucket.id)).toEqual([`State account ${state.accountId}`]);
    for (const e of config.environments) {
      const role = nodeWith(chart, `dify-state-access-${e.name}`);
      expect(role.lines[0]).toBe("State role");
      expect(role.parent).toBe(bucket.parent);
      expect(edgesBetween(chart, role.id, bucket.id)).toEqual([{ from: role.id, to: bucket.id, label: `dify/${e.name}/*`, dotted: false }]);
    }
  });

  test("each environment account has its deployer role, reached through the bootstrap role, assumable by the trusted principals", () => {
    const trusted = nodeWith(chart, config.organization.deployers.trustedPrincipals[0]);
    for (const accountId of [...new Set(config.environments.map((e) => e.accountId))]) {
      const group = groupWith(chart, `Account ${accountId}`);
      expect(group.title).toBe(`Account ${accountId}, reached through OrganizationAccountAccessRole`);
      const deployer = chart.nodes.get(group.children.find((c) => chart.nodes.get(c)?.lines[0] === "Deployer role")!)!;
      expect(deployer.lines).toEqual(["Deployer role", "dify-deployer"]);
      expect(edgesBetween(chart, trusted.id, deployer.id)[0].label).toBe("assume");
    }
    // prod deploys with the deployer role, so its state role trusts exactly that role.
    const prodDeployer = groupWith(chart, "Account 333333333333").children.find((c) => chart.nodes.get(c)?.lines[0] === "Deployer role")!;
    expect(edgesBetween(chart, prodDeployer, nodeWith(chart, "dify-state-access-prod").id)).toHaveLength(1);
    expect(resources(tf, "aws_iam_role").filter((r) => r.permissions_boundary)).toHaveLength(3);
  });

  test("the bootstrap stack's own state starts local", () => {
    expect(nodeWith(chart, "Terraform state: local file").shape).toBe("cylinder");
  });
});

describe("determinism", () => {
  const doc = synthEnvironment("prod").tf as unknown as TerraformDocument;

  test("two renders of the same input are byte-identical", () => {
    expect(stackDiagram(doc)).toBe(stackDiagram(JSON.parse(JSON.stringify(doc))));
  });

  test("the order of keys in the input JSON does not change the output", () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reversed = reverseKeys(doc) as TerraformDocument;
    expect(Object.keys(reversed.resource!)[0]).not.toBe(Object.keys(doc.resource!)[0]);
    expect(stackDiagram(reversed)).toBe(stackDiagram(doc));
  });
});

describe("hostile labels", () => {
  const HOSTILE = 'x"] --> evil["#quot; <b>`%%{init}%%` direction TB ; end | {a} [b] &amp; 日本 style:#f00; classDef';

  test("user text with quotes, brackets, #, < and Mermaid words stays inside its label, unchanged once decoded", () => {
    const doc = JSON.parse(synthEnvironment("prod").json) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
      terraform: Record<string, Record<string, Record<string, unknown>>>;
    };
    const only = (type: string) => Object.values(doc.resource[type])[0];
    only("aws_lb").name = HOSTILE;
    only("aws_wafv2_web_acl").name = `${HOSTILE} waf`;
    for (const bucket of Object.values(doc.resource.aws_s3_bucket)) if (String(bucket.bucket).includes("-files-")) bucket.bucket = `${HOSTILE} files`;
    doc.terraform.backend.s3.key = `${HOSTILE}/terraform.tfstate`;
    const text = stackDiagram(doc as unknown as TerraformDocument);
    const chart = parseFlowchart(text);
    expect(nodeWith(chart, "ALB internet-facing").lines[0]).toBe(`ALB internet-facing ${HOSTILE}`);
    expect(nodeWith(chart, "WAF web ACL").label).toBe(`WAF web ACL ${HOSTILE} waf`);
    expect(nodeWith(chart, "S3 bucket").lines[1]).toBe(`${HOSTILE} files`);
    expect(nodeWith(chart, "Terraform state: S3").lines[1]).toBe(`s3://example-dify-tfstate-000000000000/${HOSTILE}/terraform.tfstate`);
    expect(text).not.toContain("<b>");
    expect(text).not.toContain("`");
  });

  test("the hostile tag of a Terraform Cloud workspace stays in its label", () => {
    const doc = JSON.parse(synthEnvironment("staging", { "organization.json": { backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } } }).json);
    doc.terraform.cloud.organization = HOSTILE;
    doc.terraform.cloud.workspaces = { tags: ["b]", 'a"'] };
    const run = nodeWith(parseFlowchart(stackDiagram(doc)), "Terraform Cloud");
    expect(run.lines.slice(1, 3)).toEqual([`organization ${HOSTILE}`, 'workspace tags a", b]']);
  });

  test("escapeLabel keeps plain text, encodes the rest, and breaks up the words Mermaid reads before the quotes", () => {
    expect(escapeLabel("RDS postgres 16 (Multi-AZ), 50 GB: ok")).toBe("RDS postgres 16 (Multi-AZ), 50 GB: ok");
    expect(escapeLabel('a"b#c<d')).toBe("a#34;b#35;c#60;d");
    expect(escapeLabel("direction TB")).toBe("#100;irection TB");
    expect(escapeLabel("Style: x#1;")).toBe("#83;tyle: x#35;1#59;");
    expect(decodeLabel(escapeLabel(HOSTILE))).toBe(HOSTILE);
    expect(escapeLabel("two\nlines")).toBe("two lines");
  });

  test("node ids are lower-case words, never a Mermaid keyword, whatever the text", () => {
    expect(nodeId("hosts", "aws_autoscaling_group.hosts_group_DE1F5EFC")).toBe("hosts_aws_autoscaling_group_hosts_group_de1f5efc");
    expect(nodeId("end")).toBe("end_");
    expect(nodeId("waf", "stylesheet")).toBe("waf_sty_lesheet");
    expect(nodeId("", "123 abc")).toBe("n_123_abc");
    expect(nodeId("bucket", HOSTILE)).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  test("the parser refuses a label that is not escaped, so the checks above can fail", () => {
    expect(() => parseFlowchart('flowchart TB\n  a["say "hi""]')).toThrow(/unescaped label/);
    expect(() => parseFlowchart('flowchart TB\n  a["x <b>"]')).toThrow(/unescaped label/);
    expect(() => parseFlowchart('flowchart TB\n  a["go direction LR"]')).toThrow(/direction statement/);
    expect(() => parseFlowchart('flowchart TB\n  a["style:#35;"]')).toThrow(/style pre-pass/);
    expect(() => parseFlowchart('flowchart TB\n  a["x"]\n  a --> b')).toThrow(/unknown id b/);
  });
});

describe("in the review", () => {
  const fixture: SynthOutput = { stacks: [{ name: "fixture", annotations: [], document: JSON.parse(costFixture()) }] };
  const old: SynthOutput = { stacks: [...fixture.stacks, { name: "old", annotations: [], document: JSON.parse(costFixture()) }] };
  const blocks = (markdown: string) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);

  test("each head stack gets its diagram once, under its own section", () => {
    const markdown = renderMarkdown(buildReview(fixture));
    expect(blocks(markdown)).toEqual([stackDiagram(fixture.stacks[0].document)]);
    expect(markdown).toContain("#### Architecture\n\n```mermaid\nflowchart ");
  });

  test("against a base: the head is drawn, an unchanged stack is folded, a removed stack is not drawn", () => {
    const markdown = renderMarkdown(buildReview(fixture, old));
    expect(blocks(markdown)).toEqual([stackDiagram(fixture.stacks[0].document)]);
    expect(markdown).toContain("<details><summary>Architecture (unchanged)</summary>");
    const changed = renderMarkdown(buildReview(old, fixture));
    expect(blocks(changed)).toHaveLength(2);
    expect(changed.split("#### Architecture").length - 1).toBe(1);
  });
});
