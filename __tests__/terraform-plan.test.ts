import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Fn, TerraformStack, Testing } from "cdktf";
import { CHEAP } from "./cost/cheap-path-config";
import { wrongAuthenticationStack } from "./data-tier/wrong-authentication-stack";
import { synthBootstrap } from "./deployers/synth-bootstrap";
import { hostStack } from "./dify-host/host-stack";
import { resources, synthEnvironment } from "./helpers/fixtures";
import { PlanBatch } from "./helpers/plan-batch";
import { describeWithTerraform, MOCK_AMI, mockZones, type PlanResult, planStacks, planTestFile } from "./helpers/terraform";
import type { TerraformJson } from "./helpers/terraform-json";
import { addCompliantResources } from "./policy/compliant-stack";
import { policyStack } from "./policy/helpers";
import { costFixture } from "./review/synth-fixtures";

/**
 * `terraform plan` offline (terraform test with mocked providers) of the
 * fixture stacks across the options that change their shape: both tiers,
 * NAT modes, namespaces, schedules, both cache engines, WAF, the cloud
 * backend, Bedrock in a second region, and the bootstrap stack's provider
 * aliases. Unlike validate, a plan evaluates expressions and functions with
 * the looked-up zones and image, so the asserts below check values Terraform
 * computed. Each Terraform run costs about 5 s of CPU whatever the stack's
 * size (the provider's schema), so options share stacks rather than each
 * area validating its own, and all of them are planned in one process: with
 * the hand-built fixtures of other suites (policy, cost review, cost path,
 * host user data, data tier, GitHub deployers), whose Terraform check is here
 * so that a run starts no Terraform process of its own for them.
 */

function names(tf: TerraformJson, type: string, match: RegExp = /./): string[] {
  return Object.keys(tf.resource[type] ?? {}).filter((n) => match.test(n));
}

/** Every subnet of one tier (public, private, isolated) sits in its own zone. */
function distinctZones(tf: TerraformJson, tier: string, count: number) {
  const subnets = names(tf, "aws_subnet", new RegExp(`^network_${tier}-`)).map((n) => `aws_subnet.${n}.availability_zone`);
  expect(subnets).toHaveLength(count);
  return { condition: `length(distinct([${subnets.join(", ")}])) == ${count}`, message: `the ${tier} subnets share a zone` };
}

/** Planned, and valid by the real provider's checks too (provider blocks included). */
function expectPlanned(plan: PlanResult): void {
  expect(plan.passed ? "" : plan.output).toBe("");
  expect(plan.validation).toEqual({ valid: true, errors: [] });
}

const SCHEDULE = { timezone: "Asia/Tokyo", start: "08:00", stop: "20:00", weekdays: true };

// Every stack of this suite, the probes below included, is planned in one Terraform process.
const plans = new PlanBatch();

const devPlan = plans.add("dev, all-in-one, no NAT, namespace, schedule", () => {
  const { json, tf } = synthEnvironment("dev", { "dev.json": { namespace: "alice", network: { nat: "none" }, dify: { schedule: SCHEDULE } } });
  const [host] = names(tf, "aws_instance");
  return {
    json,
    tf,
    asserts: [
      { condition: `aws_instance.${host}.ami == "${MOCK_AMI}"`, message: "the host does not use the SSM image parameter" },
      { condition: `aws_instance.${host}.metadata_options[0].http_put_response_hop_limit == 2`, message: "containers cannot reach IMDS" },
      distinctZones(tf, "private", 2),
    ],
  };
});

const prodPlan = plans.add("prod, managed, WAF, per-AZ NAT, schedule in production", () => {
  const { json, tf } = synthEnvironment("prod", { "prod.json": { dify: { schedule: { ...SCHEDULE, allowInProduction: true } } } });
  const [template] = names(tf, "aws_launch_template");
  return {
    json,
    tf,
    asserts: [
      { condition: `aws_launch_template.${template}.image_id == "${MOCK_AMI}"`, message: "the launch template does not use the SSM image parameter" },
      distinctZones(tf, "public", 3),
      distinctZones(tf, "private", 3),
      distinctZones(tf, "isolated", 3),
    ],
  };
});

const stagingPlan = plans.add("staging, cloud backend, redis, Bedrock in us-west-2", () => {
  const { json, tf } = synthEnvironment("staging", {
    "organization.json": { backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } },
    "staging.json": {
      dify: { schedule: SCHEDULE, cache: { engine: "redis" } },
      bedrock: { strategy: "oregon", residency: "global", guardrail: { pii: "block" } },
    },
  });
  return { json, tf, asserts: [distinctZones(tf, "private", 2)] };
});

/** GitHub CI roles with immutable subject claims and a branch pattern (deployers/github-ci-roles.test.ts reads their policies). */
const GITHUB_DEPLOYERS = { github: { repository: "example-org/dify-platform", ownerId: 123456, repositoryId: 456789, branches: ["deploy/<env>"] } };

