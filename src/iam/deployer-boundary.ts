import { type DeployerScope, deployerPolicyPrefix, READ_AWS_MANAGED_POLICIES } from "./deployer-scope";
import type { PolicyStatement } from "./policy-document";

/** `<project>-deployer-boundary` */
export function deployerBoundaryName(project: string): string {
  return `${deployerPolicyPrefix(project)}-boundary`;
}

/**
 * ARN of the permissions boundary that bootstrap creates in every environment
 * account. Every IAM role that an environment stack creates must set
 * `permissions_boundary` to this ARN: the boundary refuses the deployer any
 * role without it.
 */
export function deployerBoundaryArn(accountId: string, project: string): string {
  return `arn:aws:iam::${accountId}:policy/${deployerBoundaryName(project)}`;
}

/**
 * Services in the ceiling. A boundary grants nothing by itself, so whole
 * services are listed here; the exact actions live in the deployer's
 * permission policies. The ceiling also caps every role the stacks create
 * (they must carry this boundary), so it holds the runtime needs of those
 * roles too: Session Manager channels (ssmmessages, ec2messages) and Bedrock
 * invocation for the Dify hosts.
 */
const BOUNDARY_SERVICES = [
  "acm",
  "autoscaling",
  "backup",
  "backup-storage",
  "bedrock",
  "budgets",
  "cloudwatch",
  "ec2",
  "ec2messages",
  "elasticache",
  "elasticloadbalancing",
  "kms",
  "logs",
  "rds",
  "route53",
  "scheduler",
  "sns",
  "ssm",
  "ssmmessages",
  "wafv2",
] as const;

/** IAM actions whose `iam:PermissionsBoundary` condition key names the boundary of the role or user they touch. */
const BOUNDARY_GATED_ACTIONS = [
  "iam:CreateRole",
  "iam:PutRolePermissionsBoundary",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:CreateUser",
  "iam:PutUserPermissionsBoundary",
  "iam:AttachUserPolicy",
  "iam:DetachUserPolicy",
  "iam:PutUserPolicy",
  "iam:DeleteUserPolicy",
];

/**
 * The permissions boundary of the deployer role and of every role the stacks
 * create. It is the real ceiling of the deployer: a principal that can create
 * roles can hand itself anything those roles may do, so the boundary (a) keeps
 * IAM to the project's prefix, (b) refuses any role or user that does not
 * carry this same boundary, (c) refuses removing a boundary, and (d) refuses
 * changes to the boundary, to the deployer's own policies and to the deployer
 * role, which only bootstrap (run with admin credentials) may change.
 */
export function deployerBoundaryStatements(scope: DeployerScope): PolicyStatement[] {
  const { accountId: a, project: p } = scope;
  const boundaryArn = deployerBoundaryArn(a, p);
  return [
    {
      Sid: "ProjectServices",
      Effect: "Allow",
      Action: BOUNDARY_SERVICES.map((s) => `${s}:*`),
      Resource: "*",
    },
    {
      Sid: "ReadOnlyServices",
      Effect: "Allow",
      Action: ["sts:GetCallerIdentity", "servicequotas:Get*", "servicequotas:List*", "tag:GetResources"],
      Resource: "*",
    },
    {
      // Serverless third-party models (Anthropic, Cohere) subscribe the
      // account through AWS Marketplace on their first invocation, made with
      // the host role's credentials.
      Sid: "BedrockModelSubscription",
      Effect: "Allow",
      Action: ["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe"],
      Resource: "*",
    },
    {
      Sid: "ProjectBuckets",
      Effect: "Allow",
      Action: "s3:*",
      Resource: [`arn:aws:s3:::${p}-*`, `arn:aws:s3:::${p}-*/*`],
    },
    {
      Sid: "ProjectAndRdsSecrets",
      Effect: "Allow",
      Action: "secretsmanager:*",
      Resource: [`arn:aws:secretsmanager:*:${a}:secret:rds!*`, `arn:aws:secretsmanager:*:${a}:secret:${p}-*`],
    },
    {
      // The project's own rules (backup failure alerts) and AWS Backup's
      // managed rules for continuous S3 backups.
      Sid: "EventRules",
      Effect: "Allow",
      Action: "events:*",
      Resource: [`arn:aws:events:*:${a}:rule/${p}-*`, `arn:aws:events:*:${a}:rule/AwsBackupManagedRule*`],
    },
    {
      Sid: "ProjectIam",
      Effect: "Allow",
      Action: "iam:*",
      Resource: [`arn:aws:iam::${a}:role/${p}-*`, `arn:aws:iam::${a}:policy/${p}-*`, `arn:aws:iam::${a}:instance-profile/${p}-*`],
    },
    READ_AWS_MANAGED_POLICIES,
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `arn:aws:iam::${a}:role/aws-service-role/*`,
    },
    {
      Sid: "DenyPrincipalsWithoutThisBoundary",
      Effect: "Deny",
      Action: BOUNDARY_GATED_ACTIONS,
      Resource: "*",
      Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundaryArn } },
    },
    {
      Sid: "DenyBoundaryRemoval",
      Effect: "Deny",
      Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
      Resource: "*",
    },
    {
      Sid: "DenyBoundaryAndDeployerPolicyChanges",
      Effect: "Deny",
      Action: ["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
      Resource: [boundaryArn, `arn:aws:iam::${a}:policy/${deployerPolicyPrefix(p)}-*`],
    },
    {
      Sid: "DenyDeployerRoleChanges",
      Effect: "Deny",
      Action: [
        "iam:AttachRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:DeleteRole",
        "iam:PutRolePermissionsBoundary",
        "iam:TagRole",
        "iam:UntagRole",
      ],
      Resource: `arn:aws:iam::${a}:role/${scope.roleName}`,
    },
  ];
}
