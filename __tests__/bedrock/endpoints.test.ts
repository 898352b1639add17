import type { PolicyStatement } from "../../src/iam/policy-document";
import { environment, exampleConfig, resources } from "../helpers/fixtures";
import { bedrockStack, only, synth } from "./bedrock-stack";

type Endpoint = Record<string, unknown> & { service_name: string; subnet_ids: string[]; policy: string };

function endpointsOf(name: string, patches = {}) {
  const env = environment(exampleConfig(patches), name);
  const { tf } = synth(bedrockStack(env).stack);
  const endpoints = resources(tf, "aws_vpc_endpoint") as Endpoint[];
  const byService = (service: string) => {
    const found = endpoints.find((e) => e.service_name === `com.amazonaws.ap-northeast-1.${service}`);
    if (!found) throw new Error(`no ${service} endpoint`);
    return found;
  };
  return { env, tf, endpoints, byService };
}

const statementsOf = (endpoint: Endpoint) => (JSON.parse(endpoint.policy) as { Statement: PolicyStatement[] }).Statement;

describe("BedrockEndpoints", () => {
  test("bedrock-runtime and bedrock-agent-runtime always, interface type, private DNS, in the first endpointAzCount private subnets", () => {
    const { endpoints, byService } = endpointsOf("dev", { "dev.json": { bedrock: { endpointAzCount: 1 } } });
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(["com.amazonaws.ap-northeast-1.bedrock-agent-runtime", "com.amazonaws.ap-northeast-1.bedrock-runtime"]);
    expect(byService("bedrock-runtime")).toMatchObject({
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      vpc_id: "${aws_vpc.vpc.id}",
      subnet_ids: ["${aws_subnet.private-0.id}"],
    });
  });

  test("prod: the configured extras plus agent-runtime for rerank, across three AZs", () => {
    const { endpoints, byService } = endpointsOf("prod");
    expect(endpoints.map((e) => e.service_name).sort()).toEqual([
      "com.amazonaws.ap-northeast-1.bedrock",
      "com.amazonaws.ap-northeast-1.bedrock-agent-runtime",
      "com.amazonaws.ap-northeast-1.bedrock-runtime",
    ]);
    expect(byService("bedrock").subnet_ids).toEqual(["${aws_subnet.private-0.id}", "${aws_subnet.private-1.id}", "${aws_subnet.private-2.id}"]);
  });

  test("the security group admits 443 from the host security group only, and has no egress", () => {
    const { tf, endpoints } = endpointsOf("prod");
    const group = resources(tf, "aws_security_group").find((g) => g.name === "dify-prod-bedrock-endpoints");
    expect(group).toMatchObject({ egress: [], vpc_id: "${aws_vpc.vpc.id}" });
    expect(group?.ingress).toBeUndefined();
    const rule = only(tf, "aws_vpc_security_group_ingress_rule");
    expect(rule).toEqual(expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, referenced_security_group_id: "${aws_security_group.host-sg.id}" }));
    expect(rule.cidr_ipv4).toBeUndefined();
    expect(JSON.stringify(tf.resource)).not.toContain("0.0.0.0/0");
    for (const endpoint of endpoints) expect(endpoint.security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\.bedrock-endpoints_security-group_\w+\.id\}$/)]);
  });

  test("the runtime policy allows only the configured models, for this account's principals", () => {
    const { byService } = endpointsOf("prod");
    const statements = statementsOf(byService("bedrock-runtime"));
    for (const s of statements) {
      expect(s.Principal).toBe("*");
      expect(s.Condition?.StringEquals?.["aws:PrincipalAccount"]).toBe("333333333333");
      expect([s.Resource].flat()).not.toContain("*");
    }
    const invoke = statements.find((s) => s.Sid === "InvokeTextModels");
    expect(invoke?.Resource).toEqual(["arn:aws:bedrock:ap-northeast-1:333333333333:inference-profile/jp.anthropic.claude-haiku-4-5-20251001-v1:0"]);
    // The policy is the endpoint itself, so it never needs aws:SourceVpce.
    expect(JSON.stringify(statements)).not.toContain("SourceVpce");
    expect(statements.map((s) => s.Sid)).not.toContain("Rerank");
    const allowed = statements.flatMap((s) => [s.Action].flat());
    expect(new Set(allowed)).toEqual(new Set(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:ApplyGuardrail"]));
  });

  test("a model that is not configured is not in the runtime policy", () => {
    const { byService } = endpointsOf("dev", { "dev.json": { bedrock: { endpointAzCount: 1 } } });
    const text = JSON.stringify(statementsOf(byService("bedrock-runtime")));
    expect(text).toContain("jp.anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(text).toContain("amazon.titan-embed-text-v2:0");
    expect(text).not.toContain("claude-sonnet");
    expect(text).not.toContain("cohere.embed");
  });

  test("the agent-runtime policy allows Rerank with the rerank model only", () => {
    const { byService } = endpointsOf("prod");
    const statements = statementsOf(byService("bedrock-agent-runtime"));
    expect(statements.find((s) => s.Sid === "InvokeRerankModel")).toMatchObject({
      Action: "bedrock:InvokeModel",
      Resource: "arn:aws:bedrock:ap-northeast-1::foundation-model/cohere.rerank-v3-5:0",
    });
    expect(statements.find((s) => s.Sid === "Rerank")).toMatchObject({ Action: "bedrock:Rerank", Principal: "*" });
  });

  test("no endpoints when Bedrock is called in another region", () => {
    const env = environment(exampleConfig({ "dev.json": { bedrock: { strategy: "oregon", residency: "global" } } }), "dev");
    const { stack, endpoints } = bedrockStack(env);
    const { tf } = synth(stack);
    expect(resources(tf, "aws_vpc_endpoint")).toEqual([]);
    expect(resources(tf, "aws_security_group").map((g) => g.name)).toEqual(["dify-dev-host"]);
    expect(endpoints.runtimeEndpointId).toBeUndefined();
  });

  test("too few subnets for endpointAzCount is refused", () => {
    const env = environment(exampleConfig(), "prod");
    expect(() => bedrockStack(env, 2)).toThrow("BedrockEndpoints needs 3 private subnets (bedrock.endpointAzCount), got 2");
  });
});
