import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { DeployerRole } from "../../src/constructs/deployer-role";
import { deployerBoundaryArn, deployerBoundaryStatements } from "../../src/iam/deployer-boundary";
import { deployerPermissionPolicies, PASS_ROLE_SERVICES } from "../../src/iam/deployer-permissions";
import { MANAGED_POLICY_MAX_CHARS, managedPolicySize } from "../../src/iam/deployer-policy-size";
import { policyDocument } from "../../src/iam/policy-document";
import { allPolicyDocuments, CLOUD_BACKEND, inAccount, list, type Statement, statements, synthBootstrap } from "./synth-bootstrap";

const PROD = "333333333333";
const { tf, json } = synthBootstrap();
const cloud = synthBootstrap({ "organization.json": CLOUD_BACKEND });

function policy(tfJson: any, accountId: string, name: string): Statement[] {
  const found = inAccount(tfJson, "aws_iam_policy", accountId).find((p) => p.name === name);
  if (!found) throw new Error(`no policy ${name} in ${accountId}`);
  return statements(found.policy);
}

const permissionStatements = (accountId: string) => ["network", "identity", "data", "edge"].flatMap((part) => policy(tf, accountId, `dify-deployer-${part}`));

/** "<where>: <problem>" for every statement that allows * or *:*, or allows through NotAction. */
function wildcardAdminFindings(documents: ReturnType<typeof allPolicyDocuments>): string[] {
  return documents.flatMap(({ where, statements: s }) =>
    s.flatMap((st) => [
      ...list(st.Action)
        .filter((a) => a === "*" || a === "*:*")
        .map((a) => `${where}: action ${a}`),
      ...(st.Effect === "Allow" && st.NotAction !== undefined ? [`${where}: NotAction`] : []),
    ]),
  );
}

describe("no wildcard administrator", () => {
  test.each([
    ["s3 backend", tf],
    ["cloud backend", cloud.tf],
  ])("%s: no statement allows the action * or *:*, and none uses NotAction", (_, doc) => {
    expect(allPolicyDocuments(doc).length).toBeGreaterThan(0);
    expect(wildcardAdminFindings(allPolicyDocuments(doc))).toEqual([]);
  });

  test("the check itself catches a * action and an allowing NotAction in a synthesized policy", () => {
    const tampered = JSON.parse(json);
    const [name, first] = Object.entries(tampered.resource.aws_iam_policy as Record<string, { policy: string }>)[0];
    const doc = JSON.parse(first.policy);
    doc.Statement.push({ Effect: "Allow", Action: ["s3:GetObject", "*"], Resource: "*" }, { Effect: "Allow", NotAction: "iam:*", Resource: "*" });
    first.policy = JSON.stringify(doc);
    expect(wildcardAdminFindings(allPolicyDocuments(tampered))).toEqual([`${name}: action *`, `${name}: NotAction`]);
  });

  test("AdministratorAccess is attached nowhere and named nowhere", () => {
    expect(json).not.toMatch(/AdministratorAccess|PowerUserAccess|IAMFullAccess/);
    expect(cloud.json).not.toMatch(/AdministratorAccess/);
  });

  test("AWS managed policies can be attached only from service-role/ and two named host policies", () => {
    const attach = permissionStatements(PROD).find((s) => s.Sid === "AttachProjectOrServicePolicies")!;
    expect(attach.Condition!.ArnLike["iam:PolicyARN"]).toEqual([
      `arn:aws:iam::${PROD}:policy/dify-*`,
      "arn:aws:iam::aws:policy/service-role/*",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]);
  });

  test("no Bedrock invoke action for the deployer", () => {
    const actions = permissionStatements(PROD).flatMap((s) => list(s.Action));
    expect(actions.filter((a) => /^bedrock:Invoke/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.startsWith("bedrock:")).length).toBeGreaterThan(0);
  });
});

