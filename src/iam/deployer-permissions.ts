import { deployerBoundaryArn } from "./deployer-boundary";
import { type DeployerScope, READ_AWS_MANAGED_POLICIES } from "./deployer-scope";
import type { PolicyStatement } from "./policy-document";

/**
 * The deployer's permissions: exactly the actions that Terraform needs to
 * create, read, update and delete what the environment stacks build, split
 * into managed policies by area so that each stays under IAM's 6,144
 * character quota (see deployer-policy-size.ts; the construct refuses to synthesize a
 * larger one).
 *
 * Resources are scoped to the project's name prefix wherever the service puts
 * the name in the ARN. EC2, KMS, ACM and Bedrock guardrail ARNs carry random
 * ids, and EC2 create calls also authorize against subnets, images and network
 * interfaces they do not name, so those statements use the account's ARNs
 * or "*". Each environment has its own account, so "*" there means "this
 * environment's resources".
 */

/** Services that the stacks hand a project role to (iam:PassedToService). */
export const PASS_ROLE_SERVICES = [
  "ec2.amazonaws.com",
  "vpc-flow-logs.amazonaws.com",
  "backup.amazonaws.com",
  "scheduler.amazonaws.com",
  "monitoring.rds.amazonaws.com",
  "bedrock.amazonaws.com",
] as const;

/** Service-linked roles that the first use of a service in a fresh account creates. */
const SERVICE_LINKED_ROLE_SERVICES = [
  "autoscaling.amazonaws.com",
  "elasticloadbalancing.amazonaws.com",
  "rds.amazonaws.com",
  "elasticache.amazonaws.com",
  "backup.amazonaws.com",
  "wafv2.amazonaws.com",
] as const;

/**
 * AWS managed policies a project role may get attached, besides the project's
 * own policies. AdministratorAccess and the like can never match.
 */
const ATTACHABLE_AWS_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/service-role/*",
  "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
] as const;

/**
 * Services whose requests may use the environment's KMS keys on the deployer's
 * behalf (kms:ViaService). The deployer cannot call kms:Decrypt directly.
 */
const KMS_VIA_SERVICES = ["ec2", "rds", "s3", "elasticache", "backup", "secretsmanager", "sns", "bedrock"];

export type DeployerPolicyPart = "network" | "identity" | "data" | "edge";

/** Statements of each of the deployer's managed policies, keyed by the policy name's suffix. */
export function deployerPermissionPolicies(scope: DeployerScope): Record<DeployerPolicyPart, PolicyStatement[]> {
  return {
    network: networkStatements(scope),
    identity: identityStatements(scope),
    data: dataStatements(scope),
    edge: edgeStatements(scope),
  };
}

