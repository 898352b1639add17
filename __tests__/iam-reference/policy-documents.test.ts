import { findPolicyDocuments } from "./policy-documents";

/** The extractor on a hand-written stack: every place a policy can hide, and references made concrete. */
const provider = { aws: [{ region: "us-west-2", allowed_account_ids: ["555555555555"] }] };

describe("policy extraction", () => {
  test("documents of every kind, with references replaced by values of the right shape", () => {
    const tf = {
      provider,
      data: {
        aws_caller_identity: { me: {} },
        aws_iam_policy_document: {
          topic: {
            statement: [
              {
                sid: "Publish",
                actions: ["sns:Publish"],
                resources: ["${aws_sns_topic.alerts.arn}"],
                principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
                condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["${data.aws_caller_identity.me.account_id}"] }],
              },
            ],
          },
        },
      },
      resource: {
        aws_sns_topic: { alerts: { name: "dify-prod-alerts" } },
        aws_sns_topic_policy: { alerts: { arn: "${aws_sns_topic.alerts.arn}", policy: "${data.aws_iam_policy_document.topic.json}" } },
        aws_s3_bucket: { files: { bucket: "dify-prod-files" } },
        aws_iam_role: {
          host: {
            name: "dify-prod-host",
            assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
            inline_policy: [
              { name: "files", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "${aws_s3_bucket.files.arn}/*" }] }) },
            ],
          },
        },
        aws_vpc_endpoint: { s3: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }] }) } },
        aws_cloudwatch_log_resource_policy: { waf: { policy_document: JSON.stringify({ Statement: [] }) } },
        aws_lambda_function: { odd: { environment: { variables: { POLICY: '{"Statement": []}' } } } },
      },
    };
    const { documents, unclassified } = findPolicyDocuments({ name: "hand", tf });
    const byWhere = Object.fromEntries(documents.map((d) => [d.where.replace(/^hand /, ""), d]));

    expect(Object.keys(byWhere).sort()).toEqual([
      "aws_cloudwatch_log_resource_policy.waf.policy_document",
      "aws_iam_role.host.assume_role_policy",
      "aws_iam_role.host.inline_policy",
      "aws_sns_topic_policy.alerts.policy",
      "aws_vpc_endpoint.s3.policy",
      "data.aws_iam_policy_document.topic",
    ]);
    expect(byWhere["aws_iam_role.host.inline_policy"]).toMatchObject({ kind: "identity", document: { Statement: [{ Resource: "arn:aws:s3:::dify-prod-files/*" }] } });
    expect(byWhere["aws_iam_role.host.assume_role_policy"].kind).toBe("trust");
    expect(byWhere["aws_vpc_endpoint.s3.policy"].kind).toBe("endpoint");
    expect(byWhere["aws_cloudwatch_log_resource_policy.waf.policy_document"].kind).toBe("resource");
    expect(byWhere["aws_sns_topic_policy.alerts.policy"]).toMatchObject({
      kind: "resource",
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Publish",
            Effect: "Allow",
            Principal: { Service: ["events.amazonaws.com"] },
            Action: ["sns:Publish"],
            Resource: ["arn:aws:sns:us-west-2:555555555555:dify-prod-alerts"],
            Condition: { StringEquals: { "aws:SourceAccount": ["555555555555"] } },
          },
        ],
      },
    });
    // A policy in an attribute nobody described is reported, not skipped.
    expect(unclassified).toEqual(["hand aws_lambda_function.odd.environment"]);
  });

  test("a reference without a known shape stops the check instead of passing unchecked", () => {
    const tf = {
      provider,
      resource: {
        aws_iam_policy: { p: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "${aws_unknown_thing.x.arn}" }] }) } },
        aws_unknown_thing: { x: {} },
      },
    };
    expect(() => findPolicyDocuments({ name: "hand", tf })).toThrow("cannot give ${aws_unknown_thing.x.arn} a concrete value (no ARN shape for aws_unknown_thing)");
  });
});
