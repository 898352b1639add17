import type { TerraformDocument } from "../terraform/terraform-document";
import { managedResources } from "../terraform/terraform-json";
import { bootstrapFlowchart } from "./bootstrap-diagram";
import { environmentFlowchart } from "./environment-diagram";
import { renderFlowchart } from "./mermaid-flowchart";

const WORKLOAD_TYPES = new Set(["aws_vpc", "aws_instance", "aws_autoscaling_group", "aws_lb"]);

/**
 * The Mermaid flowchart of one synthesized stack. A stack with no network
 * and no machines but with roles or buckets is drawn as the ground the
 * environments stand on (accounts, state bucket, deployer and state roles);
 * every other stack as an environment.
 */
export function stackDiagram(doc: TerraformDocument): string {
  const resources = managedResources(doc);
  const foundation = !resources.some((r) => WORKLOAD_TYPES.has(r.type)) && resources.some((r) => r.type === "aws_iam_role" || r.type === "aws_s3_bucket");
  return renderFlowchart(foundation ? bootstrapFlowchart(doc) : environmentFlowchart(doc));
}
