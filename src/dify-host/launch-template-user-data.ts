import { Fn, TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { renderUserData, type UserDataProps } from "./user-data";

/** EC2's limit on user data, before base64. */
export const EC2_USER_DATA_LIMIT = 16 * 1024;

/**
 * User data for aws_launch_template (which wants base64), gzipped: the
 * managed tier's script is past EC2's 16 KB, and cloud-init unpacks gzip
 * before it runs the script. The same value fits aws_instance
 * `user_data_base64`.
 *
 * The props may be Terraform references, so the script can only be
 * compressed by Terraform itself (base64gzip), not at synth. And
 * `Fn.base64gzip(renderUserData(props))` does not work: cdktf refuses a
 * function argument with double quotes in it, and `Fn.rawString` escapes
 * `${` a second time and leaves backslashes (`\n`, `\'`) that HCL rejects or
 * rewrites. A local holds the script as a plain Terraform string, exactly as
 * aws_instance.user_data does, and base64gzip reads the local.
 */
export function launchTemplateUserData(scope: Construct, id: string, props: UserDataProps): string {
  return gzippedUserData(scope, id, props);
}

/**
 * The gzipped, base64-encoded user data, for aws_instance `user_data_base64`
 * once the all-in-one script outgrows 16 KB as plain `user_data` (a test
 * watches that limit).
 */
export function gzippedUserData(scope: Construct, id: string, props: UserDataProps): string {
  const script = new TerraformLocal(scope, id, renderUserData(props));
  return Fn.base64gzip(script.asString);
}
