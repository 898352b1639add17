/**
 * Every physical name in an environment derives from one prefix,
 * `<project>-<env>[-<namespace>]`, so two namespaces of one environment can
 * share an AWS account without colliding on role, bucket or log-group names.
 *
 * The purposes are closed unions, so `limitProblems` checks every name the
 * constructs can ask for against AWS's length limits before synth.
 */

export const ROLE_PURPOSES = ["host", "flow-logs", "backup", "scheduler", "rds-monitoring", "bedrock-logging", "nat"] as const;
export const BUCKET_PURPOSES = ["alb-logs", "files", "bedrock-logs"] as const;
/** Names limited to 32 characters: load balancers and target groups. */
export const ELB_PURPOSES = ["alb", "web"] as const;
/** ElastiCache replication group ids: at most 40 characters. */
export const CACHE_PURPOSES = ["cache"] as const;

export type RolePurpose = (typeof ROLE_PURPOSES)[number];
export type BucketPurpose = (typeof BUCKET_PURPOSES)[number];
export type ElbPurpose = (typeof ELB_PURPOSES)[number];
export type CachePurpose = (typeof CACHE_PURPOSES)[number];

export const NAME_LIMITS = { role: 64, bucket: 63, elb: 32, cache: 40 } as const;

export class Names {
  /** `<project>-<env>[-<namespace>]` */
  readonly prefix: string;

  constructor(
    readonly project: string,
    readonly environment: string,
    readonly namespace: string | undefined,
    readonly accountId: string,
    readonly region: string,
  ) {
    this.prefix = [project, environment, namespace].filter(Boolean).join("-");
  }

  /** Generic name for resources without a tight limit (security groups, KMS aliases, topics, ...). */
  of(purpose: string): string {
    return `${this.prefix}-${purpose}`;
  }

  role(purpose: RolePurpose): string {
    return `${this.prefix}-${purpose}`;
  }

  /** Bucket names are global: the account id and region keep them unique across accounts. */
  bucket(purpose: BucketPurpose): string {
    return `${this.prefix}-${purpose}-${this.accountId}-${this.region}`;
  }

  elb(purpose: ElbPurpose): string {
    return `${this.prefix}-${purpose}`;
  }

  cache(purpose: CachePurpose): string {
    return `${this.prefix}-${purpose}`;
  }

  /** `/<project>/<env>[/<namespace>]/<purpose>` */
  logGroup(purpose: string): string {
    return `${this.path}/${purpose}`;
  }

  /** SSM Parameter Store path of this environment, ending in "/". */
  get ssmPrefix(): string {
    return `${this.path}/`;
  }

  private get path(): string {
    return `/${[this.project, this.environment, this.namespace].filter(Boolean).join("/")}`;
  }

  /** Lines describing every name that would break an AWS length limit. */
  limitProblems(): string[] {
    const checks: Array<[string, string, number]> = [
      ...ROLE_PURPOSES.map((p): [string, string, number] => ["IAM role name", this.role(p), NAME_LIMITS.role]),
      ...BUCKET_PURPOSES.map((p): [string, string, number] => ["S3 bucket name", this.bucket(p), NAME_LIMITS.bucket]),
      ...ELB_PURPOSES.map((p): [string, string, number] => ["load balancer name", this.elb(p), NAME_LIMITS.elb]),
      ...CACHE_PURPOSES.map((p): [string, string, number] => ["ElastiCache id", this.cache(p), NAME_LIMITS.cache]),
    ];
    const worst = new Map<string, [string, number]>();
    for (const [kind, name, limit] of checks) {
      if (name.length > limit && (worst.get(kind)?.[0].length ?? 0) < name.length) worst.set(kind, [name, limit]);
    }
    return [...worst].map(
      ([kind, [name, limit]]) =>
        `the name prefix "${this.prefix}" makes the ${kind} "${name}" ${name.length} characters, AWS allows ${limit}; use a shorter project, environment or namespace`,
    );
  }
}
