/**
 * IAM policy documents are written as literal JSON (not the
 * aws_iam_policy_document data source) so that the synthesized Terraform shows
 * every action and resource to a reviewer, and so that the policy rules and
 * the PR review can read them without running Terraform.
 */
export type OneOrMany = string | string[];

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, OneOrMany>>;
  readonly NotPrincipal?: Readonly<Record<string, OneOrMany>>;
  readonly Action?: OneOrMany;
  readonly NotAction?: OneOrMany;
  readonly Resource?: OneOrMany;
  readonly NotResource?: OneOrMany;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany | boolean>>>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy for an AWS service principal such as "ec2.amazonaws.com". */
export function serviceTrustPolicy(service: string, conditions?: PolicyStatement["Condition"]): string {
  return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(conditions ? { Condition: conditions } : {}) }]);
}

/** Denies every request to a bucket that is not made over TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
