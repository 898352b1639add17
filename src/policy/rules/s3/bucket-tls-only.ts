import { listOf, parsePolicyJson, type Statement } from "../../policy-json";
import type { PolicyRule } from "../../rule";
import { BUCKET_TYPES, bucketControls } from "./bucket-controls";

const ID = "CKV_AWS_379";

/**
 * Every bucket refuses plain-HTTP requests through a bucket policy statement
 * that denies s3:* when aws:SecureTransport is false (denyInsecureTransport()).
 * Checkov's CKV_AWS_379 only looks at buckets with public ACLs; this rule
 * holds every bucket to it.
 */
export const bucketTlsOnly: PolicyRule = {
  ids: [ID],
  title: "S3 bucket policies deny requests without TLS (aws:SecureTransport = false)",
  severity: "error",
  resourceTypes: BUCKET_TYPES,
  check(bucket, { stack }) {
    const fix = "add a bucket policy statement that denies s3:* to every principal when aws:SecureTransport is false (denyInsecureTransport())";
    const documents = [bucket.attributes.policy, ...bucketControls(bucket, "aws_s3_bucket_policy", stack).map((p) => p.attributes.policy)]
      .filter((d) => d !== undefined && d !== null)
      .map(parsePolicyJson);
    if (documents.some((d) => d.kind === "parsed" && d.statements.some(deniesInsecureTransport))) return [];
    const unparseable = documents.find((d) => d.kind === "unparseable");
    if (unparseable?.kind === "unparseable") {
      return [{ ruleId: ID, problem: `cannot read the bucket policy at synth time (${unparseable.reason})`, fix: "write it as literal JSON with policyDocument()", severity: "warning" }];
    }
    return [{ ruleId: ID, problem: documents.length ? "the bucket policy does not deny requests without TLS" : "the bucket has no policy that denies requests without TLS", fix }];
  },
};

function deniesInsecureTransport(s: Statement): boolean {
  if (s.Effect !== "Deny") return false;
  const principal = s.Principal;
  const everyone = principal === "*" || (typeof principal === "object" && principal !== null && listOf((principal as Record<string, unknown>).AWS).includes("*"));
  const actions = listOf(s.Action);
  if (!everyone || !(actions.includes("s3:*") || actions.includes("*"))) return false;
  const condition = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(condition).some(
    ([operator, keys]) =>
      /^Bool(IfExists)?$/i.test(operator) &&
      Object.entries(keys ?? {}).some(
        ([key, value]) => key.toLowerCase() === "aws:securetransport" && (Array.isArray(value) ? value : [value]).some((v) => String(v).toLowerCase() === "false"),
      ),
  );
}