/** VPC, subnets, endpoints, security groups, hosts, EBS, Auto Scaling and the ALB. */
function networkStatements({ accountId: a, project: p }: DeployerScope): PolicyStatement[] {
  const elb = `arn:aws:elasticloadbalancing:*:${a}`;
  return [
    {
      Sid: "Ec2Read",
      Effect: "Allow",
      Action: [
        "ec2:Describe*",
        "ec2:GetLaunchTemplateData",
        "ec2:GetManagedPrefixListEntries",
        "ec2:GetEbsEncryptionByDefault",
        "ec2:GetEbsDefaultKmsKeyId",
        "ec2:GetInstanceMetadataDefaults",
        "ec2:GetSecurityGroupsForVpc",
      ],
      Resource: "*",
    },
    {
      Sid: "Network",
      Effect: "Allow",
      Action: [
        "ec2:CreateVpc",
        "ec2:DeleteVpc",
        "ec2:ModifyVpcAttribute",
        "ec2:CreateSubnet",
        "ec2:DeleteSubnet",
        "ec2:ModifySubnetAttribute",
        "ec2:CreateInternetGateway",
        "ec2:DeleteInternetGateway",
        "ec2:AttachInternetGateway",
        "ec2:DetachInternetGateway",
        "ec2:AllocateAddress",
        "ec2:ReleaseAddress",
        "ec2:AssociateAddress",
        "ec2:DisassociateAddress",
        "ec2:CreateNatGateway",
        "ec2:DeleteNatGateway",
        "ec2:CreateRouteTable",
        "ec2:DeleteRouteTable",
        "ec2:AssociateRouteTable",
        "ec2:DisassociateRouteTable",
        "ec2:ReplaceRouteTableAssociation",
        "ec2:CreateRoute",
        "ec2:DeleteRoute",
        "ec2:ReplaceRoute",
        "ec2:CreateNetworkAclEntry",
        "ec2:DeleteNetworkAclEntry",
        "ec2:ReplaceNetworkAclEntry",
        "ec2:ReplaceNetworkAclAssociation",
        "ec2:CreateVpcEndpoint",
        "ec2:ModifyVpcEndpoint",
        "ec2:DeleteVpcEndpoints",
        "ec2:CreateFlowLogs",
        "ec2:DeleteFlowLogs",
        "ec2:CreateSecurityGroup",
        "ec2:DeleteSecurityGroup",
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:AuthorizeSecurityGroupEgress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupEgress",
        "ec2:ModifySecurityGroupRules",
        "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
        "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
        "ec2:CreateTags",
        "ec2:DeleteTags",
        // Interface endpoints with private DNS associate the VPC with a
        // hosted zone that AWS owns, on the caller's authority.
        "route53:AssociateVPCWithHostedZone",
        "route53:DisassociateVPCFromHostedZone",
      ],
      Resource: "*",
    },
    {
      Sid: "HostsAndVolumes",
      Effect: "Allow",
      Action: [
        "ec2:CreateLaunchTemplate",
        "ec2:CreateLaunchTemplateVersion",
        "ec2:ModifyLaunchTemplate",
        "ec2:DeleteLaunchTemplate",
        "ec2:DeleteLaunchTemplateVersions",
        "ec2:RunInstances",
        "ec2:TerminateInstances",
        "ec2:StartInstances",
        "ec2:StopInstances",
        "ec2:ModifyInstanceAttribute",
        "ec2:ModifyInstanceMetadataOptions",
        "ec2:ModifyInstanceCreditSpecification",
        "ec2:MonitorInstances",
        "ec2:UnmonitorInstances",
        "ec2:AssociateIamInstanceProfile",
        "ec2:ReplaceIamInstanceProfileAssociation",
        "ec2:DisassociateIamInstanceProfile",
        "ec2:CreateVolume",
        "ec2:DeleteVolume",
        "ec2:AttachVolume",
        "ec2:DetachVolume",
        "ec2:ModifyVolume",
        "ec2:CreateSnapshot",
        "ec2:DeleteSnapshot",
        "ec2:EnableEbsEncryptionByDefault",
        "ec2:ModifyEbsDefaultKmsKeyId",
      ],
      Resource: "*",
    },
    {
      Sid: "AutoScalingRead",
      Effect: "Allow",
      Action: "autoscaling:Describe*",
      Resource: "*",
    },
    {
      Sid: "ProjectAutoScalingGroups",
      Effect: "Allow",
      Action: [
        "autoscaling:CreateAutoScalingGroup",
        "autoscaling:UpdateAutoScalingGroup",
        "autoscaling:DeleteAutoScalingGroup",
        "autoscaling:CreateOrUpdateTags",
        "autoscaling:DeleteTags",
        "autoscaling:SetDesiredCapacity",
        "autoscaling:SetInstanceProtection",
        "autoscaling:SuspendProcesses",
        "autoscaling:ResumeProcesses",
        "autoscaling:StartInstanceRefresh",
        "autoscaling:CancelInstanceRefresh",
        "autoscaling:EnableMetricsCollection",
        "autoscaling:DisableMetricsCollection",
        "autoscaling:PutScalingPolicy",
        "autoscaling:DeletePolicy",
        "autoscaling:PutLifecycleHook",
        "autoscaling:DeleteLifecycleHook",
        "autoscaling:PutScheduledUpdateGroupAction",
        "autoscaling:DeleteScheduledAction",
        "autoscaling:PutNotificationConfiguration",
        "autoscaling:DeleteNotificationConfiguration",
        "autoscaling:AttachLoadBalancerTargetGroups",
        "autoscaling:DetachLoadBalancerTargetGroups",
        "autoscaling:AttachTrafficSources",
        "autoscaling:DetachTrafficSources",
        "autoscaling:PutWarmPool",
        "autoscaling:DeleteWarmPool",
      ],
      Resource: `arn:aws:autoscaling:*:${a}:autoScalingGroup:*:autoScalingGroupName/${p}-*`,
    },
    {
      Sid: "LoadBalancerRead",
      Effect: "Allow",
      Action: "elasticloadbalancing:Describe*",
      Resource: "*",
    },
    {
      Sid: "ProjectLoadBalancers",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateLoadBalancer",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets",
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:ModifyListenerAttributes",
        "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates",
        "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule",
        "elasticloadbalancing:ModifyRule",
        "elasticloadbalancing:SetRulePriorities",
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:RemoveTags",
      ],
      Resource: [`${elb}:loadbalancer/app/${p}-*/*`, `${elb}:targetgroup/${p}-*/*`, `${elb}:listener/app/${p}-*/*`, `${elb}:listener-rule/app/${p}-*/*`],
    },
    {
      // wafv2:AssociateWebACL (scoped to the project's ACLs and load balancers
      // in ProjectWebAcls) also needs this. SetWebAcl has no resource type
      // and no condition key in AWS's reference, so only "*" can grant it;
      // the WAF half of the pair keeps it to the project's load balancers.
      Sid: "WebAclAssociation",
      Effect: "Allow",
      Action: "elasticloadbalancing:SetWebAcl",
      Resource: "*",
    },
  ];
}

