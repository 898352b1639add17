import type { RegionPrices } from "../catalog/prices";
import { blocks, booleanValue, references, stringValue } from "../terraform/terraform-json";
import { NOMINAL_USE } from "./assumptions";
import type { EstimateContext } from "./estimate-context";

const HOURS = NOMINAL_USE.hoursPerMonth;

/** NAT gateways, VPC endpoints, load balancers and the public IPv4 addresses they hold. */
export function estimateNetwork(ctx: EstimateContext): void {
  for (const nat of ctx.resources("aws_nat_gateway")) {
    const prices = ctx.prices(nat);
    if (!prices) continue;
    const count = ctx.count(nat);
    const line = { service: "VPC", count, addresses: [nat.address] };
    ctx.add({ ...line, item: "NAT gateway", perThing: HOURS, unit: "h" }, prices.natGateway.hour);
    ctx.add({ ...line, item: "NAT gateway data processed", perThing: NOMINAL_USE.natDataGbPerGateway, unit: "GB", nominal: true }, prices.natGateway.dataGb);
  }

  // Every Elastic IP is a public IPv4 address, attached or not (NAT gateways hold one each).
  for (const eip of ctx.resources("aws_eip")) {
    const prices = ctx.prices(eip);
    if (prices) publicIpv4(ctx, prices, eip.address, ctx.count(eip));
  }

  estimateEndpoints(ctx);
  estimateLoadBalancers(ctx);
}

function estimateEndpoints(ctx: EstimateContext): void {
  const associations = ctx.resources("aws_vpc_endpoint_subnet_association");
  let interfaceEndpoints = 0;
  let dataPrices: RegionPrices | undefined;
  const interfaceAddresses: string[] = [];
  for (const endpoint of ctx.resources("aws_vpc_endpoint")) {
    const prices = ctx.prices(endpoint);
    if (!prices) continue;
    const count = ctx.count(endpoint);
    const type = stringValue(endpoint.body.vpc_endpoint_type) ?? "Gateway";
    const service = stringValue(endpoint.body.service_name) ?? endpoint.address;
    if (type === "Gateway") {
      ctx.add({ service: "VPC", item: "Gateway endpoint", count, perThing: HOURS, unit: "h", addresses: [endpoint.address] }, prices.gatewayEndpoint.hour);
      continue;
    }
    if (type !== "Interface") {
      ctx.addUnknown({ service: "VPC", item: `${type} endpoint`, count, perThing: HOURS, unit: "h", addresses: [endpoint.address] }, `VPC endpoint type ${type}`);
      continue;
    }
    // An interface endpoint bills once per AZ: one network interface per subnet.
    const listed = Array.isArray(endpoint.body.subnet_ids) ? endpoint.body.subnet_ids.length : 0;
    const configured = blocks(endpoint.body.subnet_configuration).length;
    const associated = associations.filter((a) => references(a.body.vpc_endpoint_id).includes(endpoint.address)).length;
    let azs = Math.max(listed, configured) + associated;
    if (azs === 0) {
      ctx.note(`${endpoint.address} (${service}): its subnets are an expression: counted in 1 AZ.`);
      azs = 1;
    }
    ctx.add({ service: "VPC", item: "Interface endpoint, per AZ", count: azs * count, perThing: HOURS, unit: "h", addresses: [endpoint.address] }, prices.interfaceEndpoint.azHour);
    interfaceEndpoints += count;
    interfaceAddresses.push(endpoint.address);
    dataPrices ??= prices;
  }
  if (interfaceEndpoints && dataPrices) {
    ctx.add(
      {
        service: "VPC",
        item: "Interface endpoint data processed",
        count: 1,
        perThing: NOMINAL_USE.endpointDataGbPerStack,
        unit: "GB",
        nominal: true,
        addresses: interfaceAddresses,
      },
      dataPrices.interfaceEndpoint.dataGb,
    );
  }
}

function estimateLoadBalancers(ctx: EstimateContext): void {
  for (const lb of ctx.resources("aws_lb", "aws_alb")) {
    const prices = ctx.prices(lb);
    if (!prices) continue;
    const count = ctx.count(lb);
    const kind = stringValue(lb.body.load_balancer_type) ?? "application";
    const line = { service: "ELB", count, perThing: HOURS, addresses: [lb.address] };
    if (kind === "application") {
      ctx.add({ ...line, item: "Application Load Balancer", unit: "h" }, prices.alb.hour);
      ctx.add({ ...line, item: "ALB capacity units", perThing: HOURS * NOMINAL_USE.lcuPerLoadBalancer, unit: "LCU-h", nominal: true }, prices.alb.lcu);
    } else if (kind === "network") {
      ctx.add({ ...line, item: "Network Load Balancer", unit: "h" }, prices.nlb.hour);
      ctx.add({ ...line, item: "NLB capacity units", perThing: HOURS * NOMINAL_USE.lcuPerLoadBalancer, unit: "LCU-h", nominal: true }, prices.nlb.nlcu);
    } else {
      ctx.addUnknown({ ...line, item: `${kind} load balancer`, unit: "h" }, `${kind} load balancer`);
      continue;
    }
    // An internet-facing load balancer holds a public IPv4 address in each of its AZs.
    if (booleanValue(lb.body.internal) === true) continue;
    const subnets = Array.isArray(lb.body.subnets) ? lb.body.subnets.length : blocks(lb.body.subnet_mapping).length;
    if (subnets === 0) ctx.note(`${lb.address}: its subnets are an expression: counted with 1 public IPv4 address.`);
    publicIpv4(ctx, prices, lb.address, Math.max(subnets, 1) * count);
  }
}

/** `scheduled`: hours a month the address exists (an instance's own public IP goes when it stops). */
export function publicIpv4(ctx: EstimateContext, prices: RegionPrices, address: string, count: number, scheduled?: number): void {
  const item = scheduled === undefined ? "Public IPv4 address" : "Public IPv4 address, scheduled";
  const perThing = scheduled === undefined ? HOURS : Math.round(scheduled * 100) / 100;
  ctx.add({ service: "VPC", item, count, perThing, unit: "h", addresses: [address] }, prices.publicIpv4.hour);
}
