import { Fn, TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { renderUserData, type UserDataProps } from "./user-data";

/**
 * User data for aws_launch_template, which wants it in base64.
 *
 * `Fn.base64encode(renderUserData(props))` does not work: cdktf refuses a
 * function argument with double quotes in it, and `Fn.rawString` escapes
 * `${` a second time and leaves backslashes (`\n`, `\'`) that HCL rejects or
 * rewrites. A local holds the script as a plain Terraform string, exactly as
 * aws_instance.user_data does, and base64encode reads the local.
 */
export function launchTemplateUserData(scope: Construct, id: string, props: UserDataProps): string {
  const script = new TerraformLocal(scope, id, renderUserData(props));
  return Fn.base64encode(script.asString);
}
