import { z } from "zod";
import { GithubDeployersSchema } from "./github-deployers";
import { AccountId, NameLabel, Region, RoleName, showValue } from "./primitives";

const BucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    error: (iss) => `must be an S3 bucket name of 3-63 lowercase letters, digits, dots or hyphens, got ${showValue(iss.input)}`,
  })
  .refine((v) => !v.includes("..") && !/^\d+\.\d+\.\d+\.\d+$/.test(v), {
    error: (iss) => `must be an S3 bucket name (no "..", not an IP address), got ${showValue(iss.input)}`,
  });

const S3Backend = z.strictObject({
  type: z.literal("s3"),
});

const CloudBackend = z.strictObject({
  type: z.literal("cloud"),
  organization: z.string().min(1).meta({ description: "With type cloud: the Terraform Cloud / HCP Terraform organization." }),
  workspacePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,80}$/, {
      error: (iss) => `must be letters, digits, "-" or "_", got ${showValue(iss.input)}`,
    })
    .meta({ description: 'With type cloud: workspace name = prefix + environment, for example "dify-" gives "dify-prod".' }),
  hostname: z.string().default("app.terraform.io").meta({ description: "With type cloud: the Terraform Cloud hostname. @default app.terraform.io" }),
  project: z.string().optional().meta({ description: "With type cloud: the project of the workspaces. @default (the organization's default project)" }),
});

const LocalBackend = z.strictObject({
  type: z.literal("local"),
});

/** Default tags that every stack sets itself; a same-named organization tag would be silently overridden. */
const PROJECT_TAG_KEYS = ["Project", "Environment", "ManagedBy", "Namespace"] as const;
/** AWS allows 50 tags per resource; the project's own tags and a Name tag take the rest. */
const MAX_ORGANIZATION_TAGS = 50 - PROJECT_TAG_KEYS.length - 1;

const TagKey = z
  .string()
  .regex(/^[\w .:/=+@-]{1,128}$/, {
    error: (iss) => `must be a tag key of 1-128 characters, got ${showValue(iss.input)}`,
  })
  .refine((key) => !key.toLowerCase().startsWith("aws:"), {
    error: (iss) => `may not start with "aws:", which AWS reserves for its own tags, got ${showValue(iss.input)}`,
  })
  .refine((key) => !(PROJECT_TAG_KEYS as readonly string[]).includes(key), {
    error: (iss) => `is set by the project on every resource (${PROJECT_TAG_KEYS.join(", ")}); choose another key, got ${showValue(iss.input)}`,
  });

const TagValue = z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, {
  error: (iss) => `must be a tag value of at most 256 letters, digits, spaces and _.:/=+-@, got ${showValue(iss.input)}`,
});

export const OrganizationFileSchema = z.strictObject({
  $schema: z.string().optional(),
  project: NameLabel(12).meta({
    description: "Name prefix of every physical resource name: <project>-<env>[-<namespace>].",
    examples: ["dify"],
  }),
  state: z.strictObject({
    accountId: AccountId.meta({ description: "Account that holds the Terraform state bucket (often the management or a tooling account)." }),
    region: Region.meta({ description: "Region of the state bucket." }),
    bucket: BucketName.meta({ description: "Name of the state bucket that the bootstrap stack creates." }),
    roleName: RoleName.optional().meta({
      description:
        "Base name of the roles in the state account that the S3 backends assume: <roleName>-<env>, each allowed only its environment's state. @default (the caller's own credentials)",
    }),
    dynamodbTable: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, {
        error: (iss) => `must be a DynamoDB table name (3-255 of letters, digits, "_", "-", "."), got ${showValue(iss.input)}`,
      })
      .optional()
      .meta({
        description: "Legacy DynamoDB lock table, for teams migrating from it. S3-native locking (use_lockfile) is always on. @default (none)",
      }),
  }),
  backend: z
    .discriminatedUnion("type", [S3Backend, CloudBackend, LocalBackend])
    .default({ type: "s3" })
    .meta({ description: 'Where the environment stacks keep their state. @default { "type": "s3" }' }),
  tags: z
    .record(TagKey, TagValue)
    .refine((tags) => Object.keys(tags).length <= MAX_ORGANIZATION_TAGS, {
      error: (iss) =>
        `must have at most ${MAX_ORGANIZATION_TAGS} tags (AWS allows 50 per resource, and the project adds ${PROJECT_TAG_KEYS.join(", ")} and Name), got ${Object.keys(iss.input as object).length}`,
    })
    .default({})
    .meta({ description: "Extra default tags on every resource, for example Owner and CostCenter. At most 45; not aws:*, Project, Environment, ManagedBy or Namespace. @default {}" }),
  deployers: z
    .strictObject({
      roleName: RoleName.optional().meta({
        description: "Name of the scoped deployer role that bootstrap creates in every environment account. @default <project>-deployer",
      }),
      bootstrapRoleName: RoleName.default("OrganizationAccountAccessRole").meta({
        description: "Admin role that bootstrap assumes once, to create the deployer roles. @default OrganizationAccountAccessRole",
      }),
      trustedPrincipals: z
        .array(
          z.string().regex(/^arn:aws:(iam|sts)::\d{12}:[\w+=,.@/:-]+$/, {
            error: (iss) => `must be an IAM principal ARN such as "arn:aws:iam::111111111111:role/platform-deployers", got ${showValue(iss.input)}`,
          }),
        )
        .default([])
        .meta({
          description: "Principals (for example your SSO deployer role in the management account) that may assume the deployer roles. @default (the state account root)",
        }),
      github: GithubDeployersSchema.optional().meta({
        description:
          "GitHub Actions deploys: bootstrap creates the GitHub OIDC provider and one CI role per environment in the state account, which only this repository's matching runs can assume (docs/ci.md). @default (none)",
      }),
    })
    .default({ bootstrapRoleName: "OrganizationAccountAccessRole", trustedPrincipals: [] })
    .meta({ description: "Deployer roles created by the bootstrap stack." }),
});

export type OrganizationFile = z.output<typeof OrganizationFileSchema>;
