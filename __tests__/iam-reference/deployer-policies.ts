/**
 * The deployer role of an environment stack's account, and the policies that
 * decide what it may do, read from the bootstrap stack that creates them.
 * Environments that still deploy with an administrator role (the default
 * deployRoleName) are held against the deployer all the same: it is the
 * role they are meant to move to.
 */
import { resolveReferences, type StackJson } from "./policy-documents";
import type { Policies } from "./simulate";
import type { SynthesizedConfig } from "./stack-matrix";

type Json = Record<string, any>;

const entries = (tf: Json, type: string): Array<[string, Json]> => Object.entries(tf.resource?.[type] ?? {});

export function deployerPoliciesFor(group: SynthesizedConfig, stack: StackJson): { principal: string; policies: Required<Pick<Policies, "identity" | "boundary">> } {
  const bootstrap = group.bootstrap?.tf;
  if (!bootstrap) throw new Error(`${group.label}: no bootstrap stack to read the deployer from`);
  const account: string = stack.tf.provider?.aws?.[0]?.allowed_account_ids?.[0];
  const roles = entries(bootstrap, "aws_iam_role").filter(([key]) => key.startsWith(`deployer-${account}_role_`));
  if (roles.length !== 1) throw new Error(`${stack.name}: ${roles.length} deployer roles for account ${account} in the bootstrap stack`);
  const [roleKey, role] = roles[0];
  const principal = `arn:aws:iam::${account}:role/${role.name}`;
  const policyDocument = (key: string) => JSON.parse(resolveReferences(bootstrap.resource.aws_iam_policy[key].policy, bootstrap, key));
  const policyKey = (reference: string) => /aws_iam_policy\.([^.]+)\.arn/.exec(reference)?.[1] as string;

  const attached = entries(bootstrap, "aws_iam_role_policy_attachment")
    .filter(([, a]) => String(a.role).includes(`aws_iam_role.${roleKey}.`))
    .map(([, a]) => policyKey(a.policy_arn));
  return {
    principal,
    policies: {
      identity: attached.map((key) => ({ name: bootstrap.resource.aws_iam_policy[key].name, policy: policyDocument(key) })),
      boundary: policyDocument(policyKey(role.permissions_boundary)),
    },
  };
}
