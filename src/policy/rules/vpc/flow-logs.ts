import type { PolicyRule } from "../../rule";

const ID = "CKV2_AWS_11";

/** Every VPC records its traffic: the evidence for an incident review. */
export const vpcFlowLogs: PolicyRule = {
  ids: [ID],
  title: "Every VPC has a flow log (aws_flow_log with vpc_id)",
  severity: "error",
  resourceTypes: ["aws_vpc"],
  check(vpc, { stack }) {
    if (stack.referencing("aws_flow_log", "vpc_id", vpc).length) return [];
    return [{ ruleId: ID, problem: "the VPC has no flow log", fix: "add an aws_flow_log with vpc_id = this VPC (Network does)" }];
  },
};
