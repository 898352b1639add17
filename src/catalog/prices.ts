import type { AwsRegion } from "./regions";

/**
 * On-demand list prices for the monthly cost estimate of `npm run review`,
 * kept as data: each figure carries the month it was read and the AWS
 * pricing page it comes from.
 *
 * Figures marked `needsConfirming` come from community pages or from memory
 * of the AWS page rather than a fresh reading of it (the DESIGN brief's Tokyo
 * endpoint and NAT figures are among them). The review prints them with a
 * dagger. An instance type, RDS class or node type that is missing here is
 * shown as "price unknown"; nothing is extrapolated from another size or
 * region.
 *
 * To update: change the figure, pass the month you read the page as `asOf`
 * (or move AS_OF when the whole table was re-read), and move the figure out
 * of its `needsConfirming` group once it is checked (docs/review.md).
 */

/** What one priced unit is. */
export type PriceUnit = "h" | "GB" | "GB-month" | "IOPS-month" | "MBps-month" | "LCU-h" | "key-month" | "secret-month" | "alarm-month" | "web-ACL-month" | "rule-month" | "million-requests";

/** One list price in USD. */
export interface Price {
  readonly usd: number;
  readonly unit: PriceUnit;
  /** Month the figure was read, "YYYY-MM". */
  readonly asOf: string;
  /** The AWS pricing page the figure is taken from. */
  readonly source: string;
  /** True when the figure still has to be checked against `source`. */
  readonly needsConfirming?: true;
}

const PRICE_SOURCES = {
  ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
  ebs: "https://aws.amazon.com/ebs/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
  privateLink: "https://aws.amazon.com/privatelink/pricing/",
  rdsPostgres: "https://aws.amazon.com/rds/postgresql/pricing/",
  elastiCache: "https://aws.amazon.com/elasticache/pricing/",
  s3: "https://aws.amazon.com/s3/pricing/",
  cloudWatch: "https://aws.amazon.com/cloudwatch/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  secretsManager: "https://aws.amazon.com/secrets-manager/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  bedrock: "https://aws.amazon.com/bedrock/pricing/",
} as const;

/** When the tables were last read as a whole; a figure read later passes its own month. */
const AS_OF = "2026-11";

function price(source: string, usd: number, unit: PriceUnit, needsConfirming = false, asOf = AS_OF): Price {
  return needsConfirming ? { usd, unit, asOf, source, needsConfirming: true } : { usd, unit, asOf, source };
}

/** Hourly prices of a family of sizes, all from one page. */
function hourly(source: string, figures: Record<string, number>, needsConfirming = false, asOf = AS_OF): Record<string, Price> {
  return Object.fromEntries(Object.entries(figures).map(([name, usd]) => [name, price(source, usd, "h", needsConfirming, asOf)]));
}

/** ElastiCache node prices for Redis OSS (also Memcached) and Valkey. */
export interface CacheNodePrices {
  readonly redis: Readonly<Record<string, Price>>;
  /** Valkey nodes are listed 20% below Redis OSS on the same node type. */
  readonly valkey: Readonly<Record<string, Price>>;
}

function cacheNodes(redis: Record<string, number>, needsConfirming = false): CacheNodePrices {
  const valkey = Object.fromEntries(Object.entries(redis).map(([node, usd]) => [node, Math.round(usd * 0.8 * 1e6) / 1e6]));
  return {
    redis: hourly(PRICE_SOURCES.elastiCache, redis, needsConfirming),
    valkey: hourly(PRICE_SOURCES.elastiCache, valkey, needsConfirming),
  };
}

/** Every price the estimate uses, for one region. */
export interface RegionPrices {
  /** Linux on-demand, per instance-hour. */
  readonly ec2: Readonly<Record<string, Price>>;
  readonly ebs: {
    readonly gp3: Price;
    readonly gp2: Price;
    /** gp3 IOPS above the free 3,000. */
    readonly gp3Iops: Price;
    /** gp3 throughput above the free 125 MB/s. */
    readonly gp3Throughput: Price;
  };
  readonly alb: { readonly hour: Price; readonly lcu: Price };
  readonly nlb: { readonly hour: Price; readonly nlcu: Price };
  readonly natGateway: { readonly hour: Price; readonly dataGb: Price };
  /** Interface endpoints bill per endpoint per AZ; gateway endpoints are free. */
  readonly interfaceEndpoint: { readonly azHour: Price; readonly dataGb: Price };
  /** Gateway endpoints (S3, DynamoDB) cost nothing; listed so the review can say so. */
  readonly gatewayEndpoint: { readonly hour: Price };
  readonly publicIpv4: { readonly hour: Price };
  readonly rds: {
    /** RDS for PostgreSQL Single-AZ instance-hours; Multi-AZ bills two. */
    readonly postgres: Readonly<Record<string, Price>>;
    /** gp2 and gp3 storage, Single-AZ; Multi-AZ bills it twice. */
    readonly storageGb: Price;
  };
  readonly elastiCache: CacheNodePrices;
  readonly s3: { readonly standardGb: Price };
  readonly cloudWatch: { readonly logsIngestedGb: Price; readonly alarm: Price };
  readonly kms: { readonly key: Price };
  readonly secretsManager: { readonly secret: Price };
  readonly waf: { readonly webAcl: Price; readonly rule: Price; readonly millionRequests: Price };
}

