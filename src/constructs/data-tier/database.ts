import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import type { DatabaseSettings } from "../../config/types";
import { type PolicyStatement, serviceTrustPolicy } from "../../iam/policy-document";
import { logGroup } from "../log-group";

const POSTGRES_PORT = 5432;

/** The AWS managed policy that lets RDS enhanced monitoring write to the RDSOSMetrics log group. */
const RDS_ENHANCED_MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";

/** Log types RDS for PostgreSQL can export; "upgrade" records major version upgrades. */
const LOG_EXPORTS = ["postgresql", "upgrade"] as const;

export type MonitoringInterval = 0 | 1 | 5 | 10 | 15 | 30 | 60;

export interface DatabaseProps {
  readonly names: Names;
  /** Account whose RDS may assume the enhanced-monitoring role. */
  readonly accountId: string;
  readonly region: string;
  /** Class, version, storage, Multi-AZ and backup retention (dify.database, resolved). */
  readonly settings: DatabaseSettings;
  /** Production turns enhanced monitoring on by default. @default false */
  readonly production?: boolean;
  /** Days the exported PostgreSQL logs are kept (a CloudWatch Logs retention period). */
  readonly logRetentionDays: number;
  readonly vpcId: string;
  /** Isolated subnets, one per AZ (no route out of the VPC). */
  readonly subnetIds: readonly string[];
  /** The Dify hosts' security group: the only source allowed to reach 5432. */
  readonly hostSecurityGroupId: string;
  /** Environment KMS key ARN: storage, master secret, Performance Insights and exported logs. */
  readonly kmsKeyArn: string;
  /** Enhanced monitoring interval in seconds; 0 turns it off. @default 60 in production, 0 otherwise */
  readonly monitoringInterval?: MonitoringInterval;
  /** IAM database authentication, for people who connect with `aws rds generate-db-auth-token`. @default false */
  readonly iamAuthentication?: boolean;
  /** Daily automated-backup window (UTC); kept clear of the AWS Backup start (18:00 UTC by default). @default "16:00-17:00" */
  readonly backupWindow?: string;
  /** Weekly maintenance window (UTC), after the backups: Monday 04:00 JST. @default "sun:19:00-sun:20:00" */
  readonly maintenanceWindow?: string;
  /** Name of the database Dify uses, created with the instance. @default "dify" */
  readonly databaseName?: string;
  /** Master user name; its password lives only in the RDS-managed secret. @default "dify" */
  readonly masterUsername?: string;
}

/**
 * RDS for PostgreSQL as Dify's database and its pgvector store. The `vector`
 * extension ships with RDS PostgreSQL 16+, and Dify's pgvector driver runs
 * `CREATE EXTENSION IF NOT EXISTS vector` itself when it creates the first
 * collection, as the master user (a member of rds_superuser), so Terraform
 * never needs a SQL provider or a database password.
 *
 * The master password is generated and stored by RDS in Secrets Manager
 * (manage_master_user_password), so it never appears in Terraform state.
 */
