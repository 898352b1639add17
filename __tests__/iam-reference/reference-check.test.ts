import type { DocumentKind } from "./policy-documents";
import { checkDocument } from "./reference-check";

/** The checker itself, on small documents whose verdict AWS's reference settles. */
const check = (kind: DocumentKind, ...Statement: Array<Record<string, unknown>>) => checkDocument({ where: "doc", kind, document: { Version: "2012-10-17", Statement } });

describe("reference check", () => {
  test("accepts scoped grants that the reference supports", async () => {
    expect(
      await check(
        "identity",
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::dify-*/*" },
        { Effect: "Allow", Action: "logs:PutLogEvents", Resource: "arn:aws:logs:ap-northeast-1:111111111111:log-group:/dify/dev/*:*" },
        { Effect: "Allow", Action: "elasticloadbalancing:ModifyListener", Resource: "arn:aws:elasticloadbalancing:*:111111111111:listener/app/dify-*/*" },
        {
          Effect: "Allow",
          Action: "bedrock:InvokeModel",
          Resource: "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
          Condition: { StringLike: { "bedrock:InferenceProfileArn": "arn:aws:bedrock:*:111111111111:inference-profile/*" }, StringEquals: { "aws:RequestedRegion": "unspecified" } },
        },
        { Effect: "Allow", Action: "bedrock:CreateGuardrail", Resource: "*", Condition: { StringEquals: { "aws:RequestTag/Project": "dify" } } },
        { Effect: "Allow", Action: "ec2:Describe*", Resource: "*" },
      ),
    ).toEqual([]);
  });

  test("finding 1: CreateGuardrail on guardrail ARNs and SetWebAcl on load balancer ARNs never match", async () => {
    expect(await check("identity", { Effect: "Allow", Action: ["bedrock:CreateGuardrail", "bedrock:GetGuardrail"], Resource: "arn:aws:bedrock:*:111111111111:guardrail/*" })).toEqual([
      "doc: statement #1: bedrock:CreateGuardrail authorizes against automated-reasoning-policy, automated-reasoning-policy-version, guardrail-profile, which none of arn:aws:bedrock:*:111111111111:guardrail/* is",
    ]);
    expect(await check("identity", { Effect: "Allow", Action: "elasticloadbalancing:SetWebAcl", Resource: "arn:aws:elasticloadbalancing:*:111111111111:loadbalancer/app/dify-*/*" })).toEqual(
      [
        'doc: statement #1: Resource "arn:aws:elasticloadbalancing:*:111111111111:loadbalancer/app/dify-*/*" matches no resource type of elasticloadbalancing:SetWebAcl',
        'doc: statement #1: elasticloadbalancing:SetWebAcl has no resource type, so only Resource "*" matches it',
      ],
    );
  });

  test("finding 2: RetrieveAndGenerate and DescribeLogGroups have no resource type", async () => {
    const findings = await check(
      "endpoint",
      { Effect: "Allow", Principal: "*", Action: ["bedrock:Retrieve", "bedrock:RetrieveAndGenerate"], Resource: "arn:aws:bedrock:us-west-2:111111111111:knowledge-base/*" },
      { Effect: "Allow", Principal: "*", Action: "logs:DescribeLogGroups", Resource: "arn:aws:logs:us-west-2:111111111111:log-group:*" },
    );
    expect(findings).toContain('doc: statement #1: bedrock:RetrieveAndGenerate has no resource type, so only Resource "*" matches it');
    expect(findings).toContain('doc: statement #2: logs:DescribeLogGroups has no resource type, so only Resource "*" matches it');
  });

  test("unknown actions, empty wildcards and ARNs of another service are reported", async () => {
    expect(
      await check(
        "identity",
        { Effect: "Allow", Action: ["s3:GetObjekt", "s3:Frob*", "nosuch:Get"], Resource: "*" },
        { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:sns:us-west-2:111111111111:topic" },
      ),
    ).toEqual([
      'doc: statement #1: action "s3:GetObjekt" does not exist',
      'doc: statement #1: wildcard "s3:Frob*" matches no action',
      'doc: statement #1: action "nosuch:Get": no service "nosuch" in the reference',
      'doc: statement #2: Resource "arn:aws:sns:us-west-2:111111111111:topic" matches no resource type of s3:GetObject',
      "doc: statement #2: s3:GetObject authorizes against accesspointobject, object, which none of arn:aws:sns:us-west-2:111111111111:topic is",
    ]);
  });

  test("condition keys must exist and be supported by one of the actions", async () => {
    expect(
      await check("identity", {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": "s3.amazonaws.com", "aws:SourceVpce": "vpce-1", "s3:NoSuchKey": "x" }, Bogus: { "s3:prefix": "a" } },
      }),
    ).toEqual([
      "doc: statement #1: condition key kms:ViaService is not a global key and none of s3:GetObject supports it",
      "doc: statement #1: condition key s3:NoSuchKey exists in no service and is not a global key",
      'doc: statement #1: unknown condition operator "Bogus"',
      "doc: statement #1: condition key s3:prefix is not a global key and none of s3:GetObject supports it",
    ]);
  });

  test("the grammar of each kind of document", async () => {
    expect(await check("identity", { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" })).toEqual(["doc: statement #1: an identity policy may not name a Principal"]);
    expect(await check("resource", { Effect: "Allow", Action: "s3:GetObject", Resource: "*" })).toEqual(["doc: statement #1: a resource policy needs a Principal"]);
    expect(await check("trust", { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", Resource: "*" })).toEqual([
      "doc: statement #1: a trust policy may not name a Resource",
    ]);
    expect(await check("identity", { Sid: "a-b", Effect: "Permit", Action: "s3:GetObject", NotAction: "s3:PutObject", Resource: "*" })).toEqual([
      'doc: statement a-b: Effect must be "Allow" or "Deny", got "Permit"',
      "doc: statement a-b: needs exactly one of Action and NotAction",
      "doc: statement a-b: Sid may hold only letters and digits",
    ]);
    expect(await checkDocument({ where: "doc", kind: "identity", document: { Version: "2008-10-17", Statement: [] } })).toEqual([
      'doc: Version must be "2012-10-17", got "2008-10-17"',
      "doc: no Statement",
    ]);
  });
});
