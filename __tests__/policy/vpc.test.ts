import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { findings, messages, policyStack } from "./helpers";

describe("CKV_AWS_24 / CKV_AWS_25 no 0.0.0.0/0 ingress to 22 or 3389", () => {
  test("HTTPS from the world, SSH from a known CIDR and egress to the world pass", () => {
    const stack = policyStack();
    new SecurityGroup(stack, "alb", {
      vpcId: "vpc-1",
      ingress: [
        { fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] },
        { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["203.0.113.0/24"] },
        { fromPort: -1, toPort: -1, protocol: "icmp", cidrBlocks: ["0.0.0.0/0"] },
      ],
    });
    new SecurityGroupRule(stack, "out", { type: "egress", securityGroupId: "sg-1", fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"] });
    new VpcSecurityGroupIngressRule(stack, "https", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
    expect([...findings(stack, "CKV_AWS_24"), ...findings(stack, "CKV_AWS_25")]).toEqual([]);
  });

  test("inline SSH from the world fails", () => {
    const stack = policyStack();
    new SecurityGroup(stack, "host", { vpcId: "vpc-1", ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] });
    expect(messages(stack, "CKV_AWS_24")).toEqual(["[CKV_AWS_24] the ingress rule opens SSH (port 22) to 0.0.0.0/0: allow only known CIDRs, or drop the rule and use SSM Session Manager"]);
    expect(findings(stack, "CKV_AWS_25")).toEqual([]);
  });

  test("a port range that includes 3389, from ::/0, fails as an aws_security_group_rule", () => {
    const stack = policyStack();
    new SecurityGroupRule(stack, "range", { type: "ingress", securityGroupId: "sg-1", fromPort: 3000, toPort: 4000, protocol: "tcp", ipv6CidrBlocks: ["::/0"] });
    expect(findings(stack, "CKV_AWS_25")).toEqual(["error range"]);
    expect(findings(stack, "CKV_AWS_24")).toEqual([]);
  });

  test("all protocols from the world fail both rules as an aws_vpc_security_group_ingress_rule", () => {
    const stack = policyStack();
    new VpcSecurityGroupIngressRule(stack, "everything", { securityGroupId: "sg-1", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
    expect(findings(stack, "CKV_AWS_24")).toEqual(["error everything"]);
    expect(findings(stack, "CKV_AWS_25")).toEqual(["error everything"]);
  });

  test("a source CIDR only known at apply time is a warning", () => {
    const stack = policyStack();
    new VpcSecurityGroupIngressRule(stack, "ssh", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "${var.cidr}" });
    expect(findings(stack, "CKV_AWS_24")).toEqual(["warning ssh"]);
  });
});

describe("CKV2_AWS_11 VPC flow logs", () => {
  test("a VPC with a flow log passes, whether the flow log is declared after or before it", () => {
    const stack = policyStack();
    const after = new Vpc(stack, "after", { cidrBlock: "10.0.0.0/16" });
    new FlowLog(stack, "after-log", { vpcId: after.id, trafficType: "ALL", logDestination: "arn:aws:s3:::logs", logDestinationType: "s3" });
    // The flow log construct exists before the VPC's: the reference is a token until synth.
    const log = new FlowLog(stack, "before-log", { trafficType: "ALL", logDestination: "arn:aws:s3:::logs", logDestinationType: "s3" });
    const before = new Vpc(stack, "before", { cidrBlock: "10.1.0.0/16" });
    log.vpcId = before.id;
    expect(findings(stack, "CKV2_AWS_11")).toEqual([]);
  });

  test("a VPC without a flow log fails, even when another VPC has one", () => {
    const stack = policyStack();
    const logged = new Vpc(stack, "logged", { cidrBlock: "10.0.0.0/16" });
    new Vpc(stack, "unlogged", { cidrBlock: "10.1.0.0/16" });
    new FlowLog(stack, "log", { vpcId: logged.id, trafficType: "ALL", logDestination: "arn:aws:s3:::logs", logDestinationType: "s3" });
    expect(messages(stack, "CKV2_AWS_11")).toEqual(["[CKV2_AWS_11] the VPC has no flow log: add an aws_flow_log with vpc_id = this VPC (Network does)"]);
    expect(findings(stack, "CKV2_AWS_11")).toEqual(["error unlogged"]);
  });
});
