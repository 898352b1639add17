import { z } from "zod";
import { CacheNodeType, HostInstanceType, RdsInstanceClass } from "./instance-classes";
import { Hostname, Ipv4Cidr, showValue } from "./primitives";
import { TimeZone } from "./time-zone";

const DIFY_TIERS = ["all-in-one", "managed"] as const;
const VECTOR_STORES = ["weaviate", "pgvector"] as const;
export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/** Engine versions that support IAM-authenticated RBAC users. */
const CACHE_VERSIONS: Record<CacheEngine, RegExp> = { valkey: /^(7\.2|[89]\.\d+)$/, redis: /^7\.[01]$/ };

/** What `dify.cache.engineVersion` means when it is left out. */
export const DEFAULT_CACHE_VERSIONS: Record<CacheEngine, string> = { valkey: "8.2", redis: "7.1" };

const DifyVersion = z.string().regex(/^\d+\.\d+\.\d+$/, {
  error: (iss) => `must be a pinned Dify release tag such as "1.10.1" (never "latest", "main" or a branch), got ${showValue(iss.input)}`,
});

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: (iss) => `must be a 24-hour time "HH:MM", got ${showValue(iss.input)}`,
});

export const DifySchema = z.strictObject({
  version: DifyVersion.meta({ description: "Pinned Dify release (a langgenius/dify tag).", examples: ["1.14.1"] }),
  instanceType: HostInstanceType.default("t3.large").meta({
    description:
      "EC2 instance type of the Dify host(s), from src/catalog/instance-types.ts, with at least the 2 vCPU / 4 GiB Dify needs. Graviton types (t4g, m7g, ...) use the arm64 image. @default t3.large",
  }),
  tier: z.enum(DIFY_TIERS).optional().meta({
    description: '"all-in-one" (one host runs everything) or "managed" (RDS, ElastiCache and S3 behind stateless hosts). @default managed in production, all-in-one otherwise',
  }),
  vectorStore: z.enum(VECTOR_STORES).optional().meta({
    description: "Vector store of the all-in-one tier. The managed tier always uses pgvector on RDS. @default weaviate (all-in-one), pgvector (managed)",
  }),
  domainName: Hostname.optional().meta({ description: "Public DNS name of Dify. With hostedZoneId, an ACM certificate and an alias record are created. @default (none: the ALB DNS name)" }),
  hostedZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{1,31}$/, { error: (iss) => `must be a Route 53 hosted zone id such as "Z0123456789ABCDEFGHIJ", got ${showValue(iss.input)}` })
    .optional()
    .meta({ description: "Route 53 hosted zone of domainName, for DNS validation and the alias record. @default (none)" }),
  certificateArn: z
    .string()
    .regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, {
      error: (iss) => `must be an ACM certificate ARN, got ${showValue(iss.input)}`,
    })
    .optional()
    .meta({ description: "Existing ACM certificate for the HTTPS listener. @default (none)" }),
  internal: z.boolean().default(false).meta({ description: "Internal ALB, for closed networks reached over VPN or Direct Connect. @default false" }),
  allowedCidrs: z.array(Ipv4Cidr(0, 32)).default([]).meta({
    description:
      "Client CIDRs that may reach the ALB. 0.0.0.0/0 is refused in production unless publicInternet is true. Repeated entries and entries inside a wider one are dropped with a warning; at most 30 distinct CIDRs (two rules each, 60 per security group). @default []",
  }),
  publicInternet: z.boolean().default(false).meta({
    description: "Open the ALB to the whole internet (adds 0.0.0.0/0). @default false",
  }),
  waf: z.boolean().default(false).meta({ description: "Attach an AWS WAF web ACL with AWS managed rule groups. @default false" }),
  uploadFileSizeLimitMb: z.number().int().min(1).max(1024).default(15).meta({ description: "Dify UPLOAD_FILE_SIZE_LIMIT and the nginx body limit (MB). @default 15" }),
  rootVolumeGb: z.number().int().min(8).max(1024).default(30).meta({
    description:
      "Root volume size (GiB). The all-in-one host keeps Docker's images and volumes on the data volume, so 12 GiB carries Amazon Linux 2023 and its logs; managed hosts keep the images on the root volume, which needs 30. @default 30",
  }),
  dataVolumeGb: z.number().int().min(20).max(16384).default(100).meta({
    description:
      "Data volume size of the all-in-one tier (GiB): Docker's images (about 8 GiB for Dify 1.x), PostgreSQL, the vector store and uploads. 20 is enough for a trial. @default 100",
  }),
  spot: z
    .strictObject({
      maxPricePerHour: z.number().positive().max(10).optional().meta({
        description: "Highest hourly price (USD) to pay; above it the host is stopped until the price falls. The estimate counts this figure. @default the on-demand price",
      }),
    })
    .optional()
    .meta({
      description:
        "All-in-one tier outside production only: run the host on Spot capacity (a persistent request that stops, not terminates, on interruption, so the root and data volumes stay). Interruptions stop Dify for a while; acceptable for dev, not for production. @default (on-demand)",
    }),
  hosts: z
    .strictObject({
      min: z.number().int().min(1).max(20).optional(),
      max: z.number().int().min(1).max(20).optional(),
      desired: z.number().int().min(1).max(20).optional(),
    })
    .default({})
    .meta({ description: "Auto Scaling Group size of the managed tier. @default min 2, max 4 in production; 1 and 2 otherwise" }),
  database: z
    .strictObject({
      instanceClass: RdsInstanceClass.optional(),
      // A major version alone ("16") lets auto_minor_version_upgrade move the
      // minor without Terraform later trying to "downgrade" to a pinned minor.
      engineVersion: z
        .string()
        .regex(/^1[6-9](\.\d+)?$/, {
          error: (iss) => `must be PostgreSQL 16 or later, such as "16" or "17.4", got ${showValue(iss.input)}`,
        })
        .default("16"),
      allocatedStorageGb: z.number().int().min(20).max(65536).default(50),
      maxAllocatedStorageGb: z.number().int().min(20).max(65536).default(200),
      multiAz: z.boolean().optional(),
      backupRetentionDays: z.number().int().min(1).max(35).optional(),
    })
    .default({ engineVersion: "16", allocatedStorageGb: 50, maxAllocatedStorageGb: 200 })
    .meta({
      description:
        'RDS PostgreSQL with pgvector of the managed tier. engineVersion "16" follows the newest 16.x through automatic minor upgrades; a pinned minor ("16.8") makes Terraform fight them. @default db.t4g.medium (db.m7g.large in production), "16", 50 GiB growing to 200 GiB, Multi-AZ and 30-day backups in production, 7 otherwise',
    }),
  cache: z
    .strictObject({
      engine: z.enum(CACHE_ENGINES).default("valkey"),
      // The hosts authenticate as an ElastiCache RBAC user created with IAM
      // authentication, which needs Valkey 7.2+ or Redis OSS 7.0+.
      engineVersion: z
        .string()
        .regex(/^\d+\.\d+$/, {
          error: (iss) => `must be a <major>.<minor> engine version such as "8.2" (valkey) or "7.1" (redis), got ${showValue(iss.input)}`,
        })
        .optional(),
      nodeType: CacheNodeType.default("cache.t4g.small"),
    })
    .superRefine((cache, ctx) => {
      const version = cache.engineVersion;
      if (version !== undefined && !CACHE_VERSIONS[cache.engine].test(version)) {
        ctx.addIssue({
          code: "custom",
          path: ["engineVersion"],
          message: `must be a ${cache.engine} version whose RBAC users can use IAM authentication (valkey 7.2 or later, redis 7.0 or 7.1), got ${showValue(version)}`,
        });
      }
    })
    .default({ engine: "valkey", nodeType: "cache.t4g.small" })
    .meta({
      description: `ElastiCache (cluster mode disabled, TLS, RBAC user) of the managed tier. @default valkey ${DEFAULT_CACHE_VERSIONS.valkey} (redis: ${DEFAULT_CACHE_VERSIONS.redis}) on cache.t4g.small`,
    }),
  schedule: z
    .strictObject({
      timezone: TimeZone,
      start: ClockTime,
      stop: ClockTime,
      weekdays: z.boolean().default(true),
      allowInProduction: z.boolean().default(false),
    })
    .optional()
    .meta({
      description:
        'Dev cost saver: stop hosts (and RDS) outside working hours, for example { "timezone": "Asia/Tokyo", "start": "08:00", "stop": "20:00", "weekdays": true }. @default (always on)',
    }),
});

export type DifyInput = z.output<typeof DifySchema>;
