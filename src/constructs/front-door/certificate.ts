import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";
export interface CertificateProps {
  /** A certificate of the environment's account and region to use as it is. */
  readonly certificateArn?: string;
  /** Name of a new DNS-validated certificate, with `hostedZoneId`; unused with `certificateArn`. */
  readonly domainName?: string;
  /** Public hosted zone that gets the validation record. */
  readonly hostedZoneId?: string;
}

/**
 * The HTTPS certificate: the one given in dify.certificateArn, or a new ACM
 * certificate for dify.domainName validated through DNS in dify.hostedZoneId.
 */
export class Certificate extends Construct {
  /** ARN to put on the listener; for a new certificate, only once it is validated. */
  readonly arn: string;

  constructor(scope: Construct, id: string, { certificateArn, domainName, hostedZoneId }: CertificateProps) {
    super(scope, id);
    if (certificateArn) {
      this.arn = certificateArn;
      return;
    }
    // The loader refuses an environment without either, so only wiring can get here.
    if (!domainName || !hostedZoneId) throw new Error("Certificate needs certificateArn, or domainName with hostedZoneId");

    const certificate = new AcmCertificate(this, "certificate", {
      domainName,
      validationMethod: "DNS",
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: domainName },
    });
    // One validation record per domain; the name is only known after the request.
    const option = certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, "validation", {
      zoneId: hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "validated", {
      certificateArn: certificate.arn,
      validationRecordFqdns: [record.fqdn],
    });
    this.arn = validation.certificateArn;
  }
}