export class Database extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  readonly parameterGroup: DbParameterGroup;
  readonly subnetGroup: DbSubnetGroup;
  readonly monitoringRole?: IamRole;
  /** Name of the database Dify connects to. */
  readonly dbName: string;
  private readonly kmsKeyArn: string;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { names, kmsKeyArn } = props;
    const config = props.settings;
    const identifier = names.of("db");
    const major = config.engineVersion.split(".")[0];
    this.dbName = props.databaseName ?? "dify";
    this.kmsKeyArn = kmsKeyArn;
    this.region = props.region;

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: names.of("db"),
      description: "Dify PostgreSQL: 5432 from the Dify hosts only",
      vpcId: props.vpcId,
      tags: { Name: names.of("db") },
    });
    new VpcSecurityGroupIngressRule(this, "from-hosts", {
      securityGroupId: this.securityGroup.id,
      description: "PostgreSQL from the Dify hosts",
      referencedSecurityGroupId: props.hostSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
    });

    this.subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: names.of("db"),
      description: "Dify PostgreSQL: isolated subnets",
      subnetIds: [...props.subnetIds],
    });

    // The family is in the name, so a major upgrade creates the new group
    // before the old one (still attached) is destroyed.
    this.parameterGroup = new DbParameterGroup(this, "parameters", {
      name: names.of(`postgres${major}`),
      family: `postgres${major}`,
      description: "Dify PostgreSQL: TLS required",
      parameter: [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }],
      lifecycle: { createBeforeDestroy: true },
    });

    // RDS creates /aws/rds/instance/<id>/<type> on first export, with no
    // retention and no key; creating them first keeps both under our control.
    const logGroups = LOG_EXPORTS.map((type) =>
      logGroup(this, `log-${type}`, {
        name: `/aws/rds/instance/${identifier}/${type}`,
        retentionDays: props.logRetentionDays,
        kmsKeyArn,
      }),
    );

    const monitoringInterval = props.monitoringInterval ?? (props.production ? 60 : 0);
    if (monitoringInterval > 0) {
      this.monitoringRole = new IamRole(this, "monitoring-role", {
        name: names.role("rds-monitoring"),
        description: `RDS enhanced monitoring (${names.prefix})`,
        assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", {
          StringEquals: { "aws:SourceAccount": props.accountId },
        }),
      });
      new IamRolePolicyAttachment(this, "monitoring-policy", {
        role: this.monitoringRole.name,
        policyArn: RDS_ENHANCED_MONITORING_POLICY,
      });
    }

    this.instance = new DbInstance(this, "instance", {
      identifier,
      engine: "postgres",
      engineVersion: config.engineVersion,
      autoMinorVersionUpgrade: true,
      // Only an edit of dify.database.engineVersion asks for a new major.
      allowMajorVersionUpgrade: true,
      instanceClass: config.instanceClass,
      dbName: this.dbName,
      username: props.masterUsername ?? "dify",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: kmsKeyArn,
      iamDatabaseAuthenticationEnabled: props.iamAuthentication ?? false,
      port: POSTGRES_PORT,

      multiAz: config.multiAz,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      caCertIdentifier: "rds-ca-rsa2048-g1",

      storageType: "gp3",
      allocatedStorage: config.allocatedStorageGb,
      maxAllocatedStorage: config.maxAllocatedStorageGb,
      storageEncrypted: true,
      kmsKeyId: kmsKeyArn,

      backupRetentionPeriod: config.backupRetentionDays,
      backupWindow: props.backupWindow ?? "16:00-17:00",
      maintenanceWindow: props.maintenanceWindow ?? "sun:19:00-sun:20:00",
      copyTagsToSnapshot: true,
      // Keep the automated backups (point-in-time restore) if the instance is deleted.
      deleteAutomatedBackups: false,
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${identifier}-final`,

      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: kmsKeyArn,
      // Seven days is the free tier.
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval,
      monitoringRoleArn: this.monitoringRole?.arn,
      enabledCloudwatchLogsExports: [...LOG_EXPORTS],

      tags: { Name: identifier },
      dependsOn: logGroups,
    });
  }

  /** Host name of the writer endpoint (follows a Multi-AZ failover). */
  get address(): string {
    return this.instance.address;
  }

  get port(): number {
    return this.instance.port;
  }

  get identifier(): string {
    return this.instance.identifier;
  }

  get arn(): string {
    return this.instance.arn;
  }

  /** The RDS-managed Secrets Manager secret: JSON with `username` and `password`. */
  get masterSecretArn(): string {
    return this.instance.masterUserSecret.get(0).secretArn;
  }

  /**
   * What the host role needs to read the master secret. The secret is
   * encrypted with the environment key, which the host role may already use
   * for decryption; the ViaService condition keeps this statement to Secrets Manager.
   */
  hostStatements(): PolicyStatement[] {
    return [
      {
        Sid: "DatabaseMasterSecret",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: this.masterSecretArn,
      },
      {
        Sid: "DatabaseMasterSecretKey",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: this.kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${this.region}.amazonaws.com` } },
      },
    ];
  }
}
