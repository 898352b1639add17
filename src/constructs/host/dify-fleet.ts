import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { type ITerraformDependable, Token } from "cdktf";
import { Construct } from "constructs";
import type { Names } from "../../config/naming";
import { gzippedUserData } from "../../dify-host/gzipped-user-data";
import type { UserDataProps } from "../../dify-host/user-data";
import { METADATA_OPTIONS, ROOT_DEVICE_NAME } from "./host-defaults";
import { al2023Image } from "./machine-image";

export interface DifyFleetProps {
  readonly names: Names;
  readonly instanceType: string;
  /** Root volume size (GiB): the hosts keep Docker's images there. */
  readonly rootVolumeGb: number;
  /** Group size: min <= desired <= max. */
  readonly hosts: { readonly min: number; readonly max: number; readonly desired: number };
  /** A schedule (the dev cost saver) sets min and desired; Terraform then leaves them alone. @default false */
  readonly scheduled?: boolean;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly instanceProfileArn: string;
  readonly targetGroupArn: string;
  /** Boot configuration of every host. */
  readonly userData: UserDataProps;
  /** What the boot script reads or needs permission for (role policies, the endpoints parameter). @default none */
  readonly bootDependencies?: ITerraformDependable[];
}

/**
 * Seconds a new host may stay unhealthy before the group replaces it: enough
 * to pull images and, for the one host that runs it, the database migration
 * of an upgrade (the others wait for it). A host killed mid-migration would
 * leave the migration lock behind.
 */
const HOST_GRACE_SECONDS = 1800;
/** Seconds after a host turns healthy before it counts, in refreshes and scaling. */
const HOST_WARMUP_SECONDS = 300;

/**
 * The managed tier's stateless hosts: an Auto Scaling Group behind the ALB.
 * Any change to the launch template (a new Dify version, a new AMI) rolls the
 * hosts with an instance refresh that launches before it terminates, so
 * healthy capacity never drops.
 */
export class DifyFleet extends Construct {
  readonly launchTemplate: LaunchTemplate;
  readonly group: AutoscalingGroup;

  constructor(scope: Construct, id: string, props: DifyFleetProps) {
    super(scope, id);
    const { names, instanceType } = props;
    const image = al2023Image(this, "ami", instanceType);

    this.launchTemplate = new LaunchTemplate(this, "template", {
      name: names.of("host"),
      imageId: image.value,
      instanceType,
      iamInstanceProfile: { arn: props.instanceProfileArn },
      metadataOptions: METADATA_OPTIONS,
      monitoring: { enabled: true },
      ebsOptimized: "true",
      networkInterfaces: [{ associatePublicIpAddress: "false", securityGroups: [props.securityGroupId], deleteOnTermination: "true" }],
      // Stateless hosts: the AWS managed EBS key avoids granting the Auto
      // Scaling service-linked role access to the environment key.
      blockDeviceMappings: [{ deviceName: ROOT_DEVICE_NAME, ebs: { volumeType: "gp3", volumeSize: props.rootVolumeGb, encrypted: "true", deleteOnTermination: "true" } }],
      userData: gzippedUserData(this, "user-data", props.userData),
      updateDefaultVersion: true,
      tagSpecifications: [
        { resourceType: "instance", tags: { Name: names.of("host") } },
        { resourceType: "volume", tags: { Name: names.of("host-root") } },
      ],
    });

    const { min, max, desired } = props.hosts;
    this.group = new AutoscalingGroup(this, "group", {
      name: names.of("hosts"),
      minSize: min,
      maxSize: max,
      desiredCapacity: desired,
      vpcZoneIdentifier: props.subnetIds,
      targetGroupArns: [props.targetGroupArn],
      healthCheckType: "ELB",
      healthCheckGracePeriod: HOST_GRACE_SECONDS,
      defaultInstanceWarmup: HOST_WARMUP_SECONDS,
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      instanceRefresh: {
        strategy: "Rolling",
        preferences: {
          minHealthyPercentage: 100,
          maxHealthyPercentage: 200,
          instanceWarmup: String(HOST_WARMUP_SECONDS),
          skipMatching: true,
        },
      },
      enabledMetrics: ["GroupInServiceInstances", "GroupDesiredCapacity", "GroupTotalInstances"],
      tag: [{ key: "Name", value: names.of("host"), propagateAtLaunch: true }],
      // The dev cost saver sets the capacity on a schedule; an apply at night must not undo it.
      lifecycle: props.scheduled ? { ignoreChanges: ["min_size", "desired_capacity"] } : undefined,
      // Hosts that boot before their permissions and the endpoints exist fail, and are replaced only after the grace period.
      dependsOn: props.bootDependencies,
    });
  }
}
