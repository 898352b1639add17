/**
 * IMDSv2 only, with a hop limit of 2. Dify's containers (the Bedrock plugin,
 * S3 storage with S3_USE_AWS_MANAGED_IAM) take the instance role's credentials
 * from the metadata service one network hop further than the host; with the
 * usual hop limit of 1 they get no credentials at all (a known Dify issue).
 */
export const METADATA_OPTIONS = {
  httpEndpoint: "enabled",
  httpTokens: "required",
  httpPutResponseHopLimit: 2,
  instanceMetadataTags: "disabled",
} as const;

/** Root volume: encrypted gp3. Dify's data lives elsewhere (data volume or managed services). */
export const ROOT_DEVICE_NAME = "/dev/xvda";
