import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import type { WorkingHours } from "../../config/types";
import { type PolicyStatement, policyDocument, serviceTrustPolicy } from "../../iam/policy-document";

export interface ScheduleProps {
  readonly names: Names;
  readonly accountId: string;
  readonly region: string;
  /** When Dify runs (dify.schedule): stopped at `stop`, started at `start`, in `timezone`. */
  readonly hours: WorkingHours;
  /** The all-in-one host to stop and start. @default none */
  readonly instanceId?: string;
  /**
   * KMS key of the host's EBS volumes: starting an instance whose volumes use
   * a customer managed key needs kms:CreateGrant for the caller, or the
   * instance goes from pending straight back to stopped. Required with instanceId.
   */
  readonly volumeKmsKeyArn?: string;
  /** The managed tier's Auto Scaling group, scaled to 0 at night. @default none */
  readonly autoScalingGroupName?: string;
  /** Min and desired capacity the group is scaled back to in the morning; required with autoScalingGroupName. */
  readonly hostCapacity?: { readonly min: number; readonly desired: number };
  /** RDS instance identifier, stopped after the hosts and started before them. @default none */
  readonly dbInstanceIdentifier?: string;
  /**
   * Minutes the database starts before the hosts (RDS takes several minutes
   * to start, and Dify's migrations need it at boot) and stops after them.
   * @default 20
   */
  readonly databaseLeadMinutes?: number;
}

const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

/**
 * An EventBridge Scheduler cron expression for a local "HH:MM" moved by
 * `offsetMinutes`, on weekdays (MON-FRI) or every day. When the offset
 * crosses midnight, the weekday range moves with it (23:50 the day before
 * Monday is Sunday).
 */
export function cronAt(time: string, weekdays: boolean, offsetMinutes = 0): string {
  const [h, m] = time.split(":").map(Number);
  const total = h * 60 + m + offsetMinutes;
  const dayShift = Math.floor(total / 1440);
  const minutes = ((total % 1440) + 1440) % 1440;
  const [hour, minute] = [Math.floor(minutes / 60), minutes % 60];
  if (!weekdays) return `cron(${minute} ${hour} * * ? *)`;
  const day = (i: number) => DAYS[(((i + dayShift) % 7) + 7) % 7];
  return `cron(${minute} ${hour} ? * ${day(1)}-${day(5)} *)`;
}

interface Job {
  readonly name: string;
  readonly description: string;
  readonly expression: string;
  readonly action: string;
  readonly input: Record<string, unknown>;
}

/**
 * The dev cost saver: EventBridge Scheduler stops the hosts (and RDS) at
 * dify.schedule.stop and starts them at dify.schedule.start, in the
 * configured time zone, through universal AWS SDK targets, so no Lambda is
 * involved. The scheduler role may call exactly those actions on exactly
 * those resources.
 *
 * An RDS instance that stays stopped for 7 days is started again by AWS; the
 * next stop schedule (the same evening on a weekday) stops it again.
 */
export class Schedule extends Construct {
  readonly group: SchedulerScheduleGroup;
  readonly role: IamRole;
  readonly schedules: SchedulerSchedule[] = [];

