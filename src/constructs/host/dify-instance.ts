import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LbTargetGroupAttachment } from "@cdktf/provider-aws/lib/lb-target-group-attachment";
import { VolumeAttachment } from "@cdktf/provider-aws/lib/volume-attachment";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import { gzippedUserData } from "../../dify-host/gzipped-user-data";
import type { UserDataProps } from "../../dify-host/user-data";
import { METADATA_OPTIONS } from "./host-defaults";
import { DIFY_HTTP_PORT } from "./host-ports";
import { al2023Image } from "./machine-image";

/** Device name the data volume is attached at; on Nitro it shows up as NVMe. */
const DATA_DEVICE_NAME = "/dev/sdf";

export interface DifyInstanceProps {
  readonly names: Names;
  readonly instanceType: string;
  /** Root volume size (GiB). */
  readonly rootVolumeGb: number;
  /** Data volume size (GiB): Docker's images, PostgreSQL, the vector store and uploads. */
  readonly dataVolumeGb: number;
  /** Run on Spot capacity, stopping on interruption, at most at this hourly price. @default on-demand */
  readonly spot?: { readonly maxPricePerHour?: number };
  /** Keeps the data volume from `destroy` (production). @default false */
  readonly preventDestroy?: boolean;
  /** Private subnet of the host; the data volume lives in the same AZ. */
  readonly subnetId: string;
  readonly availabilityZone: string;
  readonly securityGroupId: string;
  readonly instanceProfileName: string;
  readonly kmsKeyArn: string;
  readonly targetGroupArn: string;
  /** Boot configuration; the data volume is filled in here. */
  readonly userData: Omit<UserDataProps, "dataVolume">;
  /** What the boot script needs permission for (the role policies). @default none */
  readonly bootDependencies?: ITerraformDependable[];
}

/**
 * The all-in-one tier: one private host runs every Dify container. Its data
 * sits on a separate encrypted EBS volume, which has no reference to the
 * instance, so replacing the instance (new type, AMI or user data) only
 * replaces the attachment, never the data.
 */
export class DifyInstance extends Construct {
  readonly instance: Instance;
  readonly dataVolume: EbsVolume;

  constructor(scope: Construct, id: string, props: DifyInstanceProps) {
    super(scope, id);
    const { names, instanceType, spot } = props;

    this.dataVolume = new EbsVolume(this, "data", {
      availabilityZone: props.availabilityZone,
      size: props.dataVolumeGb,
      type: "gp3",
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      finalSnapshot: true,
      tags: { Name: names.of("data"), Backup: names.prefix },
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });

    const image = al2023Image(this, "ami", instanceType);
    this.instance = new Instance(this, "host", {
      ami: image.value,
      instanceType,
      subnetId: props.subnetId,
      vpcSecurityGroupIds: [props.securityGroupId],
      iamInstanceProfile: props.instanceProfileName,
      associatePublicIpAddress: false,
      metadataOptions: METADATA_OPTIONS,
      monitoring: true,
      ebsOptimized: true,
      // Spot (dify.spot): a persistent request that stops the host on
      // interruption and starts it again when capacity returns. The instance
      // keeps its id, so the data volume attachment, the target group and the
      // stop/start schedule all keep working.
      instanceMarketOptions: spot
        ? {
            marketType: "spot",
            spotOptions: {
              spotInstanceType: "persistent",
              instanceInterruptionBehavior: "stop",
              maxPrice: spot.maxPricePerHour?.toString(),
            },
          }
        : undefined,
      // Burstable Spot hosts launch as "unlimited"; standard credits keep surplus-credit charges out of the bill.
      creditSpecification: spot && /^t\d/.test(instanceType) ? { cpuCredits: "standard" } : undefined,
      rootBlockDevice: { volumeType: "gp3", volumeSize: props.rootVolumeGb, encrypted: true, kmsKeyId: props.kmsKeyArn, deleteOnTermination: true },
      // Gzipped: with the host firewall and the SSRF proxy rules the plain
      // script is past EC2's 16 KB, and cloud-init unpacks gzip before it runs.
      userDataBase64: gzippedUserData(this, "user-data", { ...props.userData, dataVolume: { volumeId: this.dataVolume.id, deviceName: DATA_DEVICE_NAME } }),
      // A new Dify version means new user data: replace the host, keep the data volume.
      userDataReplaceOnChange: true,
      tags: { Name: names.of("host") },
      // A newer AMI appears in the SSM parameter every few weeks; replacing
      // the only host then would be an outage nobody asked for. Roll the AMI
      // on purpose with `cdktf deploy` after `terraform apply -replace`.
      lifecycle: { ignoreChanges: ["ami"] },
      // The boot script writes its secrets to SSM within a minute of launch.
      dependsOn: props.bootDependencies,
    });

    new VolumeAttachment(this, "data-attachment", {
      deviceName: DATA_DEVICE_NAME,
      volumeId: this.dataVolume.id,
      instanceId: this.instance.id,
      // Stop Docker cleanly before the volume is detached on replacement.
      stopInstanceBeforeDetaching: true,
    });
    new LbTargetGroupAttachment(this, "target", {
      targetGroupArn: props.targetGroupArn,
      targetId: this.instance.id,
      port: DIFY_HTTP_PORT,
    });
  }
}
