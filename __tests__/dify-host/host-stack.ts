import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { gzippedUserData } from "../../src/dify-host/gzipped-user-data";
import { renderUserData } from "../../src/dify-host/user-data";
import { ALL_IN_ONE, MANAGED } from "./host-sandbox";

/**
 * The user data goes into Terraform as the lead's stack passes it: straight
 * into aws_instance.user_data, and through base64gzip into a launch
 * template, with Terraform references for the key, the log group, the volume
 * and the URL. Returns the synthesized stack.
 */
export function hostStack(): string {
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
    // As the real hosts: the plan's default asserts require IMDSv2 on every host.
    metadataOptions: { httpTokens: "required" },
  });
  new LaunchTemplate(stack, "managed", {
    imageId: "ami-0123456789abcdef0",
    instanceType: "m7g.large",
    metadataOptions: { httpTokens: "required" },
    userData: gzippedUserData(stack, "managed-user-data", { ...MANAGED, kmsKeyArn: key.arn, logGroupName: logs.name, publicUrl: `https://${volume.id}.example.com` }),
  });
  return Testing.synth(stack);
}
