import * as fs from "node:fs";
import { EC2_INSTANCE_TYPES } from "../src/catalog/instance-types";
import { architectureOf } from "../src/constructs/host/machine-image";
import { loadConfig } from "../src/loader/load";
import { configProblems, environmentsDir } from "./helpers/fixtures";

type Files = Record<string, any>;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const problems = configProblems;

const PROD_WITH_DUPLICATE = `{
  "accountId": "333333333333",
  "region": "ap-northeast-1",
  "deployRoleName": "dify-deployer",
  "production": true,
  "production": false,
  "network": { "vpcCidr": "10.30.0.0/16", "azCount": 3, "nat": "per-az" },
  "dify": { "version": "1.10.1", "version": "1.9.0", "domainName": "dify.example.com", "hostedZoneId": "Z00000000EXAMPLE" }
}`;

describe("values that AWS or Dify would refuse at apply are refused at synth, one line each", () => {
  test.each<[string, (f: Files) => void, string[]]>([
    [
      "a duplicate key (JSON keeps the last one and production becomes development)",
      (f) => (f["prod.json"] = PROD_WITH_DUPLICATE),
      [
        "environments/prod.json: production: appears twice in one object (again at line 6 column 3); JSON keeps only the last value, so remove one",
        "environments/prod.json: dify.version: appears twice in one object (again at line 8 column 34); JSON keeps only the last value, so remove one",
      ],
    ],
    [
      "a duplicate key in organization.json",
      (f) => (f["organization.json"] = JSON.stringify(f["organization.json"], null, 2).replace('"project": "dify",', '"project": "dify",\n  "project": "other",')),
      ["environments/organization.json: project: appears twice in one object (again at line 4 column 3); JSON keeps only the last value, so remove one"],
    ],
    [
      "a misspelled time zone",
      (f) => (f["dev.json"].dify.schedule.timezone = "Asia/Tokio"),
      ['environments/dev.json: dify.schedule.timezone: must be an IANA time zone such as "Asia/Tokyo" (did you mean "Asia/Tokyo"?), got "Asia/Tokio"'],
    ],
    [
      "a time zone in the wrong case",
      (f) => (f["dev.json"].dify.schedule.timezone = "asia/tokyo"),
      ['environments/dev.json: dify.schedule.timezone: must be an IANA time zone such as "Asia/Tokyo" (did you mean "Asia/Tokyo"?), got "asia/tokyo"'],
    ],
    [
      "a place that is no time zone",
      (f) => (f["dev.json"].dify.schedule.timezone = "Mars/Olympus_Mons"),
      ['environments/dev.json: dify.schedule.timezone: must be an IANA time zone such as "Asia/Tokyo", got "Mars/Olympus_Mons"'],
    ],
    [
      "a five-field (Unix) backup cron",
      (f) => (f["dev.json"].operations = { backup: { schedule: "cron(0 18 * * *)" } }),
      [
        'environments/dev.json: operations.backup.schedule: must be an AWS cron expression such as "cron(0 18 * * ? *)" (has 5 fields; AWS needs six: cron(minutes hours day-of-month month day-of-week year)), got "cron(0 18 * * *)"',
      ],
    ],
    [
      "a cron with both day fields set",
      (f) => (f["dev.json"].operations = { backup: { schedule: "cron(0 18 * * MON *)" } }),
      [
        'environments/dev.json: operations.backup.schedule: must be an AWS cron expression such as "cron(0 18 * * ? *)" (exactly one of day-of-month and day-of-week must be "?"), got "cron(0 18 * * MON *)"',
      ],
    ],
    [
      "a cron with an hour out of range",
      (f) => (f["dev.json"].operations = { backup: { schedule: "cron(0 24 * * ? *)" } }),
      [
        'environments/dev.json: operations.backup.schedule: must be an AWS cron expression such as "cron(0 18 * * ? *)" (hours "24": "24" is not a value from 0-23), got "cron(0 24 * * ? *)"',
      ],
    ],
    [
      "a cron with a backwards range",
      (f) => (f["dev.json"].operations = { backup: { schedule: "cron(0 18 20-10 * ? *)" } }),
      [
        'environments/dev.json: operations.backup.schedule: must be an AWS cron expression such as "cron(0 18 * * ? *)" (day-of-month "20-10": the range 20-10 runs backwards), got "cron(0 18 20-10 * ? *)"',
      ],
    ],
    [
      "a cron with ? in the wrong field",
      (f) => (f["dev.json"].operations = { backup: { schedule: "cron(0 ? * * ? *)" } }),
      [
        'environments/dev.json: operations.backup.schedule: must be an AWS cron expression such as "cron(0 18 * * ? *)" (hours "?": "?" is only allowed in day-of-month and day-of-week), got "cron(0 ? * * ? *)"',
      ],
    ],
    [
      "a backup more often than hourly",
      (f) => (f["dev.json"].operations = { backup: { schedule: "cron(0/30 * * * ? *)" } }),
      [
        'environments/dev.json: operations.backup.schedule: must be an AWS cron expression such as "cron(0 18 * * ? *)" (minutes "0/30": AWS Backup runs a plan at most once an hour, so give one minute such as 0), got "cron(0/30 * * * ? *)"',
      ],
    ],
    [
      "an instance type that does not exist",
      (f) => (f["dev.json"].dify.instanceType = "t3.largest"),
      [
        'environments/dev.json: dify.instanceType: must be an EC2 instance type from the catalog (src/catalog/instance-types.ts; t3 comes in nano, micro, small, medium, large, xlarge, 2xlarge), got "t3.largest"',
      ],
    ],
    [
      "an unknown family",
      (f) => (f["dev.json"].dify.instanceType = "x9z.large"),
      [
        expect.stringMatching(
          /^environments\/dev\.json: dify\.instanceType: must be an EC2 instance type from the catalog \(src\/catalog\/instance-types\.ts; known families: t3, t3a, t4g, m5, .*\), got "x9z\.large"$/,
        ) as unknown as string,
      ],
    ],
    [
      "an instance type below Dify's 2 vCPU / 4 GiB",
      (f) => (f["dev.json"].dify.instanceType = "t3.small"),
      ['environments/dev.json: dify.instanceType: must have at least 2 vCPU and 4 GiB, which Dify needs (for example "t3.large" or "m7g.large"); t3.small has 2 vCPU and 2 GiB'],
    ],
    [
      "a one-vCPU Graviton type",
      (f) => (f["dev.json"].dify.instanceType = "m7g.medium"),
      ['environments/dev.json: dify.instanceType: must have at least 2 vCPU and 4 GiB, which Dify needs (for example "t3.large" or "m7g.large"); m7g.medium has 1 vCPU and 4 GiB'],
    ],
    [
      "an RDS class that does not exist",
      (f) => (f["prod.json"].dify.database = { instanceClass: "db.m7g.huge" }),
      [
        'environments/prod.json: dify.database.instanceClass: must be an RDS for PostgreSQL instance class such as "db.t4g.medium" (src/catalog/instance-types.ts; db.m7g comes in large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge), got "db.m7g.huge"',
      ],
    ],
    [
      "an ElastiCache node type that does not exist",
      (f) => (f["prod.json"].dify.cache = { nodeType: "cache.t2.tiny" }),
      ['environments/prod.json: dify.cache.nodeType: must be an ElastiCache node type such as "cache.t4g.small" (src/catalog/instance-types.ts), got "cache.t2.tiny"'],
    ],
    [
      "a tag key AWS reserves, and one the project sets itself",
      (f) => Object.assign(f["organization.json"].tags, { "aws:team": "x", Project: "other" }),
      [
        'environments/organization.json: tags.aws:team: may not start with "aws:", which AWS reserves for its own tags, got "aws:team"',
        'environments/organization.json: tags.Project: is set by the project on every resource (Project, Environment, ManagedBy, Namespace); choose another key, got "Project"',
      ],
    ],
    [
      "a tag value with characters AWS refuses",
      (f) => (f["organization.json"].tags.Owner = "team <platform>"),
      ['environments/organization.json: tags.Owner: must be a tag value of at most 256 letters, digits, spaces and _.:/=+-@, got "team <platform>"'],
    ],
    [
      "more organization tags than a resource can carry",
      (f) => (f["organization.json"].tags = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`Tag${i}`, "x"]))),
      ["environments/organization.json: tags: must have at most 45 tags (AWS allows 50 per resource, and the project adds Project, Environment, ManagedBy, Namespace and Name), got 46"],
    ],
    [
      "a certificate of another region or account",
      (f) => {
        delete f["dev.json"].dify.hostedZoneId;
        f["dev.json"].dify.certificateArn = "arn:aws:acm:us-east-1:999999999999:certificate/12345678-1234-1234-1234-123456789012";
      },
      [
        "environments/dev.json: dify.certificateArn: must be a certificate in the environment region ap-northeast-1 (a load balancer uses certificates of its own region only), got one in us-east-1",
        "environments/dev.json: dify.certificateArn: must be a certificate in the environment account 111111111111 (a load balancer cannot use another account's certificate), got one in 999999999999",
      ],
    ],
    [
      "a host name past ACM's 64 characters once the namespace is added",
      (f) => {
        f["dev.json"].namespace = "alice";
        f["dev.json"].dify.domainName = `dify-dev.${"a".repeat(40)}.example.com`;
      },
      [
        `environments/dev.json: namespace: the host name "alice.dify-dev.${"a".repeat(40)}.example.com" is 67 characters, and ACM allows 64 for a certificate's first domain name; use a shorter domainName or namespace, or bring a certificate with dify.certificateArn`,
      ],
    ],
    [
      "a storage-autoscaling ceiling less than 10% above the allocated storage",
      (f) => (f["prod.json"].dify.database = { allocatedStorageGb: 100, maxAllocatedStorageGb: 105 }),
      ["environments/prod.json: dify.database.maxAllocatedStorageGb: must be at least 10% above allocatedStorageGb (100), so 110 or more, got 105"],
    ],
  ])("%s", (_name, edit, expected) => {
    expect(problems(edit)).toEqual(expected);
  });

  test("three AZs in a region where accounts see two", () => {
    const lines = problems((f) => {
      f["dev.json"].region = "us-west-1";
      f["dev.json"].network.azCount = 3;
    });
    expect(lines).toContain("environments/dev.json: network.azCount: must be at most 2 in us-west-1, where accounts see only 2 availability zones, got 3");
  });

  test("a Terraform Cloud workspace name past 90 characters", () => {
    const prefix = "w".repeat(80);
    const lines = problems((f) => {
      f["organization.json"].backend = { type: "cloud", organization: "example", workspacePrefix: prefix };
      f["staging.json"].namespace = "alice";
    });
    expect(lines).toContain(
      `environments/staging.json: the Terraform Cloud workspace "${prefix}staging-alice" (organization.json backend.workspacePrefix plus the environment) is 93 characters, and Terraform Cloud allows 90; shorten workspacePrefix`,
    );
  });
});

