import { compareText } from "../terraform/compare-text";
import type { Json, TerraformDocument } from "../terraform/terraform-document";
import { block, stringValue } from "../terraform/terraform-json";

/** One AWS provider configuration of a stack. */
export interface AwsProviderFacts {
  /** undefined for the default provider. */
  readonly alias?: string;
  readonly region?: string;
  /** allowed_account_ids: the accounts Terraform refuses to leave. */
  readonly accountIds: readonly string[];
  /** The role the provider assumes, if any. */
  readonly roleArn?: string;
}

/** The stack's AWS providers, the default one first, then by alias. */
export function awsProviders(doc: TerraformDocument): AwsProviderFacts[] {
  return (doc.provider?.aws ?? [])
    .map((config): AwsProviderFacts => {
      const ids = Array.isArray(config.allowed_account_ids) ? config.allowed_account_ids : [];
      return {
        alias: stringValue(config.alias),
        region: stringValue(config.region),
        accountIds: ids.filter((id): id is string => typeof id === "string").sort(compareText),
        roleArn: stringValue(block(config.assume_role).role_arn),
      };
    })
    .sort((a, b) => (a.alias === undefined ? -1 : b.alias === undefined ? 1 : compareText(a.alias, b.alias)));
}

/** The provider a resource uses: its `provider` meta-argument ("aws.<alias>") or the default. */
export function providerOf(providers: readonly AwsProviderFacts[], ref: Json | undefined): AwsProviderFacts | undefined {
  const alias = typeof ref === "string" ? ref.replace(/^aws\./, "") : undefined;
  return alias && alias !== "aws" ? providers.find((p) => p.alias === alias) : providers.find((p) => p.alias === undefined);
}

/** The account a provider works in: its single allowed account, if it names exactly one. */
export function accountOf(provider: AwsProviderFacts | undefined): string | undefined {
  return provider?.accountIds.length === 1 ? provider.accountIds[0] : undefined;
}
