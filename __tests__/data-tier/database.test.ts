import { TerraformOutput } from "cdktf";
import { Database } from "../../src/constructs/data-tier/database";
import { policyDocument } from "../../src/iam/policy-document";
import { environment, exampleConfig } from "../helpers/fixtures";
import { only, resources, synth } from "../helpers/terraform-json";
import { FAKE, testStack } from "./harness";

function build(name: string, patches: Record<string, Record<string, unknown>> = {}, props: Partial<ConstructorParameters<typeof Database>[2]> = {}) {
  const env = environment(exampleConfig(patches), name);
  const stack = testStack(env);
  const database = new Database(stack, "database", {
    names: env.names,
    accountId: env.accountId,
    region: env.region,
    settings: env.dify.database,
    production: env.production,
    logRetentionDays: env.operations.logRetentionDays,
    vpcId: FAKE.vpcId,
    subnetIds: FAKE.isolatedSubnetIds,
    hostSecurityGroupId: FAKE.hostSecurityGroupId,
    kmsKeyArn: FAKE.kmsKeyArn,
    ...props,
  });
  // Outputs make the tokens of the exposed attributes readable after synth.
  new TerraformOutput(stack, "master_secret_arn", { value: database.masterSecretArn });
  new TerraformOutput(stack, "host_policy", { value: policyDocument(database.hostStatements()) });
  return { env, database, ...synth(stack) };
}

describe("Database (RDS for PostgreSQL with pgvector)", () => {
  const prod = build("prod");
  const db = only(prod.tf, "aws_db_instance");

  test("PostgreSQL from dify.database.engineVersion, minor upgrades automatic", () => {
    expect(db).toMatchObject({ engine: "postgres", engine_version: "16", auto_minor_version_upgrade: true, instance_class: "db.m7g.large" });
  });

  test("production: Multi-AZ, 30-day backups, deletion protection and a named final snapshot", () => {
    expect(db).toMatchObject({
      multi_az: true,
      backup_retention_period: 30,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "dify-prod-db-final",
      delete_automated_backups: false,
      copy_tags_to_snapshot: true,
    });
  });

  test("non-production (staging, managed): single-AZ, 7-day backups, still protected from deletion", () => {
    const staging = only(build("staging").tf, "aws_db_instance");
    expect(staging).toMatchObject({ multi_az: false, backup_retention_period: 7, deletion_protection: true, skip_final_snapshot: false });
  });

  test("storage: gp3, autoscaling up to maxAllocatedStorageGb, encrypted with the environment key", () => {
    expect(db).toMatchObject({
      storage_type: "gp3",
      allocated_storage: 50,
      max_allocated_storage: 200,
      storage_encrypted: true,
      kms_key_id: FAKE.kmsKeyArn,
    });
  });

  test("the master password is an RDS-managed secret: no password argument anywhere", () => {
    expect(db).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: FAKE.kmsKeyArn, username: "dify" });
    for (const key of ["password", "password_wo", "master_password"]) expect(db).not.toHaveProperty(key);
    expect(prod.tf.output!.master_secret_arn.value).toMatch(/^\$\{aws_db_instance\.database_instance_\w+\.master_user_secret\[0\]\.secret_arn\}$/);
  });

  test("TLS is required by a parameter group whose family follows the major version", () => {
    const group = only(prod.tf, "aws_db_parameter_group");
    expect(group).toMatchObject({ family: "postgres16", name: "dify-prod-postgres16", lifecycle: { create_before_destroy: true } });
    expect(group.parameter).toEqual([{ name: "rds.force_ssl", value: "1", apply_method: "immediate" }]);
    expect(db.parameter_group_name).toMatch(/aws_db_parameter_group\./);

    const v17 = only(build("prod", { "prod.json": { dify: { database: { engineVersion: "17.4" } } } }).tf, "aws_db_parameter_group");
    expect(v17.family).toBe("postgres17");
  });

  test("Performance Insights on with the key (7 days, free tier); enhanced monitoring in production", () => {
    expect(db).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_kms_key_id: FAKE.kmsKeyArn,
      performance_insights_retention_period: 7,
      monitoring_interval: 60,
    });
    expect(db.monitoring_role_arn).toMatch(/aws_iam_role\.database_monitoring-role/);
    const role = only(prod.tf, "aws_iam_role");
    expect(role.name).toBe("dify-prod-rds-monitoring");
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: "monitoring.rds.amazonaws.com" });
    expect(only(prod.tf, "aws_iam_role_policy_attachment").policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
  });

  test("enhanced monitoring off outside production (no role), and on request", () => {
    const staging = build("staging");
    expect(only(staging.tf, "aws_db_instance").monitoring_interval).toBe(0);
    expect(resources(staging.tf, "aws_iam_role")).toHaveLength(0);
    expect(only(build("staging", {}, { monitoringInterval: 30 }).tf, "aws_db_instance").monitoring_interval).toBe(30);
  });

  test("IAM database authentication is optional and off by default", () => {
    expect(db.iam_database_authentication_enabled).toBe(false);
    expect(only(build("prod", {}, { iamAuthentication: true }).tf, "aws_db_instance").iam_database_authentication_enabled).toBe(true);
  });

  test("postgresql and upgrade logs go to pre-created log groups with retention and the key", () => {
    expect(db.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    const groups = resources(prod.tf, "aws_cloudwatch_log_group");
    expect(groups.map((g) => g.name).sort()).toEqual(["/aws/rds/instance/dify-prod-db/postgresql", "/aws/rds/instance/dify-prod-db/upgrade"]);
    for (const g of groups) expect(g).toMatchObject({ retention_in_days: 365, kms_key_id: FAKE.kmsKeyArn });
    expect(db.depends_on).toHaveLength(2);
  });

  test("private: isolated subnets, not publicly accessible", () => {
    expect(only(prod.tf, "aws_db_subnet_group").subnet_ids).toEqual(FAKE.isolatedSubnetIds);
    expect(db.publicly_accessible).toBe(false);
  });

  test("the security group admits 5432 from the host security group only, no CIDR, no egress", () => {
    const rules = resources(prod.tf, "aws_vpc_security_group_ingress_rule");
    expect(rules).toEqual([expect.objectContaining({ referenced_security_group_id: FAKE.hostSecurityGroupId, from_port: 5432, to_port: 5432, ip_protocol: "tcp" })]);
    for (const r of rules) {
      expect(r).not.toHaveProperty("cidr_ipv4");
      expect(r).not.toHaveProperty("cidr_ipv6");
    }
    expect(resources(prod.tf, "aws_vpc_security_group_egress_rule")).toHaveLength(0);
    const group = only(prod.tf, "aws_security_group");
    expect(group).not.toHaveProperty("ingress");
    expect(db.vpc_security_group_ids).toEqual([expect.stringMatching(/aws_security_group\.database_security-group/)]);
  });

  test("host statements: read this one master secret, decrypt only through Secrets Manager", () => {
    const [secret, key] = JSON.parse(prod.tf.output!.host_policy.value).Statement;
    expect(secret.Action).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
    expect(secret.Resource).toMatch(/master_user_secret\[0\]\.secret_arn/);
    expect(key).toMatchObject({
      Action: "kms:Decrypt",
      Resource: FAKE.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.ap-northeast-1.amazonaws.com" } },
    });
  });
});