/** IAM for the project's roles, KMS, SSM parameters, RDS-managed secrets, identity and quotas. */
function identityStatements({ accountId: a, project: p }: DeployerScope): PolicyStatement[] {
  const role = `arn:aws:iam::${a}:role/${p}-*`;
  const boundary = { StringEquals: { "iam:PermissionsBoundary": deployerBoundaryArn(a, p) } };
  const projectParameters = `arn:aws:ssm:*:${a}:parameter/${p}/*`;
  return [
    {
      Sid: "ProjectRoles",
      Effect: "Allow",
      Action: [
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
        "iam:UpdateAssumeRolePolicy",
        "iam:DeleteRole",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:ListRoleTags",
        "iam:GetRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
      ],
      Resource: role,
    },
    {
      // The boundary denies these without it as well; stating the condition
      // here too makes the identity policy say what it allows.
      Sid: "ProjectRolesWithBoundary",
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"],
      Resource: role,
      Condition: boundary,
    },
    {
      Sid: "AttachProjectOrServicePolicies",
      Effect: "Allow",
      Action: "iam:AttachRolePolicy",
      Resource: role,
      Condition: { ...boundary, ArnLike: { "iam:PolicyARN": [`arn:aws:iam::${a}:policy/${p}-*`, ...ATTACHABLE_AWS_MANAGED_POLICIES] } },
    },
    {
      Sid: "PassProjectRoles",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: role,
      Condition: { StringEquals: { "iam:PassedToService": [...PASS_ROLE_SERVICES] } },
    },
    {
      Sid: "ProjectInstanceProfiles",
      Effect: "Allow",
      Action: [
        "iam:CreateInstanceProfile",
        "iam:DeleteInstanceProfile",
        "iam:GetInstanceProfile",
        "iam:AddRoleToInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:TagInstanceProfile",
        "iam:UntagInstanceProfile",
        "iam:ListInstanceProfileTags",
      ],
      Resource: `arn:aws:iam::${a}:instance-profile/${p}-*`,
    },
    {
      Sid: "ProjectPolicies",
      Effect: "Allow",
      Action: [
        "iam:CreatePolicy",
        "iam:DeletePolicy",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:ListPolicyVersions",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicyVersion",
        "iam:ListEntitiesForPolicy",
        "iam:TagPolicy",
        "iam:UntagPolicy",
        "iam:ListPolicyTags",
      ],
      Resource: `arn:aws:iam::${a}:policy/${p}-*`,
    },
    READ_AWS_MANAGED_POLICIES,
    {
      Sid: "ServiceLinkedRoles",
      Effect: "Allow",
      Action: "iam:CreateServiceLinkedRole",
      Resource: `arn:aws:iam::${a}:role/aws-service-role/*`,
      Condition: { StringEquals: { "iam:AWSServiceName": [...SERVICE_LINKED_ROLE_SERVICES] } },
    },
    {
      // CreateKey names no key yet, and tagging at creation (default_tags)
      // is authorized as kms:TagResource in the same call.
      Sid: "CreateKeys",
      Effect: "Allow",
      Action: ["kms:CreateKey", "kms:TagResource", "kms:ListAliases"],
      Resource: "*",
    },
    {
      Sid: "ManageKeys",
      Effect: "Allow",
      Action: [
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:ListResourceTags",
        "kms:PutKeyPolicy",
        "kms:EnableKeyRotation",
        "kms:UpdateKeyDescription",
        "kms:UntagResource",
        "kms:ScheduleKeyDeletion",
      ],
      Resource: `arn:aws:kms:*:${a}:key/*`,
    },
    {
      Sid: "ProjectKeyAliases",
      Effect: "Allow",
      Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
      Resource: [`arn:aws:kms:*:${a}:alias/${p}-*`, `arn:aws:kms:*:${a}:key/*`],
    },
    {
      // Encrypted EBS volumes, RDS instances, caches and vaults: the service
      // creates a grant and data keys in the caller's name.
      Sid: "KeyGrantsForAwsResources",
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      Resource: `arn:aws:kms:*:${a}:key/*`,
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
    {
      Sid: "UseKeysThroughServices",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
      Resource: `arn:aws:kms:*:${a}:key/*`,
      Condition: { StringLike: { "kms:ViaService": KMS_VIA_SERVICES.map((s) => `${s}.*.amazonaws.com`) } },
    },
    {
      Sid: "ProjectParameters",
      Effect: "Allow",
      Action: [
        "ssm:PutParameter",
        "ssm:DeleteParameter",
        "ssm:DeleteParameters",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:AddTagsToResource",
        "ssm:RemoveTagsFromResource",
        "ssm:ListTagsForResource",
      ],
      Resource: projectParameters,
    },
    {
      // Latest AMI ids (for example /aws/service/ami-amazon-linux-latest/...).
      Sid: "PublicParameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParameters"],
      Resource: "arn:aws:ssm:*::parameter/aws/service/*",
    },
    {
      Sid: "DescribeParameters",
      Effect: "Allow",
      Action: "ssm:DescribeParameters",
      Resource: "*",
    },
    {
      // The hosts generate these at first boot; Terraform never reads or
      // writes them, so they can never reach state or a plan.
      Sid: "DenyHostSecrets",
      Effect: "Deny",
      Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory", "ssm:GetParametersByPath", "ssm:PutParameter"],
      Resource: `arn:aws:ssm:*:${a}:parameter/${p}/*/secrets/*`,
    },
    {
      // RDS creates and rotates the master secret with the caller's
      // permissions (manage_master_user_password). No GetSecretValue: the
      // password is for the hosts, never for Terraform.
      Sid: "RdsManagedSecrets",
      Effect: "Allow",
      Action: [
        "secretsmanager:CreateSecret",
        "secretsmanager:UpdateSecret",
        "secretsmanager:RotateSecret",
        "secretsmanager:DeleteSecret",
        "secretsmanager:TagResource",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:ListSecretVersionIds",
      ],
      Resource: `arn:aws:secretsmanager:*:${a}:secret:rds!*`,
    },
    {
      Sid: "IdentityAndQuotas",
      Effect: "Allow",
      Action: [
        "sts:GetCallerIdentity",
        "servicequotas:GetServiceQuota",
        "servicequotas:GetAWSDefaultServiceQuota",
        "servicequotas:ListServiceQuotas",
        "servicequotas:ListAWSDefaultServiceQuotas",
      ],
      Resource: "*",
    },
  ];
}

