import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { EncryptionKey } from "../../src/constructs/encryption-key";
import { policyDocument, serviceTrustPolicy } from "../../src/iam/policy-document";
import { findings, messages, policyStack } from "./helpers";

const TRUST = serviceTrustPolicy("ec2.amazonaws.com");

describe("CKV_AWS_63 no * IAM actions", () => {
  test("listed actions, a Deny on *, and a KMS key policy granting kms:* to the account pass", () => {
    const stack = policyStack();
    const role = new IamRole(stack, "role", { assumeRolePolicy: TRUST });
    new IamRolePolicy(stack, "policy", {
      role: role.id,
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
          Resource: "arn:aws:bedrock:ap-northeast-1::foundation-model/amazon.titan-embed-text-v2:0",
        },
        { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ]),
    });
    // A key policy, not an identity policy: "kms:*" for the root is how KMS delegates to IAM.
    new EncryptionKey(stack, "key", { alias: "dify-test", description: "test", accountId: "111111111111" });
    expect(findings(stack, "CKV_AWS_63")).toEqual([]);
  });

  test('"*" and "*:*" in Allow statements fail, on managed, role and inline policies', () => {
    const stack = policyStack();
    new IamPolicy(stack, "managed", { policy: policyDocument([{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }]) });
    const role = new IamRole(stack, "role", {
      assumeRolePolicy: TRUST,
      inlinePolicy: [{ name: "inline", policy: policyDocument([{ Effect: "Allow", Action: ["s3:GetObject", "*:*"], Resource: "*" }]) }],
    });
    new IamRolePolicy(stack, "role-policy", { role: role.id, policy: policyDocument([{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }]) });
    expect(findings(stack, "CKV_AWS_63")).toEqual(["error managed", "error role", "error role-policy"]);
    expect(messages(stack, "CKV_AWS_63")).toEqual([
      '[CKV_AWS_63] statement Everything of the policy allows every action (Action "*"): list the actions the principal needs',
      '[CKV_AWS_63] statement 1 of inline policy inline allows every action (Action "*:*"): list the actions the principal needs',
      '[CKV_AWS_63] statement 1 of the policy allows every action (Action "*"): list the actions the principal needs',
    ]);
  });

  test("a policy document that cannot be parsed is a warning, not an error", () => {
    const stack = policyStack();
    new IamPolicy(stack, "from-data", { policy: "${data.aws_iam_policy_document.x.json}" });
    expect(findings(stack, "CKV_AWS_63")).toEqual(["warning from-data"]);
  });

  test("interpolations inside the JSON are read (policyDocument with resource references)", () => {
    const stack = policyStack();
    const other = new IamPolicy(stack, "other", { policy: policyDocument([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]) });
    new IamPolicy(stack, "wildcard", { policy: policyDocument([{ Effect: "Allow", Action: "*", Resource: other.arn }]) });
    expect(findings(stack, "CKV_AWS_63")).toEqual(["error wildcard"]);
  });
});

describe("CKV_AWS_274 no AdministratorAccess", () => {
  test("a narrower managed policy passes", () => {
    const stack = policyStack();
    const role = new IamRole(stack, "role", { assumeRolePolicy: TRUST, managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"] });
    new IamRolePolicyAttachment(stack, "ssm", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });
    expect(findings(stack, "CKV_AWS_274")).toEqual([]);
  });

  test("AdministratorAccess attached or in managed_policy_arns fails", () => {
    const stack = policyStack();
    const role = new IamRole(stack, "role", { assumeRolePolicy: TRUST, managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] });
    new IamRolePolicyAttachment(stack, "admin", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    expect(findings(stack, "CKV_AWS_274")).toEqual(["error role", "error admin"]);
    expect(messages(stack, "CKV_AWS_274")[1]).toBe("[CKV_AWS_274] arn:aws:iam::aws:policy/AdministratorAccess is attached: attach a policy that lists the actions needed instead");
  });
});
