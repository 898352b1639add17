import type { PolicyRule } from "./rule";
import { ebsEncrypted } from "./rules/ec2/ebs-encrypted";
import { ebsVolumeEncrypted } from "./rules/ec2/ebs-volume-encrypted";
import { imdsv2Required } from "./rules/ec2/imdsv2-required";
import { noPublicIp } from "./rules/ec2/no-public-ip";
import { albAccessLogs } from "./rules/elb/alb-access-logs";
import { albDropInvalidHeaders } from "./rules/elb/alb-drop-invalid-headers";
import { listenerHttps } from "./rules/elb/listener-https";
import { listenerTlsPolicy } from "./rules/elb/listener-tls-policy";
import { noAdministratorAccess } from "./rules/iam/no-administrator-access";
import { noWildcardActions } from "./rules/iam/no-wildcard-actions";
import { kmsKeyRotation } from "./rules/kms/key-rotation";
import { logGroupKms } from "./rules/logs/log-group-kms";
import { logGroupRetention } from "./rules/logs/log-group-retention";
import { logGroupRetentionOneYear } from "./rules/logs/log-group-retention-one-year";
import { bucketEncryption } from "./rules/s3/bucket-encryption";
import { bucketTlsOnly } from "./rules/s3/bucket-tls-only";
import { bucketVersioning } from "./rules/s3/bucket-versioning";
import { publicAccessBlock } from "./rules/s3/public-access-block";
import { vpcFlowLogs } from "./rules/vpc/flow-logs";
import { noWorldAdminIngress } from "./rules/vpc/no-world-admin-ingress";

/** The rule pack every stack is checked with, in the order of DESIGN.md's table. */
export const POLICY_RULES: readonly PolicyRule[] = [
  imdsv2Required,
  ebsEncrypted,
  ebsVolumeEncrypted,
  noPublicIp,
  noWorldAdminIngress,
  albDropInvalidHeaders,
  listenerHttps,
  listenerTlsPolicy,
  albAccessLogs,
  bucketVersioning,
  bucketEncryption,
  publicAccessBlock,
  bucketTlsOnly,
  noWildcardActions,
  noAdministratorAccess,
  vpcFlowLogs,
  logGroupRetention,
  logGroupRetentionOneYear,
  logGroupKms,
  kmsKeyRotation,
];

/** Every rule ID a finding can carry, and so every ID a suppression may name. */
export const POLICY_RULE_IDS: ReadonlySet<string> = new Set(POLICY_RULES.flatMap((r) => r.ids));