/** S3 buckets, RDS, ElastiCache, AWS Backup and its failure alerts (EventBridge rules). */
function dataStatements({ accountId: a, project: p }: DeployerScope): PolicyStatement[] {
  const rds = `arn:aws:rds:*:${a}`;
  const cache = `arn:aws:elasticache:*:${a}`;
  return [
    {
      Sid: "ProjectBuckets",
      Effect: "Allow",
      Action: [
        "s3:CreateBucket",
        "s3:DeleteBucket",
        "s3:ListBucket",
        "s3:ListBucketVersions",
        "s3:GetBucket*",
        "s3:PutBucket*",
        "s3:DeleteBucketPolicy",
        "s3:GetAccelerateConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:PutLifecycleConfiguration",
        "s3:GetEncryptionConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:GetReplicationConfiguration",
      ],
      Resource: `arn:aws:s3:::${p}-*`,
    },
    {
      // force_destroy on non-production buckets empties them first. No
      // GetObject: Dify's files are not the deployer's to read.
      Sid: "EmptyProjectBuckets",
      Effect: "Allow",
      Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
      Resource: `arn:aws:s3:::${p}-*/*`,
    },
    {
      Sid: "DatabaseRead",
      Effect: "Allow",
      Action: ["rds:Describe*", "rds:ListTagsForResource"],
      Resource: "*",
    },
    {
      // CreateDBInstance also authorizes the default option group and, when
      // no custom one is set, the default parameter group.
      Sid: "ProjectDatabases",
      Effect: "Allow",
      Action: [
        "rds:CreateDBInstance",
        "rds:ModifyDBInstance",
        "rds:DeleteDBInstance",
        "rds:RebootDBInstance",
        "rds:StartDBInstance",
        "rds:StopDBInstance",
        "rds:CreateDBSubnetGroup",
        "rds:ModifyDBSubnetGroup",
        "rds:DeleteDBSubnetGroup",
        "rds:CreateDBParameterGroup",
        "rds:ModifyDBParameterGroup",
        "rds:ResetDBParameterGroup",
        "rds:DeleteDBParameterGroup",
        "rds:CreateDBSnapshot",
        "rds:DeleteDBSnapshot",
        "rds:AddTagsToResource",
        "rds:RemoveTagsFromResource",
      ],
      Resource: [`${rds}:db:${p}-*`, `${rds}:subgrp:${p}-*`, `${rds}:pg:${p}-*`, `${rds}:pg:default.*`, `${rds}:og:*`, `${rds}:snapshot:${p}-*`],
    },
    {
      Sid: "CacheRead",
      Effect: "Allow",
      Action: ["elasticache:Describe*", "elasticache:ListTagsForResource"],
      Resource: "*",
    },
    {
      // A user group must hold a user named "default", which may be the
      // account's built-in user "default".
      Sid: "ProjectCaches",
      Effect: "Allow",
      Action: [
        "elasticache:CreateReplicationGroup",
        "elasticache:ModifyReplicationGroup",
        "elasticache:DeleteReplicationGroup",
        "elasticache:CreateServerlessCache",
        "elasticache:ModifyServerlessCache",
        "elasticache:DeleteServerlessCache",
        "elasticache:CreateCacheSubnetGroup",
        "elasticache:ModifyCacheSubnetGroup",
        "elasticache:DeleteCacheSubnetGroup",
        "elasticache:CreateCacheParameterGroup",
        "elasticache:ModifyCacheParameterGroup",
        "elasticache:ResetCacheParameterGroup",
        "elasticache:DeleteCacheParameterGroup",
        "elasticache:CreateUser",
        "elasticache:ModifyUser",
        "elasticache:DeleteUser",
        "elasticache:CreateUserGroup",
        "elasticache:ModifyUserGroup",
        "elasticache:DeleteUserGroup",
        "elasticache:CreateSnapshot",
        "elasticache:DeleteSnapshot",
        "elasticache:AddTagsToResource",
        "elasticache:RemoveTagsFromResource",
      ],
      Resource: [
        `${cache}:replicationgroup:${p}-*`,
        `${cache}:cluster:${p}-*`,
        `${cache}:serverlesscache:${p}-*`,
        `${cache}:subnetgroup:${p}-*`,
        `${cache}:parametergroup:${p}-*`,
        `${cache}:parametergroup:default.*`,
        `${cache}:user:${p}-*`,
        `${cache}:user:default`,
        `${cache}:usergroup:${p}-*`,
        `${cache}:snapshot:${p}-*`,
      ],
    },
    {
      Sid: "BackupRead",
      Effect: "Allow",
      Action: ["backup:ListBackupPlans", "backup:ListBackupVaults", "backup:ListBackupSelections", "backup:ListTags"],
      Resource: "*",
    },
    {
      Sid: "ProjectBackupVaults",
      Effect: "Allow",
      Action: [
        "backup:CreateBackupVault",
        "backup:DeleteBackupVault",
        "backup:DescribeBackupVault",
        "backup:PutBackupVaultAccessPolicy",
        "backup:GetBackupVaultAccessPolicy",
        "backup:DeleteBackupVaultAccessPolicy",
        "backup:PutBackupVaultNotifications",
        "backup:GetBackupVaultNotifications",
        "backup:DeleteBackupVaultNotifications",
        "backup:PutBackupVaultLockConfiguration",
        "backup:ListRecoveryPointsByBackupVault",
        "backup:TagResource",
        "backup:UntagResource",
      ],
      Resource: `arn:aws:backup:*:${a}:backup-vault:${p}-*`,
    },
    {
      // Plan ARNs carry a random id; selections live inside their plan.
      Sid: "BackupPlans",
      Effect: "Allow",
      Action: [
        "backup:CreateBackupPlan",
        "backup:UpdateBackupPlan",
        "backup:DeleteBackupPlan",
        "backup:GetBackupPlan",
        "backup:CreateBackupSelection",
        "backup:DeleteBackupSelection",
        "backup:GetBackupSelection",
        "backup:TagResource",
        "backup:UntagResource",
      ],
      Resource: `arn:aws:backup:*:${a}:backup-plan:*`,
    },
    {
      // CreateBackupVault mounts the vault's storage.
      Sid: "BackupStorage",
      Effect: "Allow",
      Action: "backup-storage:MountCapsule",
      Resource: "*",
    },
    {
      Sid: "ProjectEventRules",
      Effect: "Allow",
      Action: [
        "events:PutRule",
        "events:DeleteRule",
        "events:DescribeRule",
        "events:EnableRule",
        "events:DisableRule",
        "events:PutTargets",
        "events:RemoveTargets",
        "events:ListTargetsByRule",
        "events:TagResource",
        "events:UntagResource",
        "events:ListTagsForResource",
      ],
      Resource: `arn:aws:events:*:${a}:rule/${p}-*`,
    },
  ];
}

