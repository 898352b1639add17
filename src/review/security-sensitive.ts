import { compareText } from "../terraform/compare-text";
import type { Json } from "../terraform/terraform-document";
import { isObject } from "../terraform/terraform-json";
import { flatten } from "./attribute-diff";
import type { ResourceChange } from "./diff";

/** Why a change deserves a security reviewer's eye, and which attributes say so. */
export interface SecurityFlag {
  /** Sorted labels such as "IAM", "public exposure", "encryption". */
  readonly reasons: readonly string[];
  /** The attribute paths that triggered an attribute rule (changed attributes, or risky values of a new resource). */
  readonly paths: readonly string[];
}

/** Resource types where any change (tags aside) is security-relevant. */
const TYPE_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^aws_iam_/, "IAM"],
  [/^aws_(default_)?security_group(_rule)?$|^aws_vpc_security_group_(ingress|egress)_rule$|^aws_(default_)?network_acl(_rule|_association)?$/, "network access"],
  [/^aws_vpc_endpoint/, "VPC endpoint"],
  [/^aws_s3_(bucket_policy|bucket_public_access_block|account_public_access_block|bucket_acl|bucket_ownership_controls)$/, "bucket access"],
  [/^aws_(kms_key_policy|sns_topic_policy|sqs_queue_policy|secretsmanager_secret_policy|lambda_permission|ecr_repository_policy|cloudwatch_log_resource_policy)$/, "resource policy"],
  [/^aws_(kms_key|kms_replica_key|kms_alias|kms_grant|s3_bucket_server_side_encryption_configuration|ebs_encryption_by_default|ebs_default_kms_key)$/, "encryption"],
  [/^aws_wafv2_/, "WAF"],
  [/^aws_(flow_log|cloudtrail|bedrock_model_invocation_logging_configuration)$/, "audit logging"],
  [/^aws_bedrock_guardrail/, "Bedrock guardrail"],
];

/** Attribute names that are security-relevant on any resource. */
const KEY_RULES: ReadonlyArray<readonly [ReadonlySet<string>, string]> = [
  [new Set(["internal", "associate_public_ip_address", "map_public_ip_on_launch", "publicly_accessible"]), "public exposure"],
  [
    new Set([
      "kms_key_id",
      "kms_key_arn",
      "kms_master_key_id",
      "encrypted",
      "encrypt",
      "storage_encrypted",
      "at_rest_encryption_enabled",
      "transit_encryption_enabled",
      "transit_encryption_mode",
      "sse_algorithm",
      "server_side_encryption",
      "server_side_encryption_configuration",
      "enable_key_rotation",
      "ssl_policy",
      "certificate_arn",
    ]),
    "encryption",
  ],
  [
    new Set([
      "deletion_protection",
      "enable_deletion_protection",
      "prevent_destroy",
      "skip_final_snapshot",
      "final_snapshot_identifier",
      "force_destroy",
      "deletion_window_in_days",
      "delete_automated_backups",
    ]),
    "deletion protection",
  ],
  [new Set(["http_tokens", "http_put_response_hop_limit", "http_endpoint"]), "instance metadata (IMDS)"],
  [new Set(["iam_instance_profile", "assume_role_policy", "policy", "policy_arn", "managed_policy_arns", "inline_policy"]), "permissions"],
  [new Set(["ingress", "egress", "cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6", "vpc_security_group_ids", "security_groups", "security_group_ids"]), "network access"],
];

const PROVIDER_KEYS = new Set(["assume_role", "assume_role_with_web_identity", "allowed_account_ids", "forbidden_account_ids", "region", "profile", "shared_credentials_files", "endpoints"]);

/** Stateful resources: removing one loses data. */
const STATEFUL =
  /^aws_(db_instance|rds_cluster|ebs_volume|s3_bucket|elasticache_replication_group|elasticache_cluster|kms_key|efs_file_system|dynamodb_table|secretsmanager_secret|backup_vault)$/;

const OPEN_CIDR = /(^|[^0-9])0\.0\.0\.0\/0|::\/0/;

