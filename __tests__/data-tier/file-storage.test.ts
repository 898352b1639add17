import { TerraformOutput } from "cdktf";
import { FileStorage } from "../../src/constructs/data-tier/file-storage";
import { policyDocument } from "../../src/iam/policy-document";
import { environment, exampleConfig } from "../helpers/fixtures";
import { only, synth } from "../helpers/terraform-json";
import { FAKE, testStack } from "./harness";

function build(name: string) {
  const env = environment(exampleConfig(), name);
  const stack = testStack(env);
  const files = new FileStorage(stack, "files", { names: env.names, region: env.region, kmsKeyArn: FAKE.kmsKeyArn, preventDestroy: env.production });
  new TerraformOutput(stack, "host_policy", { value: policyDocument(files.hostStatements()) });
  return { files, ...synth(stack) };
}

describe("FileStorage (S3 for Dify files and plugins)", () => {
  const prod = build("prod");

  test("bucket named from env.names.bucket('files'), kept on destroy in production", () => {
    expect(only(prod.tf, "aws_s3_bucket")).toMatchObject({
      bucket: "dify-prod-files-333333333333-ap-northeast-1",
      lifecycle: { prevent_destroy: true },
    });
    expect(only(build("staging").tf, "aws_s3_bucket")).not.toHaveProperty("lifecycle");
  });

  test("SSE-KMS with the environment key, versioned, public access blocked", () => {
    const sse = only(prod.tf, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: FAKE.kmsKeyArn });
    expect(only(prod.tf, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    expect(only(prod.tf, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("TLS-only bucket policy", () => {
    const policy = JSON.parse(only(prod.tf, "aws_s3_bucket_policy").policy);
    expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
  });

  test("host statements are scoped to this bucket, its objects and the key through S3", () => {
    const statements = JSON.parse(prod.tf.output!.host_policy.value).Statement;
    const bucketArn = "${aws_s3_bucket.files_bucket_EAD9DE72.arn}";
    expect(statements).toEqual([
      { Sid: "FilesBucketList", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
      {
        Sid: "FilesObjects",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        Resource: `${bucketArn}/*`,
      },
      {
        Sid: "FilesKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: FAKE.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": "s3.ap-northeast-1.amazonaws.com" } },
      },
    ]);
    for (const s of statements) {
      expect(s.Resource).not.toBe("*");
      expect([s.Action].flat()).not.toContain("s3:*");
    }
  });
});
