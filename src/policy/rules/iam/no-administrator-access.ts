import type { PolicyRule } from "../../rule";
import { str, strings } from "../../values";

const ID = "CKV_AWS_274";
// Every partition: aws, aws-cn, aws-us-gov.
const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** No role, user or group of the app is given AdministratorAccess. */
export const noAdministratorAccess: PolicyRule = {
  ids: [ID],
  title: "AdministratorAccess is attached to no role, user or group",
  severity: "error",
  resourceTypes: [
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_role",
    "aws_iam_role_policy_attachments_exclusive",
    "aws_iam_user_policy_attachments_exclusive",
    "aws_iam_group_policy_attachments_exclusive",
  ],
  check({ type, attributes }) {
    const arns = type === "aws_iam_role" ? strings(attributes.managed_policy_arns) : type.endsWith("_exclusive") ? strings(attributes.policy_arns) : [str(attributes.policy_arn)];
    const attached = arns === "unknown" ? undefined : arns.find((a) => typeof a === "string" && ADMINISTRATOR_ACCESS.test(a));
    if (!attached) return [];
    return [{ ruleId: ID, problem: `${attached} is attached`, fix: "attach a policy that lists the actions needed instead" }];
  },
};
