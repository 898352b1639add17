/**
 * "Nominal use": the usage-dependent quantities the estimate assumes, so that
 * a stack's fixed costs come with a plausible small amount of traffic. The
 * review prints every one of them.
 */
export const NOMINAL_USE = {
  /** Hours in a billing month (AWS's own convention). */
  hoursPerMonth: 730,
  /** Data processed by each NAT gateway. */
  natDataGbPerGateway: 10,
  /** Data processed by all interface endpoints of a stack together. */
  endpointDataGbPerStack: 10,
  /** Load balancer capacity units used by each load balancer, every hour. */
  lcuPerLoadBalancer: 1,
  /** CloudWatch Logs ingested by a stack that has log groups. */
  logsIngestedGbPerStack: 5,
  /** S3 Standard storage per bucket. */
  s3GbPerBucket: 5,
  /** Requests per web ACL, in millions. */
  wafMillionRequestsPerWebAcl: 1,
  /** Root volume size when neither the instance nor its launch template sets one (the AMI's). */
  defaultRootVolumeGb: 8,
} as const;

/** The assumptions as sentences, for the review's footer. */
export function describeAssumptions(): string[] {
  const n = NOMINAL_USE;
  return [
    `${n.hoursPerMonth} hours a month; a host stopped by a dify.schedule window (or a NAT instance scaled to zero by one) counts only its scheduled hours, as weekly hours × ${n.hoursPerMonth} / 168; a stopped instance keeps billing its volumes, a group scaled to zero does not. On-demand list prices in USD, without tax, free tier, Savings Plans or reserved capacity; a Spot host counts its max_price (the most Spot can bill), else the on-demand price.`,
    `Nominal use: ${n.natDataGbPerGateway} GB through each NAT gateway, ${n.endpointDataGbPerStack} GB through the interface endpoints of a stack, ${n.lcuPerLoadBalancer} LCU per load balancer, ${n.logsIngestedGbPerStack} GB of CloudWatch Logs ingested per stack, ${n.s3GbPerBucket} GB of S3 Standard per bucket, ${n.wafMillionRequestsPerWebAcl} million requests per WAF web ACL.`,
    `Auto Scaling groups run their desired capacity (else their minimum size). Multi-AZ RDS bills the standby's instance hours and storage as well. Root volumes without a size are taken as ${n.defaultRootVolumeGb} GB gp3 (the Amazon Linux 2023 AMI default); EBS volumes without a type as gp2 (the EC2 API default).`,
    "Interface endpoints bill per endpoint per AZ (one per subnet); gateway endpoints are free. Public IPv4 addresses: every Elastic IP, one per AZ of an internet-facing load balancer, and hosts launched with a public IP.",
    "Not included: data transfer out, snapshots and backups, S3 requests, RDS storage autoscaling above the allocated size, KMS requests and rotation, Bedrock tokens.",
  ];
}
