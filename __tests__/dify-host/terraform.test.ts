import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { EC2_USER_DATA_LIMIT, gzippedUserData } from "../../src/dify-host/gzipped-user-data";
import { renderUserData, renderUserDataScript } from "../../src/dify-host/user-data";
import { describeErrors, describeWithTerraform, TerraformValidator, testWithTerraform } from "../helpers/terraform";
import { ALL_IN_ONE, MANAGED } from "./host-sandbox";

/**
 * The user data goes into Terraform as the lead's stack passes it: straight
 * into aws_instance.user_data, and through base64gzip into a launch
 * template, with Terraform references for the key, the log group, the volume
 * and the URL.
 */
function hostStack(): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, "dify-host");
  new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
  const key = new KmsKey(stack, "key", { enableKeyRotation: true });
  const logs = new CloudwatchLogGroup(stack, "logs", { name: "/dify/dev/containers", retentionInDays: 30, kmsKeyId: key.arn });
  const volume = new EbsVolume(stack, "data", { availabilityZone: "ap-northeast-1a", size: 100, encrypted: true, kmsKeyId: key.arn });
  new Instance(stack, "all-in-one", {
    ami: "ami-0123456789abcdef0",
    instanceType: "t3.large",
    userData: renderUserData({
      ...ALL_IN_ONE,
      kmsKeyArn: key.arn,
      logGroupName: logs.name,
      dataVolume: { volumeId: volume.id, deviceName: "/dev/sdf" },
    }),
    userDataReplaceOnChange: true,
  });
  new LaunchTemplate(stack, "managed", {
    imageId: "ami-0123456789abcdef0",
    instanceType: "m7g.large",
    userData: gzippedUserData(stack, "managed-user-data", { ...MANAGED, kmsKeyArn: key.arn, logGroupName: logs.name, publicUrl: `https://${volume.id}.example.com` }),
  });
  return Testing.synth(stack);
}

describe("in a Terraform stack", () => {
  const validator = new TerraformValidator();
  afterAll(() => validator.dispose());
  const json = hostStack();
  const tf = JSON.parse(json);

  testWithTerraform("terraform validate accepts the instance and the launch template", () => {
    const result = validator.validate(json);
    expect(describeErrors(result)).toEqual([]);
    expect(result.valid).toBe(true);
  });

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
