import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { S3Request } from "./s3-test-server";

type Json = Record<string, any>;

/**
 * The state account's policies exactly as the bootstrap stack synthesized
 * them: the state bucket's policy and the state roles' inline policies, with
 * their Terraform references filled in (the bucket's ARN, and the state key's
 * ARN, which AWS assigns at apply; the test picks one).
 */
export interface StateAccountPolicies {
  readonly bucketPolicy: Json;
  /** Role ARN to its identity policy, for every state access role. */
  readonly rolePolicies: Record<string, Json>;
}

export function synthesizedStateAccountPolicies(bootstrapTf: Json, bucketName: string, accountId: string, keyArn: string): StateAccountPolicies {
  const resources = bootstrapTf.resource;
  const buckets = Object.entries<Json>(resources.aws_s3_bucket).filter(([, b]) => b.bucket === bucketName);
  if (buckets.length !== 1) throw new Error(`expected one aws_s3_bucket named ${bucketName}, found ${buckets.length}`);
  const [bucketId] = buckets[0];
  const keys = Object.keys(resources.aws_kms_key).filter((k) => k.startsWith("state_"));
  if (keys.length !== 1) throw new Error(`expected one state KMS key, found ${keys.join(", ")}`);
  const resolve = (text: string): Json => {
    const out = text.split(`\${aws_s3_bucket.${bucketId}.arn}`).join(`arn:aws:s3:::${bucketName}`).split(`\${aws_kms_key.${keys[0]}.arn}`).join(keyArn);
    if (out.includes("${")) throw new Error(`unresolved reference left in a state account policy: ${out}`);
    return JSON.parse(out);
  };

  const policies = Object.values<Json>(resources.aws_s3_bucket_policy).filter((p) => p.bucket === `\${aws_s3_bucket.${bucketId}.id}`);
  if (policies.length !== 1) throw new Error(`expected one policy on ${bucketId}, found ${policies.length}`);
  const rolePolicies: Record<string, Json> = {};
  for (const [roleId, role] of Object.entries<Json>(resources.aws_iam_role)) {
    if (role.provider) continue; // roles in the environment accounts
    const inline = Object.values<Json>(resources.aws_iam_role_policy ?? {}).filter((p) => p.role === `\${aws_iam_role.${roleId}.id}`);
    if (inline.length === 1 && inline[0].name === "state-access") rolePolicies[`arn:aws:iam::${accountId}:role/${role.name}`] = resolve(inline[0].policy);
  }
  return { bucketPolicy: resolve(policies[0].policy), rolePolicies };
}

const ALLOW_ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/**
 * Decides an S3 request the way AWS would in the state account, through
 * iam-simulate (AWS's policy evaluation logic with the IAM reference data):
 * the caller's identity policy (a state role's synthesized policy, or
 * allow-all for the admin credentials that run bootstrap) together with the
 * synthesized bucket policy. The harness speaks plain HTTP on 127.0.0.1
 * where the real backend speaks HTTPS, so aws:SecureTransport is true.
 */
export function stateAccountAuthorizer(policies: StateAccountPolicies, accountId: string): (request: S3Request) => Promise<boolean> {
  return async (request) => {
    const identity = request.roleArn ? policies.rolePolicies[request.roleArn] : ALLOW_ALL;
    if (!identity) return false;
    const context: Record<string, string> = { "aws:SecureTransport": "true" };
    for (const header of ["x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id"]) {
      if (request.action === "s3:PutObject" && request.headers[header] !== undefined) context[`s3:${header}`] = request.headers[header];
    }
    if (request.prefix !== undefined) context["s3:prefix"] = request.prefix;
    const result = await runSimulation(
      {
        request: {
          principal: request.principal,
          action: request.action,
          resource: { resource: `arn:aws:s3:::${request.bucket}${request.key !== undefined ? `/${request.key}` : ""}`, accountId },
          contextVariables: context,
        },
        identityPolicies: [{ name: "caller", policy: identity }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: policies.bucketPolicy,
      },
      { simulationMode: "Strict" },
    );
    if (result.resultType === "error") throw new Error(`simulation failed: ${JSON.stringify(result.errors)}`);
    return result.overallResult === "Allowed";
  };
}
