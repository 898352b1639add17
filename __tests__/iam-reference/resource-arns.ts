/**
 * Realistic ARNs and ids for the resources a synthesized stack declares,
 * built from the names in the Terraform JSON. Two users:
 * - the reference check, which replaces `${aws_x.y.arn}` in a policy with an
 *   ARN of the right service and resource type, so that the ARN can be held
 *   against the actions' resource types;
 * - the deployer simulation, which asks whether the deployer may act on the
 *   ARN that the resource would really get.
 * Ids that AWS generates (key ids, instance ids) get fixed fake values of the
 * right shape.
 */

type Json = Record<string, any>;

/** Where a resource lives: its provider's region and account. */
export interface Place {
  readonly region: string;
  readonly account: string;
}

const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const HEX = "0123456789abcdef0";

/** The literal name a resource sets (or a placeholder when it is computed or absent). */
function nameOf(r: Json, ...keys: string[]): string {
  for (const k of keys) if (typeof r[k] === "string" && !r[k].includes("${")) return r[k];
  for (const k of keys) if (typeof r[`${k}_prefix`] === "string" && !r[`${k}_prefix`].includes("${")) return `${r[`${k}_prefix`]}20261130`;
  return "generated-name";
}

/** The ARN a resource of `type` gets, or undefined when it has none (associations, attachments). */
export function resourceArn(type: string, r: Json, { region: R, account: A }: Place): string | undefined {
  switch (type) {
    case "aws_s3_bucket":
      return `arn:aws:s3:::${nameOf(r, "bucket")}`;
    case "aws_kms_key":
      return `arn:aws:kms:${R}:${A}:key/${KEY_ID}`;
    case "aws_kms_alias":
      return `arn:aws:kms:${R}:${A}:${nameOf(r, "name")}`;
    case "aws_iam_role":
      return `arn:aws:iam::${A}:role${r.path ?? "/"}${nameOf(r, "name")}`;
    case "aws_iam_policy":
      return `arn:aws:iam::${A}:policy${r.path ?? "/"}${nameOf(r, "name")}`;
    case "aws_iam_instance_profile":
      return `arn:aws:iam::${A}:instance-profile/${nameOf(r, "name")}`;
    case "aws_iam_openid_connect_provider":
      return `arn:aws:iam::${A}:oidc-provider/${String(r.url ?? "oidc.example.com").replace(/^https:\/\//, "")}`;
    case "aws_cloudwatch_log_group":
      return `arn:aws:logs:${R}:${A}:log-group:${nameOf(r, "name")}`;
    case "aws_sns_topic":
      return `arn:aws:sns:${R}:${A}:${nameOf(r, "name")}`;
    case "aws_bedrock_guardrail":
      return `arn:aws:bedrock:${R}:${A}:guardrail/abcdefgh1234`;
    case "aws_db_instance":
      return `arn:aws:rds:${R}:${A}:db:${nameOf(r, "identifier")}`;
    case "aws_db_subnet_group":
      return `arn:aws:rds:${R}:${A}:subgrp:${nameOf(r, "name")}`;
    case "aws_db_parameter_group":
      return `arn:aws:rds:${R}:${A}:pg:${nameOf(r, "name")}`;
    case "aws_elasticache_replication_group":
      return `arn:aws:elasticache:${R}:${A}:replicationgroup:${nameOf(r, "replication_group_id")}`;
    case "aws_elasticache_subnet_group":
      return `arn:aws:elasticache:${R}:${A}:subnetgroup:${nameOf(r, "name")}`;
    case "aws_elasticache_user":
      return `arn:aws:elasticache:${R}:${A}:user:${nameOf(r, "user_id")}`;
    case "aws_elasticache_user_group":
      return `arn:aws:elasticache:${R}:${A}:usergroup:${nameOf(r, "user_group_id")}`;
    case "aws_lb":
      return `arn:aws:elasticloadbalancing:${R}:${A}:loadbalancer/app/${nameOf(r, "name")}/50dc6c495c0c9188`;
    case "aws_lb_target_group":
      return `arn:aws:elasticloadbalancing:${R}:${A}:targetgroup/${nameOf(r, "name")}/73e2d6bc24d8a067`;
    case "aws_lb_listener":
      return `arn:aws:elasticloadbalancing:${R}:${A}:listener/app/${loadBalancerName(r)}/50dc6c495c0c9188/f2f7dc8efc522ab2`;
    case "aws_autoscaling_group":
      return `arn:aws:autoscaling:${R}:${A}:autoScalingGroup:${KEY_ID}:autoScalingGroupName/${nameOf(r, "name")}`;
    case "aws_launch_template":
      return `arn:aws:ec2:${R}:${A}:launch-template/lt-${HEX}`;
    case "aws_instance":
      return `arn:aws:ec2:${R}:${A}:instance/i-${HEX}`;
    case "aws_ebs_volume":
      return `arn:aws:ec2:${R}:${A}:volume/vol-${HEX}`;
    case "aws_vpc":
      return `arn:aws:ec2:${R}:${A}:vpc/vpc-${HEX}`;
    case "aws_subnet":
      return `arn:aws:ec2:${R}:${A}:subnet/subnet-${HEX}`;
    case "aws_security_group":
    case "aws_default_security_group":
      return `arn:aws:ec2:${R}:${A}:security-group/sg-${HEX}`;
    case "aws_vpc_security_group_ingress_rule":
    case "aws_vpc_security_group_egress_rule":
      return `arn:aws:ec2:${R}:${A}:security-group-rule/sgr-${HEX}`;
    case "aws_internet_gateway":
      return `arn:aws:ec2:${R}:${A}:internet-gateway/igw-${HEX}`;
    case "aws_nat_gateway":
      return `arn:aws:ec2:${R}:${A}:natgateway/nat-${HEX}`;
    case "aws_eip":
      return `arn:aws:ec2:${R}:${A}:elastic-ip/eipalloc-${HEX}`;
    case "aws_route_table":
      return `arn:aws:ec2:${R}:${A}:route-table/rtb-${HEX}`;
    case "aws_vpc_endpoint":
      return `arn:aws:ec2:${R}:${A}:vpc-endpoint/vpce-${HEX}`;
    case "aws_flow_log":
      return `arn:aws:ec2:${R}:${A}:vpc-flow-log/fl-${HEX}`;
    case "aws_acm_certificate":
      return `arn:aws:acm:${R}:${A}:certificate/${KEY_ID}`;
    case "aws_backup_vault":
      return `arn:aws:backup:${R}:${A}:backup-vault:${nameOf(r, "name")}`;
    case "aws_backup_plan":
      return `arn:aws:backup:${R}:${A}:backup-plan:${KEY_ID}`;
    case "aws_cloudwatch_event_rule":
      return `arn:aws:events:${R}:${A}:rule/${nameOf(r, "name")}`;
    case "aws_cloudwatch_dashboard":
      return `arn:aws:cloudwatch::${A}:dashboard/${nameOf(r, "dashboard_name")}`;
    case "aws_budgets_budget":
      return `arn:aws:budgets::${A}:budget/${nameOf(r, "name")}`;
    case "aws_cloudwatch_metric_alarm":
      return `arn:aws:cloudwatch:${R}:${A}:alarm:${nameOf(r, "alarm_name")}`;
    case "aws_scheduler_schedule":
      return `arn:aws:scheduler:${R}:${A}:schedule/${nameOf(r, "group_name") === "generated-name" ? "default" : nameOf(r, "group_name")}/${nameOf(r, "name")}`;
    case "aws_scheduler_schedule_group":
      return `arn:aws:scheduler:${R}:${A}:schedule-group/${nameOf(r, "name")}`;
    case "aws_ssm_parameter":
      return `arn:aws:ssm:${R}:${A}:parameter/${nameOf(r, "name").replace(/^\//, "")}`;
    case "aws_route53_record":
      // Records have no ARN of their own: every record call authorizes against the zone.
      return `arn:aws:route53:::hostedzone/${nameOf(r, "zone_id")}`;
    case "aws_iam_role_policy_attachment":
    case "aws_iam_role_policy":
      return undefined;
    case "aws_wafv2_web_acl":
      return `arn:aws:wafv2:${R}:${A}:regional/webacl/${nameOf(r, "name")}/${KEY_ID}`;
    default:
      return undefined;
  }
}

/** A listener names its load balancer by reference; pass the resource with references already replaced. */
function loadBalancerName(r: Json): string {
  const match = /:loadbalancer\/app\/([^/]+)\//.exec(String(r.load_balancer_arn ?? ""));
  return match ? match[1] : "generated-name";
}

/** A generated id of the right shape for `${aws_x.y.id}`. */
export function resourceId(type: string, r: Json, place: Place): string {
  const ids: Record<string, string> = {
    aws_vpc_endpoint: `vpce-${HEX}`,
    aws_instance: `i-${HEX}`,
    aws_vpc: `vpc-${HEX}`,
    aws_subnet: `subnet-${HEX}`,
    aws_security_group: `sg-${HEX}`,
    aws_kms_key: KEY_ID,
    aws_iam_role: nameOf(r, "name"),
    aws_s3_bucket: nameOf(r, "bucket"),
    aws_cloudwatch_log_group: nameOf(r, "name"),
  };
  return ids[type] ?? resourceArn(type, r, place) ?? `${type.replace(/^aws_/, "")}-${HEX}`;
}
