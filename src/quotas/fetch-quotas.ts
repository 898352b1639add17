import { paginateListAWSDefaultServiceQuotas, paginateListServiceQuotas, type ServiceQuota, type ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { deployRoleArn } from "../config/deploy-role";
import type { EnvironmentConfig } from "../config/types";
import type { QuotaRecord } from "./check-quotas";

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration?: Date;
}

/**
 * Assumes the environment's deploy role with the caller's own credentials
 * (profile, SSO, environment variables), passing the external id when the
 * environment has one, exactly as the Terraform provider does.
 */
export async function assumeDeployRole(
  env: EnvironmentConfig,
  sts = new STSClient({ region: env.region }),
  /** Names the session in CloudTrail: which command assumed the role. */
  purpose = "quotas",
): Promise<TemporaryCredentials> {
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: deployRoleArn(env),
      RoleSessionName: `${env.names.prefix}-${purpose}`.slice(0, 64),
      ExternalId: env.externalId,
      DurationSeconds: 900,
    }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
    throw new Error(`AssumeRole on ${deployRoleArn(env)} returned no credentials`);
  }
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
    expiration: Credentials.Expiration,
  };
}

/**
 * Every quota of the bedrock service in the client's region. ListServiceQuotas
 * omits quotas whose applied value is not available, so the AWS defaults fill
 * those gaps (marked "default").
 */
export async function listBedrockQuotas(client: ServiceQuotasClient): Promise<QuotaRecord[]> {
  const byCode = new Map<string, QuotaRecord>();
  const add = (quota: ServiceQuota, source: QuotaRecord["source"]) => {
    const code = quota.QuotaCode ?? quota.QuotaName;
    if (!code || !quota.QuotaName || byCode.has(code)) return;
    byCode.set(code, { code, name: quota.QuotaName, value: quota.Value, source });
  };
  for await (const page of paginateListServiceQuotas({ client }, { ServiceCode: "bedrock", MaxResults: 100 })) {
    for (const quota of page.Quotas ?? []) add(quota, "applied");
  }
  for await (const page of paginateListAWSDefaultServiceQuotas({ client }, { ServiceCode: "bedrock", MaxResults: 100 })) {
    for (const quota of page.Quotas ?? []) add(quota, "default");
  }
  return [...byCode.values()];
}
