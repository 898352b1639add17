import { Testing } from "cdktf";
import { BootstrapStack } from "../src/stacks/bootstrap-stack";
import { exampleConfig, resources, synthEnvironment } from "./helpers/fixtures";

describe("environment stack provider", () => {
  const { tf } = synthEnvironment("prod");
  const provider = tf.provider.aws[0] as any;

  test("assumes the environment's role, pinned to its account", () => {
    expect(provider.region).toBe("ap-northeast-1");
    expect(provider.allowed_account_ids).toEqual(["333333333333"]);
    expect(provider.assume_role).toEqual([{ role_arn: "arn:aws:iam::333333333333:role/dify-deployer", session_name: "dify-prod-cdktf" }]);
  });

  test("passes an external id when one is given", () => {
    const { tf: withId } = synthEnvironment("prod", { "prod.json": { externalId: "example-external-id" } });
    expect((withId.provider.aws[0] as any).assume_role[0].external_id).toBe("example-external-id");
  });

  test("tags everything with project, environment and owner", () => {
    expect(provider.default_tags[0].tags).toEqual({
      Project: "dify",
      Environment: "prod",
      ManagedBy: "cdktf",
      Owner: "platform-team",
      CostCenter: "example-1234",
    });
  });
});

describe("backends", () => {
  test("s3: one key per stack, encrypted, S3-native locking, state role", () => {
    const { tf } = synthEnvironment("staging");
    expect((tf.terraform as any).backend.s3).toEqual({
      bucket: "example-dify-tfstate-000000000000",
      key: "dify/staging/terraform.tfstate",
      region: "ap-northeast-1",
      encrypt: true,
      kms_key_id: "arn:aws:kms:ap-northeast-1:000000000000:alias/dify-tfstate",
      use_lockfile: true,
      assume_role: { role_arn: "arn:aws:iam::000000000000:role/dify-state-access-staging", session_name: "dify-staging-state" },
    });
  });

  test("s3: namespace in the key, legacy DynamoDB table when configured", () => {
    const { tf } = synthEnvironment("dev", {
      "dev.json": { namespace: "alice" },
      "organization.json": { state: { dynamodbTable: "dify-tf-locks" } },
    });
    const s3 = (tf.terraform as any).backend.s3;
    expect(s3.key).toBe("dify/dev/alice/terraform.tfstate");
    expect(s3.dynamodb_table).toBe("dify-tf-locks");
    expect(s3.use_lockfile).toBe(true);
  });

  test("cloud: a named workspace per stack", () => {
    const { tf } = synthEnvironment("prod", {
      "organization.json": { backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } },
    });
    expect((tf.terraform as any).cloud).toEqual({
      hostname: "app.terraform.io",
      organization: "example-org",
      workspaces: { name: "dify-prod" },
    });
    expect((tf.terraform as any).backend).toBeUndefined();
  });

  test("local: state in the project root, outside cdktf.out", () => {
    const { tf } = synthEnvironment("dev", { "organization.json": { backend: { type: "local" } } });
    expect((tf.terraform as any).backend.local.path).toBe("../../../terraform.dev.tfstate");
  });
});

describe("bootstrap stack", () => {
  const config = exampleConfig({ "organization.json": { state: { dynamodbTable: "dify-tf-locks" } } });
  const json = Testing.synth(new BootstrapStack(Testing.app(), config));
  const tf = JSON.parse(json);

  test("keeps its own state locally until it is migrated", () => {
    expect(tf.terraform.backend.local.path).toBe("../../../terraform.bootstrap.tfstate");
    expect(tf.provider.aws[0].allowed_account_ids).toEqual(["000000000000"]);
  });

  test("creates a hardened, undeletable state bucket", () => {
    const [bucket] = resources(tf, "aws_s3_bucket") as any[];
    expect(bucket.bucket).toBe("example-dify-tfstate-000000000000");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources(tf, "aws_s3_bucket_versioning")[0]).toMatchObject({ versioning_configuration: { status: "Enabled" } });
    const sse = (resources(tf, "aws_s3_bucket_server_side_encryption_configuration")[0] as any).rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(sse.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/aws_kms_key\./);
    expect(resources(tf, "aws_kms_key")[0]).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(resources(tf, "aws_s3_bucket_public_access_block")[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const rule = (resources(tf, "aws_s3_bucket_lifecycle_configuration")[0] as any).rule[0];
    expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBe(90);
  });

  test("denies every request that is not TLS", () => {
    const policy = JSON.parse((resources(tf, "aws_s3_bucket_policy")[0] as any).policy);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
  });

  test("creates the optional legacy lock table", () => {
    expect(resources(tf, "aws_dynamodb_table")[0]).toMatchObject({ name: "dify-tf-locks", hash_key: "LockID", lifecycle: { prevent_destroy: true } });
  });

  test("each environment's state role can touch only that environment's state and lock files", () => {
    const roles = resources(tf, "aws_iam_role") as any[];
    expect(
      roles
        .map((r) => r.name)
        .filter((n: string) => n.startsWith("dify-state-access"))
        .sort(),
    ).toEqual(["dify-state-access-dev", "dify-state-access-prod", "dify-state-access-staging"]);
    const policies = (resources(tf, "aws_iam_role_policy") as any[]).filter((p) => p.name === "state-access");
    const objects = policies.map((p) => JSON.parse(p.policy).Statement.find((s: any) => s.Sid === "ReadWriteStateAndLockfiles"));
    for (const o of objects) expect(o.Action).toEqual(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]);
    expect(objects.map((o: any) => o.Resource.replace(/^.*\}\//, "")).sort()).toEqual(["dify/dev/*", "dify/prod/*", "dify/staging/*"]);
  });

  test("a dev admin cannot reach production's state: the prod state role trusts only prod's deployer and the org deployers", () => {
    const prodRole = (resources(tf, "aws_iam_role") as any[]).find((r) => r.name === "dify-state-access-prod");
    const principals: string[] = JSON.parse(prodRole.assume_role_policy).Statement[0].Principal.AWS;
    expect(principals).toHaveLength(2);
    expect(principals[0]).toBe("arn:aws:iam::000000000000:role/platform-deployers");
    expect(principals[1]).toMatch(/^\$\{aws_iam_role\.deployer-333333333333_role_.*\.arn\}$/);
  });
});
