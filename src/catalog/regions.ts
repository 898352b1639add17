/**
 * Commercial AWS regions, with the country each one stands in.
 *
 * The country is what the `country` data-residency level compares: a Bedrock
 * inference profile passes only if every destination region is in the same
 * country as the source region. GovCloud and China are separate partitions
 * and are deliberately absent.
 *
 * Checked: 2026-11 against the AWS regions list.
 */
export const AWS_REGIONS = {
  "us-east-1": { country: "US", name: "N. Virginia" },
  "us-east-2": { country: "US", name: "Ohio" },
  "us-west-1": { country: "US", name: "N. California" },
  "us-west-2": { country: "US", name: "Oregon" },
  "af-south-1": { country: "ZA", name: "Cape Town" },
  "ap-east-1": { country: "HK", name: "Hong Kong" },
  "ap-east-2": { country: "TW", name: "Taipei" },
  "ap-south-1": { country: "IN", name: "Mumbai" },
  "ap-south-2": { country: "IN", name: "Hyderabad" },
  "ap-southeast-1": { country: "SG", name: "Singapore" },
  "ap-southeast-2": { country: "AU", name: "Sydney" },
  "ap-southeast-3": { country: "ID", name: "Jakarta" },
  "ap-southeast-4": { country: "AU", name: "Melbourne" },
  "ap-southeast-5": { country: "MY", name: "Malaysia" },
  "ap-southeast-6": { country: "NZ", name: "New Zealand" },
  "ap-southeast-7": { country: "TH", name: "Thailand" },
  "ap-northeast-1": { country: "JP", name: "Tokyo" },
  "ap-northeast-2": { country: "KR", name: "Seoul" },
  "ap-northeast-3": { country: "JP", name: "Osaka" },
  "ca-central-1": { country: "CA", name: "Canada (Central)" },
  "ca-west-1": { country: "CA", name: "Calgary" },
  "eu-central-1": { country: "DE", name: "Frankfurt" },
  "eu-central-2": { country: "CH", name: "Zurich" },
  "eu-west-1": { country: "IE", name: "Ireland" },
  "eu-west-2": { country: "GB", name: "London" },
  "eu-west-3": { country: "FR", name: "Paris" },
  "eu-south-1": { country: "IT", name: "Milan" },
  "eu-south-2": { country: "ES", name: "Spain" },
  "eu-north-1": { country: "SE", name: "Stockholm" },
  "il-central-1": { country: "IL", name: "Tel Aviv" },
  "me-south-1": { country: "BH", name: "Bahrain" },
  "me-central-1": { country: "AE", name: "UAE" },
  "mx-central-1": { country: "MX", name: "Mexico (Central)" },
  "sa-east-1": { country: "BR", name: "São Paulo" },
} as const satisfies Record<string, { country: string; name: string }>;

export type AwsRegion = keyof typeof AWS_REGIONS;

export const AWS_REGION_NAMES = Object.keys(AWS_REGIONS) as [AwsRegion, ...AwsRegion[]];

export function isAwsRegion(value: string): value is AwsRegion {
  return Object.hasOwn(AWS_REGIONS, value);
}

export function countryOf(region: AwsRegion): string {
  return AWS_REGIONS[region].country;
}

/**
 * The geography a region belongs to, as the geographic inference profiles
 * draw it (us., eu., apac.): the `geography` residency level allows traffic
 * anywhere inside the Bedrock region's geography, never beyond it.
 */
const GEOGRAPHY_BY_PREFIX: Readonly<Record<string, string>> = {
  us: "US",
  ca: "CA",
  mx: "MX",
  sa: "SA",
  eu: "EU",
  ap: "APAC",
  me: "ME",
  il: "IL",
  af: "AF",
};

export function geographyOf(region: AwsRegion): string {
  return GEOGRAPHY_BY_PREFIX[region.split("-")[0]] ?? region;
}
