import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import type { CacheSettings } from "../../config/types";
import type { PolicyStatement } from "../../iam/policy-document";
import { logGroup } from "../log-group";

const REDIS_PORT = 6379;

/**
 * Dify's user: every key (`~*`) and every pub/sub channel (`&*`, which Redis
 * 7 and Valkey no longer grant by default, and which Celery's pidbox fanout
 * and the plugin daemon need), every command except the @dangerous category
 * (KEYS, FLUSHALL, FLUSHDB, DEBUG, CLIENT KILL, ...). Celery with a Redis
 * broker is known to run under `+@all -@dangerous` once keys and channels are
 * open (celery/celery#8724). If a Dify release ever logs NOPERM for a command,
 * widen this with `+<command>` rather than dropping the exclusion.
 */
export const DIFY_ACCESS_STRING = "on ~* &* +@all -@dangerous";

/** The replaced default user of a redis-engine user group: disabled, no commands, no keys. */
const DISABLED_DEFAULT_ACCESS_STRING = "off -@all";

export interface CacheProps {
  readonly names: Names;
  /** Engine, version and node type (dify.cache, resolved). */
  readonly settings: CacheSettings;
  /** Production: two nodes with failover, a week of snapshots and a final snapshot. @default false */
  readonly production?: boolean;
  /** Days the engine and slow logs are kept (a CloudWatch Logs retention period). */
  readonly logRetentionDays: number;
  readonly vpcId: string;
  /** Isolated subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  /** The Dify hosts' security group: the only source allowed to reach 6379. */
  readonly hostSecurityGroupId: string;
  /** Environment KMS key ARN: encryption at rest and the engine/slow log groups. */
  readonly kmsKeyArn: string;
  /** Access string of Dify's ElastiCache user. @default DIFY_ACCESS_STRING */
  readonly accessString?: string;
  /** Daily snapshot window (UTC). @default "16:00-17:00" */
  readonly snapshotWindow?: string;
  /** Weekly maintenance window (UTC), clear of the snapshot window. @default "sun:19:00-sun:20:00" */
  readonly maintenanceWindow?: string;
}

/**
 * ElastiCache (Valkey or Redis OSS, cluster mode disabled, because Celery's
 * BRPOP over several queues fails on a cluster: langgenius/dify#4472) with
 * TLS and KMS encryption. In production: two nodes in two AZs with automatic
 * failover; otherwise one node.
 *
 * Authentication without a secret in Terraform state:
 * - Dify's RBAC user is created with IAM authentication, and Terraform
 *   ignores later changes to its authentication mode. The first host to boot
 *   generates a token and stores it in SSM (`secrets/REDIS_PASSWORD`); every
 *   host, when it is launched, sets that token on the user with
 *   `aws elasticache modify-user`, so new hosts repair a re-created user. Dify's clients cannot sign IAM tokens,
 *   hence the switch. user_id equals user_name, as IAM users require.
 * - The default user never authenticates: with the valkey engine, attaching a
 *   valkey user group turns the default user off (valkey groups accept only
 *   password or IAM users, so a no-password "default" could not join them).
 *   With the redis engine, a group must contain a user named "default", so
 *   this construct adds one that is `off` with no commands; it needs
 *   `no_password_required` because it has no IAM twin (its name is "default")
 *   and a password would land in state, and being off it cannot log in at all.
 */
