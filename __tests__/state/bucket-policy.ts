import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PutRequest } from "./s3-test-server";

type Json = Record<string, any>;

/**
 * The state bucket's policy exactly as the bootstrap stack synthesized it,
 * with its two Terraform references filled in: the bucket's own ARN and the
 * state key's ARN (which AWS assigns at apply; the test picks one).
 */
export function synthesizedStateBucketPolicy(bootstrapTf: Json, bucketName: string, keyArn: string): Json {
  const buckets = Object.entries<Json>(bootstrapTf.resource.aws_s3_bucket).filter(([, b]) => b.bucket === bucketName);
  if (buckets.length !== 1) throw new Error(`expected one aws_s3_bucket named ${bucketName}, found ${buckets.length}`);
  const [bucketId] = buckets[0];
  const policies = Object.values<Json>(bootstrapTf.resource.aws_s3_bucket_policy).filter((p) => p.bucket === `\${aws_s3_bucket.${bucketId}.id}`);
  if (policies.length !== 1) throw new Error(`expected one policy on ${bucketId}, found ${policies.length}`);
  const keys = Object.keys(bootstrapTf.resource.aws_kms_key).filter((k) => k.startsWith("state_"));
  if (keys.length !== 1) throw new Error(`expected one state KMS key, found ${keys.join(", ")}`);
  const text = (policies[0].policy as string)
    .split(`\${aws_s3_bucket.${bucketId}.arn}`)
    .join(`arn:aws:s3:::${bucketName}`)
    .split(`\${aws_kms_key.${keys[0]}.arn}`)
    .join(keyArn);
  if (text.includes("${")) throw new Error(`unresolved reference left in the state bucket policy: ${text}`);
  return JSON.parse(text);
}

const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };

/**
 * Decides a PutObject the way S3 would with this bucket policy, through
 * iam-simulate (AWS's policy evaluation logic with the IAM reference data).
 * The caller's identity policy allows all of S3, so only the bucket policy's
 * denies can refuse. The harness speaks plain HTTP on 127.0.0.1 where the
 * real backend speaks HTTPS, so aws:SecureTransport is true.
 */
export function bucketPolicyAuthorizer(policy: Json, accountId: string): (put: PutRequest) => Promise<boolean> {
  return async (put) => {
    const context: Record<string, string> = { "aws:SecureTransport": "true" };
    for (const header of ["x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id"]) {
      if (put.headers[header] !== undefined) context[`s3:${header}`] = put.headers[header];
    }
    const result = await runSimulation(
      {
        request: {
          principal: put.principal,
          action: "s3:PutObject",
          resource: { resource: `arn:aws:s3:::${put.bucket}/${put.key}`, accountId },
          contextVariables: context,
        },
        identityPolicies: [{ name: "caller", policy: ALLOW_ALL }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: policy,
      },
      { simulationMode: "Strict" },
    );
    if (result.resultType === "error") throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
    return result.overallResult === "Allowed";
  };
}
