import type { Finding, PolicyRule } from "../../rule";
import { unverifiable } from "../../rule";
import { type Attributes, block, blocks, bool, str } from "../../values";

const ID = "CKV_AWS_8";

/**
 * Every EBS volume a host boots with is encrypted. A host without an explicit
 * root device setting gets whatever the AMI snapshot and the account's
 * encryption-by-default say, which the code cannot show a reviewer, so it is
 * a finding too (as in checkov).
 */
export const ebsEncrypted: PolicyRule = {
  ids: [ID],
  title: "EBS volumes of instances and launch templates are encrypted",
  severity: "error",
  resourceTypes: ["aws_instance", "aws_launch_configuration", "aws_launch_template"],
  check({ type, attributes }) {
    return type === "aws_launch_template" ? launchTemplate(attributes) : instance(attributes);
  },
};

function instance(attributes: Attributes): Finding[] {
  const findings: Finding[] = [];
  const root = block(attributes.root_block_device);
  const rootFix = "set root_block_device.encrypted = true";
  if (!root) {
    findings.push({ ruleId: ID, problem: "the root volume's encryption is left to the AMI and the account default", fix: rootFix });
  } else {
    findings.push(...volume(root.encrypted, "the root volume", rootFix));
  }
  for (const device of blocks(attributes.ebs_block_device)) {
    findings.push(...volume(device.encrypted, `EBS volume ${deviceName(device)}`, "set ebs_block_device.encrypted = true"));
  }
  return findings;
}

function launchTemplate(attributes: Attributes): Finding[] {
  const mappings = blocks(attributes.block_device_mappings).filter((m) => block(m.ebs));
  if (!mappings.length) {
    return [
      {
        ruleId: ID,
        problem: "no block device mapping sets EBS encryption, so the root volume's is left to the AMI",
        fix: 'add block_device_mappings for the root device with ebs.encrypted = "true"',
      },
    ];
  }
  return mappings.flatMap((m) => volume(block(m.ebs)?.encrypted, `EBS volume ${deviceName(m)}`, 'set block_device_mappings.ebs.encrypted = "true"'));
}

function volume(encrypted: unknown, what: string, fix: string): Finding[] {
  const value = bool(encrypted);
  if (value === true) return [];
  if (value === "unknown") return [unverifiable(ID, `the encryption of ${what}`, fix)];
  return [{ ruleId: ID, problem: `${what} is not encrypted`, fix }];
}

function deviceName(device: Attributes): string {
  const name = str(device.device_name);
  return name && name !== "unknown" ? name : "(unnamed)";
}