describe("IAM is scoped to the project prefix", () => {
  const s = permissionStatements(PROD);
  const iam = s.filter((st) => st.Effect === "Allow" && list(st.Action).some((a) => a.startsWith("iam:")));

  test("every IAM allow names project roles, policies, instance profiles, service-linked roles or AWS managed policies (read)", () => {
    const allowed = [
      new RegExp(`^arn:aws:iam::${PROD}:(role|policy|instance-profile)/dify-\\*$`),
      new RegExp(`^arn:aws:iam::${PROD}:role/aws-service-role/\\*$`),
      /^arn:aws:iam::aws:policy\/\*$/,
    ];
    expect(iam.length).toBeGreaterThan(5);
    for (const st of iam) {
      for (const r of list(st.Resource)) expect({ sid: st.Sid, r, ok: allowed.some((re) => re.test(r)) }).toEqual({ sid: st.Sid, r, ok: true });
      if (list(st.Resource).includes("arn:aws:iam::aws:policy/*")) expect(list(st.Action)).toEqual(["iam:GetPolicy", "iam:GetPolicyVersion"]);
    }
    expect(s.flatMap((st) => list(st.Action)).filter((a) => a === "iam:*")).toEqual([]);
  });

  test("PassRole only to the services that need a project role", () => {
    const pass = iam.filter((st) => list(st.Action).includes("iam:PassRole"));
    expect(pass).toHaveLength(1);
    expect(pass[0].Resource).toBe(`arn:aws:iam::${PROD}:role/dify-*`);
    expect(pass[0].Condition).toEqual({ StringEquals: { "iam:PassedToService": [...PASS_ROLE_SERVICES] } });
    expect(PASS_ROLE_SERVICES).toEqual(expect.arrayContaining(["ec2.amazonaws.com", "vpc-flow-logs.amazonaws.com", "backup.amazonaws.com", "scheduler.amazonaws.com"]));
  });

  test("service-linked roles only for the services the stacks use", () => {
    const slr = iam.find((st) => list(st.Action).includes("iam:CreateServiceLinkedRole"))!;
    expect(list(slr.Action)).toEqual(["iam:CreateServiceLinkedRole"]);
    expect(slr.Condition!.StringEquals["iam:AWSServiceName"]).toEqual(
      expect.arrayContaining(["autoscaling.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com", "elasticache.amazonaws.com"]),
    );
  });

  test("creating a role, or putting a policy on one, requires the boundary", () => {
    for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"]) {
      for (const st of iam.filter((x) => list(x.Action).includes(action))) {
        expect(st.Condition!.StringEquals["iam:PermissionsBoundary"]).toBe(deployerBoundaryArn(PROD, "dify"));
      }
    }
  });

  test("no OIDC providers, users or groups", () => {
    const actions = iam.flatMap((st) => list(st.Action));
    expect(actions.filter((a) => /OpenIDConnect|User|Group|SAML|AccessKey/.test(a))).toEqual([]);
  });
});

