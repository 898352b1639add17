import type { Price, RegionPrices } from "../catalog/prices";
import type { JsonObject } from "../terraform/terraform-document";
import { block, blocks, booleanValue, numberValue, references, stringValue, type TerraformResource } from "../terraform/terraform-json";
import { NOMINAL_USE } from "./assumptions";
import type { EstimateContext } from "./estimate-context";
import { publicIpv4 } from "./network";
import { scheduledHours } from "./scheduled-hours";

interface Volume {
  readonly size?: number;
  readonly type?: string;
  readonly iops?: number;
  readonly throughput?: number;
}

/** EC2 hosts (instances and Auto Scaling groups), their EBS volumes and public IPs. */
export function estimateCompute(ctx: EstimateContext): void {
  for (const instance of ctx.resources("aws_instance")) {
    const prices = ctx.prices(instance);
    if (!prices) continue;
    const count = ctx.count(instance);
    const template = launchTemplate(ctx, block(instance.body.launch_template));
    const type = stringValue(instance.body.instance_type) ?? stringValue(template?.body.instance_type);
    const market = block(instance.body.instance_market_options);
    const spot = stringValue(market.market_type) === "spot" ? { maxPrice: stringValue(block(market.spot_options).max_price) } : undefined;
    // A stopped instance bills no instance hours and releases its public IP, but keeps its volumes.
    const hours = scheduledHours(ctx, instance.address);
    instanceHours(ctx, prices, instance.address, type, count, hours, spot);

    const root = blocks(instance.body.root_block_device);
    const extra = blocks(instance.body.ebs_block_device);
    const volumes = root.length || extra.length || !template ? [...rootOrDefault(root), ...extra.map(ebsVolume)] : templateVolumes(template.body);
    for (const v of volumes) volumeLines(ctx, prices, instance.address, v, count);

    const publicIp = booleanValue(instance.body.associate_public_ip_address) ?? (template ? templatePublicIp(template.body) : false);
    if (publicIp) publicIpv4(ctx, prices, instance.address, count, hours);
  }

  for (const group of ctx.resources("aws_autoscaling_group")) {
    const prices = ctx.prices(group);
    if (!prices) continue;
    const desired = numberValue(group.body.desired_capacity) ?? numberValue(group.body.min_size);
    if (desired === undefined) ctx.note(`${group.address}: desired capacity is an expression: counted as 1 host.`);
    const hosts = (desired ?? 1) * ctx.count(group);
    const mixed = block(block(group.body.mixed_instances_policy).launch_template);
    const template = launchTemplate(ctx, block(group.body.launch_template)) ?? launchTemplate(ctx, block(mixed.launch_template_specification));
    const override = blocks(mixed.override)
      .map((o) => stringValue(o.instance_type))
      .find((t) => t !== undefined);
    const type = stringValue(template?.body.instance_type) ?? override;
    // Scaled to zero, a group's instances are terminated: their volumes and addresses go too.
    const hours = scheduledHours(ctx, group.address);
    instanceHours(ctx, prices, group.address, type, hosts, hours);
    for (const v of template ? templateVolumes(template.body) : rootOrDefault([])) volumeLines(ctx, prices, group.address, v, hosts, hours);
    if (template && templatePublicIp(template.body)) publicIpv4(ctx, prices, group.address, hosts, hours);
  }

  for (const volume of ctx.resources("aws_ebs_volume")) {
    const prices = ctx.prices(volume);
    if (!prices) continue;
    const v = ebsVolume(volume.body);
    // The EC2 API creates gp2 when no type is given.
    volumeLines(ctx, prices, volume.address, { ...v, type: v.type ?? "gp2" }, ctx.count(volume));
  }
}

