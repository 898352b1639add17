import { z } from "zod";
import { AWS_REGION_NAMES } from "../../catalog/regions";
import { parseCidr } from "../../network/cidr";

/**
 * Small reusable field types. Every refinement carries a message that says
 * what is allowed and echoes what was given, because these messages are the
 * user interface of the environment files.
 */

const show = (input: unknown): string => JSON.stringify(input) ?? String(input);

export const AccountId = z
  .string()
  .regex(/^\d{12}$/, { error: (iss) => `must be 12 digits, got ${show(iss.input)}` })
  .meta({ description: "AWS account id (12 digits).", examples: ["111111111111"] });

export const Region = z
  .string()
  .refine((v) => (AWS_REGION_NAMES as string[]).includes(v), {
    error: (iss) => `must be a known AWS region such as "ap-northeast-1" or "us-west-2", got ${show(iss.input)}`,
  })
  .meta({ description: "AWS region code.", examples: ["ap-northeast-1"], enum: AWS_REGION_NAMES });

/** IAM role names: 1-64 characters from [\w+=,.@-]. */
export const RoleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, {
  error: (iss) => `must be an IAM role name (1-64 characters of letters, digits and +=,.@_-), got ${show(iss.input)}`,
});

export const ExternalId = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, {
  error: (iss) => `must be 2-1224 characters of letters, digits and +=,.@:/-, got ${show(iss.input)}`,
});

/** Lowercase DNS-label style names, safe inside S3 bucket and IAM names. */
export const NameLabel = (max: number) =>
  z
    .string()
    .regex(new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`), {
      error: (iss) => `must be 1-${max} lowercase letters, digits or hyphens, starting with a letter, got ${show(iss.input)}`,
    })
    .refine((v) => !v.endsWith("-") && !v.includes("--"), {
      error: (iss) => `may not end with "-" or contain "--", got ${show(iss.input)}`,
    });

/** A valid IPv4 CIDR whose prefix length lies within [min, max]. */
export const Ipv4Cidr = (min = 0, max = 32) =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseCidr(value);
    if (typeof parsed === "string") {
      ctx.addIssue({ code: "custom", message: `must be an IPv4 CIDR such as "10.0.0.0/16" (${parsed}), got ${show(value)}` });
    } else if (parsed.prefix < min || parsed.prefix > max) {
      ctx.addIssue({
        code: "custom",
        message: `must be a CIDR from /${min} to /${max}, got ${show(value)}`,
      });
    }
  });

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const LogRetentionDays = z.number().refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
  error: (iss) => `must be a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")}), got ${show(iss.input)}`,
});

export const Hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
  error: (iss) => `must be a lowercase DNS name such as "dify.example.com", got ${show(iss.input)}`,
});

export const showValue = show;