/** The security flag of one change, or undefined for a change that needs no security review. */
export function securityFlag(change: ResourceChange): SecurityFlag | undefined {
  const reasons = new Set<string>();
  const paths = new Set<string>();

  if (change.type === "provider") {
    for (const a of change.attributes) {
      if (PROVIDER_KEYS.has(a.path.split(".")[0])) {
        reasons.add("provider account/role");
        paths.add(a.path);
      }
    }
    if (change.kind !== "changed") reasons.add("provider account/role");
  } else if (change.type === "terraform") {
    for (const a of change.attributes) {
      const first = a.path.split(".")[0];
      if (first === "backend" || first === "cloud") {
        reasons.add("state backend");
        paths.add(a.path);
      }
    }
  } else if (change.kind === "changed") {
    const meaningful = change.attributes.filter((a) => !/^tags(_all)?(\.|$)/.test(a.path));
    if (meaningful.length) for (const label of typeLabels(change.type)) reasons.add(label);
    for (const a of meaningful) {
      for (const label of keyLabels(a.path)) {
        reasons.add(label);
        paths.add(a.path);
      }
      const values = [a.before, a.after, ...(a.added ?? []), ...(a.removed ?? [])];
      if (!isEgress(change.type, a.path, change.after ?? change.before) && values.some(opens)) {
        reasons.add("public exposure");
        paths.add(a.path);
      }
    }
  } else if (change.kind === "added") {
    for (const label of typeLabels(change.type)) reasons.add(label);
    const risky = riskyValues(change.type, change.after);
    for (const label of risky.labels) reasons.add(label);
    for (const path of risky.paths) paths.add(path);
  } else {
    for (const label of typeLabels(change.type)) reasons.add(label);
    if (STATEFUL.test(change.type)) reasons.add("data loss");
  }

  if (!reasons.size) return undefined;
  return { reasons: [...reasons].sort(compareText), paths: [...paths] };
}

function typeLabels(type: string): string[] {
  return TYPE_RULES.filter(([pattern]) => pattern.test(type)).map(([, label]) => label);
}

function keyLabels(path: string): string[] {
  const segments = path.split(".");
  return KEY_RULES.filter(([keys]) => segments.some((s) => keys.has(s))).map(([, label]) => label);
}

// Egress to anywhere and default routes are normal; only inbound "anywhere" is exposure.
function isEgress(type: string, path: string, body: Json | undefined): boolean {
  if (/^aws_(route|route_table|vpc_security_group_egress_rule)$/.test(type)) return true;
  if (type === "aws_security_group_rule" && isObject(body) && body.type === "egress") return true;
  return path.split(".").includes("egress");
}

function opens(value: Json | undefined): boolean {
  return typeof value === "string" && OPEN_CIDR.test(value);
}

/** Labels (and the attributes behind them) for a new resource that is created in a risky state. */
function riskyValues(type: string, body: Json | undefined): { labels: string[]; paths: string[] } {
  const labels = new Set<string>();
  const paths = new Set<string>();
  const flag = (label: string, path: string) => {
    labels.add(label);
    paths.add(path);
  };
  const leaves = flatten(body);
  for (const [path, value] of leaves) {
    const key = path.split(".").pop() ?? "";
    // cdktf writes some provider booleans as strings ("true").
    const bool = value === true || value === "true" ? true : value === false || value === "false" ? false : undefined;
    if (!isEgress(type, path, body) && opens(value)) flag("public exposure", path);
    if (bool === true && ["associate_public_ip_address", "map_public_ip_on_launch", "publicly_accessible"].includes(key)) flag("public exposure", path);
    if (bool === false && ["encrypted", "storage_encrypted", "at_rest_encryption_enabled", "transit_encryption_enabled"].includes(key)) flag("encryption", path);
    if ((bool === true && ["skip_final_snapshot", "force_destroy"].includes(key)) || (bool === false && key === "deletion_protection")) {
      flag("deletion protection", path);
    }
    if (key === "http_tokens" && value === "optional") flag("instance metadata (IMDS)", path);
  }
  if (/^aws_(lb|alb)$/.test(type) && leaves.get("internal") !== true && leaves.get("internal") !== "true") {
    labels.add("public exposure");
    if (leaves.has("internal")) paths.add("internal");
  }
  return { labels: [...labels], paths: [...paths] };
}
