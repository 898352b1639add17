/**
 * What the AWS provider (5.100) calls, as IAM actions, to create, read,
 * update, tag and delete each Terraform resource type that the stacks can
 * declare, and to read each data source. The deployer role must be allowed
 * all of it; __tests__/iam-reference/deployer-coverage.test.ts simulates each
 * call against the deployer's policies and boundary, and fails when a type
 * the stacks use has no row here.
 *
 * A call authorizes against the resource's own ARN unless it says otherwise:
 * `on` names another Terraform type (the one the resource refers to, such as
 * a listener's load balancer), a literal ARN (`${Region}` and `${Account}` are
 * filled in, `${Arn}` is the resource's own ARN and `${Name}` its last part), or "*". Actions without a resource type are always checked on
 * "*". `context` holds the condition keys AWS sets on the request (for
 * example the service a role is passed to).
 */

export interface ActionCall {
  readonly action: string;
  /** What the call authorizes against. @default the resource's own ARN */
  readonly on?: string;
  /** Request context keys AWS sets for this call. @default {} */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type Call = string | ActionCall;

export interface ResourceActions {
  readonly create: readonly Call[];
  readonly read: readonly Call[];
  readonly update: readonly Call[];
  readonly tag: readonly Call[];
  readonly delete: readonly Call[];
}

const passRole = (service: string): ActionCall => ({ action: "iam:PassRole", on: "aws_iam_role", context: { "iam:PassedToService": service } });
const serviceLinkedRole = (service: string): ActionCall => ({
  action: "iam:CreateServiceLinkedRole",
  on: `arn:aws:iam::\${Account}:role/aws-service-role/${service}/AWSServiceRole`,
  context: { "iam:AWSServiceName": service },
});
/** Encrypting with a customer managed key: the service creates a grant and data keys in the caller's name. */
const keyUseVia = (service: string): ActionCall[] => [
  { action: "kms:DescribeKey", on: "aws_kms_key" },
  { action: "kms:CreateGrant", on: "aws_kms_key", context: { "kms:GrantIsForAWSResource": "true", "kms:ViaService": `${service}.\${Region}.amazonaws.com` } },
  { action: "kms:GenerateDataKeyWithoutPlaintext", on: "aws_kms_key", context: { "kms:ViaService": `${service}.\${Region}.amazonaws.com` } },
  { action: "kms:Decrypt", on: "aws_kms_key", context: { "kms:ViaService": `${service}.\${Region}.amazonaws.com` } },
];

const ec2Tags = { tag: ["ec2:CreateTags", "ec2:DeleteTags"] } as const;
const elbTags = { tag: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags", "elasticloadbalancing:DescribeTags"] } as const;
const rdsTags = { tag: ["rds:AddTagsToResource", "rds:RemoveTagsFromResource", "rds:ListTagsForResource"] } as const;
const cacheTags = { tag: ["elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource", "elasticache:ListTagsForResource"] } as const;
const logsTags = { tag: ["logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource"] } as const;
const none = { tag: [] } as const;

/** Creating, reading, updating, tagging and deleting each resource type. */
export const RESOURCE_ACTIONS: Readonly<Record<string, ResourceActions>> = {
  // Network
  aws_vpc: {
    create: ["ec2:CreateVpc", "ec2:ModifyVpcAttribute"],
    read: ["ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeRouteTables", "ec2:DescribeNetworkAcls", "ec2:DescribeSecurityGroups"],
    update: ["ec2:ModifyVpcAttribute"],
    ...ec2Tags,
    delete: ["ec2:DeleteVpc"],
  },
  aws_subnet: {
    create: ["ec2:CreateSubnet", { action: "ec2:CreateSubnet", on: "aws_vpc" }, "ec2:ModifySubnetAttribute"],
    read: ["ec2:DescribeSubnets"],
    update: ["ec2:ModifySubnetAttribute"],
    ...ec2Tags,
    delete: ["ec2:DeleteSubnet", "ec2:DescribeNetworkInterfaces"],
  },
  aws_internet_gateway: {
    create: ["ec2:CreateInternetGateway", "ec2:AttachInternetGateway", { action: "ec2:AttachInternetGateway", on: "aws_vpc" }],
    read: ["ec2:DescribeInternetGateways"],
    update: [],
    ...ec2Tags,
    delete: ["ec2:DetachInternetGateway", "ec2:DeleteInternetGateway"],
  },
  aws_eip: {
    create: ["ec2:AllocateAddress"],
    read: ["ec2:DescribeAddresses"],
    update: [],
    ...ec2Tags,
    delete: ["ec2:ReleaseAddress", "ec2:DisassociateAddress"],
  },
  aws_nat_gateway: {
    create: ["ec2:CreateNatGateway", { action: "ec2:CreateNatGateway", on: "aws_subnet" }, { action: "ec2:CreateNatGateway", on: "aws_eip" }],
    read: ["ec2:DescribeNatGateways"],
    update: [],
    ...ec2Tags,
    delete: ["ec2:DeleteNatGateway"],
  },
  aws_route_table: {
    create: ["ec2:CreateRouteTable", { action: "ec2:CreateRouteTable", on: "aws_vpc" }, "ec2:CreateRoute"],
    read: ["ec2:DescribeRouteTables"],
    update: ["ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute"],
    ...ec2Tags,
    delete: ["ec2:DeleteRouteTable"],
  },
  aws_route_table_association: {
    create: [
      { action: "ec2:AssociateRouteTable", on: "aws_route_table" },
      { action: "ec2:AssociateRouteTable", on: "aws_subnet" },
    ],
    read: ["ec2:DescribeRouteTables"],
    update: [{ action: "ec2:ReplaceRouteTableAssociation", on: "aws_route_table" }],
    ...none,
    delete: [{ action: "ec2:DisassociateRouteTable", on: "aws_route_table" }],
  },
  aws_security_group: {
    create: ["ec2:CreateSecurityGroup", { action: "ec2:CreateSecurityGroup", on: "aws_vpc" }, "ec2:RevokeSecurityGroupEgress"],
    read: ["ec2:DescribeSecurityGroups"],
    update: ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
    ...ec2Tags,
    delete: ["ec2:DeleteSecurityGroup", "ec2:DescribeNetworkInterfaces"],
  },
  aws_default_security_group: {
    create: ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
    read: ["ec2:DescribeSecurityGroups"],
    update: ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress"],
    ...ec2Tags,
    // Destroy only forgets it: AWS deletes a default group with its VPC.
    delete: [],
  },
  aws_vpc_security_group_ingress_rule: {
    create: [{ action: "ec2:AuthorizeSecurityGroupIngress", on: "aws_security_group" }],
    read: ["ec2:DescribeSecurityGroupRules"],
    update: [{ action: "ec2:ModifySecurityGroupRules", on: "aws_security_group" }],
    ...ec2Tags,
    delete: [{ action: "ec2:RevokeSecurityGroupIngress", on: "aws_security_group" }],
  },
  aws_vpc_security_group_egress_rule: {
    create: [{ action: "ec2:AuthorizeSecurityGroupEgress", on: "aws_security_group" }],
    read: ["ec2:DescribeSecurityGroupRules"],
    update: [{ action: "ec2:ModifySecurityGroupRules", on: "aws_security_group" }],
    ...ec2Tags,
    delete: [{ action: "ec2:RevokeSecurityGroupEgress", on: "aws_security_group" }],
  },
  aws_vpc_endpoint: {
    create: [
      "ec2:CreateVpcEndpoint",
      { action: "ec2:CreateVpcEndpoint", on: "aws_vpc" },
      { action: "ec2:CreateVpcEndpoint", on: "aws_subnet" },
      { action: "ec2:CreateVpcEndpoint", on: "aws_security_group" },
      { action: "ec2:CreateVpcEndpoint", on: "aws_route_table" },
      "ec2:DescribeVpcEndpointServices",
      // Private DNS associates the VPC with a zone AWS owns, on the caller's authority.
      { action: "route53:AssociateVPCWithHostedZone", on: "arn:aws:route53:::hostedzone/Z0000000AWSOWNED" },
    ],
    read: ["ec2:DescribeVpcEndpoints", "ec2:DescribePrefixLists"],
    update: ["ec2:ModifyVpcEndpoint"],
    ...ec2Tags,
    delete: ["ec2:DeleteVpcEndpoints"],
  },
  aws_flow_log: {
    create: ["ec2:CreateFlowLogs", { action: "ec2:CreateFlowLogs", on: "aws_vpc" }, passRole("vpc-flow-logs.amazonaws.com"), "logs:CreateLogDelivery"],
    read: ["ec2:DescribeFlowLogs"],
    update: [],
    ...ec2Tags,
    delete: ["ec2:DeleteFlowLogs", "logs:DeleteLogDelivery"],
  },
  // Hosts
  aws_launch_template: {
    create: ["ec2:CreateLaunchTemplate"],
    read: ["ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"],
    update: ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"],
    ...ec2Tags,
    delete: ["ec2:DeleteLaunchTemplate"],
  },
  aws_instance: {
    create: [
      "ec2:RunInstances",
      { action: "ec2:RunInstances", on: "aws_subnet" },
      { action: "ec2:RunInstances", on: "aws_security_group" },
      { action: "ec2:RunInstances", on: "arn:aws:ec2:${Region}::image/ami-0123456789abcdef0" },
      { action: "ec2:RunInstances", on: "arn:aws:ec2:${Region}:${Account}:network-interface/eni-0123456789abcdef0" },
      { action: "ec2:RunInstances", on: "arn:aws:ec2:${Region}:${Account}:volume/vol-0123456789abcdef0" },
      passRole("ec2.amazonaws.com"),
      ...keyUseVia("ec2"),
    ],
    read: ["ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeInstanceTypes", "ec2:DescribeInstanceCreditSpecifications", "ec2:DescribeVolumes"],
    update: ["ec2:ModifyInstanceAttribute", "ec2:ModifyInstanceMetadataOptions", "ec2:StopInstances", "ec2:StartInstances"],
    ...ec2Tags,
    delete: ["ec2:TerminateInstances"],
  },
  aws_ebs_volume: {
    create: ["ec2:CreateVolume", ...keyUseVia("ec2")],
    read: ["ec2:DescribeVolumes"],
    update: ["ec2:ModifyVolume"],
    ...ec2Tags,
    delete: ["ec2:DeleteVolume"],
  },
  aws_volume_attachment: {
    create: [
      { action: "ec2:AttachVolume", on: "aws_instance" },
      { action: "ec2:AttachVolume", on: "aws_ebs_volume" },
    ],
    read: ["ec2:DescribeVolumes"],
    update: [],
    ...none,
    delete: [
      { action: "ec2:DetachVolume", on: "aws_instance" },
      { action: "ec2:DetachVolume", on: "aws_ebs_volume" },
    ],
  },
  // Scheduled actions (the NAT instance's stop/start) are a sub-resource of their group.
  aws_autoscaling_schedule: {
    create: [{ action: "autoscaling:PutScheduledUpdateGroupAction", on: "aws_autoscaling_group" }],
    read: ["autoscaling:DescribeScheduledActions"],
    update: [{ action: "autoscaling:PutScheduledUpdateGroupAction", on: "aws_autoscaling_group" }],
    ...none,
    delete: [{ action: "autoscaling:DeleteScheduledAction", on: "aws_autoscaling_group" }],
  },
  aws_autoscaling_group: {
    // With a launch template, the caller must itself be allowed to launch and to pass the role.
    create: [
      "autoscaling:CreateAutoScalingGroup",
      { action: "ec2:RunInstances", on: "aws_launch_template" },
      passRole("ec2.amazonaws.com"),
      serviceLinkedRole("autoscaling.amazonaws.com"),
      "autoscaling:EnableMetricsCollection",
    ],
    read: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeScalingActivities", "autoscaling:DescribeLifecycleHooks", "autoscaling:DescribeWarmPool"],
    update: ["autoscaling:UpdateAutoScalingGroup", "autoscaling:StartInstanceRefresh", "autoscaling:AttachTrafficSources", "autoscaling:DetachTrafficSources"],
    tag: ["autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags"],
    delete: ["autoscaling:UpdateAutoScalingGroup", "autoscaling:DeleteAutoScalingGroup"],
  },
  // Load balancer and edge
  aws_lb: {
    create: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes", serviceLinkedRole("elasticloadbalancing.amazonaws.com")],
    read: ["elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes"],
    update: ["elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets"],
    ...elbTags,
    delete: ["elasticloadbalancing:DeleteLoadBalancer"],
  },
  aws_lb_target_group: {
    create: ["elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes"],
    read: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes"],
    update: ["elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes"],
    ...elbTags,
    delete: ["elasticloadbalancing:DeleteTargetGroup"],
  },
  aws_lb_listener: {
    create: [{ action: "elasticloadbalancing:CreateListener", on: "aws_lb" }],
    // The routing_http_* arguments are listener attributes.
    read: ["elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerAttributes"],
    update: ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes"],
    ...elbTags,
    delete: ["elasticloadbalancing:DeleteListener"],
  },
  aws_lb_target_group_attachment: {
    create: [{ action: "elasticloadbalancing:RegisterTargets", on: "aws_lb_target_group" }],
    read: ["elasticloadbalancing:DescribeTargetHealth"],
    update: [],
    ...none,
    delete: [{ action: "elasticloadbalancing:DeregisterTargets", on: "aws_lb_target_group" }],
  },
  aws_wafv2_web_acl: {
    create: ["wafv2:CreateWebACL", { action: "wafv2:CreateWebACL", on: "arn:aws:wafv2:${Region}:aws:regional/managedruleset/AWSManagedRulesCommonRuleSet/1" }],
    read: ["wafv2:GetWebACL"],
    update: ["wafv2:UpdateWebACL"],
    tag: ["wafv2:TagResource", "wafv2:UntagResource", "wafv2:ListTagsForResource"],
    delete: ["wafv2:DeleteWebACL"],
  },
  aws_wafv2_web_acl_association: {
    create: [{ action: "wafv2:AssociateWebACL", on: "aws_wafv2_web_acl" }, { action: "wafv2:AssociateWebACL", on: "aws_lb" }, "elasticloadbalancing:SetWebAcl"],
    read: [{ action: "wafv2:GetWebACLForResource", on: "aws_lb" }],
    update: [],
    ...none,
    delete: [{ action: "wafv2:DisassociateWebACL", on: "aws_lb" }, "elasticloadbalancing:SetWebAcl"],
  },
  aws_acm_certificate: {
    create: [{ action: "acm:RequestCertificate", on: "*" }],
    read: ["acm:DescribeCertificate"],
    update: [],
    tag: ["acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate", "acm:ListTagsForCertificate"],
    delete: ["acm:DeleteCertificate"],
  },
  aws_acm_certificate_validation: {
    create: [{ action: "acm:DescribeCertificate", on: "aws_acm_certificate" }],
    read: [{ action: "acm:DescribeCertificate", on: "aws_acm_certificate" }],
    update: [],
    ...none,
    delete: [],
  },
  aws_route53_record: {
    create: ["route53:ChangeResourceRecordSets", { action: "route53:GetChange", on: "arn:aws:route53:::change/C0000000EXAMPLE" }],
    read: ["route53:ListResourceRecordSets", "route53:GetHostedZone"],
    update: ["route53:ChangeResourceRecordSets"],
    ...none,
    delete: ["route53:ChangeResourceRecordSets"],
  },
  // Identity and keys
  aws_iam_role: {
    create: ["iam:CreateRole"],
    read: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"],
    update: ["iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:PutRolePermissionsBoundary"],
    tag: ["iam:TagRole", "iam:UntagRole"],
    delete: ["iam:ListInstanceProfilesForRole", "iam:DeleteRole"],
  },
  aws_iam_role_policy: {
    create: [{ action: "iam:PutRolePolicy", on: "aws_iam_role" }],
    read: [{ action: "iam:GetRolePolicy", on: "aws_iam_role" }],
    update: [{ action: "iam:PutRolePolicy", on: "aws_iam_role" }],
    ...none,
    delete: [{ action: "iam:DeleteRolePolicy", on: "aws_iam_role" }],
  },
  aws_iam_role_policy_attachment: {
    create: [{ action: "iam:AttachRolePolicy", on: "aws_iam_role" }],
    read: [{ action: "iam:ListAttachedRolePolicies", on: "aws_iam_role" }],
    update: [],
    ...none,
    delete: [{ action: "iam:DetachRolePolicy", on: "aws_iam_role" }],
  },
  aws_iam_policy: {
    create: ["iam:CreatePolicy"],
    read: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions"],
    update: ["iam:CreatePolicyVersion", "iam:DeletePolicyVersion"],
    tag: ["iam:TagPolicy", "iam:UntagPolicy"],
    delete: ["iam:DeletePolicy"],
  },
  aws_iam_instance_profile: {
    create: ["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", passRole("ec2.amazonaws.com")],
    read: ["iam:GetInstanceProfile"],
    update: ["iam:RemoveRoleFromInstanceProfile", "iam:AddRoleToInstanceProfile"],
    tag: ["iam:TagInstanceProfile", "iam:UntagInstanceProfile"],
    delete: ["iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
  },
  aws_iam_openid_connect_provider: {
    create: ["iam:CreateOpenIDConnectProvider"],
    read: ["iam:GetOpenIDConnectProvider"],
    update: ["iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider"],
    tag: ["iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider"],
    delete: ["iam:DeleteOpenIDConnectProvider"],
  },
  aws_kms_key: {
    // The key does not exist yet when it is created and tagged.
    create: ["kms:CreateKey", { action: "kms:TagResource", on: "*" }, "kms:EnableKeyRotation"],
    read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
    update: ["kms:PutKeyPolicy", "kms:UpdateKeyDescription", "kms:EnableKeyRotation"],
    tag: ["kms:TagResource", "kms:UntagResource"],
    delete: ["kms:ScheduleKeyDeletion"],
  },
  aws_kms_alias: {
    create: ["kms:CreateAlias", { action: "kms:CreateAlias", on: "aws_kms_key" }],
    read: ["kms:ListAliases"],
    update: ["kms:UpdateAlias", { action: "kms:UpdateAlias", on: "aws_kms_key" }],
    ...none,
    delete: ["kms:DeleteAlias", { action: "kms:DeleteAlias", on: "aws_kms_key" }],
  },
  aws_ssm_parameter: {
    create: ["ssm:PutParameter"],
    read: ["ssm:GetParameter", "ssm:DescribeParameters"],
    update: ["ssm:PutParameter"],
    tag: ["ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"],
    delete: ["ssm:DeleteParameter"],
  },
  // Storage
  aws_s3_bucket: {
    create: ["s3:CreateBucket"],
    read: [
      "s3:ListBucket",
      "s3:GetBucketAcl",
      "s3:GetBucketCORS",
      "s3:GetBucketWebsite",
      "s3:GetBucketVersioning",
      "s3:GetAccelerateConfiguration",
      "s3:GetBucketRequestPayment",
      "s3:GetBucketLogging",
      "s3:GetLifecycleConfiguration",
      "s3:GetReplicationConfiguration",
      "s3:GetEncryptionConfiguration",
      "s3:GetBucketObjectLockConfiguration",
      "s3:GetBucketPolicy",
    ],
    update: [],
    tag: ["s3:PutBucketTagging", "s3:GetBucketTagging"],
    // force_destroy empties the bucket first.
    delete: ["s3:ListBucketVersions", { action: "s3:DeleteObjectVersion", on: "${Arn}/object" }, "s3:DeleteBucket"],
  },
  aws_s3_bucket_lifecycle_configuration: {
    create: [{ action: "s3:PutLifecycleConfiguration", on: "aws_s3_bucket" }],
    read: [{ action: "s3:GetLifecycleConfiguration", on: "aws_s3_bucket" }],
    update: [{ action: "s3:PutLifecycleConfiguration", on: "aws_s3_bucket" }],
    ...none,
    delete: [{ action: "s3:PutLifecycleConfiguration", on: "aws_s3_bucket" }],
  },
  aws_s3_bucket_ownership_controls: {
    create: [{ action: "s3:PutBucketOwnershipControls", on: "aws_s3_bucket" }],
    read: [{ action: "s3:GetBucketOwnershipControls", on: "aws_s3_bucket" }],
    update: [{ action: "s3:PutBucketOwnershipControls", on: "aws_s3_bucket" }],
    ...none,
    delete: [{ action: "s3:PutBucketOwnershipControls", on: "aws_s3_bucket" }],
  },
  aws_s3_bucket_policy: {
    create: [{ action: "s3:PutBucketPolicy", on: "aws_s3_bucket" }],
    read: [{ action: "s3:GetBucketPolicy", on: "aws_s3_bucket" }],
    update: [{ action: "s3:PutBucketPolicy", on: "aws_s3_bucket" }],
    ...none,
    delete: [{ action: "s3:DeleteBucketPolicy", on: "aws_s3_bucket" }],
  },
  aws_s3_bucket_public_access_block: {
    create: [{ action: "s3:PutBucketPublicAccessBlock", on: "aws_s3_bucket" }],
    read: [{ action: "s3:GetBucketPublicAccessBlock", on: "aws_s3_bucket" }],
    update: [{ action: "s3:PutBucketPublicAccessBlock", on: "aws_s3_bucket" }],
    ...none,
    delete: [{ action: "s3:PutBucketPublicAccessBlock", on: "aws_s3_bucket" }],
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    create: [{ action: "s3:PutEncryptionConfiguration", on: "aws_s3_bucket" }],
    read: [{ action: "s3:GetEncryptionConfiguration", on: "aws_s3_bucket" }],
    update: [{ action: "s3:PutEncryptionConfiguration", on: "aws_s3_bucket" }],
    ...none,
    delete: [{ action: "s3:PutEncryptionConfiguration", on: "aws_s3_bucket" }],
  },
  aws_s3_bucket_versioning: {
    create: [{ action: "s3:PutBucketVersioning", on: "aws_s3_bucket" }],
    read: [{ action: "s3:GetBucketVersioning", on: "aws_s3_bucket" }],
    update: [{ action: "s3:PutBucketVersioning", on: "aws_s3_bucket" }],
    ...none,
    delete: [{ action: "s3:PutBucketVersioning", on: "aws_s3_bucket" }],
  },
  aws_dynamodb_table: {
    create: ["dynamodb:CreateTable"],
    read: ["dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTimeToLive"],
    update: ["dynamodb:UpdateTable", "dynamodb:UpdateContinuousBackups"],
    tag: ["dynamodb:TagResource", "dynamodb:UntagResource", "dynamodb:ListTagsOfResource"],
    delete: ["dynamodb:DeleteTable"],
  },
  // Data tier
  aws_db_subnet_group: {
    create: ["rds:CreateDBSubnetGroup"],
    read: ["rds:DescribeDBSubnetGroups"],
    update: ["rds:ModifyDBSubnetGroup"],
    ...rdsTags,
    delete: ["rds:DeleteDBSubnetGroup"],
  },
  aws_db_parameter_group: {
    create: ["rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup"],
    read: ["rds:DescribeDBParameterGroups", "rds:DescribeDBParameters"],
    update: ["rds:ModifyDBParameterGroup", "rds:ResetDBParameterGroup"],
    ...rdsTags,
    delete: ["rds:DeleteDBParameterGroup"],
  },
  aws_db_instance: {
    create: [
      "rds:CreateDBInstance",
      { action: "rds:CreateDBInstance", on: "aws_db_subnet_group" },
      { action: "rds:CreateDBInstance", on: "aws_db_parameter_group" },
      { action: "rds:CreateDBInstance", on: "arn:aws:rds:${Region}:${Account}:og:default:postgres-16" },
      passRole("monitoring.rds.amazonaws.com"),
      serviceLinkedRole("rds.amazonaws.com"),
      ...keyUseVia("rds"),
      // manage_master_user_password: RDS creates the secret in the caller's name.
      { action: "secretsmanager:CreateSecret", on: "arn:aws:secretsmanager:${Region}:${Account}:secret:rds!db-1234abcd-AbCdEf" },
      { action: "secretsmanager:TagResource", on: "arn:aws:secretsmanager:${Region}:${Account}:secret:rds!db-1234abcd-AbCdEf" },
      { action: "secretsmanager:RotateSecret", on: "arn:aws:secretsmanager:${Region}:${Account}:secret:rds!db-1234abcd-AbCdEf" },
    ],
    read: ["rds:DescribeDBInstances"],
    update: ["rds:ModifyDBInstance", "rds:RebootDBInstance"],
    ...rdsTags,
    delete: ["rds:DeleteDBInstance", { action: "secretsmanager:DeleteSecret", on: "arn:aws:secretsmanager:${Region}:${Account}:secret:rds!db-1234abcd-AbCdEf" }],
  },
  aws_elasticache_subnet_group: {
    create: ["elasticache:CreateCacheSubnetGroup"],
    read: ["elasticache:DescribeCacheSubnetGroups"],
    update: ["elasticache:ModifyCacheSubnetGroup"],
    ...cacheTags,
    delete: ["elasticache:DeleteCacheSubnetGroup"],
  },
  aws_elasticache_user: {
    create: ["elasticache:CreateUser"],
    read: ["elasticache:DescribeUsers"],
    update: ["elasticache:ModifyUser"],
    ...cacheTags,
    delete: ["elasticache:DeleteUser"],
  },
  aws_elasticache_user_group: {
    create: ["elasticache:CreateUserGroup", { action: "elasticache:CreateUserGroup", on: "aws_elasticache_user" }],
    read: ["elasticache:DescribeUserGroups"],
    update: ["elasticache:ModifyUserGroup", { action: "elasticache:ModifyUserGroup", on: "aws_elasticache_user" }],
    ...cacheTags,
    delete: ["elasticache:DeleteUserGroup"],
  },
  aws_elasticache_replication_group: {
    create: [
      "elasticache:CreateReplicationGroup",
      { action: "elasticache:CreateReplicationGroup", on: "aws_elasticache_subnet_group" },
      { action: "elasticache:CreateReplicationGroup", on: "aws_elasticache_user_group" },
      { action: "elasticache:CreateReplicationGroup", on: "arn:aws:elasticache:${Region}:${Account}:parametergroup:default.valkey8" },
      serviceLinkedRole("elasticache.amazonaws.com"),
      ...keyUseVia("elasticache"),
    ],
    // Member clusters are named <group>-001, -002, ...
    read: ["elasticache:DescribeReplicationGroups", { action: "elasticache:DescribeCacheClusters", on: "arn:aws:elasticache:${Region}:${Account}:cluster:${Name}-001" }],
    update: ["elasticache:ModifyReplicationGroup"],
    ...cacheTags,
    delete: ["elasticache:DeleteReplicationGroup"],
  },
  aws_backup_vault: {
    create: ["backup:CreateBackupVault", "backup-storage:MountCapsule", ...keyUseVia("backup")],
    read: ["backup:DescribeBackupVault"],
    update: [],
    tag: ["backup:TagResource", "backup:UntagResource", "backup:ListTags"],
    delete: ["backup:DeleteBackupVault"],
  },
  aws_backup_plan: {
    create: ["backup:CreateBackupPlan"],
    read: ["backup:GetBackupPlan"],
    update: ["backup:UpdateBackupPlan"],
    tag: ["backup:TagResource", "backup:UntagResource", "backup:ListTags"],
    delete: ["backup:DeleteBackupPlan"],
  },
  aws_backup_selection: {
    create: [{ action: "backup:CreateBackupSelection", on: "aws_backup_plan" }, passRole("backup.amazonaws.com")],
    read: [{ action: "backup:GetBackupSelection", on: "aws_backup_plan" }],
    update: [],
    ...none,
    delete: [{ action: "backup:DeleteBackupSelection", on: "aws_backup_plan" }],
  },
  // Operations
  aws_cloudwatch_log_group: {
    create: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
    read: ["logs:DescribeLogGroups"],
    update: ["logs:PutRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey"],
    ...logsTags,
    delete: ["logs:DeleteLogGroup"],
  },
  aws_cloudwatch_metric_alarm: {
    create: ["cloudwatch:PutMetricAlarm"],
    read: ["cloudwatch:DescribeAlarms"],
    update: ["cloudwatch:PutMetricAlarm"],
    tag: ["cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource"],
    delete: ["cloudwatch:DeleteAlarms"],
  },
  aws_cloudwatch_dashboard: {
    create: ["cloudwatch:PutDashboard"],
    read: ["cloudwatch:GetDashboard"],
    update: ["cloudwatch:PutDashboard"],
    ...none,
    delete: ["cloudwatch:DeleteDashboards"],
  },
  // Budgets authorizes its Create/Update/Delete calls (budget, notification,
  // subscriber) as ModifyBudget and its Describe calls as ViewBudget.
  aws_budgets_budget: {
    create: ["budgets:ModifyBudget"],
    read: ["budgets:ViewBudget"],
    update: ["budgets:ModifyBudget"],
    tag: ["budgets:TagResource", "budgets:UntagResource", "budgets:ListTagsForResource"],
    delete: ["budgets:ModifyBudget"],
  },
  aws_cloudwatch_event_rule: {
    create: ["events:PutRule"],
    read: ["events:DescribeRule"],
    update: ["events:PutRule", "events:EnableRule", "events:DisableRule"],
    tag: ["events:TagResource", "events:UntagResource", "events:ListTagsForResource"],
    delete: ["events:DeleteRule"],
  },
  aws_cloudwatch_event_target: {
    create: [{ action: "events:PutTargets", on: "aws_cloudwatch_event_rule" }],
    read: [{ action: "events:ListTargetsByRule", on: "aws_cloudwatch_event_rule" }],
    update: [{ action: "events:PutTargets", on: "aws_cloudwatch_event_rule" }],
    ...none,
    delete: [{ action: "events:RemoveTargets", on: "aws_cloudwatch_event_rule" }],
  },
  aws_sns_topic: {
    create: ["sns:CreateTopic", "sns:SetTopicAttributes"],
    read: ["sns:GetTopicAttributes"],
    update: ["sns:SetTopicAttributes"],
    tag: ["sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource"],
    delete: ["sns:DeleteTopic"],
  },
  aws_sns_topic_policy: {
    create: [{ action: "sns:SetTopicAttributes", on: "aws_sns_topic" }],
    read: [{ action: "sns:GetTopicAttributes", on: "aws_sns_topic" }],
    update: [{ action: "sns:SetTopicAttributes", on: "aws_sns_topic" }],
    ...none,
    delete: [{ action: "sns:SetTopicAttributes", on: "aws_sns_topic" }],
  },
  aws_sns_topic_subscription: {
    create: [{ action: "sns:Subscribe", on: "aws_sns_topic" }],
    read: [{ action: "sns:GetSubscriptionAttributes", on: "*" }],
    update: [{ action: "sns:SetSubscriptionAttributes", on: "*" }],
    ...none,
    delete: [{ action: "sns:Unsubscribe", on: "*" }],
  },
  aws_scheduler_schedule_group: {
    create: ["scheduler:CreateScheduleGroup"],
    read: ["scheduler:GetScheduleGroup"],
    update: [],
    tag: ["scheduler:TagResource", "scheduler:UntagResource", "scheduler:ListTagsForResource"],
    delete: ["scheduler:DeleteScheduleGroup"],
  },
  aws_scheduler_schedule: {
    create: ["scheduler:CreateSchedule", passRole("scheduler.amazonaws.com")],
    read: ["scheduler:GetSchedule"],
    update: ["scheduler:UpdateSchedule"],
    ...none,
    delete: ["scheduler:DeleteSchedule"],
  },
  // Bedrock
  aws_bedrock_guardrail: {
    create: [{ action: "bedrock:CreateGuardrail", on: "*" }],
    read: ["bedrock:GetGuardrail"],
    update: ["bedrock:UpdateGuardrail"],
    tag: ["bedrock:TagResource", "bedrock:UntagResource", "bedrock:ListTagsForResource"],
    delete: ["bedrock:DeleteGuardrail"],
  },
  aws_bedrock_guardrail_version: {
    create: [{ action: "bedrock:CreateGuardrailVersion", on: "aws_bedrock_guardrail" }],
    read: [{ action: "bedrock:GetGuardrail", on: "aws_bedrock_guardrail" }],
    update: [],
    ...none,
    delete: [{ action: "bedrock:DeleteGuardrail", on: "aws_bedrock_guardrail" }],
  },
  aws_bedrock_model_invocation_logging_configuration: {
    create: ["bedrock:PutModelInvocationLoggingConfiguration", passRole("bedrock.amazonaws.com")],
    read: ["bedrock:GetModelInvocationLoggingConfiguration"],
    update: ["bedrock:PutModelInvocationLoggingConfiguration"],
    ...none,
    delete: ["bedrock:DeleteModelInvocationLoggingConfiguration"],
  },
};

/** What reading each data source calls. */
export const DATA_SOURCE_ACTIONS: Readonly<Record<string, readonly Call[]>> = {
  aws_availability_zones: ["ec2:DescribeAvailabilityZones"],
  // Public parameters (the latest AMI ids) live in no account.
  aws_ssm_parameter: [{ action: "ssm:GetParameter", on: "arn:aws:ssm:${Region}::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" }],
  aws_caller_identity: ["sts:GetCallerIdentity"],
  aws_region: [],
  aws_partition: [],
};

/** What the provider itself calls before any resource: checking allowed_account_ids. */
export const PROVIDER_ACTIONS: readonly Call[] = ["sts:GetCallerIdentity"];

/** The action and its options, whichever way the row wrote it. */
export function callOf(call: Call): ActionCall {
  return typeof call === "string" ? { action: call } : call;
}
