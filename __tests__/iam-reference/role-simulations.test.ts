import { foundationModelArn, globalFoundationModelArn, inferenceProfileArn } from "../../src/bedrock/arns";
import { invocationOf } from "../../src/bedrock/model-ref";
import { ANY_COMMERCIAL_REGION } from "../../src/catalog/inference-profiles";
import type { AwsRegion } from "../../src/catalog/regions";
import type { EnvironmentConfig } from "../../src/config/types";
import { deployerPoliciesFor } from "./deployer-policies";
import { resolveReferences, type StackJson } from "./policy-documents";
import { type Policies, simulate, type Verdict } from "./simulate";
import { exampleConfigs, type SynthesizedConfig } from "./stack-matrix";

/**
 * The other roles, simulated with AWS's evaluation logic: identity policy,
 * permissions boundary, VPC endpoint policy and resource policy together.
 */
type Json = Record<string, any>;

const VPCE = "vpce-0123456789abcdef0"; // the id resource-arns.ts gives every endpoint
const OTHER_VPCE = "vpce-0fedcba9876543210";
const OTHER_MODEL = "amazon.nova-pro-v1:0";

const entries = (tf: Json, type: string): Array<[string, Json]> => Object.entries(tf.resource?.[type] ?? {});
const parse = (tf: Json, text: string, where: string): Json => JSON.parse(resolveReferences(text, tf, where));

interface Case {
  readonly label: string;
  readonly group: SynthesizedConfig;
  readonly stack: StackJson;
  readonly env: EnvironmentConfig;
}

function cases(): Case[] {
  return exampleConfigs().flatMap((group) =>
    group.environments.map((stack) => ({ label: stack.name, group, stack, env: group.config.environments.find((e) => e.name === stack.environment)! })),
  );
}

/** The Dify host role: its inline policies, the deployer boundary it carries, and the runtime endpoint's policy. */
function hostRole({ group, stack, env }: Case): { principal: string; policies: Policies; endpoint?: Json } {
  const { tf } = stack;
  const name = env.names.role("host");
  const [roleKey, role] = entries(tf, "aws_iam_role").find(([, r]) => r.name === name) ?? [];
  if (!role) throw new Error(`${stack.name}: no host role ${name}`);
  const identity = entries(tf, "aws_iam_role_policy")
    .filter(([, p]) => String(p.role).includes(`aws_iam_role.${roleKey}.`))
    .map(([key, p]) => ({ name: key, policy: parse(tf, p.policy, key) }));
  const boundary = deployerPoliciesFor(group, stack).policies.boundary;
  expect(role.permissions_boundary).toMatch(/:policy\/.*-boundary$/);
  const runtime = entries(tf, "aws_vpc_endpoint").find(([, e]) => String(e.service_name).endsWith(".bedrock-runtime"));
  return {
    principal: `arn:aws:iam::${env.accountId}:role/${name}`,
    policies: { identity, boundary },
    endpoint: runtime?.[1].policy ? parse(tf, runtime[1].policy, runtime[0]) : undefined,
  };
}

