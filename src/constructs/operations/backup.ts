import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import { serviceTrustPolicy } from "../../iam/policy-document";

/**
 * AWS managed service-role policies for AWS Backup. They grant snapshot and
 * restore actions on the resource types AWS Backup supports, no more.
 */
export const BACKUP_SERVICE_POLICIES = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
] as const;

/** Job states that mean last night's recovery point is missing. */
const FAILED_BACKUP_STATES = ["FAILED", "ABORTED", "EXPIRED"] as const;

export interface BackupProps {
  /** Names the vault, plan and role; its environment and prefix tag the recovery points. */
  readonly names: Names;
  /** AWS Backup cron expression of the daily job, in UTC (operations.backup.schedule). */
  readonly schedule: string;
  /** Days a recovery point is kept (operations.backup.retentionDays). */
  readonly retentionDays: number;
  /** Environment KMS key ARN that encrypts the vault. */
  readonly kmsKeyArn: string;
  /** ARNs to back up: the data EBS volume (all-in-one) or the RDS instance (managed). */
  readonly resourceArns: readonly string[];
  /** SNS topic (Alarms) told about failed, aborted or expired backup jobs. @default no notification */
  readonly alarmTopicArn?: string;
  /** Minutes after the scheduled time within which a job must start. @default 60 */
  readonly startWindowMinutes?: number;
  /** Minutes within which a started job must finish. @default 720 */
  readonly completionWindowMinutes?: number;
}

/**
 * An AWS Backup vault, plan and selection for the environment's data.
 *
 * On the managed tier RDS also keeps its own automated backups; both stay on
 * purpose. RDS automated backups give point-in-time restore (to the second)
 * within dify.database.backupRetentionDays, but they belong to the instance.
 * AWS Backup recovery points are separate daily snapshots in a KMS-encrypted
 * vault with their own, longer retention (operations.backup.retentionDays),
 * they survive the instance and carry the same plan as the all-in-one volume.
 */
export class Backup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;
  readonly selection: BackupSelection;
  readonly role: IamRole;
  readonly failureRule?: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    const { names } = props;
    if (props.resourceArns.length === 0) {
      throw new Error("Backup needs at least one resource ARN: the data volume (all-in-one) or the RDS instance (managed)");
    }
    const vaultName = names.of("backup");

    this.vault = new BackupVault(this, "vault", {
      name: vaultName,
      kmsKeyArn: props.kmsKeyArn,
    });

    this.plan = new BackupPlan(this, "plan", {
      name: names.of("daily"),
      rule: [
        {
          ruleName: "daily",
          targetVaultName: this.vault.name,
          // AWS Backup cron expressions are in UTC unless a time zone is set.
          schedule: props.schedule,
          startWindow: props.startWindowMinutes ?? 60,
          completionWindow: props.completionWindowMinutes ?? 720,
          lifecycle: { deleteAfter: props.retentionDays },
          recoveryPointTags: { Environment: names.environment, Backup: names.prefix },
        },
      ],
    });

    this.role = new IamRole(this, "role", {
      name: names.role("backup"),
      description: `AWS Backup for ${names.prefix}`,
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
    });
    BACKUP_SERVICE_POLICIES.forEach((policyArn, i) => {
      new IamRolePolicyAttachment(this, `service-policy-${i}`, { role: this.role.name, policyArn });
    });

    this.selection = new BackupSelection(this, "selection", {
      name: names.of("data"),
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      resources: [...props.resourceArns],
    });

    if (props.alarmTopicArn) {
      // Vault notifications only offer "completed" (any outcome); an
      // EventBridge rule can pick the failures out.
      this.failureRule = new CloudwatchEventRule(this, "failed-jobs", {
        name: names.of("backup-failed"),
        description: `AWS Backup jobs of ${vaultName} that failed, aborted or expired`,
        eventPattern: JSON.stringify({
          source: ["aws.backup"],
          "detail-type": ["Backup Job State Change"],
          detail: { state: [...FAILED_BACKUP_STATES], backupVaultName: [vaultName] },
        }),
      });
      new CloudwatchEventTarget(this, "failed-jobs-to-topic", {
        rule: this.failureRule.name,
        arn: props.alarmTopicArn,
      });
    }
  }
}
