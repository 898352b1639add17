import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { type PolicyStatement, policyDocument } from "../iam/policy-document";

export interface StateAccessRoleProps {
  readonly roleName: string;
  readonly bucketArn: string;
  readonly kmsKeyArn: string;
  /** Key prefix the role may touch, for example "dify/". */
  readonly keyPrefix: string;
  /** Principals (deployer roles, people) that may assume the role. */
  readonly trustedPrincipals: readonly string[];
  readonly lockTableArn?: string;
}

/**
 * The role that every S3 backend assumes for state access. It can read and
 * write state objects under the project's prefix, including the `.tflock`
 * objects of S3-native locking, and nothing else.
 */
export class StateAccessRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: StateAccessRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: "Terraform state access for the Dify stacks",
      maxSessionDuration: 3600,
      assumeRolePolicy: policyDocument([{ Effect: "Allow", Principal: { AWS: [...props.trustedPrincipals] }, Action: ["sts:AssumeRole", "sts:TagSession"] }]),
    });
    const statements: PolicyStatement[] = [
      {
        Sid: "ListStatePrefix",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: props.bucketArn,
        Condition: { StringLike: { "s3:prefix": [props.keyPrefix, `${props.keyPrefix}*`] } },
      },
      {
        Sid: "ReadWriteStateAndLockfiles",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: `${props.bucketArn}/${props.keyPrefix}*`,
      },
      {
        Sid: "UseStateKey",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource: props.kmsKeyArn,
      },
    ];
    if (props.lockTableArn) {
      statements.push({
        Sid: "LegacyDynamoDbLock",
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"],
        Resource: props.lockTableArn,
      });
    }
    new IamRolePolicy(this, "policy", { name: "state-access", role: this.role.id, policy: policyDocument(statements) });
  }
}
