import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { IAspect } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Puts the deployer's permissions boundary on every role a stack creates.
 * The deployer role may only create roles that carry this boundary, so a
 * role without it would fail at apply time; one aspect covers every
 * construct, present and future.
 */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole && node.permissionsBoundaryInput === undefined) {
      node.permissionsBoundary = this.boundaryArn;
    }
  }
}
