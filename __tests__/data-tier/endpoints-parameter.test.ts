import { environment, exampleConfig } from "../helpers/fixtures";
import { only, synth } from "../helpers/terraform-json";
import { dataTier, testStack } from "./harness";

describe("EndpointsParameter (<ssmPrefix>config/endpoints)", () => {
  const env = environment(exampleConfig(), "prod");
  const stack = testStack(env);
  dataTier(stack, env);
  const { tf } = synth(stack);
  const parameter = only(tf, "aws_ssm_parameter");

  test("a plain String parameter under the environment's SSM prefix", () => {
    expect(parameter).toMatchObject({ name: "/dify/prod/config/endpoints", type: "String", tier: "Standard" });
    expect(parameter).not.toHaveProperty("key_id");
  });

  test("the value is jsonencode of the db, redis and storage attributes", () => {
    const value: string = parameter.value;
    expect(value).toMatch(/^\$\{jsonencode\(\{"db" = \{.*\}, "redis" = \{.*\}, "storage" = \{.*\}\}\)\}$/);
    const expected = [
      /"host" = aws_db_instance\.data_database_instance_\w+\.address/,
      /"port" = aws_db_instance\.data_database_instance_\w+\.port/,
      /"name" = "dify"/,
      /"secretArn" = aws_db_instance\.data_database_instance_\w+\.master_user_secret\[0\]\.secret_arn/,
      /"host" = aws_elasticache_replication_group\.data_cache_replication-group_\w+\.primary_endpoint_address/,
      /"port" = 6379/,
      /"userId" = aws_elasticache_user\.data_cache_dify-user_\w+\.user_id/,
      /"username" = aws_elasticache_user\.data_cache_dify-user_\w+\.user_name/,
      /"bucket" = aws_s3_bucket\.data_files_bucket_\w+\.bucket/,
      /"region" = "ap-northeast-1"/,
    ];
    for (const pattern of expected) expect(value).toMatch(pattern);
  });

  test("no secret value, only where to find them", () => {
    expect(parameter.value).not.toMatch(/password|token/i);
  });
});