describe("host role: configured models and profiles only", () => {
  for (const c of cases()) {
    test(`${c.label}: ${c.env.bedrock.strategy ?? "custom"} models, ${c.env.bedrock.requireVpcEndpoint ? "only through the VPC endpoint" : "endpoint optional"}`, async () => {
      const { principal, policies, endpoint } = hostRole(c);
      const { region } = c.env.bedrock;
      const account = c.env.accountId;
      const viaEndpoint = c.env.bedrock.requireVpcEndpoint || c.env.bedrock.endpoints.includes("bedrock-runtime");
      const invoke = (resource: string, context: Record<string, string> = {}, throughEndpoint = viaEndpoint): Promise<Verdict> =>
        simulate(
          {
            principal,
            action: "bedrock:InvokeModel",
            resource,
            account,
            context: { "aws:RequestedRegion": region, "aws:PrincipalAccount": account, "aws:PrincipalArn": principal, ...(throughEndpoint ? { "aws:SourceVpce": VPCE } : {}), ...context },
          },
          { ...policies, ...(throughEndpoint && endpoint ? { endpoint } : {}) },
        );

      const outcomes: string[] = [];
      const expectVerdict = async (what: string, verdict: Promise<Verdict>, allowed: boolean) => {
        const v = await verdict;
        if ((v === "Allowed") !== allowed) outcomes.push(`${what}: ${v}, expected ${allowed ? "Allowed" : "denied"}`);
      };

      const entryArns: string[] = [];
      for (const role of Object.keys(c.env.bedrock.models) as Array<keyof typeof c.env.bedrock.models>) {
        const inv = invocationOf(c.env.bedrock.models[role], region);
        entryArns.push(inv.profile ? inferenceProfileArn(region, account, inv.id) : foundationModelArn(region, inv.model.id));
      }
      for (const role of Object.keys(c.env.bedrock.models) as Array<keyof typeof c.env.bedrock.models>) {
        const inv = invocationOf(c.env.bedrock.models[role], region);
        const entry = inv.profile ? inferenceProfileArn(region, account, inv.id) : foundationModelArn(region, inv.model.id);
        await expectVerdict(`${role} ${entry}`, invoke(entry), true);
        if (c.env.bedrock.requireVpcEndpoint) {
          await expectVerdict(`${role} ${entry} without the VPC endpoint`, invoke(entry, {}, false), false);
          await expectVerdict(`${role} ${entry} through another VPC endpoint`, invoke(entry, { "aws:SourceVpce": OTHER_VPCE }), false);
        }
        // The same model called directly in a region the configuration never routes to.
        const elsewhere: AwsRegion = region === "us-east-1" ? "eu-west-1" : "us-east-1";
        await expectVerdict(`${role} ${inv.model.id} directly in ${elsewhere}`, invoke(foundationModelArn(elsewhere, inv.model.id), { "aws:RequestedRegion": elsewhere }, false), false);
        if (!inv.profile) continue;

        // Bedrock routes a profile request and authorizes the model in the destination itself.
        const through = { "bedrock:InferenceProfileArn": entry };
        if (inv.destinations === ANY_COMMERCIAL_REGION) {
          await expectVerdict(`${role} global destination`, invoke(globalFoundationModelArn(inv.model.id), { ...through, "aws:RequestedRegion": "unspecified" }, false), true);
        } else {
          for (const destination of inv.destinations) {
            await expectVerdict(`${role} destination ${destination}`, invoke(foundationModelArn(destination, inv.model.id), { ...through, "aws:RequestedRegion": destination }, false), true);
            const direct = foundationModelArn(destination, inv.model.id);
            if (!entryArns.includes(direct)) await expectVerdict(`${role} ${direct} without the profile`, invoke(direct, { "aws:RequestedRegion": destination }, false), false);
          }
          const outside = (["eu-west-1", "us-east-1", "ap-south-1"] as AwsRegion[]).find((r) => !(inv.destinations as readonly string[]).includes(r)) as AwsRegion;
          await expectVerdict(`${role} through the profile to ${outside}`, invoke(foundationModelArn(outside, inv.model.id), { ...through, "aws:RequestedRegion": outside }, false), false);
        }
      }
      await expectVerdict(`unconfigured model ${OTHER_MODEL}`, invoke(foundationModelArn(region, OTHER_MODEL)), false);
      await expectVerdict(
        `unconfigured model through a configured profile`,
        invoke(foundationModelArn(region, OTHER_MODEL), { "bedrock:InferenceProfileArn": inferenceProfileArn(region, account, `jp.${OTHER_MODEL}`) }),
        false,
      );
      expect(outcomes).toEqual([]);
    });
  }

  test("production requires the VPC endpoint in the examples", () => {
    expect(
      cases()
        .filter((c) => c.env.production)
        .every((c) => c.env.bedrock.requireVpcEndpoint),
    ).toBe(true);
    expect(cases().some((c) => c.env.production)).toBe(true);
  });
});