  constructor(scope: Construct, id: string, props: ScheduleProps) {
    super(scope, id);
    const { names, region, accountId } = props;
    const config = props.hours;
    if (!props.instanceId && !props.autoScalingGroupName) {
      throw new Error("Schedule needs the all-in-one instanceId or the managed autoScalingGroupName");
    }
    const lead = props.databaseLeadMinutes ?? 20;
    const at = (time: string, offset = 0) => cronAt(time, config.weekdays, offset);

    const jobs: Job[] = [];
    const statements: PolicyStatement[] = [];

    if (props.instanceId) {
      const volumeKmsKeyArn = props.volumeKmsKeyArn;
      if (!volumeKmsKeyArn) {
        throw new Error("Schedule needs volumeKmsKeyArn with instanceId: starting a host with KMS-encrypted volumes needs kms:CreateGrant on that key");
      }
      const instances = { InstanceIds: [props.instanceId] };
      jobs.push(
        { name: "stop-host", description: "Stop the Dify host", expression: at(config.stop), action: "ec2:stopInstances", input: instances },
        { name: "start-host", description: "Start the Dify host", expression: at(config.start), action: "ec2:startInstances", input: instances },
      );
      statements.push(
        {
          Sid: "StopStartHost",
          Effect: "Allow",
          Action: ["ec2:StopInstances", "ec2:StartInstances"],
          Resource: `arn:aws:ec2:${region}:${accountId}:instance/${props.instanceId}`,
        },
        {
          Sid: "EncryptedVolumes",
          Effect: "Allow",
          Action: "kms:CreateGrant",
          Resource: volumeKmsKeyArn,
          Condition: {
            Bool: { "kms:GrantIsForAWSResource": true },
            StringEquals: { "kms:ViaService": `ec2.${region}.amazonaws.com` },
          },
        },
      );
    }
    if (props.autoScalingGroupName) {
      if (!props.hostCapacity) {
        throw new Error("Schedule needs hostCapacity with autoScalingGroupName: the morning schedule restores min and desired capacity");
      }
      const group = { AutoScalingGroupName: props.autoScalingGroupName };
      const { min, desired } = props.hostCapacity;
      jobs.push(
        {
          name: "stop-hosts",
          description: "Scale the Dify hosts to zero",
          expression: at(config.stop),
          action: "autoscaling:updateAutoScalingGroup",
          input: { ...group, MinSize: 0, DesiredCapacity: 0 },
        },
        {
          name: "start-hosts",
          description: `Scale the Dify hosts back to ${desired} (min ${min})`,
          expression: at(config.start),
          action: "autoscaling:updateAutoScalingGroup",
          input: { ...group, MinSize: min, DesiredCapacity: desired },
        },
      );
      statements.push({
        Sid: "ScaleHosts",
        Effect: "Allow",
        Action: "autoscaling:UpdateAutoScalingGroup",
        // The group's ARN carries a random id; the name pins it to this one group.
        Resource: `arn:aws:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName/${props.autoScalingGroupName}`,
      });
    }
    if (props.dbInstanceIdentifier) {
      // Scheduler's SDK targets take the SDK's member names: DbInstanceIdentifier, not the API's DBInstanceIdentifier.
      const db = { DbInstanceIdentifier: props.dbInstanceIdentifier };
      jobs.push(
        {
          name: "stop-database",
          description: `Stop PostgreSQL ${lead} minutes after the hosts`,
          expression: at(config.stop, lead),
          action: "rds:stopDBInstance",
          input: db,
        },
        {
          name: "start-database",
          description: `Start PostgreSQL ${lead} minutes before the hosts`,
          expression: at(config.start, -lead),
          action: "rds:startDBInstance",
          input: db,
        },
      );
      statements.push({
        Sid: "StopStartDatabase",
        Effect: "Allow",
        Action: ["rds:StopDBInstance", "rds:StartDBInstance"],
        Resource: `arn:aws:rds:${region}:${accountId}:db:${props.dbInstanceIdentifier}`,
      });
    }

    this.group = new SchedulerScheduleGroup(this, "group", { name: names.of("cost-saver") });

    this.role = new IamRole(this, "role", {
      name: names.role("scheduler"),
      description: `Dify cost saver schedules (${names.prefix})`,
      assumeRolePolicy: serviceTrustPolicy("scheduler.amazonaws.com", {
        StringEquals: { "aws:SourceAccount": accountId },
      }),
    });
    new IamRolePolicy(this, "policy", {
      name: "cost-saver",
      role: this.role.id,
      policy: policyDocument(statements),
    });

    for (const job of jobs) {
      this.schedules.push(
        new SchedulerSchedule(this, job.name, {
          name: job.name,
          groupName: this.group.name,
          description: job.description,
          scheduleExpression: job.expression,
          scheduleExpressionTimezone: config.timezone,
          state: "ENABLED",
          flexibleTimeWindow: { mode: "OFF" },
          target: {
            arn: `arn:aws:scheduler:::aws-sdk:${job.action}`,
            roleArn: this.role.arn,
            input: JSON.stringify(job.input),
            retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
          },
        }),
      );
    }
  }
}
