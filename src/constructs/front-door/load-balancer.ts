import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";
import type { AwsRegion } from "../../catalog/regions";
import type { Names } from "../../config/naming";
import { DIFY_HTTP_PORT } from "../host/host-ports";
import { ACCESS_LOG_PREFIX, AccessLogBucket } from "./access-log-bucket";
import { Certificate, type CertificateProps } from "./certificate";
import { WebAcl } from "./web-acl";

export interface LoadBalancerProps extends CertificateProps {
  readonly names: Names;
  readonly accountId: string;
  readonly region: AwsRegion;
  /**
   * Host name users open; with `hostedZoneId` it also gets an alias record.
   * @default the load balancer's own DNS name
   */
  readonly domainName?: string;
  /** An internal ALB, for closed networks reached over VPN or Direct Connect. @default false */
  readonly internal?: boolean;
  /** Deletion protection (production). @default false */
  readonly deletionProtection?: boolean;
  /** AWS WAF with AWS managed rule groups. @default false */
  readonly waf?: boolean;
  /** Days the access logs are kept. */
  readonly accessLogDays: number;
  readonly vpcId: string;
  /** Public subnets, or private ones for an internal ALB. */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
}

/** TLS 1.3 with TLS 1.2 fallback. */
const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Dify streams LLM answers over long-lived responses; 60 s (the default) cuts them off. */
const IDLE_TIMEOUT_SECONDS = 600;

/**
 * The front door: an HTTPS-only ALB (HTTP redirects), hardened as reviewers
 * expect: invalid headers dropped, access logs on, deletion protection in
 * production, optional WAF, and a DNS alias when the zone is ours.
 */
export class LoadBalancer extends Construct {
  readonly alb: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly https: LbListener;
  /** The URL users open. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const { names, domainName, hostedZoneId } = props;
    const logs = new AccessLogBucket(this, "access-logs", { names, accountId: props.accountId, region: props.region, expireDays: props.accessLogDays });

    this.alb = new Lb(this, "alb", {
      name: names.elb("alb"),
      loadBalancerType: "application",
      internal: props.internal ?? false,
      subnets: props.subnetIds,
      securityGroups: [props.securityGroupId],
      dropInvalidHeaderFields: true,
      idleTimeout: IDLE_TIMEOUT_SECONDS,
      enableDeletionProtection: props.deletionProtection ?? false,
      accessLogs: { bucket: logs.bucket.name, prefix: ACCESS_LOG_PREFIX, enabled: true },
      dependsOn: [logs.bucket.policy],
      tags: { Name: names.elb("alb") },
    });

    this.targetGroup = new LbTargetGroup(this, "web", {
      name: names.elb("web"),
      port: DIFY_HTTP_PORT,
      protocol: "HTTP",
      vpcId: props.vpcId,
      targetType: "instance",
      deregistrationDelay: "60",
      // nginx answers "/" by proxying to the web container, which redirects
      // to the sign-in page: any 2xx/3xx means the stack is up.
      healthCheck: {
        path: "/",
        matcher: "200-399",
        interval: 30,
        timeout: 10,
        healthyThreshold: 2,
        unhealthyThreshold: 5,
      },
      tags: { Name: names.elb("web") },
    });

    const certificate = new Certificate(this, "certificate", { certificateArn: props.certificateArn, domainName, hostedZoneId });
    this.https = new LbListener(this, "https", {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: TLS_POLICY,
      certificateArn: certificate.arn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });
    new LbListener(this, "http", {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });

    if (props.waf) new WebAcl(this, "waf", { names, loadBalancerArn: this.alb.arn });

    if (domainName && hostedZoneId) {
      new Route53Record(this, "alias", {
        zoneId: hostedZoneId,
        name: domainName,
        type: "A",
        alias: { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true },
      });
    }
    this.url = `https://${domainName ?? this.alb.dnsName}`;
  }
}