describe("deployer boundary refuses escalation", () => {
  const group = exampleConfigs()[0];
  const stack = group.environments[0];
  const { principal, policies } = deployerPoliciesFor(group, stack);
  const account = principal.split(":")[4];
  const project = group.config.organization.project;
  const boundaryArn = `arn:aws:iam::${account}:policy/${project}-deployer-boundary`;
  const role = `arn:aws:iam::${account}:role/${project}-${stack.environment}-host`;
  const ask = (action: string, resource: string, context: Record<string, string> = {}) => simulate({ principal, action, resource, account, context }, policies);

  test("creating a project role is allowed only with the boundary", async () => {
    expect(await ask("iam:CreateRole", role, { "iam:PermissionsBoundary": boundaryArn })).toBe("Allowed");
    expect(await ask("iam:CreateRole", role)).toBe("ExplicitlyDenied");
    expect(await ask("iam:CreateRole", role, { "iam:PermissionsBoundary": `arn:aws:iam::${account}:policy/${project}-other` })).toBe("ExplicitlyDenied");
  });

  test("AdministratorAccess can never be attached, a project policy can", async () => {
    const withBoundary = { "iam:PermissionsBoundary": boundaryArn };
    expect(await ask("iam:AttachRolePolicy", role, { ...withBoundary, "iam:PolicyARN": `arn:aws:iam::${account}:policy/${project}-dev-extra` })).toBe("Allowed");
    expect(await ask("iam:AttachRolePolicy", role, { ...withBoundary, "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" })).not.toBe("Allowed");
    expect(await ask("iam:AttachRolePolicy", role, { ...withBoundary, "iam:PolicyARN": "arn:aws:iam::aws:policy/IAMFullAccess" })).not.toBe("Allowed");
  });

  test("the boundary can be neither removed, swapped nor edited", async () => {
    expect(await ask("iam:DeleteRolePermissionsBoundary", role, { "iam:PermissionsBoundary": boundaryArn })).toBe("ExplicitlyDenied");
    expect(await ask("iam:PutRolePermissionsBoundary", role, { "iam:PermissionsBoundary": `arn:aws:iam::${account}:policy/${project}-wide-open` })).toBe("ExplicitlyDenied");
    for (const action of ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion"]) {
      expect([action, await ask(action, boundaryArn)]).toEqual([action, "ExplicitlyDenied"]);
    }
  });

  test("the deployer cannot change its own role", async () => {
    for (const action of ["iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole"]) {
      expect([action, await ask(action, principal, { "iam:PermissionsBoundary": boundaryArn })]).toEqual([action, "ExplicitlyDenied"]);
    }
  });
});

describe("state roles", () => {
  const group = exampleConfigs().find((g) => g.bootstrap && entries(g.bootstrap.tf, "aws_iam_role").some(([k]) => k.startsWith("state-access-")));
  const runnable = group && group.environments.length >= 2 ? test : test.skip;

  runnable("each environment's state role reaches its own state keys and no other environment's", async () => {
    const tf = group!.bootstrap!.tf;
    const bucketPolicy = Object.values<Json>(tf.resource.aws_s3_bucket_policy ?? {})[0];
    const results: string[] = [];
    for (const own of group!.environments) {
      const [roleKey, role] = entries(tf, "aws_iam_role").find(([k]) => k.startsWith(`state-access-${own.environment}_`)) ?? [];
      if (!role) continue;
      const policy = entries(tf, "aws_iam_role_policy").find(([, p]) => String(p.role).includes(`aws_iam_role.${roleKey}.`))!;
      const account = group!.config.organization.state.accountId;
      const principal = `arn:aws:iam::${account}:role/${role.name}`;
      const identity = [{ name: policy[0], policy: parse(tf, policy[1].policy, policy[0]) }];
      const resource = bucketPolicy ? parse(tf, bucketPolicy.policy, "state bucket policy") : undefined;
      for (const other of group!.environments) {
        const { bucket, key, kms_key_id: kmsKeyId } = other.tf.terraform.backend.s3;
        // Writes carry the SSE-KMS headers the backend sends (see __tests__/state), which the bucket policy requires.
        const sse = { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": String(kmsKeyId) };
        for (const [action, object] of [
          ["s3:GetObject", key],
          ["s3:PutObject", key],
          ["s3:PutObject", `${key}.tflock`],
          ["s3:DeleteObject", `${key}.tflock`],
        ]) {
          const verdict = await simulate(
            { principal, action, resource: `arn:aws:s3:::${bucket}/${object}`, account, context: { "aws:SecureTransport": "true", ...(action === "s3:PutObject" ? sse : {}) } },
            { identity, resource },
          );
          const expected = other === own ? "Allowed" : "denied";
          if ((verdict === "Allowed") !== (other === own)) results.push(`${role.name} ${action} ${object}: ${verdict}, expected ${expected}`);
        }
      }
    }
    expect(results).toEqual([]);
  });
});
