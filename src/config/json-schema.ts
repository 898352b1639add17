import { z } from "zod";
import { EnvironmentFileSchema } from "./schema/environment";
import { OrganizationFileSchema } from "./schema/organization";

/** File names under environments/schema/, referenced by "$schema" in every example. */
export const SCHEMA_FILES = {
  "environment.schema.json": { schema: EnvironmentFileSchema, title: "dify-on-aws-cdktf environment file" },
  "organization.schema.json": { schema: OrganizationFileSchema, title: "dify-on-aws-cdktf organization settings" },
} as const;

/** JSON Schemas generated from the zod schemas, for editor completion. */
export function generateJsonSchemas(): Record<keyof typeof SCHEMA_FILES, string> {
  const out = {} as Record<keyof typeof SCHEMA_FILES, string>;
  for (const [file, { schema, title }] of Object.entries(SCHEMA_FILES) as [keyof typeof SCHEMA_FILES, (typeof SCHEMA_FILES)[keyof typeof SCHEMA_FILES]][]) {
    // "input" describes what users write: fields with defaults are optional.
    const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
    out[file] = `${JSON.stringify({ ...json, title }, null, 2)}\n`;
  }
  return out;
}
