import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import type { TerraformStack } from "cdktf";
import { findings, messages, policyStack } from "./helpers";

const HARDENED = { dropInvalidHeaderFields: true, accessLogs: { bucket: "alb-logs", enabled: true } };
const REDIRECT = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const FORWARD = { type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:ap-northeast-1:111111111111:targetgroup/web/1" };

function alb(stack: TerraformStack, id = "alb", extra: Partial<ConstructorParameters<typeof Lb>[2]> = {}): Lb {
  return new Lb(stack, id, { loadBalancerType: "application", subnets: ["subnet-1", "subnet-2"], ...HARDENED, ...extra });
}

describe("CKV_AWS_131 ALB drops invalid headers", () => {
  test("an ALB that drops them, and a network load balancer, pass", () => {
    const stack = policyStack();
    alb(stack);
    new Lb(stack, "nlb", { loadBalancerType: "network", subnets: ["subnet-1"], accessLogs: { bucket: "logs", enabled: true } });
    expect(findings(stack, "CKV_AWS_131")).toEqual([]);
  });

  test("an ALB that keeps them fails, also when the type is left to its default", () => {
    const stack = policyStack();
    new Lb(stack, "default-type", { subnets: ["subnet-1"], accessLogs: HARDENED.accessLogs });
    expect(messages(stack, "CKV_AWS_131")).toEqual(["[CKV_AWS_131] the ALB forwards requests with invalid HTTP headers: set drop_invalid_header_fields = true"]);
  });
});

describe("CKV_AWS_2 HTTPS listeners (HTTP only to redirect)", () => {
  test("HTTPS, and HTTP that redirects to HTTPS, pass", () => {
    const stack = policyStack();
    const lb = alb(stack);
    new LbListener(stack, "https", {
      loadBalancerArn: lb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: "arn:cert",
      defaultAction: [FORWARD],
    });
    new LbListener(stack, "http", { loadBalancerArn: lb.arn, port: 80, protocol: "HTTP", defaultAction: [REDIRECT] });
    expect(findings(stack, "CKV_AWS_2")).toEqual([]);
  });

  test("HTTP that forwards fails, also when the protocol is left to the ALB default", () => {
    const stack = policyStack();
    const lb = alb(stack);
    new LbListener(stack, "http", { loadBalancerArn: lb.arn, port: 80, protocol: "HTTP", defaultAction: [FORWARD] });
    new LbListener(stack, "implicit", { loadBalancerArn: lb.arn, port: 8080, defaultAction: [FORWARD] });
    expect(findings(stack, "CKV_AWS_2")).toEqual(["error http", "error implicit"]);
  });

  test("a TCP listener of a network load balancer, protocol unset, is not HTTP", () => {
    const stack = policyStack();
    const nlb = new Lb(stack, "nlb", { loadBalancerType: "network", subnets: ["subnet-1"], accessLogs: HARDENED.accessLogs });
    new LbListener(stack, "tcp", { loadBalancerArn: nlb.arn, port: 5432, defaultAction: [FORWARD] });
    expect(findings(stack, "CKV_AWS_2")).toEqual([]);
  });
});

describe("CKV_AWS_103 TLS 1.2+ policy on HTTPS listeners", () => {
  test.each(["ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-FS-1-2-Res-2020-10"])(
    "%s passes",
    (sslPolicy) => {
      const stack = policyStack();
      new LbListener(stack, "https", { loadBalancerArn: alb(stack).arn, port: 443, protocol: "HTTPS", sslPolicy, certificateArn: "arn:cert", defaultAction: [FORWARD] });
      expect(findings(stack, "CKV_AWS_103")).toEqual([]);
    },
  );

  test.each(["ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-1-2021-06", "ELBSecurityPolicy-TLS-1-1-2017-01"])("%s fails", (sslPolicy) => {
    const stack = policyStack();
    new LbListener(stack, "https", { loadBalancerArn: alb(stack).arn, port: 443, protocol: "HTTPS", sslPolicy, certificateArn: "arn:cert", defaultAction: [FORWARD] });
    expect(messages(stack, "CKV_AWS_103")).toEqual([
      `[CKV_AWS_103] ssl_policy ${sslPolicy} allows TLS older than 1.2: set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another TLS 1.2+ policy)`,
    ]);
  });

  test("an HTTPS listener without ssl_policy fails (the default allows TLS 1.0)", () => {
    const stack = policyStack();
    new LbListener(stack, "https", { loadBalancerArn: alb(stack).arn, port: 443, protocol: "HTTPS", certificateArn: "arn:cert", defaultAction: [FORWARD] });
    expect(findings(stack, "CKV_AWS_103")).toEqual(["error https"]);
  });
});

describe("CKV_AWS_91 load balancer access logs", () => {
  test("access logs enabled with a bucket pass", () => {
    const stack = policyStack();
    alb(stack);
    expect(findings(stack, "CKV_AWS_91")).toEqual([]);
  });

  test("no access logs, or a bucket without enabled = true, fail", () => {
    const stack = policyStack();
    alb(stack, "none", { accessLogs: undefined });
    alb(stack, "bucket-only", { accessLogs: { bucket: "alb-logs" } });
    expect(findings(stack, "CKV_AWS_91")).toEqual(["error none", "error bucket-only"]);
  });
});
