import { Fn, TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { renderUserData, type UserDataProps } from "./user-data";

/** EC2's limit on user data, before base64. */
export const EC2_USER_DATA_LIMIT = 16 * 1024;

/**
 * Dify host user data, gzipped and base64-encoded, for aws_launch_template
 * `user_data` and aws_instance `user_data_base64`: both tiers' scripts are
 * past EC2's 16 KB as plain text, and cloud-init unpacks gzip before it runs
 * the script.
 *
 * The props may be Terraform references, so the script can only be
 * compressed by Terraform itself (base64gzip), not at synth. And
 * `Fn.base64gzip(renderUserData(props))` does not work: cdktf refuses a
 * function argument with double quotes in it, and `Fn.rawString` escapes
 * `${` a second time and leaves backslashes (`\n`, `\'`) that HCL rejects or
 * rewrites. A local holds the script as a plain Terraform string, exactly as
 * aws_instance.user_data does, and base64gzip reads the local.
 */
export function gzippedUserData(scope: Construct, id: string, props: UserDataProps): string {
  const script = new TerraformLocal(scope, id, renderUserData(props));
  return Fn.base64gzip(script.asString);
}