const bootstrapPlan = plans.add("bootstrap, S3 backend, per-account aliases, GitHub CI roles", () =>
  synthBootstrap({
    "organization.json": { deployers: GITHUB_DEPLOYERS },
    "prod.json": { accountId: "222222222222", externalId: "prod-id" },
    "staging.json": { externalId: "staging-id", bedrock: { invocationLogging: { destination: "off" } } },
  }),
);

const cheapPlan = plans.add("dev, the cheap path", () => synthEnvironment("dev", { "dev.json": CHEAP }));

const managedNatInstancePlan = plans.add("staging, managed behind a NAT instance, unscheduled", () => synthEnvironment("staging", { "staging.json": { network: { nat: "instance" } } }));

const compliantPlan = plans.add("policy: a stack of compliant resources", () => {
  const stack = policyStack({ production: true });
  addCompliantResources(stack);
  return { json: Testing.synth(stack) };
});

const costPlan = plans.add("review: the cost fixture", () => ({ json: costFixture() }));

const hostPlan = plans.add("dify-host: user data in an instance and a launch template", () => ({ json: hostStack() }));

const wrongAuthenticationPlan = plans.add("data tier: a wrong ElastiCache authentication mode", () => ({ json: wrongAuthenticationStack() }));

/** A small stack with the default provider, for what a plan catches and validate does not. */
function probe(build: (s: TerraformStack) => void): string {
  const s = new TerraformStack(Testing.app(), "probe");
  new AwsProvider(s, "aws", { region: "ap-northeast-1" });
  build(s);
  return Testing.synth(s);
}

const cidrProbe = plans.add("probe: a subnet number the VPC cannot hold", () => ({
  json: probe((s) => {
    const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
    new Subnet(s, "subnet", { vpcId: vpc.id, cidrBlock: Fn.cidrsubnet(vpc.cidrBlock, 4, 16) });
  }),
}));

const imdsProbe = plans.add("probe: a host without IMDSv2", () => ({
  json: probe((s) => {
    new Instance(s, "host", { ami: "ami-1", instanceType: "t3.large", metadataOptions: { httpTokens: "optional" } });
    new LaunchTemplate(s, "hosts", { imageId: "ami-1", metadataOptions: { httpTokens: "required" } });
  }),
}));

const providerProbe = plans.add("probe: an assume_role duration the provider cannot parse", () => {
  const s = new TerraformStack(Testing.app(), "probe");
  new AwsProvider(s, "aws", { region: "ap-northeast-1", assumeRole: [{ roleArn: "arn:aws:iam::123456789012:role/deploy", duration: "bogus" }] });
  new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
  return { json: Testing.synth(s) };
});

describeWithTerraform("terraform plan of the fixture stacks", () => {
  test("dev, all-in-one with no NAT, a namespace and a schedule: the host boots the looked-up image with IMDSv2 and hop limit 2", () => {
    const { tf, plan } = devPlan();
    expect(tf.resource.aws_nat_gateway).toBeUndefined();
    expect(tf.resource.aws_scheduler_schedule).toBeDefined();
    expectPlanned(plan);
  });

  test("prod, managed with WAF, per-AZ NAT, Multi-AZ, jp. profiles and a schedule allowed in production: the template uses the image, subnets spread over three zones", () => {
    const { tf, plan } = prodPlan();
    expect(Object.keys(tf.resource.aws_wafv2_web_acl ?? {})).toHaveLength(1);
    expectPlanned(plan);
  });

  test("staging on the cloud backend, redis, a schedule, and Bedrock in us-west-2 (oregon preset, CloudWatch logging, blocking guardrail) through a second provider", () => {
    const { tf, plan } = stagingPlan();
    expect(tf.terraform.cloud).toBeDefined();
    expect(tf.provider.aws.map((p) => p.region)).toEqual(expect.arrayContaining(["ap-northeast-1", "us-west-2"]));
    expectPlanned(plan);
  });

  // One bootstrap variant: with several aliased providers it is the costliest plan, and
  // examples/terraform-cloud-closed-network plans the cloud-backend shape.
  test("bootstrap on the S3 backend with its per-account provider aliases, prod and staging sharing an account (one of them logging Bedrock invocations), ExternalIds, and GitHub CI roles (the OIDC provider without a thumbprint, the roles and their policies)", () => {
    const { tf, plan } = bootstrapPlan();
    expect(tf.provider.aws.filter((p: { alias?: string }) => p.alias).length).toBeGreaterThan(1);
    expect(tf.resource.aws_iam_openid_connect_provider).toBeDefined();
    expect(JSON.stringify(tf.resource.aws_iam_role)).toContain("repo:example-org@123456/dify-platform@456789:");
    expectPlanned(plan);
  });

  test("dev on the cheap path (NAT instance, spot t4g.medium, small volumes, no Bedrock endpoints, a schedule), as cost/cheap-path.test.ts builds it", () => {
    const { tf, plan } = cheapPlan();
    expect(resources(tf, "aws_nat_gateway")).toEqual([]);
    expect(resources(tf, "aws_instance").some((i) => i.instance_market_options)).toBe(true);
    expectPlanned(plan);
  });

  test("staging, managed behind a NAT instance and unscheduled", () => {
    const { tf, plan } = managedNatInstancePlan();
    expect(resources(tf, "aws_autoscaling_schedule")).toEqual([]);
    expect(resources(tf, "aws_nat_gateway")).toEqual([]);
    expectPlanned(plan);
  });
});

