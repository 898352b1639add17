import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { Fn, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { EC2_USER_DATA_LIMIT, gzippedUserData } from "../../src/dify-host/gzipped-user-data";
import { renderUserData, renderUserDataScript } from "../../src/dify-host/user-data";
import { describeWithTerraform } from "../helpers/terraform";
import { ALL_IN_ONE, MANAGED } from "./host-sandbox";
import { hostStack } from "./host-stack";

describe("in a Terraform stack", () => {
  const tf = JSON.parse(hostStack());

  // Terraform's check of this stack (it plans, so it validates) is in terraform-plan.test.ts's batch.

  test("the props reach Terraform as references, the script's own ${ stays escaped", () => {
    const userData: string = tf.resource.aws_instance["all-in-one"].user_data;
    expect(userData).toContain("KMS_KEY_ARN='${aws_kms_key.key.arn}'");
    expect(userData).toContain("LOG_GROUP='${aws_cloudwatch_log_group.logs.name}'");
    expect(userData).toContain("DATA_VOLUME_ID='${aws_ebs_volume.data.id}'");
    expect(userData).toContain("serial=$${DATA_VOLUME_ID/-/}");
    // Every other interpolation is escaped.
    const references = userData.match(/(?<!\$)\$\{[^}]*\}/g);
    expect(references).toEqual(["${aws_kms_key.key.arn}", "${aws_cloudwatch_log_group.logs.name}", "${aws_ebs_volume.data.id}"]);
    expect(tf.resource.aws_launch_template.managed.user_data).toBe("${base64gzip(local.managed-user-data)}");
    expect(tf.locals["managed-user-data"]).toContain("KMS_KEY_ARN='${aws_kms_key.key.arn}'");
    expect(tf.locals["managed-user-data"]).toContain("PUBLIC_URL='https://${aws_ebs_volume.data.id}.example.com'");
  });

  test("Fn.base64encode cannot take the script directly (cdktf refuses its double quotes)", () => {
    expect(() => Fn.base64encode(renderUserData(MANAGED))).toThrow(/unescaped double quotes/);
  });
});

/** Runs `terraform apply` on a stack of outputs only (no provider, no network) and returns the outputs. */
function evaluate(stackJson: string): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-userdata-eval-"));
  try {
    fs.writeFileSync(path.join(dir, "main.tf.json"), stackJson);
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
    for (const args of [
      ["init", "-backend=false", "-input=false"],
      ["apply", "-auto-approve", "-input=false", `-state=${path.join(dir, "state")}`],
    ]) {
      const run = spawnSync("terraform", [`-chdir=${dir}`, ...args, "-no-color"], { encoding: "utf8", env });
      if (run.status !== 0) throw new Error(`terraform ${args[0]} failed: ${run.stderr}${run.stdout}`);
    }
    const out = spawnSync("terraform", [`-chdir=${dir}`, "output", "-json", `-state=${path.join(dir, "state")}`], { encoding: "utf8", env });
    const parsed = JSON.parse(out.stdout) as Record<string, { value: string }>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describeWithTerraform("what Terraform makes of it", () => {
  test("Terraform turns the user data, references and all, into exactly the plain script", () => {
    const stack = new TerraformStack(Testing.app(), "eval");
    const kms = new TerraformVariable(stack, "kms_key_arn", { type: "string", default: ALL_IN_ONE.kmsKeyArn });
    const volume = new TerraformVariable(stack, "volume_id", { type: "string", default: "vol-0123456789abcdef0" });
    new TerraformOutput(stack, "all_in_one", {
      value: gzippedUserData(stack, "all-in-one", { ...ALL_IN_ONE, kmsKeyArn: kms.stringValue, dataVolume: { volumeId: volume.stringValue, deviceName: "/dev/sdf" } }),
    });
    new TerraformOutput(stack, "managed_base64", { value: gzippedUserData(stack, "managed", { ...MANAGED, kmsKeyArn: kms.stringValue }) });
    const outputs = evaluate(Testing.synth(stack));
    // What EC2 stores (base64 decoded) and cloud-init unpacks.
    const allInOne = Buffer.from(outputs.all_in_one, "base64");
    expect(gunzipSync(allInOne).toString("utf8")).toBe(renderUserDataScript(ALL_IN_ONE));
    const managed = Buffer.from(outputs.managed_base64, "base64");
    expect(gunzipSync(managed).toString("utf8")).toBe(renderUserDataScript({ ...MANAGED, kmsKeyArn: ALL_IN_ONE.kmsKeyArn }));
    // EC2's 16 KB applies to the decoded (still gzipped) user data.
    expect(allInOne.length).toBeLessThan(EC2_USER_DATA_LIMIT / 2);
    expect(managed.length).toBeLessThan(EC2_USER_DATA_LIMIT / 2);
  });
});
