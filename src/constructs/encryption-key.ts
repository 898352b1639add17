import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { type PolicyStatement, policyDocument } from "../iam/policy-document";

export interface EncryptionKeyProps {
  /** Alias without the "alias/" prefix. */
  readonly alias: string;
  readonly description: string;
  readonly accountId: string;
  /** Extra key-policy statements, for example to let CloudWatch Logs use the key. */
  readonly statements?: readonly PolicyStatement[];
  /** @default false */
  readonly preventDestroy?: boolean;
  /**
   * Provider of every resource here, for a region other than the stack's
   * default provider's. @default the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/** A customer-managed KMS key with yearly rotation and an alias. */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, "key", {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyDocument([
        {
          Sid: "AccountAdministers",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        ...(props.statements ?? []),
      ]),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.alias = new KmsAlias(this, "alias", { provider: props.provider, name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }

  get arn(): string {
    return this.key.arn;
  }
}

/** Key-policy statement that lets CloudWatch Logs in `region` encrypt the account's log groups. */
export function cloudWatchLogsKeyStatement(accountId: string, region: string): PolicyStatement {
  return {
    Sid: "CloudWatchLogsUse",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:log-group:*` } },
  };
}
