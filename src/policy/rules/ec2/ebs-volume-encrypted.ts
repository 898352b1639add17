import type { PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { bool } from "../../values";

const ID = "CKV_AWS_3";

/** Standalone volumes (the all-in-one tier's data volume) are encrypted. */
export const ebsVolumeEncrypted: PolicyRule = {
  ids: [ID],
  title: "Standalone EBS volumes are encrypted",
  severity: "error",
  resourceTypes: ["aws_ebs_volume"],
  check({ attributes }) {
    const encrypted = bool(attributes.encrypted);
    const fix = "set encrypted = true (and kms_key_id to the environment key)";
    if (encrypted === true) return [];
    if (encrypted === "unknown") return [unverifiable(ID, "encrypted", fix)];
    return [{ ruleId: ID, problem: "the EBS volume is not encrypted", fix }];
  },
};
