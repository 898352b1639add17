import { z } from "zod";
import { BedrockSchema } from "./bedrock";
import { DifySchema } from "./dify";
import { NetworkSchema } from "./network";
import { OperationsSchema } from "./operations";
import { AccountId, ExternalId, NameLabel, Region, RoleName } from "./primitives";

export const DEFAULT_DEPLOY_ROLE = "OrganizationAccountAccessRole";

export const NamespaceSchema = NameLabel(12);

export const EnvironmentFileSchema = z.strictObject({
  $schema: z.string().optional(),
  accountId: AccountId.meta({ description: "AWS account of this environment (12 digits)." }),
  region: Region.meta({ description: "Region of this environment." }),
  deployRoleName: RoleName.default(DEFAULT_DEPLOY_ROLE).meta({
    description: "Role that Terraform assumes in the account. Production must use the scoped deployer role. @default OrganizationAccountAccessRole",
  }),
  externalId: ExternalId.optional().meta({ description: "sts:ExternalId for the role assumption. @default (none)" }),
  production: z.boolean().default(false).meta({ description: "Production guard rails: Multi-AZ, deletion protection, no admin role, ... @default false" }),
  namespace: NamespaceSchema.optional().meta({
    description:
      "Extra name segment so that several copies of one environment can live in one account: <project>-<env>-<namespace>. The DIFY_NAMESPACE variable sets it too. @default (none)",
  }),
  network: NetworkSchema,
  bedrock: BedrockSchema.default({ models: {}, endpoints: [], guardrail: { pii: "off" } }).meta({
    description: "Bedrock models, data residency, endpoints, logging and guardrails.",
  }),
  dify: DifySchema,
  operations: OperationsSchema.default({ backup: { schedule: "cron(0 18 * * ? *)" }, budget: {} }).meta({
    description: "Alarms, budget, log retention and backups.",
  }),
});

export type EnvironmentFile = z.output<typeof EnvironmentFileSchema>;