const S = PRICE_SOURCES;

const US_WEST_2: RegionPrices = {
  ec2: {
    // The NAT instance's size (2026-11): half of t4g.micro, as the family's sizes go; not yet read off the page.
    ...hourly(S.ec2, { "t4g.nano": 0.0042 }, true),
    ...hourly(S.ec2, {
      "t3.micro": 0.0104,
      "t3.small": 0.0208,
      "t3.medium": 0.0416,
      "t3.large": 0.0832,
      "t3.xlarge": 0.1664,
      "t3.2xlarge": 0.3328,
      "t3a.micro": 0.0094,
      "t3a.small": 0.0188,
      "t3a.medium": 0.0376,
      "t3a.large": 0.0752,
      "t3a.xlarge": 0.1504,
      "t3a.2xlarge": 0.3008,
      "t4g.micro": 0.0084,
      "t4g.small": 0.0168,
      "t4g.medium": 0.0336,
      "t4g.large": 0.0672,
      "t4g.xlarge": 0.1344,
      "t4g.2xlarge": 0.2688,
      "m5.large": 0.096,
      "m5.xlarge": 0.192,
      "m5.2xlarge": 0.384,
      "m6i.large": 0.096,
      "m6i.xlarge": 0.192,
      "m6i.2xlarge": 0.384,
      "m6g.large": 0.077,
      "m6g.xlarge": 0.154,
      "m6g.2xlarge": 0.308,
      "m7i.large": 0.1008,
      "m7i.xlarge": 0.2016,
      "m7i.2xlarge": 0.4032,
      "m7i-flex.large": 0.09576,
      "m7i-flex.xlarge": 0.19152,
      "m7i-flex.2xlarge": 0.38304,
      "m7g.large": 0.0816,
      "m7g.xlarge": 0.1632,
      "m7g.2xlarge": 0.3264,
    }),
  },
  ebs: {
    gp3: price(S.ebs, 0.08, "GB-month"),
    gp2: price(S.ebs, 0.1, "GB-month"),
    gp3Iops: price(S.ebs, 0.005, "IOPS-month"),
    gp3Throughput: price(S.ebs, 0.04, "MBps-month"),
  },
  alb: { hour: price(S.elb, 0.0225, "h"), lcu: price(S.elb, 0.008, "LCU-h") },
  nlb: { hour: price(S.elb, 0.0225, "h"), nlcu: price(S.elb, 0.006, "LCU-h") },
  natGateway: { hour: price(S.vpc, 0.045, "h"), dataGb: price(S.vpc, 0.045, "GB") },
  interfaceEndpoint: { azHour: price(S.privateLink, 0.01, "h"), dataGb: price(S.privateLink, 0.01, "GB") },
  gatewayEndpoint: { hour: price(S.privateLink, 0, "h") },
  publicIpv4: { hour: price(S.vpc, 0.005, "h") },
  rds: {
    postgres: hourly(S.rdsPostgres, {
      "db.t3.micro": 0.018,
      "db.t3.small": 0.036,
      "db.t3.medium": 0.072,
      "db.t3.large": 0.145,
      "db.t4g.micro": 0.016,
      "db.t4g.small": 0.032,
      "db.t4g.medium": 0.065,
      "db.t4g.large": 0.129,
      "db.t4g.xlarge": 0.258,
      "db.m5.large": 0.178,
      "db.m5.xlarge": 0.356,
      "db.m6i.large": 0.178,
      "db.m6i.xlarge": 0.356,
      "db.m6g.large": 0.159,
      "db.m6g.xlarge": 0.318,
      "db.m7g.large": 0.168,
      "db.m7g.xlarge": 0.336,
      "db.m7g.2xlarge": 0.672,
    }),
    storageGb: price(S.rdsPostgres, 0.115, "GB-month"),
  },
  elastiCache: cacheNodes({
    "cache.t3.micro": 0.017,
    "cache.t3.small": 0.034,
    "cache.t3.medium": 0.068,
    "cache.t4g.micro": 0.016,
    "cache.t4g.small": 0.032,
    "cache.t4g.medium": 0.065,
    "cache.m6g.large": 0.149,
    "cache.m7g.large": 0.158,
  }),
  s3: { standardGb: price(S.s3, 0.023, "GB-month") },
  cloudWatch: { logsIngestedGb: price(S.cloudWatch, 0.5, "GB"), alarm: price(S.cloudWatch, 0.1, "alarm-month") },
  kms: { key: price(S.kms, 1, "key-month") },
  secretsManager: { secret: price(S.secretsManager, 0.4, "secret-month") },
  waf: {
    webAcl: price(S.waf, 5, "web-ACL-month"),
    rule: price(S.waf, 1, "rule-month"),
    millionRequests: price(S.waf, 0.6, "million-requests"),
  },
};

