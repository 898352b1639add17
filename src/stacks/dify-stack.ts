import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { invokedModelIds } from "../bedrock/invoked-model-ids";
import type { EnvironmentConfig, OrganizationConfig } from "../config/types";
import { BedrockAccess } from "../constructs/bedrock-access";
import { BedrockAudit, bedrockLoggingKeyStatement } from "../constructs/bedrock-audit";
import { BedrockEndpoints } from "../constructs/bedrock-endpoints";
import { ManagedDataTier } from "../constructs/data-tier/managed-data-tier";
import { cloudWatchLogsKeyStatement, EncryptionKey } from "../constructs/encryption-key";
import { LoadBalancer } from "../constructs/front-door/load-balancer";
import { DifyFleet } from "../constructs/host/dify-fleet";
import { DifyInstance } from "../constructs/host/dify-instance";
import { HostRole } from "../constructs/host/host-role";
import { HostSecurityGroups } from "../constructs/host/host-security-groups";
import { InterfaceEndpoints } from "../constructs/interface-endpoints";
import { logGroup } from "../constructs/log-group";
import { Network } from "../constructs/network";
import { Alarms, alarmTopicKeyStatement } from "../constructs/operations/alarms";
import { Backup } from "../constructs/operations/backup";
import { BedrockAlarms } from "../constructs/operations/bedrock-alarms";
import { BudgetAlert } from "../constructs/operations/budget-alert";
import { Dashboard, type DashboardProps } from "../constructs/operations/dashboard";
import { Schedule } from "../constructs/operations/schedule";
import { DATA_MOUNT_POINT, diskDimensions } from "../dify-host/cloudwatch-agent";
import type { UserDataProps } from "../dify-host/user-data";
import { deployerBoundaryArn } from "../iam/deployer-boundary";
import { PermissionsBoundaryAspect } from "../iam/permissions-boundary-aspect";
import type { TerraformDocument } from "../terraform/terraform-document";
import { configureBackend } from "./backend";
import { bedrockRegionProvider, environmentProvider } from "./environment-provider";

/** Without NAT, Session Manager and the host's logs, metrics and keys need these endpoints. */
const NO_NAT_ENDPOINTS = ["ssm", "ssmmessages", "ec2messages", "logs", "monitoring", "kms"] as const;
/** ... and the managed tier's hosts also read the RDS secret and set the Redis user's token. */
const NO_NAT_MANAGED_ENDPOINTS = ["secretsmanager", "elasticache"] as const;

/** One Dify environment in its own AWS account. The stack id is the environment name. */
export class DifyStack extends TerraformStack {
  readonly budget: BudgetAlert;