describe("scoped services", () => {
  const s = permissionStatements(PROD);
  const bySid = (sid: string) => s.find((st) => st.Sid === sid)!;

  test("SSM: the project's parameters and the public AMI parameters only", () => {
    expect(bySid("ProjectParameters").Resource).toBe(`arn:aws:ssm:*:${PROD}:parameter/dify/*`);
    expect(bySid("PublicParameters")).toMatchObject({ Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: "arn:aws:ssm:*::parameter/aws/service/*" });
  });

  test("the hosts' secrets are denied to the deployer, read and write", () => {
    expect(bySid("DenyHostSecrets")).toMatchObject({ Effect: "Deny", Resource: `arn:aws:ssm:*:${PROD}:parameter/dify/*/secrets/*` });
    expect(list(bySid("DenyHostSecrets").Action)).toEqual(expect.arrayContaining(["ssm:GetParameter", "ssm:GetParametersByPath", "ssm:PutParameter"]));
  });

  test("Secrets Manager: RDS-managed secrets, described but never read", () => {
    const secrets = s.filter((st) => list(st.Action).some((a) => a.startsWith("secretsmanager:")));
    expect(secrets.map((st) => st.Resource)).toEqual([`arn:aws:secretsmanager:*:${PROD}:secret:rds!*`]);
    expect(list(secrets[0].Action)).toContain("secretsmanager:DescribeSecret");
    expect(list(secrets[0].Action)).not.toContain("secretsmanager:GetSecretValue");
  });

  test("KMS: data-plane use only through AWS services", () => {
    expect(bySid("UseKeysThroughServices").Condition!.StringLike["kms:ViaService"]).toContain("ec2.*.amazonaws.com");
    expect(bySid("KeyGrantsForAwsResources").Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": true } });
  });

  test("S3: the project's buckets, no object reads", () => {
    const s3 = s.filter((st) => list(st.Action).some((a) => a.startsWith("s3:")));
    expect(s3.flatMap((st) => list(st.Resource)).sort()).toEqual(["arn:aws:s3:::dify-*", "arn:aws:s3:::dify-*/*"]);
    expect(s3.flatMap((st) => list(st.Action))).not.toContain("s3:GetObject");
  });

  test("Route 53: only the Dify hostname and its validation records, in the environment's zone", () => {
    expect(bySid("DifyRecords")).toEqual({
      Sid: "DifyRecords",
      Effect: "Allow",
      Action: "route53:ChangeResourceRecordSets",
      Resource: ["arn:aws:route53:::hostedzone/Z00000000EXAMPLE"],
      Condition: { "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["*.dify.example.com", "dify.example.com"] } },
    });
  });

  test("Route 53: no record changes where no environment names a zone", () => {
    const { tf: noZone } = synthBootstrap({
      "prod.json": { dify: { hostedZoneId: undefined, certificateArn: "arn:aws:acm:ap-northeast-1:333333333333:certificate/12345678-1234-1234-1234-123456789012" } },
    });
    const edge = policy(noZone, PROD, "dify-deployer-edge");
    expect(edge.find((st) => st.Sid === "DifyRecords")).toBeUndefined();
    expect(edge.flatMap((st) => list(st.Action))).not.toContain("route53:ChangeResourceRecordSets");
  });

  test("names in ARNs start with the project prefix", () => {
    expect(bySid("ProjectLoadBalancers").Resource).toContain(`arn:aws:elasticloadbalancing:*:${PROD}:loadbalancer/app/dify-*/*`);
    expect(bySid("ProjectAutoScalingGroups").Resource).toBe(`arn:aws:autoscaling:*:${PROD}:autoScalingGroup:*:autoScalingGroupName/dify-*`);
    expect(bySid("ProjectLogGroups").Resource).toEqual([
      `arn:aws:logs:*:${PROD}:log-group:/dify/*`,
      `arn:aws:logs:*:${PROD}:log-group:aws-waf-logs-dify-*`,
      `arn:aws:logs:*:${PROD}:log-group:/aws/rds/instance/dify-*`,
    ]);
    expect(bySid("ProjectDatabases").Resource).toContain(`arn:aws:rds:*:${PROD}:db:dify-*`);
    expect(bySid("ProjectTopics").Resource).toBe(`arn:aws:sns:*:${PROD}:dify-*`);
  });
});

describe("the permissions boundary", () => {
  const boundary = policy(tf, PROD, "dify-deployer-boundary");
  const boundaryArn = `arn:aws:iam::${PROD}:policy/dify-deployer-boundary`;
  const bySid = (sid: string) => boundary.find((st) => st.Sid === sid)!;

  test("denies creating or changing a role or user that does not carry this boundary", () => {
    const deny = bySid("DenyPrincipalsWithoutThisBoundary");
    expect(deny).toMatchObject({ Effect: "Deny", Resource: "*", Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundaryArn } } });
    expect(deny.Action).toEqual(
      expect.arrayContaining([
        "iam:CreateRole",
        "iam:PutRolePermissionsBoundary",
        "iam:AttachRolePolicy",
        "iam:PutRolePolicy",
        "iam:DetachRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:CreateUser",
        "iam:PutUserPermissionsBoundary",
      ]),
    );
  });

  test("denies removing any boundary", () => {
    expect(bySid("DenyBoundaryRemoval")).toEqual({
      Sid: "DenyBoundaryRemoval",
      Effect: "Deny",
      Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
      Resource: "*",
    });
  });

  test("denies changing the boundary policy and the deployer's own policies", () => {
    const deny = bySid("DenyBoundaryAndDeployerPolicyChanges");
    expect(deny.Effect).toBe("Deny");
    expect(deny.Action).toEqual(expect.arrayContaining(["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion"]));
    expect(deny.Resource).toEqual([boundaryArn, `arn:aws:iam::${PROD}:policy/dify-deployer-*`]);
  });

  test("denies the deployer changing its own role (trust, policies, boundary)", () => {
    const deny = bySid("DenyDeployerRoleChanges");
    expect(deny.Resource).toBe(`arn:aws:iam::${PROD}:role/dify-deployer`);
    expect(deny.Action).toEqual(expect.arrayContaining(["iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRole"]));
  });

  test("allows IAM only on the project prefix, S3 only on project buckets", () => {
    expect(bySid("ProjectIam").Resource).toEqual([`arn:aws:iam::${PROD}:role/dify-*`, `arn:aws:iam::${PROD}:policy/dify-*`, `arn:aws:iam::${PROD}:instance-profile/dify-*`]);
    expect(bySid("ProjectBuckets").Resource).toEqual(["arn:aws:s3:::dify-*", "arn:aws:s3:::dify-*/*"]);
    const services = list(bySid("ProjectServices").Action);
    expect(services.filter((a) => a.startsWith("iam:") || a.startsWith("s3:") || a.startsWith("sts:") || a.startsWith("organizations:"))).toEqual([]);
  });

  test("covers every service of the deployer's own permissions", () => {
    const ceiling = new Set(
      boundary
        .filter((st) => st.Effect === "Allow")
        .flatMap((st) => list(st.Action))
        .map((a) => a.split(":")[0]),
    );
    const used = new Set(
      permissionStatements(PROD)
        .flatMap((st) => list(st.Action))
        .map((a) => a.split(":")[0]),
    );
    expect([...used].filter((svc) => !ceiling.has(svc))).toEqual([]);
  });
});

