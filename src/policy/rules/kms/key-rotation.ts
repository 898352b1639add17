import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { bool, str } from "../../values";

const ID = "CKV_AWS_7";

/** Customer-managed symmetric keys rotate yearly. Asymmetric and HMAC keys cannot rotate. */
export const kmsKeyRotation: PolicyRule = {
  ids: [ID],
  title: "Symmetric KMS keys rotate (enable_key_rotation = true)",
  severity: "error",
  resourceTypes: ["aws_kms_key"],
  check({ attributes }) {
    const spec = str(attributes.customer_master_key_spec);
    if (spec !== undefined && spec !== "unknown" && spec !== "SYMMETRIC_DEFAULT") return [];
    const rotation = bool(attributes.enable_key_rotation);
    const fix = "set enable_key_rotation = true (EncryptionKey does)";
    if (rotation === true) return [];
    if (rotation === "unknown") return [unverifiable(ID, "enable_key_rotation", fix)];
    return [{ ruleId: ID, problem: "the KMS key does not rotate", fix }];
  },
};