/** Certificates, DNS, WAF, logs, alarms, notifications, schedules and Bedrock. */
function edgeStatements({ accountId: a, project: p, dnsRecords }: DeployerScope): PolicyStatement[] {
  const zones = [...new Set(dnsRecords.map((r) => `arn:aws:route53:::hostedzone/${r.hostedZoneId}`))].sort();
  const recordNames = [...new Set(dnsRecords.flatMap((r) => normalizedRecordNames(r.domainName)))].sort();
  const logs = `arn:aws:logs:*:${a}:log-group`;
  const statements: PolicyStatement[] = [
    {
      Sid: "Certificates",
      Effect: "Allow",
      Action: ["acm:RequestCertificate", "acm:ListCertificates"],
      Resource: "*",
    },
    {
      Sid: "ManageCertificates",
      Effect: "Allow",
      Action: ["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate", "acm:ListTagsForCertificate"],
      Resource: `arn:aws:acm:*:${a}:certificate/*`,
    },
    {
      Sid: "DnsRead",
      Effect: "Allow",
      Action: ["route53:ListHostedZones", "route53:ListHostedZonesByName", "route53:GetChange"],
      Resource: "*",
    },
  ];
  if (zones.length > 0) {
    statements.push(
      {
        Sid: "ReadEnvironmentZones",
        Effect: "Allow",
        Action: ["route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ListTagsForResource"],
        Resource: zones,
      },
      {
        // Only the Dify hostnames and their ACM validation records.
        Sid: "DifyRecords",
        Effect: "Allow",
        Action: "route53:ChangeResourceRecordSets",
        Resource: zones,
        Condition: { "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": recordNames } },
      },
    );
  }
  statements.push(
    {
      Sid: "WafRead",
      Effect: "Allow",
      Action: [
        "wafv2:ListWebACLs",
        "wafv2:ListIPSets",
        "wafv2:ListAvailableManagedRuleGroups",
        "wafv2:ListAvailableManagedRuleGroupVersions",
        "wafv2:DescribeManagedRuleGroup",
        "wafv2:CheckCapacity",
        "wafv2:ListResourcesForWebACL",
      ],
      Resource: "*",
    },
    {
      // Associating an ACL authorizes the load balancer too.
      Sid: "ProjectWebAcls",
      Effect: "Allow",
      Action: [
        "wafv2:CreateWebACL",
        "wafv2:UpdateWebACL",
        "wafv2:DeleteWebACL",
        "wafv2:GetWebACL",
        "wafv2:AssociateWebACL",
        "wafv2:DisassociateWebACL",
        "wafv2:GetWebACLForResource",
        "wafv2:PutLoggingConfiguration",
        "wafv2:GetLoggingConfiguration",
        "wafv2:DeleteLoggingConfiguration",
        "wafv2:CreateIPSet",
        "wafv2:UpdateIPSet",
        "wafv2:DeleteIPSet",
        "wafv2:GetIPSet",
        "wafv2:TagResource",
        "wafv2:UntagResource",
        "wafv2:ListTagsForResource",
      ],
      Resource: [
        `arn:aws:wafv2:*:${a}:regional/webacl/${p}-*/*`,
        `arn:aws:wafv2:*:${a}:regional/ipset/${p}-*/*`,
        "arn:aws:wafv2:*:*:regional/managedruleset/*/*",
        `arn:aws:elasticloadbalancing:*:${a}:loadbalancer/app/${p}-*/*`,
      ],
    },
    {
      // WAF log groups must be named aws-waf-logs-*; RDS exports to a fixed path.
      Sid: "ProjectLogGroups",
      Effect: "Allow",
      Action: [
        "logs:CreateLogGroup",
        "logs:DeleteLogGroup",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        "logs:AssociateKmsKey",
        "logs:DisassociateKmsKey",
        "logs:PutMetricFilter",
        "logs:DeleteMetricFilter",
        "logs:TagResource",
        "logs:UntagResource",
        "logs:ListTagsForResource",
        "logs:TagLogGroup",
        "logs:UntagLogGroup",
        "logs:ListTagsLogGroup",
      ],
      Resource: [`${logs}:/${p}/*`, `${logs}:aws-waf-logs-${p}-*`, `${logs}:/aws/rds/instance/${p}-*`],
    },
    {
      // Vended log deliveries (WAF, flow logs to S3, ElastiCache) and the
      // account's log resource policies have no per-group ARN.
      Sid: "LogDeliveries",
      Effect: "Allow",
      Action: [
        "logs:DescribeLogGroups",
        "logs:DescribeMetricFilters",
        "logs:DescribeResourcePolicies",
        "logs:PutResourcePolicy",
        "logs:DeleteResourcePolicy",
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
      ],
      Resource: "*",
    },
    {
      Sid: "ProjectAlarmsAndDashboards",
      Effect: "Allow",
      Action: [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:PutCompositeAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:EnableAlarmActions",
        "cloudwatch:DisableAlarmActions",
        "cloudwatch:PutDashboard",
        "cloudwatch:GetDashboard",
        "cloudwatch:DeleteDashboards",
        "cloudwatch:TagResource",
        "cloudwatch:UntagResource",
        "cloudwatch:ListTagsForResource",
      ],
      Resource: [`arn:aws:cloudwatch:*:${a}:alarm:${p}-*`, `arn:aws:cloudwatch::${a}:dashboard/${p}-*`],
    },
    {
      // The environment's cost budget; Budgets is global, so its ARN has no region.
      Sid: "ProjectBudgets",
      Effect: "Allow",
      Action: ["budgets:ModifyBudget", "budgets:ViewBudget", "budgets:TagResource", "budgets:UntagResource", "budgets:ListTagsForResource"],
      Resource: `arn:aws:budgets::${a}:budget/${p}-*`,
    },
    {
      Sid: "ProjectTopics",
      Effect: "Allow",
      Action: [
        "sns:CreateTopic",
        "sns:DeleteTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:Subscribe",
        "sns:ListSubscriptionsByTopic",
        "sns:TagResource",
        "sns:UntagResource",
        "sns:ListTagsForResource",
      ],
      Resource: `arn:aws:sns:*:${a}:${p}-*`,
    },
    {
      // Subscription calls are not authorized against a topic ARN.
      Sid: "ReadOnlyAndSubscriptions",
      Effect: "Allow",
      Action: [
        "cloudwatch:DescribeAlarms",
        "sns:GetSubscriptionAttributes",
        "sns:SetSubscriptionAttributes",
        "sns:Unsubscribe",
        "scheduler:ListSchedules",
        "scheduler:ListScheduleGroups",
        "bedrock:ListGuardrails",
        "bedrock:ListFoundationModels",
        "bedrock:GetFoundationModel",
        "bedrock:ListInferenceProfiles",
        "bedrock:GetInferenceProfile",
        // `npm run models` reads model access; the action has no resource type.
        "bedrock:GetFoundationModelAvailability",
      ],
      Resource: "*",
    },
    {
      Sid: "ProjectSchedules",
      Effect: "Allow",
      Action: [
        "scheduler:CreateSchedule",
        "scheduler:UpdateSchedule",
        "scheduler:DeleteSchedule",
        "scheduler:GetSchedule",
        "scheduler:CreateScheduleGroup",
        "scheduler:DeleteScheduleGroup",
        "scheduler:GetScheduleGroup",
        "scheduler:TagResource",
        "scheduler:UntagResource",
        "scheduler:ListTagsForResource",
      ],
      Resource: [`arn:aws:scheduler:*:${a}:schedule/*/${p}-*`, `arn:aws:scheduler:*:${a}:schedule/${p}-*/*`, `arn:aws:scheduler:*:${a}:schedule-group/${p}-*`],
    },
    {
      // No invoke actions: the deployer configures Bedrock, the hosts use it.
      Sid: "Guardrails",
      Effect: "Allow",
      Action: [
        "bedrock:UpdateGuardrail",
        "bedrock:DeleteGuardrail",
        "bedrock:GetGuardrail",
        "bedrock:CreateGuardrailVersion",
        "bedrock:TagResource",
        "bedrock:UntagResource",
        "bedrock:ListTagsForResource",
      ],
      Resource: `arn:aws:bedrock:*:${a}:guardrail/*`,
    },
    {
      // CreateGuardrail authorizes against no guardrail ARN (the guardrail
      // does not exist yet), only "*". The provider's default_tags send the
      // Project tag with the create call, and the action supports
      // aws:RequestTag, so only project-tagged guardrails can be created.
      Sid: "CreateProjectGuardrails",
      Effect: "Allow",
      Action: "bedrock:CreateGuardrail",
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestTag/Project": p } },
    },
    {
      Sid: "InvocationLogging",
      Effect: "Allow",
      Action: ["bedrock:PutModelInvocationLoggingConfiguration", "bedrock:GetModelInvocationLoggingConfiguration", "bedrock:DeleteModelInvocationLoggingConfiguration"],
      Resource: "*",
    },
  );
  return statements;
}

/**
 * Route 53 compares lowercase names without the trailing dot. ACM's DNS
 * validation records are `_<token>.<domain>`, so subdomains are included.
 */
function normalizedRecordNames(domainName: string): string[] {
  const name = domainName.toLowerCase().replace(/\.$/, "");
  return [name, `*.${name}`];
}