  constructor(
    scope: Construct,
    org: OrganizationConfig,
    readonly env: EnvironmentConfig,
  ) {
    super(scope, env.name);
    const { names } = env;
    configureBackend(this, org, { stack: env.name, namespace: env.namespace });
    environmentProvider(this, env);
    // The deployer may only create roles that carry its boundary.
    Aspects.of(this).add(new PermissionsBoundaryAspect(deployerBoundaryArn(env.accountId, org.project)));

    const key = new EncryptionKey(this, "kms", {
      alias: names.prefix,
      description: `Dify ${names.prefix}: secrets, logs, volumes and data`,
      accountId: env.accountId,
      statements: [cloudWatchLogsKeyStatement(env.accountId, env.region), alarmTopicKeyStatement(env.accountId), bedrockLoggingKeyStatement(env.accountId, env.region)],
    });

    const { accountId, region } = env;
    const network = new Network(this, "network", {
      names,
      accountId,
      region,
      vpcCidr: env.network.vpcCidr,
      subnets: env.network.subnets,
      nat: env.network.nat,
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      kmsKeyArn: key.arn,
      schedule: env.dify.schedule,
    });
    const groups = new HostSecurityGroups(this, "security-groups", {
      names,
      vpcId: network.vpc.id,
      vpcCidr: env.network.vpcCidr,
      allowedCidrs: env.dify.allowedCidrs,
    });
    if (!network.internetAccess) {
      new InterfaceEndpoints(this, "session-manager-endpoints", {
        names,
        region,
        vpcId: network.vpc.id,
        subnetIds: network.subnetIds.private,
        clientSecurityGroupId: groups.host.id,
        services: env.dify.tier === "managed" ? [...NO_NAT_ENDPOINTS, ...NO_NAT_MANAGED_ENDPOINTS] : NO_NAT_ENDPOINTS,
        name: names.of("aws-endpoints"),
      });
    }

    const containerLogs = logGroup(this, "container-logs", {
      name: names.logGroup("containers"),
      retentionDays: env.operations.logRetentionDays,
      kmsKeyArn: key.arn,
    });

    const data =
      env.dify.tier === "managed"
        ? new ManagedDataTier(this, "data", {
            names,
            accountId,
            region,
            production: env.production,
            database: env.dify.database,
            cache: env.dify.cache,
            logRetentionDays: env.operations.logRetentionDays,
            vpcId: network.vpc.id,
            subnetIds: network.subnetIds.isolated,
            hostSecurityGroupId: groups.host.id,
            kmsKeyArn: key.arn,
          })
        : undefined;
    const hostRole = new HostRole(this, "host-role", { names, accountId, region, kmsKeyArn: key.arn, statements: data?.hostStatements() ?? [] });

    // Bedrock: private endpoints, the host's model-scoped policy, logging and the PII guardrail.
    const bedrockProvider = bedrockRegionProvider(this, "bedrock-region-provider", env);
    const bedrockAudit = new BedrockAudit(this, "bedrock-audit", {
      names,
      accountId,
      bedrockRegion: env.bedrock.region,
      invocationLogging: env.bedrock.invocationLogging,
      guardrail: env.bedrock.guardrail,
      kmsKeyArn: key.arn,
      provider: bedrockProvider,
      preventDestroy: env.production,
    });
    const bedrockEndpoints = new BedrockEndpoints(this, "bedrock-endpoints", {
      names,
      region,
      accountId,
      bedrock: env.bedrock,
      vpcId: network.vpc.id,
      subnetIds: network.subnetIds.private,
      hostSecurityGroupId: groups.host.id,
    });
    const bedrockAccess = new BedrockAccess(this, "bedrock-access", {
      bedrock: env.bedrock,
      accountId,
      role: hostRole.role.name,
      vpcEndpointIds: bedrockEndpoints.endpointIds,
      guardrailArn: bedrockAudit.guardrail?.guardrailArn,
    });

    const frontDoor = new LoadBalancer(this, "front-door", {
      names,
      accountId,
      region,
      certificateArn: env.dify.certificateArn,
      domainName: env.dify.domainName,
      hostedZoneId: env.dify.hostedZoneId,
      internal: env.dify.internal,
      deletionProtection: env.production,
      waf: env.dify.waf,
      accessLogDays: env.operations.logRetentionDays,
      vpcId: network.vpc.id,
      subnetIds: env.dify.internal ? network.subnetIds.private : network.subnetIds.public,
      securityGroupId: groups.alb.id,
    });
    const alarmTargets = {
      names,
      accountId,
      region,
      alarmEmail: env.operations.alarmEmail,
      kmsKeyArn: key.arn,
      loadBalancerArnSuffix: frontDoor.alb.arnSuffix,
      targetGroupArnSuffix: frontDoor.targetGroup.arnSuffix,
    };
    const backupPlan = { names, schedule: env.operations.backup.schedule, retentionDays: env.operations.backup.retentionDays };

    // A NAT instance writes the private default route only once it has booted: hosts launch after its group is in service.
    const bootDependencies = [hostRole.policy, bedrockAccess.policy, ...(network.natInstance ? [network.natInstance.group] : [])];
    const userData: UserDataProps = {
      difyVersion: env.dify.version,
      tier: env.dify.tier,
      vectorStore: env.dify.vectorStore,
      region: env.region,
      ssmPrefix: names.ssmPrefix,
      kmsKeyArn: key.arn,
      logGroupName: containerLogs.name,
      deployment: names.prefix,
      publicUrl: frontDoor.url,
      uploadFileSizeLimitMb: env.dify.uploadFileSizeLimitMb,
      internetAccess: network.internetAccess,
    };

    let monitoring: { topicArn: string } & Pick<DashboardProps, "instanceId" | "autoScalingGroupName" | "dbInstanceIdentifier" | "cacheClusterIds">;
    if (!data) {
      const host = new DifyInstance(this, "host", {
        names,
        instanceType: env.dify.instanceType,
        rootVolumeGb: env.dify.rootVolumeGb,
        dataVolumeGb: env.dify.dataVolumeGb,
        spot: env.dify.spot,
        preventDestroy: env.production,
        subnetId: network.subnetIds.private[0],
        availabilityZone: network.availabilityZones[0],
        securityGroupId: groups.host.id,
        instanceProfileName: hostRole.instanceProfile.name,
        kmsKeyArn: key.arn,
        targetGroupArn: frontDoor.targetGroup.arn,
        userData,
        bootDependencies,
      });
      const alarms = new Alarms(this, "alarms", {
        ...alarmTargets,
        instanceId: host.instance.id,
        diskDimensions: diskDimensions(names.prefix, DATA_MOUNT_POINT),
      });
      new Backup(this, "backup", { ...backupPlan, kmsKeyArn: key.arn, resourceArns: [host.dataVolume.arn], alarmTopicArn: alarms.topic.arn });
      monitoring = { topicArn: alarms.topic.arn, instanceId: host.instance.id };
      if (env.dify.schedule) {
        new Schedule(this, "schedule", { names, accountId, region, hours: env.dify.schedule, instanceId: host.instance.id, volumeKmsKeyArn: key.arn });
      }
      new TerraformOutput(this, "instance_id", { value: host.instance.id });
      new TerraformOutput(this, "session_manager_command", {
        value: `aws ssm start-session --region ${env.region} --target ${host.instance.id}`,
      });
    } else {
      const fleet = new DifyFleet(this, "hosts", {
        names,
        instanceType: env.dify.instanceType,
        rootVolumeGb: env.dify.rootVolumeGb,
        hosts: env.dify.hosts,
        scheduled: env.dify.schedule !== undefined,
        subnetIds: network.subnetIds.private,
        securityGroupId: groups.host.id,
        instanceProfileArn: hostRole.instanceProfile.arn,
        targetGroupArn: frontDoor.targetGroup.arn,
        userData,
        bootDependencies: [...bootDependencies, data.endpoints.parameter],
      });
      const alarms = new Alarms(this, "alarms", {
        ...alarmTargets,
        autoScalingGroupName: fleet.group.name,
        dbInstanceIdentifier: data.database.identifier,
        dbStorageGb: { allocated: env.dify.database.allocatedStorageGb, max: env.dify.database.maxAllocatedStorageGb },
        cacheClusterIds: data.cache.memberClusterIds,
      });
      new Backup(this, "backup", { ...backupPlan, kmsKeyArn: key.arn, resourceArns: [data.database.arn], alarmTopicArn: alarms.topic.arn });
      monitoring = {
        topicArn: alarms.topic.arn,
        autoScalingGroupName: fleet.group.name,
        dbInstanceIdentifier: data.database.identifier,
        cacheClusterIds: data.cache.memberClusterIds,
      };
      if (env.dify.schedule) {
        new Schedule(this, "schedule", {
          names,
          accountId,
          region,
          hours: env.dify.schedule,
          autoScalingGroupName: fleet.group.name,
          hostCapacity: env.dify.hosts,
          dbInstanceIdentifier: data.database.identifier,
        });
      }
      new TerraformOutput(this, "autoscaling_group_name", { value: fleet.group.name });
      new TerraformOutput(this, "session_manager_command", {
        value: `aws ssm start-session --region ${env.region} --target $(aws autoscaling describe-auto-scaling-groups --region ${env.region} --auto-scaling-group-names ${fleet.group.name} --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)`,
      });
      new TerraformOutput(this, "database_endpoint", { value: data.database.address });
      new TerraformOutput(this, "files_bucket", { value: data.files.bucketName });
    }

    // What operators look at: the dashboard, Bedrock alarms and the account's cost budget.
    const { topicArn, ...watched } = monitoring;
    const bedrockModelIds = invokedModelIds(env.bedrock);
    new Dashboard(this, "dashboard", {
      names,
      region,
      tier: env.dify.tier,
      bedrockRegion: env.bedrock.region,
      bedrockModelIds,
      loadBalancerArnSuffix: frontDoor.alb.arnSuffix,
      ...watched,
    });
    new BedrockAlarms(this, "bedrock-alarms", {
      names,
      accountId,
      bedrockRegion: env.bedrock.region,
      modelIds: bedrockModelIds,
      topicArn,
      provider: bedrockProvider,
      alarmEmail: env.operations.alarmEmail,
    });
    const { monthlyUsd, email } = env.operations.budget;
    this.budget = new BudgetAlert(this, "budget", { names, topicArn, monthlyUsd, email });

    new TerraformOutput(this, "url", { value: frontDoor.url });
    new TerraformOutput(this, "ssm_secrets_prefix", { value: `${names.ssmPrefix}secrets/` });
    new TerraformOutput(this, "vpc_id", { value: network.vpc.id });
  }

  /**
   * The synthesized document, with the budget's default amount estimated from
   * this very document: one synth, and the budget always matches the review.
   */
  override toTerraform(): TerraformDocument {
    const doc = super.toTerraform() as TerraformDocument;
    if (this.budget.defaulted) this.budget.fillDefaultAmount(doc, this.env.operations.budget.bedrockAllowanceUsd);
    return doc;
  }
}
