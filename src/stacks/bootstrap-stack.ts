import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../config/types";
import { StateAccessRole } from "../constructs/state-access-role";
import { StateBucket } from "../constructs/state-bucket";
import { localStatePath } from "./backend";

export const BOOTSTRAP_STACK = "bootstrap";

/**
 * Creates what the environment stacks stand on: the state bucket (with its
 * KMS key and optional legacy lock table) and the state access role.
 *
 * It starts on a local backend, because the bucket it would store its state
 * in does not exist yet; the README shows how to migrate it afterwards.
 */
export class BootstrapStack extends TerraformStack {
  readonly state: StateBucket;

  constructor(scope: Construct, config: AppConfig) {
    super(scope, BOOTSTRAP_STACK);
    const org = config.organization;

    new LocalBackend(this, { path: localStatePath({ stack: BOOTSTRAP_STACK }) });
    new AwsProvider(this, "aws", {
      region: org.state.region,
      allowedAccountIds: [org.state.accountId],
      defaultTags: [{ tags: { ...org.tags, Project: org.project, Environment: BOOTSTRAP_STACK, ManagedBy: "cdktf" } }],
    });

    this.state = new StateBucket(this, "state", {
      bucketName: org.state.bucket,
      accountId: org.state.accountId,
      keyAlias: `${org.project}-tfstate`,
      dynamodbTable: org.state.dynamodbTable,
    });

    if (org.state.roleName) {
      const deployerArns = config.environments.map((env) => `arn:aws:iam::${env.accountId}:role/${env.deployRoleName}`);
      new StateAccessRole(this, "state-access", {
        roleName: org.state.roleName,
        bucketArn: this.state.bucket.arn,
        kmsKeyArn: this.state.key.arn,
        keyPrefix: `${org.project}/`,
        trustedPrincipals: [...new Set([...org.deployers.trustedPrincipals, ...deployerArns])].sort(),
        lockTableArn: this.state.lockTable?.arn,
      });
    }

    new TerraformOutput(this, "state_bucket", { value: this.state.bucket.name });
    new TerraformOutput(this, "state_kms_key_arn", { value: this.state.key.arn });
  }
}
