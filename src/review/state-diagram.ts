import type { TerraformDocument } from "../terraform/terraform-document";
import type { FlowEdge, FlowItem, FlowNode, IdPool } from "./mermaid-flowchart";
import { stateLocation } from "./state-location";

export interface StateDiagramContext {
  readonly ids: IdPool;
  /** The account the stack deploys into, if pinned. */
  readonly accountId?: string;
  /** Group id of that account in the chart. */
  readonly accountGroup?: string;
  /** The role the stack's default provider assumes. */
  readonly roleArn?: string;
}

export interface StateDiagramPart {
  /** Items drawn at the top level of the chart. */
  readonly outside: readonly FlowItem[];
  /** Items that belong in the stack's own account group (state kept in the same account). */
  readonly inAccount: readonly FlowItem[];
  readonly edges: readonly FlowEdge[];
}

const roleName = (arn: string) => arn.replace(/^.*:role\//, "");

/**
 * Who runs Terraform for the stack and where its state lives: the S3 bucket,
 * key and lock (in the state account), Terraform Cloud's organization and
 * workspace, or a local file.
 */
export function stateDiagram(doc: TerraformDocument, context: StateDiagramContext): StateDiagramPart {
  const state = stateLocation(doc);
  const outside: FlowItem[] = [];
  const inAccount: FlowItem[] = [];
  const edges: FlowEdge[] = [];
  const run = context.ids.id("terraform_run");
  const deployLabel = context.roleArn ? `assumes ${roleName(context.roleArn)}` : state.kind === "cloud" ? "workspace credentials" : "caller's credentials";

  if (state.kind === "cloud") {
    outside.push({
      node: {
        id: run,
        lines: [
          `Terraform Cloud ${state.hostname}`,
          `organization ${state.organization ?? "(not literal)"}`,
          `workspace ${state.workspace ?? "(not literal)"}`,
          ...(state.project ? [`project ${state.project}`] : []),
          "keeps the state and runs plan and apply",
        ],
        shape: "stadium",
      },
    });
  } else {
    outside.push({ node: { id: run, lines: ["Terraform run (cdktf deploy)"], shape: "stadium" } });
    const id = context.ids.id("state");
    let node: FlowNode;
    if (state.kind === "s3") {
      node = {
        id,
        lines: [
          "Terraform state: S3",
          `s3://${state.bucket ?? "?"}/${state.key ?? "?"}`,
          ...(state.region ? [`region ${state.region}`] : []),
          `lock: ${state.locks.length ? state.locks.join(" + ") : "none"}`,
          `encryption: ${state.encryption}`,
        ],
        shape: "cylinder",
      };
      if (state.accountId && state.accountId === context.accountId) inAccount.push({ node });
      else if (state.accountId) outside.push({ group: { id: context.ids.id("account", state.accountId), title: `State account ${state.accountId}`, children: [{ node }] } });
      else outside.push({ node });
      edges.push({ from: run, to: id, label: state.roleArn ? `state: assumes ${roleName(state.roleArn)}` : "state" });
    } else {
      const lines = state.kind === "local" ? ["Terraform state: local file", ...(state.path ? [state.path] : [])] : [`Terraform state: ${state.type} backend`];
      node = { id, lines, shape: "cylinder" };
      outside.push({ node });
      edges.push({ from: run, to: id, label: "state" });
    }
  }
  if (context.accountGroup) edges.push({ from: run, to: context.accountGroup, label: deployLabel });
  return { outside, inAccount, edges };
}