describe("policy size", () => {
  test.each([
    ["s3 backend", tf],
    ["cloud backend", cloud.tf],
  ])("%s: every managed policy is under IAM's 6,144 character quota", (_, doc) => {
    for (const [, p] of Object.entries<any>(doc.resource.aws_iam_policy)) {
      expect({ name: p.name, size: managedPolicySize(p.policy) <= MANAGED_POLICY_MAX_CHARS }).toEqual({ name: p.name, size: true });
    }
  });

  test("the size counts no whitespace", () => {
    expect(managedPolicySize('{ "a" : [ "b c" ] }')).toBe('{"a":["bc"]}'.length);
  });

  test("the largest policies keep some room for growth", () => {
    const scope = { accountId: PROD, project: "dify", roleName: "dify-deployer", dnsRecords: [{ hostedZoneId: "Z00000000EXAMPLE", domainName: "dify.example.com" }] };
    const sizes = Object.values(deployerPermissionPolicies(scope)).map((st) => managedPolicySize(policyDocument(st)));
    sizes.push(managedPolicySize(policyDocument(deployerBoundaryStatements(scope))));
    for (const size of sizes) expect(size).toBeLessThan(MANAGED_POLICY_MAX_CHARS - 400);
  });

  test("a policy over the quota stops synthesis with a message naming it", () => {
    const stack = new TerraformStack(Testing.app(), "too-big");
    const provider = new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
    const dnsRecords = Array.from({ length: 200 }, (_, i) => ({ hostedZoneId: `Z${String(i).padStart(12, "0")}`, domainName: `dify-${i}.example.com` }));
    expect(
      () =>
        new DeployerRole(stack, "deployer", {
          provider,
          accountId: PROD,
          project: "dify",
          roleName: "dify-deployer",
          trustedPrincipals: ["arn:aws:iam::000000000000:role/platform-deployers"],
          dnsRecords,
        }),
    ).toThrow(/managed policy dify-deployer-edge is \d+ characters without whitespace, IAM allows 6144/);
  });
});
