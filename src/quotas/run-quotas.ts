import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { deployRoleArn } from "../config/deploy-role";
import { type CommandIo, type EnvironmentArgumentOptions, environmentArgument } from "../loader/environment-argument";
import { checkQuotas } from "./check-quotas";
import { assumeDeployRole, listBedrockQuotas } from "./fetch-quotas";
import { formatQuotaTable } from "./format-table";
import { LOW_REQUESTS_PER_MINUTE, LOW_TOKENS_PER_DAY, LOW_TOKENS_PER_MINUTE } from "./thresholds";

export type QuotasIo = CommandIo;

export type QuotasOptions = EnvironmentArgumentOptions;

/**
 * `npm run quotas -- <env>`: prints the Bedrock quotas that govern the
 * environment's configured models, read in the environment's account through
 * its deploy role. Returns the exit code: 1 when a quota is 0 (Bedrock
 * refuses every call) or on any error, which is printed as one line.
 */
export async function runQuotas(args: readonly string[], io: QuotasIo, options: QuotasOptions = {}): Promise<number> {
  const env = environmentArgument("quotas", args, io, options);
  if (!env) return 1;

  const role = deployRoleArn(env);
  const region = env.bedrock.region;
  let credentials: Awaited<ReturnType<typeof assumeDeployRole>>;
  try {
    credentials = await assumeDeployRole(env);
  } catch (e) {
    io.err(`error: cannot assume ${role}: ${describeAwsError(e)}`);
    return 1;
  }
  let quotas: Awaited<ReturnType<typeof listBedrockQuotas>>;
  try {
    quotas = await listBedrockQuotas(new ServiceQuotasClient({ region, credentials }));
  } catch (e) {
    io.err(`error: cannot list the bedrock quotas in ${region} as ${role}: ${describeAwsError(e)}`);
    return 1;
  }

  const report = checkQuotas(env.bedrock, quotas);
  io.out(`Bedrock quotas of ${env.name}: account ${env.accountId}, Bedrock region ${region}\n`);
  io.out(formatQuotaTable(report.rows));
  io.out(
    `\nLOW means under ${LOW_TOKENS_PER_MINUTE.toLocaleString("en-US")} tokens per minute, ${LOW_REQUESTS_PER_MINUTE} requests per minute or ` +
      `${LOW_TOKENS_PER_DAY.toLocaleString("en-US")} tokens per day (see docs/bedrock.md).`,
  );
  const zero = report.rows.filter((r) => r.status === "zero").length;
  const low = report.rows.filter((r) => r.status === "low").length;
  if (low) io.out(`${low} quota${low === 1 ? " is" : "s are"} low: request an increase in Service Quotas > Amazon Bedrock before users arrive.`);
  if (zero) {
    io.err(`${zero} quota${zero === 1 ? " is" : "s are"} 0: Bedrock refuses these calls until the quota is raised (Service Quotas > Amazon Bedrock > Request increase).`);
    return 1;
  }
  return 0;
}

/** One line for an AWS SDK error, without a stack trace. */
export function describeAwsError(e: unknown): string {
  const error = e as { name?: string; message?: string };
  const message = (error.message ?? String(e)).split("\n")[0];
  switch (error.name) {
    case "CredentialsProviderError":
      return "no AWS credentials found; sign in first (aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
    case "ExpiredToken":
    case "ExpiredTokenException":
      return "your AWS credentials have expired; sign in again";
    case "AccessDenied":
    case "AccessDeniedException":
      return `access denied (${message})`;
    default:
      return error.name && error.name !== "Error" ? `${error.name}: ${message}` : message;
  }
}