function instanceHours(
  ctx: EstimateContext,
  prices: RegionPrices,
  address: string,
  type: string | undefined,
  count: number,
  scheduled: number | undefined,
  spot?: { maxPrice?: string },
): void {
  const when = scheduled === undefined ? "" : ", scheduled";
  const line = { service: "EC2", count, perThing: round(scheduled ?? NOMINAL_USE.hoursPerMonth), unit: "h" as const, addresses: [address] };
  if (type === undefined) {
    ctx.addUnknown({ ...line, item: `instance (type is an expression)${when}` }, "EC2 instance type not literal");
    return;
  }
  const onDemand = prices.ec2[type];
  const maxPrice = spot?.maxPrice === undefined ? undefined : Number(spot.maxPrice);
  if (maxPrice !== undefined && Number.isFinite(maxPrice)) {
    // Spot bills the market price, never more than the request's max_price: the estimate counts that ceiling.
    const ceiling: Price = { usd: maxPrice, unit: "h", asOf: onDemand?.asOf ?? prices.ebs.gp3.asOf, source: `${address} instance_market_options.spot_options.max_price` };
    ctx.add({ ...line, item: `${type} Spot instance (at its max price)${when}` }, ceiling);
  } else if (onDemand) {
    ctx.add({ ...line, item: `${type} ${spot ? "Spot instance (at most on-demand)" : "instance"}${when}` }, onDemand);
  } else {
    ctx.addUnknown({ ...line, item: `${type} instance${when}` }, `EC2 ${type}`);
  }
}

/** Scheduled hours keep two decimals, so that the table reads like the sum. */
function round(hours: number): number {
  return Math.round(hours * 100) / 100;
}

function launchTemplate(ctx: EstimateContext, spec: JsonObject): TerraformResource | undefined {
  const address = [...references(spec.id), ...references(spec.launch_template_id), ...references(spec.name), ...references(spec.launch_template_name)].find((a) =>
    a.startsWith("aws_launch_template."),
  );
  return address ? ctx.resource(address) : undefined;
}

function ebsVolume(body: JsonObject): Volume {
  return {
    size: numberValue(body.volume_size ?? body.size),
    type: stringValue(body.volume_type ?? body.type),
    iops: numberValue(body.iops),
    throughput: numberValue(body.throughput),
  };
}

function rootOrDefault(root: JsonObject[]): Volume[] {
  if (!root.length) return [{}];
  return root.map(ebsVolume);
}

function templateVolumes(template: JsonObject): Volume[] {
  const mappings = blocks(template.block_device_mappings).filter((m) => m.ebs !== undefined);
  return mappings.length ? mappings.map((m) => ebsVolume(block(m.ebs))) : [{}];
}

function templatePublicIp(template: JsonObject): boolean {
  return blocks(template.network_interfaces).some((n) => booleanValue(n.associate_public_ip_address) === true);
}

/** Storage of one volume, plus gp3 IOPS and throughput above the included baseline. */
function volumeLines(ctx: EstimateContext, prices: RegionPrices, address: string, v: Volume, count: number, scheduled?: number): void {
  // A root volume with no type or size takes the AMI's: gp3 on Amazon Linux 2023.
  const type = v.type ?? "gp3";
  const share = scheduled === undefined ? 1 : scheduled / NOMINAL_USE.hoursPerMonth;
  const size = round((v.size ?? NOMINAL_USE.defaultRootVolumeGb) * share);
  const item = `${type} storage${v.size === undefined ? " (AMI default size)" : ""}${scheduled === undefined ? "" : " (scheduled share)"}`;
  const line = { service: "EBS", item, count, perThing: size, unit: "GB-month" as const, addresses: [address] };
  if (type === "gp3") {
    ctx.add(line, prices.ebs.gp3);
    if (v.iops !== undefined && v.iops > 3000) {
      ctx.add({ ...line, item: "gp3 IOPS above 3,000", perThing: v.iops - 3000, unit: "IOPS-month" }, prices.ebs.gp3Iops);
    }
    if (v.throughput !== undefined && v.throughput > 125) {
      ctx.add({ ...line, item: "gp3 throughput above 125 MB/s", perThing: v.throughput - 125, unit: "MBps-month" }, prices.ebs.gp3Throughput);
    }
  } else if (type === "gp2") {
    ctx.add(line, prices.ebs.gp2);
  } else {
    ctx.addUnknown(line, `EBS ${type} storage`);
  }
}