describeWithTerraform("the other suites' hand-built stacks plan, so they are valid for the AWS provider the project binds", () => {
  test("policy/examples: a stack of compliant resources", () => expectPlanned(compliantPlan().plan));
  test("review/cost-estimate: the cost fixture", () => expectPlanned(costPlan().plan));
  test("dify-host/terraform: the instance's plain user data and the launch template's gzipped one, with references", () => expectPlanned(hostPlan().plan));

  test("data-tier: the provider schema does reject a wrong ElastiCache authentication mode, in validation", () => {
    const { plan } = wrongAuthenticationPlan();
    expect(plan.validation?.valid).toBe(false);
    expect(plan.validation?.errors.join("\n")).toMatch(/authentication_mode|type/);
    expect(plan.passed).toBe(false);
  });
});

describeWithTerraform("what the plan sees that validate does not", () => {
  test("a subnet number the VPC cannot hold: valid, but the plan fails in cidrsubnet()", () => {
    const { plan } = cidrProbe();
    expect(plan.validation).toEqual({ valid: true, errors: [] });
    expect(plan.passed).toBe(false);
    expect(plan.output).toMatch(/cidrsubnet/);
  });

  test("a provider block the provider refuses: the mocked plan passes it, the batch's validation by the real provider does not", () => {
    const { plan } = providerProbe();
    expect(plan.passed).toBe(true);
    expect(plan.validation.valid).toBe(false);
    expect(plan.validation.errors.join("\n")).toMatch(/assume_role\.0\.duration/);
  });

  test("a host without IMDSv2 fails the default assert", () => {
    const { plan } = imdsProbe();
    expect(plan.passed).toBe(false);
    expect(plan.output).toContain("aws_instance.host does not require IMDSv2");
    expect(plan.output).not.toContain("aws_launch_template.hosts does not require IMDSv2");
  });

  test("one stack's failure is reported under that stack alone: the batch's other stacks still plan", () => {
    expect(cidrProbe().plan.output).toMatch(/^probe: a subnet number the VPC cannot hold: did not plan/);
    expect(cidrProbe().plan.output).not.toContain("does not require IMDSv2");
    expect(imdsProbe().plan.output).not.toMatch(/cidrsubnet/);
    expect(devPlan().plan.passed).toBe(true);
    expect(devPlan().plan.validation).toEqual({ valid: true, errors: [] });
  });
});

describe("the generated test file", () => {
  test("mocks every provider alias and overrides the zone and image look-ups with concrete values", () => {
    const { tf } = synthEnvironment("dev");
    const hcl = planTestFile({ ...tf, provider: { aws: [...tf.provider.aws, { alias: "other", region: "us-west-2" }] } });
    expect(hcl).toContain('mock_provider "aws" {}');
    expect(hcl).toContain('mock_provider "aws" {\n  alias = "other"\n}');
    const [zones] = Object.keys(tf.data!.aws_availability_zones);
    const [image] = Object.keys(tf.data!.aws_ssm_parameter);
    expect(hcl).toContain(`target = data.aws_availability_zones.${zones}`);
    expect(hcl).toContain(`names    = ${JSON.stringify(mockZones("ap-northeast-1").names).replace(/,/g, ", ")}`);
    expect(hcl).toContain(`target = data.aws_ssm_parameter.${image}`);
    expect(hcl).toMatch(/run "plan" \{\n {2}command = plan\n/);
    expect(hcl).not.toContain("module {");
  });

  test("in a batch, the run plans the stack's own folder as its root module", () => {
    const { tf } = synthEnvironment("dev");
    expect(planTestFile(tf, {}, "./stacks/stack-3")).toMatch(/run "plan" \{\n {2}command = plan\n {2}module \{\n {4}source = "\.\/stacks\/stack-3"\n {2}\}\n/);
  });

  test("a batch refuses two stacks with one label, which would hide one of the results", () => {
    expect(() =>
      planStacks([
        { label: "dev", json: "{}" },
        { label: "dev", json: "{}" },
      ]),
    ).toThrow('planStacks: the label "dev" is used twice');
  });
});
