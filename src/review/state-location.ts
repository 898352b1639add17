import type { TerraformDocument } from "../terraform/terraform-document";
import { block, booleanValue, isObject, stringValue } from "../terraform/terraform-json";

/** Where a stack keeps its Terraform state, as its `terraform` block says. */
export type StateLocation =
  | {
      readonly kind: "s3";
      readonly bucket?: string;
      readonly key?: string;
      readonly region?: string;
      /** Account of the state, from the backend's role or KMS key ARN. */
      readonly accountId?: string;
      readonly roleArn?: string;
      /** "S3 lockfile", "DynamoDB <table>", both, or none. */
      readonly locks: readonly string[];
      readonly encryption: "SSE-KMS" | "SSE-S3 (AES256)" | "none";
    }
  | { readonly kind: "cloud"; readonly hostname: string; readonly organization?: string; readonly workspace?: string; readonly project?: string }
  | { readonly kind: "local"; readonly path?: string }
  | { readonly kind: "other"; readonly type: string };

const ACCOUNT_IN_ARN = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/;

export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? ACCOUNT_IN_ARN.exec(arn)?.[1] : undefined;
}

export function stateLocation(doc: TerraformDocument): StateLocation {
  const terraform = isObject(doc.terraform) ? doc.terraform : {};
  const cloud = block(terraform.cloud);
  if (isObject(terraform.cloud)) {
    const workspaces = block(cloud.workspaces);
    const tags = Array.isArray(workspaces.tags) ? workspaces.tags.filter((t): t is string => typeof t === "string") : [];
    return {
      kind: "cloud",
      hostname: stringValue(cloud.hostname) ?? "app.terraform.io",
      organization: stringValue(cloud.organization),
      workspace: stringValue(workspaces.name) ?? (tags.length ? `tags ${[...tags].sort().join(", ")}` : undefined),
      project: stringValue(workspaces.project),
    };
  }
  const backends = isObject(terraform.backend) ? terraform.backend : {};
  const [type] = Object.keys(backends).sort();
  if (type === undefined) return { kind: "local" };
  const config = block(backends[type]);
  if (type === "local") return { kind: "local", path: stringValue(config.path) };
  if (type !== "s3") return { kind: "other", type };
  const roleArn = stringValue(block(config.assume_role).role_arn) ?? stringValue(config.role_arn);
  const kmsKeyId = stringValue(config.kms_key_id);
  const locks: string[] = [];
  if (booleanValue(config.use_lockfile)) locks.push("S3 lockfile");
  const table = stringValue(config.dynamodb_table);
  if (table) locks.push(`DynamoDB ${table}`);
  const encrypted = booleanValue(config.encrypt) === true;
  return {
    kind: "s3",
    bucket: stringValue(config.bucket),
    key: stringValue(config.key),
    region: stringValue(config.region),
    accountId: accountOfArn(roleArn) ?? accountOfArn(kmsKeyId),
    roleArn,
    locks,
    // Without kms_key_id, encrypt = true sends AES256 on every PUT, overriding the bucket's SSE-KMS default.
    encryption: !encrypted ? "none" : kmsKeyId ? "SSE-KMS" : "SSE-S3 (AES256)",
  };
}
