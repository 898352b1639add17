import type { PolicyStatement } from "./policy-document";

/**
 * What the deployer policies of one environment account are scoped to. Every
 * physical name the environment stacks create starts with `<project>-` (or
 * `/<project>/` for paths), see `Names` in src/config/naming.ts; the policies
 * lean on that to keep IAM, S3, SSM, logs and the rest to the project's own
 * resources.
 */
export interface DeployerScope {
  /** Account the deployer role lives in. */
  readonly accountId: string;
  /** organization.project, the name prefix of everything the stacks create. */
  readonly project: string;
  /** Name of the deployer role itself (organization.deployers.roleName). */
  readonly roleName: string;
  /** Route 53 zones and Dify hostnames of the environments in this account. @default [] */
  readonly dnsRecords: readonly DnsRecordScope[];
}

/** A hosted zone and the one name (plus its subdomains) that an environment writes records for. */
export interface DnsRecordScope {
  /** Route 53 hosted zone id, for example "Z00000000EXAMPLE". */
  readonly hostedZoneId: string;
  /** Dify hostname, for example "dify.example.com". */
  readonly domainName: string;
}

/** `<project>-deployer`: the prefix of the deployer's own managed policies and of its boundary. */
export function deployerPolicyPrefix(project: string): string {
  return `${project}-deployer`;
}

/**
 * Reading AWS managed policies (the stacks attach a few, such as
 * AmazonSSMManagedInstanceCore): the same statement in the permissions and
 * in the boundary, which must allow everything the permissions allow.
 */
export const READ_AWS_MANAGED_POLICIES: PolicyStatement = {
  Sid: "ReadAwsManagedPolicies",
  Effect: "Allow",
  Action: ["iam:GetPolicy", "iam:GetPolicyVersion"],
  Resource: "arn:aws:iam::aws:policy/*",
};
