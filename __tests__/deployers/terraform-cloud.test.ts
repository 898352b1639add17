import { TFC_AWS_AUDIENCE, tfcSubjects } from "../../src/constructs/tfc-oidc-trust";
import { CLOUD_BACKEND, entries, inAccount, statements, synthBootstrap } from "./synth-bootstrap";

describe("Terraform Cloud dynamic credentials", () => {
  const { tf } = synthBootstrap({ "organization.json": CLOUD_BACKEND });

  test("an OIDC identity provider for app.terraform.io in every environment account", () => {
    for (const accountId of ["111111111111", "222222222222", "333333333333"]) {
      const [oidc] = inAccount(tf, "aws_iam_openid_connect_provider", accountId);
      expect(oidc).toEqual({
        provider: `aws.account-${accountId}`,
        url: "https://app.terraform.io",
        client_id_list: ["aws.workload.identity"],
      });
    }
  });

  test("the prod role trusts only the dify-prod workspace's runs of example-org", () => {
    const [name] = entries(tf, "aws_iam_openid_connect_provider").find(([n]) => n.startsWith("deployer-333333333333_"))!;
    const [role] = inAccount(tf, "aws_iam_role", "333333333333");
    const web = statements(role.assume_role_policy).find((s) => s.Sid === "TerraformCloudRuns")!;
    expect(web).toEqual({
      Sid: "TerraformCloudRuns",
      Effect: "Allow",
      Principal: { Federated: `\${aws_iam_openid_connect_provider.${name}.arn}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
        StringLike: { "app.terraform.io:sub": ["organization:example-org:project:*:workspace:dify-prod:run_phase:*"] },
      },
    });
  });

  test("the management account's deployers are still trusted, without web identity", () => {
    const [role] = inAccount(tf, "aws_iam_role", "333333333333");
    const aws = statements(role.assume_role_policy).find((s) => s.Sid === "TrustedDeployers")!;
    expect(aws.Action).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    expect(aws.Principal).toEqual({ AWS: ["arn:aws:iam::000000000000:role/platform-deployers"] });
  });

  test("a Terraform Cloud project and hostname from organization.json", () => {
    const { tf: custom } = synthBootstrap({
      "organization.json": { backend: { ...CLOUD_BACKEND.backend, project: "dify", hostname: "tfe.example.com" } },
    });
    const [oidc] = inAccount(custom, "aws_iam_openid_connect_provider", "222222222222");
    expect(oidc.url).toBe("https://tfe.example.com");
    const [role] = inAccount(custom, "aws_iam_role", "222222222222");
    const web = statements(role.assume_role_policy).find((s) => s.Sid === "TerraformCloudRuns")!;
    expect(web.Condition).toEqual({
      StringEquals: { "tfe.example.com:aud": TFC_AWS_AUDIENCE },
      StringLike: {
        "tfe.example.com:sub": ["organization:example-org:project:dify:workspace:dify-staging:run_phase:*", "organization:example-org:project:dify:workspace:dify-staging-*:run_phase:*"],
      },
    });
  });

  test("environments sharing an account: one provider, each workspace trusted", () => {
    // staging leaves the account-wide invocation logging to prod: one manager per account and region.
    const { tf: shared } = synthBootstrap({
      "organization.json": CLOUD_BACKEND,
      "prod.json": { accountId: "222222222222" },
      "staging.json": { bedrock: { invocationLogging: { destination: "off" } } },
    });
    expect(inAccount(shared, "aws_iam_openid_connect_provider", "222222222222")).toHaveLength(1);
    expect(tfcSubjects("example-org", undefined, ["dify-staging", "dify-prod"])).toEqual([
      "organization:example-org:project:*:workspace:dify-prod:run_phase:*",
      "organization:example-org:project:*:workspace:dify-staging:run_phase:*",
    ]);
    const [role] = inAccount(shared, "aws_iam_role", "222222222222");
    const web = statements(role.assume_role_policy).find((s) => s.Sid === "TerraformCloudRuns")!;
    expect(web.Condition!.StringLike["app.terraform.io:sub"]).toEqual([
      "organization:example-org:project:*:workspace:dify-prod:run_phase:*",
      "organization:example-org:project:*:workspace:dify-staging:run_phase:*",
    ]);
  });

  test("without a project only exact workspace names are trusted; production only its own", () => {
    const [dev] = inAccount(tf, "aws_iam_role", "111111111111");
    const devSubs = statements(dev.assume_role_policy).find((s) => s.Sid === "TerraformCloudRuns")!.Condition!.StringLike["app.terraform.io:sub"];
    expect(devSubs).toEqual(["organization:example-org:project:*:workspace:dify-dev:run_phase:*"]);
    const { tf: namespaced } = synthBootstrap({ "organization.json": CLOUD_BACKEND, "prod.json": { namespace: "blue" } });
    const [prod] = inAccount(namespaced, "aws_iam_role", "333333333333");
    expect(statements(prod.assume_role_policy).find((s) => s.Sid === "TerraformCloudRuns")!.Condition!.StringLike["app.terraform.io:sub"]).toEqual([
      "organization:example-org:project:*:workspace:dify-prod-blue:run_phase:*",
    ]);
  });

  test("no identity provider with the s3 backend", () => {
    const { tf: s3 } = synthBootstrap();
    expect(entries(s3, "aws_iam_openid_connect_provider")).toEqual([]);
    const [role] = inAccount(s3, "aws_iam_role", "333333333333");
    expect(statements(role.assume_role_policy).map((s) => s.Sid)).toEqual(["TrustedDeployers"]);
  });
});
