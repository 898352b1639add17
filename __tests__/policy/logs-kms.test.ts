import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { EncryptionKey } from "../../src/constructs/encryption-key";
import { findings, messages, policyStack } from "./helpers";

const KEY = "arn:aws:kms:ap-northeast-1:111111111111:key/1";

describe("CKV_AWS_66 log retention set", () => {
  test("a retention, or an explicit 0 (never expire), passes", () => {
    const stack = policyStack();
    new CloudwatchLogGroup(stack, "month", { name: "a", retentionInDays: 30, kmsKeyId: KEY });
    new CloudwatchLogGroup(stack, "forever", { name: "b", retentionInDays: 0, kmsKeyId: KEY });
    expect(findings(stack, "CKV_AWS_66")).toEqual([]);
  });

  test("no retention fails", () => {
    const stack = policyStack();
    new CloudwatchLogGroup(stack, "group", { name: "a", kmsKeyId: KEY });
    expect(messages(stack, "CKV_AWS_66")).toEqual(["[CKV_AWS_66] the log group keeps logs forever (no retention_in_days): set retention_in_days (operations.logRetentionDays)"]);
  });
});

describe("CKV_AWS_338 log retention of a year (production only)", () => {
  test("365 days and more pass in production", () => {
    const stack = policyStack({ production: true });
    new CloudwatchLogGroup(stack, "year", { name: "a", retentionInDays: 365, kmsKeyId: KEY });
    new CloudwatchLogGroup(stack, "longer", { name: "b", retentionInDays: 400, kmsKeyId: KEY });
    expect(findings(stack, "CKV_AWS_338")).toEqual([]);
  });

  test("30 days fails in production", () => {
    const stack = policyStack({ production: true });
    new CloudwatchLogGroup(stack, "month", { name: "a", retentionInDays: 30, kmsKeyId: KEY });
    expect(messages(stack, "CKV_AWS_338")).toEqual(["[CKV_AWS_338] the log group keeps logs 30 days, less than a year: set retention_in_days to 365 or more (operations.logRetentionDays)"]);
  });

  test("30 days is not checked outside production (the non-production default)", () => {
    const stack = policyStack({ production: false });
    new CloudwatchLogGroup(stack, "month", { name: "a", retentionInDays: 30, kmsKeyId: KEY });
    expect(findings(stack, "CKV_AWS_338")).toEqual([]);
  });
});

describe("CKV_AWS_158 log group KMS", () => {
  test("a log group with a KMS key passes", () => {
    const stack = policyStack();
    const key = new EncryptionKey(stack, "key", { alias: "logs", description: "logs", accountId: "111111111111" });
    new CloudwatchLogGroup(stack, "group", { name: "a", retentionInDays: 30, kmsKeyId: key.arn });
    expect(findings(stack, "CKV_AWS_158")).toEqual([]);
  });

  test("a log group without one fails", () => {
    const stack = policyStack();
    new CloudwatchLogGroup(stack, "group", { name: "a", retentionInDays: 30 });
    expect(findings(stack, "CKV_AWS_158")).toEqual(["error group"]);
  });
});

describe("CKV_AWS_7 KMS rotation", () => {
  test("EncryptionKey, and an asymmetric key (which cannot rotate), pass", () => {
    const stack = policyStack();
    new EncryptionKey(stack, "key", { alias: "data", description: "data", accountId: "111111111111" });
    new KmsKey(stack, "signing", { customerMasterKeySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" });
    expect(findings(stack, "CKV_AWS_7")).toEqual([]);
  });

  test("a symmetric key without rotation fails", () => {
    const stack = policyStack();
    new KmsKey(stack, "key", { description: "no rotation" });
    expect(messages(stack, "CKV_AWS_7")).toEqual(["[CKV_AWS_7] the KMS key does not rotate: set enable_key_rotation = true (EncryptionKey does)"]);
  });
});
