import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import type { CacheSettings, DatabaseSettings } from "../../config/types";
import type { PolicyStatement } from "../../iam/policy-document";
import { Cache } from "./cache";
import { Database } from "./database";
import { EndpointsParameter } from "./endpoints-parameter";
import { FileStorage } from "./file-storage";

export interface ManagedDataTierProps {
  readonly names: Names;
  readonly accountId: string;
  readonly region: string;
  /** Production: enhanced monitoring, a two-node cache, deletion protection of the files bucket. @default false */
  readonly production?: boolean;
  /** dify.database, resolved. */
  readonly database: DatabaseSettings;
  /** dify.cache, resolved. */
  readonly cache: CacheSettings;
  /** Days the services' logs are kept (operations.logRetentionDays). */
  readonly logRetentionDays: number;
  readonly vpcId: string;
  /** The isolated subnets: no route out of the VPC. */
  readonly subnetIds: readonly string[];
  /** The only security group the database and the cache admit. */
  readonly hostSecurityGroupId: string;
  /** Environment KMS key: storage, the RDS secret, the bucket, logs. */
  readonly kmsKeyArn: string;
}

/**
 * The managed tier's data services: RDS PostgreSQL with pgvector,
 * ElastiCache and the files bucket, plus the SSM parameter that tells the
 * hosts where they are (`<ssmPrefix>config/endpoints`).
 */
export class ManagedDataTier extends Construct {
  readonly database: Database;
  readonly cache: Cache;
  readonly files: FileStorage;
  readonly endpoints: EndpointsParameter;

  constructor(scope: Construct, id: string, props: ManagedDataTierProps) {
    super(scope, id);
    const { names, region, production } = props;
    const network = { vpcId: props.vpcId, subnetIds: props.subnetIds, hostSecurityGroupId: props.hostSecurityGroupId, kmsKeyArn: props.kmsKeyArn };
    const logRetentionDays = props.logRetentionDays;
    this.database = new Database(this, "database", { names, accountId: props.accountId, region, production, settings: props.database, logRetentionDays, ...network });
    this.cache = new Cache(this, "cache", { names, production, settings: props.cache, logRetentionDays, ...network });
    this.files = new FileStorage(this, "files", { names, region, kmsKeyArn: props.kmsKeyArn, preventDestroy: production });
    this.endpoints = new EndpointsParameter(this, "endpoints", {
      ssmPrefix: names.ssmPrefix,
      endpoints: {
        db: { host: this.database.address, port: this.database.port, name: this.database.dbName, secretArn: this.database.masterSecretArn },
        redis: { host: this.cache.address, port: this.cache.port, userId: this.cache.userId, username: this.cache.username },
        storage: { bucket: this.files.bucketName, region },
      },
    });
  }

  /** What the Dify host role needs on these services. */
  hostStatements(): PolicyStatement[] {
    return [...this.database.hostStatements(), ...this.cache.hostStatements(), ...this.files.hostStatements()];
  }
}