describe("values AWS accepts are accepted", () => {
  test.each([
    ["dify.schedule.timezone", (f: Files) => (f["dev.json"].dify.schedule.timezone = "UTC")],
    ["dify.schedule.timezone", (f: Files) => (f["dev.json"].dify.schedule.timezone = "America/Argentina/Buenos_Aires")],
    ["dify.schedule.timezone", (f: Files) => (f["dev.json"].dify.schedule.timezone = "Asia/Kolkata")],
    ["operations.backup.schedule", (f: Files) => (f["dev.json"].operations = { backup: { schedule: "cron(30 3 ? * MON-FRI *)" } })],
    ["operations.backup.schedule", (f: Files) => (f["dev.json"].operations = { backup: { schedule: "cron(0 2 L * ? 2026-2030)" } })],
    ["operations.backup.schedule", (f: Files) => (f["dev.json"].operations = { backup: { schedule: "cron(15 0/6 1,15 */2 ? *)" } })],
    ["operations.backup.schedule", (f: Files) => (f["dev.json"].operations = { backup: { schedule: "cron(0 1 ? * 6#3 *)" } })],
    ["dify.instanceType", (f: Files) => (f["dev.json"].dify.instanceType = "t3.medium")],
    ["dify.instanceType", (f: Files) => (f["dev.json"].dify.instanceType = "c7g.large")],
    ["dify.instanceType", (f: Files) => (f["dev.json"].dify.instanceType = "m7i-flex.xlarge")],
    ["tags", (f: Files) => (f["organization.json"].tags = { "cost-center": "営業部 1234", "team:owner": "platform@example.com" })],
    ["dify.domainName", (f: Files) => (f["dev.json"].dify.domainName = `${"a".repeat(48)}.example.com`)],
  ])("%s", (_field, edit) => {
    const dir = environmentsDir(edit);
    dirs.push(dir);
    expect(() => loadConfig({ dir })).not.toThrow();
  });
});

describe("the instance-type catalog", () => {
  test("agrees with the AMI architecture the hosts pick for every type", () => {
    const mismatched = Object.entries(EC2_INSTANCE_TYPES).filter(([type, spec]) => architectureOf(type) !== spec.architecture);
    expect(mismatched).toEqual([]);
  });

  test("holds the published figures of a few well-known types", () => {
    expect(EC2_INSTANCE_TYPES["t3.large"]).toEqual({ vcpu: 2, memoryGib: 8, architecture: "x86_64" });
    expect(EC2_INSTANCE_TYPES["c5.9xlarge"]).toEqual({ vcpu: 36, memoryGib: 72, architecture: "x86_64" });
    expect(EC2_INSTANCE_TYPES["r7g.medium"]).toEqual({ vcpu: 1, memoryGib: 8, architecture: "arm64" });
    expect(EC2_INSTANCE_TYPES["t4g.nano"]).toEqual({ vcpu: 2, memoryGib: 0.5, architecture: "arm64" });
  });
});