export class Cache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  readonly subnetGroup: ElasticacheSubnetGroup;
  readonly user: ElasticacheUser;
  readonly disabledDefaultUser?: ElasticacheUser;
  readonly userGroup: ElasticacheUserGroup;
  /** The engine version requested from ElastiCache. */
  readonly engineVersion: string;
  /** Member cluster ids ("<group>-001", ...), the CacheClusterId dimension of node metrics. */
  readonly memberClusterIds: readonly string[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { names, kmsKeyArn } = props;
    const production = props.production ?? false;
    const { engine, nodeType } = props.settings;
    this.engineVersion = props.settings.engineVersion;
    const groupId = names.cache("cache");
    const nodes = production ? 2 : 1;
    this.memberClusterIds = Array.from({ length: nodes }, (_, i) => `${groupId}-${String(i + 1).padStart(3, "0")}`);

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: names.of("cache"),
      description: `Dify ${engine}: ${REDIS_PORT} from the Dify hosts only`,
      vpcId: props.vpcId,
      tags: { Name: names.of("cache") },
    });
    new VpcSecurityGroupIngressRule(this, "from-hosts", {
      securityGroupId: this.securityGroup.id,
      description: `${engine} from the Dify hosts`,
      referencedSecurityGroupId: props.hostSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: REDIS_PORT,
      toPort: REDIS_PORT,
    });

    this.subnetGroup = new ElasticacheSubnetGroup(this, "subnet-group", {
      name: names.of("cache"),
      description: "Dify cache: isolated subnets",
      subnetIds: [...props.subnetIds],
    });

    const appUserId = names.of("app");
    this.user = new ElasticacheUser(this, "dify-user", {
      userId: appUserId,
      userName: appUserId,
      engine,
      accessString: props.accessString ?? DIFY_ACCESS_STRING,
      authenticationMode: { type: "iam" },
      // The hosts switch the user to the password they keep in SSM.
      lifecycle: { ignoreChanges: ["authentication_mode"] },
    });

    if (engine === "redis") {
      this.disabledDefaultUser = new ElasticacheUser(this, "default-user", {
        userId: names.of("default-off"),
        userName: "default",
        engine,
        accessString: DISABLED_DEFAULT_ACCESS_STRING,
        // The top-level flag, not authentication_mode: the API reports this
        // mode back as "no-password", which an authentication_mode block
        // would show as a change on every plan.
        noPasswordRequired: true,
      });
    }

    this.userGroup = new ElasticacheUserGroup(this, "user-group", {
      userGroupId: names.of("cache-users"),
      engine,
      userIds: [this.user.userId, ...(this.disabledDefaultUser ? [this.disabledDefaultUser.userId] : [])],
    });

    const logs = (["slow-log", "engine-log"] as const).map((type) => ({
      type,
      group: logGroup(this, `log-${type}`, {
        name: names.logGroup(`elasticache/${type}`),
        retentionDays: props.logRetentionDays,
        kmsKeyArn,
      }),
    }));

    this.replicationGroup = new ElasticacheReplicationGroup(this, "replication-group", {
      replicationGroupId: groupId,
      description: `Dify cache and Celery broker (${names.prefix})`,
      engine,
      engineVersion: this.engineVersion,
      autoMinorVersionUpgrade: "true",
      nodeType,
      port: REDIS_PORT,
      numCacheClusters: nodes,
      automaticFailoverEnabled: nodes > 1,
      multiAzEnabled: nodes > 1,
      subnetGroupName: this.subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],

      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      atRestEncryptionEnabled: "true",
      kmsKeyId: kmsKeyArn,
      userGroupIds: [this.userGroup.userGroupId],

      // The cache holds Celery's queue: a daily snapshot loses little, costs little.
      snapshotRetentionLimit: production ? 7 : 1,
      snapshotWindow: props.snapshotWindow ?? "16:00-17:00",
      maintenanceWindow: props.maintenanceWindow ?? "sun:19:00-sun:20:00",
      finalSnapshotIdentifier: production ? `${groupId}-final` : undefined,

      logDeliveryConfiguration: logs.map(({ type, group }) => ({
        destination: group.name,
        destinationType: "cloudwatch-logs",
        logFormat: "json",
        logType: type,
      })),
      tags: { Name: groupId },
    });
  }

  /** Primary endpoint: the writer, which follows a failover. */
  get address(): string {
    return this.replicationGroup.primaryEndpointAddress;
  }

  get port(): number {
    return REDIS_PORT;
  }

  get userId(): string {
    return this.user.userId;
  }

  get username(): string {
    return this.user.userName;
  }

  get replicationGroupId(): string {
    return this.replicationGroup.replicationGroupId;
  }

  /**
   * What the host role needs to set (and later rotate) Dify's password: every
   * new host calls modify-user, then waits in describe-users until the user
   * is active again. Both are scoped to this one user.
   */
  hostStatements(): PolicyStatement[] {
    return [
      {
        Sid: "CacheUserPassword",
        Effect: "Allow",
        Action: ["elasticache:ModifyUser", "elasticache:DescribeUsers"],
        Resource: this.user.arn,
      },
    ];
  }
}