const AP_NORTHEAST_1: RegionPrices = {
  ec2: {
    ...hourly(S.ec2, {
      "t3.micro": 0.0136,
      "t3.small": 0.0272,
      "t3.medium": 0.0544,
      "t3.large": 0.1088,
      "t3.xlarge": 0.2176,
      "t3.2xlarge": 0.4352,
      "t4g.micro": 0.0108,
      "t4g.small": 0.0216,
      "t4g.medium": 0.0432,
      "t4g.large": 0.0864,
      "t4g.xlarge": 0.1728,
      "t4g.2xlarge": 0.3456,
      "m5.large": 0.124,
      "m5.xlarge": 0.248,
      "m5.2xlarge": 0.496,
      "m6i.large": 0.124,
      "m6i.xlarge": 0.248,
      "m6i.2xlarge": 0.496,
      "m7i.large": 0.1302,
      "m7i.xlarge": 0.2604,
      "m7i.2xlarge": 0.5208,
    }),
    ...hourly(
      S.ec2,
      {
        // The NAT instance's size (2026-11): half of t4g.micro, as the family's sizes go; not yet read off the page.
        "t4g.nano": 0.0054,
        "t3a.micro": 0.0122,
        "t3a.small": 0.0245,
        "t3a.medium": 0.049,
        "t3a.large": 0.0979,
        "t3a.xlarge": 0.1958,
        "t3a.2xlarge": 0.3917,
        "m6g.large": 0.099,
        "m6g.xlarge": 0.198,
        "m6g.2xlarge": 0.396,
        "m7g.large": 0.1049,
        "m7g.xlarge": 0.2098,
        "m7g.2xlarge": 0.4196,
      },
      true,
    ),
  },
  ebs: {
    gp3: price(S.ebs, 0.096, "GB-month"),
    gp2: price(S.ebs, 0.12, "GB-month"),
    gp3Iops: price(S.ebs, 0.006, "IOPS-month"),
    gp3Throughput: price(S.ebs, 0.048, "MBps-month"),
  },
  alb: { hour: price(S.elb, 0.0243, "h"), lcu: price(S.elb, 0.008, "LCU-h") },
  nlb: { hour: price(S.elb, 0.0243, "h"), nlcu: price(S.elb, 0.006, "LCU-h") },
  // DESIGN.md: the Tokyo NAT and endpoint figures come from community pages.
  natGateway: { hour: price(S.vpc, 0.062, "h", true), dataGb: price(S.vpc, 0.062, "GB", true) },
  interfaceEndpoint: { azHour: price(S.privateLink, 0.014, "h", true), dataGb: price(S.privateLink, 0.01, "GB", true) },
  gatewayEndpoint: { hour: price(S.privateLink, 0, "h") },
  publicIpv4: { hour: price(S.vpc, 0.005, "h") },
  rds: {
    postgres: hourly(
      S.rdsPostgres,
      {
        "db.t3.micro": 0.028,
        "db.t3.small": 0.056,
        "db.t3.medium": 0.113,
        "db.t4g.micro": 0.025,
        "db.t4g.small": 0.05,
        "db.t4g.medium": 0.101,
        // prod's default class; read 2026-11 from memory of the RDS page, not yet off the page itself.
        "db.m7g.large": 0.222,
      },
      true,
    ),
    storageGb: price(S.rdsPostgres, 0.138, "GB-month"),
  },
  elastiCache: cacheNodes(
    {
      "cache.t3.micro": 0.026,
      "cache.t3.small": 0.052,
      "cache.t3.medium": 0.104,
      "cache.t4g.micro": 0.025,
      "cache.t4g.small": 0.049,
      "cache.t4g.medium": 0.098,
    },
    true,
  ),
  s3: { standardGb: price(S.s3, 0.025, "GB-month") },
  cloudWatch: { logsIngestedGb: price(S.cloudWatch, 0.76, "GB"), alarm: price(S.cloudWatch, 0.1, "alarm-month") },
  kms: { key: price(S.kms, 1, "key-month") },
  secretsManager: { secret: price(S.secretsManager, 0.4, "secret-month") },
  waf: {
    webAcl: price(S.waf, 5, "web-ACL-month"),
    rule: price(S.waf, 1, "rule-month"),
    millionRequests: price(S.waf, 0.6, "million-requests"),
  },
};

/** The regions with a price table; any other region is reported as "no price table". */
export const PRICES: Readonly<Partial<Record<AwsRegion, RegionPrices>>> = {
  "ap-northeast-1": AP_NORTHEAST_1,
  "us-west-2": US_WEST_2,
};

export function pricesFor(region: string): RegionPrices | undefined {
  return Object.hasOwn(PRICES, region) ? PRICES[region as AwsRegion] : undefined;
}
