import { bucketPolicyAuthorizer } from "./bucket-policy";
import { STATE_KEY_ARN, StateWorld } from "./state-world";

/**
 * The state bucket's synthesized policy, enforced by the local S3 endpoint,
 * against real Terraform runs whose backend asks for the wrong encryption.
 */

const world = new StateWorld();
const { accountId } = world.config.organization.state;
const OTHER_KEY_ARN = `arn:aws:kms:ap-northeast-1:${accountId}:key/7f3c2b1a-9d8e-4c6b-a5f4-3e2d1c0b9a87`;

beforeAll(() => world.start());
afterAll(() => world.dispose());

/** Inits and applies the prod stack of `namespace` with its synthesized backend, edited by `edit`. */
async function applyWith(namespace: string, edit: (s3: Record<string, unknown>) => void) {
  const backend = world.environmentBackend("prod", { "prod.json": { namespace } });
  edit(backend.s3);
  const dir = world.stack(`project-${namespace}`, "prod", backend);
  const init = await world.terraform.run(dir, ["init", "-input=false", "-no-color"]);
  expect([init.code, init.output]).toEqual([0, init.output]);
  const apply = await world.terraform.run(dir, ["apply", "-input=false", "-no-color", "-auto-approve"]);
  const key = `dify/prod/${namespace}/terraform.tfstate`;
  return { apply, key, puts: world.server.requests.filter((r) => r.method === "PUT" && r.key?.startsWith(key)) };
}

describe("the state bucket refuses writes that are not under its KMS key", () => {
  test("a backend without kms_key_id (encrypt = true sends AES256) fails loudly at the lock", async () => {
    const { apply, key, puts } = await applyWith("nokms", (s3) => delete s3.kms_key_id);
    expect(apply.code).toBe(1);
    expect(apply.output).toContain("Error acquiring the state lock");
    expect(apply.output).toContain("StatusCode: 403");
    expect(apply.output).toContain("AccessDenied");
    expect(puts.map((r) => [r.key, r.headers["x-amz-server-side-encryption"], r.status])).toEqual([[`${key}.tflock`, "AES256", 403]]);
    expect(world.server.object(world.bucket, key)).toBeUndefined();
  });

  test("a backend that names another KMS key is refused", async () => {
    const { apply, key, puts } = await applyWith("otherkey", (s3) => (s3.kms_key_id = OTHER_KEY_ARN));
    expect(apply.code).toBe(1);
    expect(puts.map((r) => [r.headers["x-amz-server-side-encryption-aws-kms-key-id"], r.status])).toEqual([[OTHER_KEY_ARN, 403]]);
    expect(world.server.object(world.bucket, key)).toBeUndefined();
  });

  test("the synthesized alias ARN and the key ARN itself are both accepted", async () => {
    const viaAlias = await applyWith("alias", () => undefined);
    const viaKeyArn = await applyWith("keyarn", (s3) => (s3.kms_key_id = STATE_KEY_ARN));
    for (const run of [viaAlias, viaKeyArn]) {
      expect(run.apply.code).toBe(0);
      expect(run.puts.every((r) => r.status === 200)).toBe(true);
      expect(world.server.object(world.bucket, run.key)?.kmsKeyArn).toBe(STATE_KEY_ARN);
    }
    expect(viaAlias.puts[0].headers["x-amz-server-side-encryption-aws-kms-key-id"]).toBe(world.aliasArn);
  });

  test("a PUT that leaves encryption to the bucket default (no SSE headers) is refused", async () => {
    const authorize = bucketPolicyAuthorizer(world.policy, accountId);
    const put = { bucket: world.bucket, key: "dify/prod/terraform.tfstate", principal: `arn:aws:iam::${accountId}:user/someone` };
    expect(await authorize({ ...put, headers: {} })).toBe(false);
    expect(await authorize({ ...put, headers: { "x-amz-server-side-encryption": "aws:kms" } })).toBe(false);
    expect(
      await authorize({
        ...put,
        headers: { "x-amz-server-side-encryption": "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id": world.aliasArn },
      }),
    ).toBe(true);
  });
});
