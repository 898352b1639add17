import { TerraformOutput } from "cdktf";
import { Cache, DIFY_ACCESS_STRING } from "../../src/constructs/data-tier/cache";
import { policyDocument } from "../../src/iam/policy-document";
import { environment, exampleConfig } from "../helpers/fixtures";
import { only, resources, synth } from "../helpers/terraform-json";
import { FAKE, secretKeys, testStack } from "./harness";

function build(name: string, patches: Record<string, Record<string, unknown>> = {}) {
  const env = environment(exampleConfig(patches), name);
  const stack = testStack(env);
  const cache = new Cache(stack, "cache", {
    names: env.names,
    settings: env.dify.cache,
    production: env.production,
    logRetentionDays: env.operations.logRetentionDays,
    vpcId: FAKE.vpcId,
    subnetIds: FAKE.isolatedSubnetIds,
    hostSecurityGroupId: FAKE.hostSecurityGroupId,
    kmsKeyArn: FAKE.kmsKeyArn,
  });
  new TerraformOutput(stack, "host_policy", { value: policyDocument(cache.hostStatements()) });
  return { env, cache, ...synth(stack) };
}

const redis = { "prod.json": { dify: { cache: { engine: "redis" } } } };

describe("Cache (ElastiCache replication group)", () => {
  const prod = build("prod");
  const group = only(prod.tf, "aws_elasticache_replication_group");

  test("valkey by default, at the default version, cluster mode disabled", () => {
    expect(group).toMatchObject({ engine: "valkey", engine_version: "8.2", node_type: "cache.t4g.small", port: 6379 });
    expect(group).not.toHaveProperty("num_node_groups");
    expect(group.replication_group_id).toBe("dify-prod-cache");
  });

  test("production: two nodes with automatic failover across AZs", () => {
    expect(group).toMatchObject({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: true });
    expect(prod.cache.memberClusterIds).toEqual(["dify-prod-cache-001", "dify-prod-cache-002"]);
  });

  test("non-production: one node, no failover", () => {
    const staging = build("staging");
    expect(only(staging.tf, "aws_elasticache_replication_group")).toMatchObject({
      num_cache_clusters: 1,
      automatic_failover_enabled: false,
      multi_az_enabled: false,
    });
    expect(staging.cache.memberClusterIds).toEqual(["dify-staging-cache-001"]);
  });

  test("TLS in transit (required) and KMS at rest", () => {
    expect(group).toMatchObject({
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      at_rest_encryption_enabled: "true",
      kms_key_id: FAKE.kmsKeyArn,
    });
  });

  test("no auth token and no password anywhere: the user group does authentication", () => {
    expect(group).not.toHaveProperty("auth_token");
    expect(secretKeys(prod.tf)).toEqual([]);
    expect(prod.json).not.toMatch(/auth_token|"passwords?"/);
    expect(group.user_group_ids).toEqual([expect.stringMatching(/aws_elasticache_user_group\.cache_user-group_\w+\.user_group_id/)]);
  });

  test("Dify's user starts with IAM authentication and Terraform leaves its mode to the first host", () => {
    const user = only(prod.tf, "aws_elasticache_user");
    expect(user).toMatchObject({
      user_id: "dify-prod-app",
      user_name: "dify-prod-app",
      engine: "valkey",
      authentication_mode: { type: "iam" },
      lifecycle: { ignore_changes: ["authentication_mode"] },
    });
    // IAM-authenticated users need user_id == user_name.
    expect(user.user_id).toBe(user.user_name);
  });

  test("Dify's access string: all keys and channels, everything but @dangerous", () => {
    const user = only(prod.tf, "aws_elasticache_user");
    expect(user.access_string).toBe(DIFY_ACCESS_STRING);
    expect(user.access_string.split(" ")).toEqual(expect.arrayContaining(["on", "~*", "&*", "+@all", "-@dangerous"]));
  });

  test("valkey: the user group holds only Dify's user (a valkey group turns the default user off)", () => {
    const userGroup = only(prod.tf, "aws_elasticache_user_group");
    expect(userGroup).toMatchObject({ engine: "valkey", user_group_id: "dify-prod-cache-users" });
    expect(userGroup.user_ids).toEqual([expect.stringMatching(/aws_elasticache_user\.cache_dify-user_\w+\.user_id/)]);
    expect(resources(prod.tf, "aws_elasticache_user").map((u) => u.user_name)).not.toContain("default");
  });

  describe("redis engine", () => {
    const r = build("prod", redis);

    test("redis 7.1 by default, users and group of engine redis", () => {
      expect(only(r.tf, "aws_elasticache_replication_group")).toMatchObject({ engine: "redis", engine_version: "7.1" });
      for (const u of resources(r.tf, "aws_elasticache_user")) expect(u.engine).toBe("redis");
      expect(only(r.tf, "aws_elasticache_user_group").engine).toBe("redis");
    });

    test("the group's required 'default' user is replaced by a disabled one without a secret", () => {
      const users = resources(r.tf, "aws_elasticache_user");
      const fallback = users.find((u) => u.user_name === "default")!;
      expect(fallback).toMatchObject({ user_id: "dify-prod-default-off", access_string: "off -@all", no_password_required: true });
      expect(fallback).not.toHaveProperty("authentication_mode");
      expect(only(r.tf, "aws_elasticache_user_group").user_ids).toHaveLength(2);
      expect(secretKeys(r.tf)).toEqual([]);
    });
  });

  test("engine versions without IAM-authenticated users are refused at synth", () => {
    expect(() => exampleConfig({ "prod.json": { dify: { cache: { engine: "redis", engineVersion: "6.2" } } } })).toThrow(
      /dify\.cache\.engineVersion: must be a redis version whose RBAC users can use IAM authentication/,
    );
    expect(() => exampleConfig({ "prod.json": { dify: { cache: { engine: "valkey", engineVersion: "7.1" } } } })).toThrow(/dify\.cache\.engineVersion/);
    const pinned = build("prod", { "prod.json": { dify: { cache: { engineVersion: "8.0" } } } });
    expect(only(pinned.tf, "aws_elasticache_replication_group").engine_version).toBe("8.0");
  });

  test("isolated subnets; 6379 from the host security group only", () => {
    expect(only(prod.tf, "aws_elasticache_subnet_group").subnet_ids).toEqual(FAKE.isolatedSubnetIds);
    const rules = resources(prod.tf, "aws_vpc_security_group_ingress_rule");
    expect(rules).toEqual([expect.objectContaining({ referenced_security_group_id: FAKE.hostSecurityGroupId, from_port: 6379, to_port: 6379, ip_protocol: "tcp" })]);
    expect(rules[0]).not.toHaveProperty("cidr_ipv4");
    expect(group.security_group_ids).toEqual([expect.stringMatching(/aws_security_group\.cache_security-group/)]);
  });

  test("slow and engine logs go to encrypted log groups with retention", () => {
    const groups = resources(prod.tf, "aws_cloudwatch_log_group");
    expect(groups.map((g) => g.name).sort()).toEqual(["/dify/prod/elasticache/engine-log", "/dify/prod/elasticache/slow-log"]);
    for (const g of groups) expect(g).toMatchObject({ retention_in_days: 365, kms_key_id: FAKE.kmsKeyArn });
    expect(group.log_delivery_configuration.map((c: any) => c.log_type).sort()).toEqual(["engine-log", "slow-log"]);
  });

  test("host statements: modify and describe this one user", () => {
    const [statement] = JSON.parse(prod.tf.output!.host_policy.value).Statement;
    expect(statement.Action).toEqual(["elasticache:ModifyUser", "elasticache:DescribeUsers"]);
    expect(statement.Resource).toMatch(/^\$\{aws_elasticache_user\.cache_dify-user_\w+\.arn\}$/);
  });
});
