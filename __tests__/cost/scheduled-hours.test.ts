import { estimateCost } from "../../src/cost/cost-estimate";
import type { TerraformDocument } from "../../src/terraform/terraform-document";

/** A hand-built stack: one t3.large with a 30 GB root, stopped and started by two Scheduler jobs. */
function stack(start: string, stop: string, extra: Record<string, unknown> = {}): TerraformDocument {
  const job = (action: string, expression: string) => ({
    schedule_expression: expression,
    schedule_expression_timezone: "Asia/Tokyo",
    target: { arn: `arn:aws:scheduler:::aws-sdk:ec2:${action}`, input: JSON.stringify({ InstanceIds: ["${aws_instance.host.id}"] }) },
  });
  return {
    provider: { aws: [{ region: "us-west-2" }] },
    resource: {
      aws_instance: { host: { instance_type: "t3.large", associate_public_ip_address: true, root_block_device: { volume_size: 30, volume_type: "gp3" } } },
      aws_scheduler_schedule: { start: job("startInstances", start), stop: job("stopInstances", stop) },
      ...extra,
    },
  } as unknown as TerraformDocument;
}

const ec2 = (doc: TerraformDocument) => estimateCost(doc).lines.find((l) => l.service === "EC2")!;

describe("scheduled hours in the estimate", () => {
  test("weekdays 09:00-18:00: 9 h × 5 days × 730 / 168, for the instance and its own public IP; the stopped root still bills 30 GB", () => {
    const e = estimateCost(stack("cron(0 9 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)"));
    const hours = Math.round(((9 * 5 * 730) / 168) * 100) / 100;
    expect(e.lines.find((l) => l.service === "EC2")).toMatchObject({ item: "t3.large instance, scheduled", perThing: hours });
    expect(e.lines.find((l) => l.item.startsWith("Public IPv4"))).toMatchObject({ item: "Public IPv4 address, scheduled", perThing: hours });
    expect(e.lines.find((l) => l.service === "EBS")).toMatchObject({ perThing: 30 });
  });

  test("every day, across midnight (22:00-02:00): 4 h × 7 days", () => {
    expect(ec2(stack("cron(0 22 * * ? *)", "cron(0 2 * * ? *)")).perThing).toBe(Math.round(((4 * 7 * 730) / 168) * 100) / 100);
  });

  test("a schedule the estimate cannot read counts the whole month, with a note", () => {
    const doc = stack("cron(0 9 ? * MON,WED *)", "cron(0 18 ? * MON,WED *)");
    expect(ec2(doc)).toMatchObject({ item: "t3.large instance", perThing: 730 });
    expect(estimateCost(doc).notes).toContain("aws_instance.host: its start/stop schedule is not a single daily pair: counted as running the whole month.");
  });

  test("a Scheduler job on another instance does not touch this one", () => {
    const doc = stack("cron(0 9 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)");
    const other = JSON.parse(JSON.stringify(doc).replace(/aws_instance\.host\.id/g, "aws_instance.other.id")) as TerraformDocument;
    expect(ec2(other)).toMatchObject({ item: "t3.large instance", perThing: 730 });
  });

  test("Spot without max_price counts on-demand and says so", () => {
    const doc = stack("cron(0 9 ? * MON-FRI *)", "cron(0 18 ? * MON-FRI *)");
    (doc.resource as any).aws_instance.host.instance_market_options = { market_type: "spot", spot_options: { spot_instance_type: "persistent" } };
    expect(ec2(doc)).toMatchObject({ item: "t3.large Spot instance (at most on-demand), scheduled", price: expect.objectContaining({ usd: 0.0832 }) });
  });
});
