import { compareText } from "../terraform/compare-text";
import type { TerraformDocument } from "../terraform/terraform-document";
import { type AwsProviderFacts, accountOf, awsProviders } from "./aws-accounts";
import { type EndpointFacts, type EnvironmentArchitecture, environmentArchitecture, type SubnetTier } from "./environment-architecture";
import { type Flowchart, type FlowEdge, type FlowItem, type FlowNode, IdPool } from "./mermaid-flowchart";
import { stateDiagram } from "./state-diagram";

/**
 * The picture of one environment stack: the account and its VPC by subnet
 * tier, with the front door, hosts, data services, NAT and endpoints drawn
 * in the tier they sit in; Bedrock with the models the hosts may call; and
 * where the state lives. One node per role in the architecture, not per
 * resource, so a prod stack of 200 resources stays about 20 nodes.
 */
export function environmentFlowchart(doc: TerraformDocument): Flowchart {
  const arch = environmentArchitecture(doc);
  const providers = awsProviders(doc);
  const main = providers.find((p) => p.alias === undefined) ?? providers[0];
  const accountId = accountOf(main);
  const edges: FlowEdge[] = [];
  const ids = new IdPool();

  // What sits in which tier; what has no subnet sits in the account.
  const inTier = new Map<string, FlowItem[]>();
  const inVpc: FlowItem[] = [];
  const inAccount: FlowItem[] = [];
  const place = (node: FlowNode, tier: string | undefined) => {
    if (tier === undefined) inAccount.push({ node });
    else inTier.set(tier, [...(inTier.get(tier) ?? []), { node }]);
  };

  const clients: FlowNode = {
    id: ids.id("clients"),
    lines: [arch.frontDoor.length && arch.frontDoor.every((lb) => lb.internal) ? "Clients (private network)" : "Clients (internet)"],
    shape: "stadium",
  };
  const hostIds: string[] = [];
  for (const host of arch.hosts) {
    const id = ids.named(host.address, "hosts");
    hostIds.push(id);
    const size = host.size ? [`min ${host.size.min ?? "?"}, desired ${host.size.desired ?? "?"}, max ${host.size.max ?? "?"}`] : ["single instance"];
    place(
      {
        id,
        lines: [
          host.kind === "group" ? "Dify hosts: Auto Scaling group" : "Dify host: EC2 instance",
          `${host.instanceType ?? "instance type from an expression"}, ${host.spot ? "Spot" : "On-Demand"}`,
          ...size,
        ],
        shape: "box",
      },
      host.tier,
    );
  }
  for (const lb of arch.frontDoor) {
    const id = ids.named(lb.address, "alb");
    place({ id, lines: [`ALB ${lb.internal ? "internal" : "internet-facing"}${lb.name ? ` ${lb.name}` : ""}`, ...lb.listeners], shape: "box" }, lb.tier);
    let from = clients.id;
    const entry = lb.listeners.some((l) => l.startsWith("HTTPS")) ? "HTTPS" : undefined;
    for (const waf of lb.wafs) {
      const wafId = ids.id("waf", waf);
      if (!inAccount.some((i) => "node" in i && i.node.id === wafId)) inAccount.push({ node: { id: wafId, lines: [`WAF web ACL ${waf}`], shape: "hexagon" } });
      edges.push({ from, to: wafId, label: from === clients.id ? entry : undefined });
      from = wafId;
    }
    edges.push({ from, to: id, label: from === clients.id ? entry : undefined });
    for (const host of hostIds) edges.push({ from: id, to: host });
  }

  const dataEdge = (to: string, label: string) => {
    for (const host of hostIds) edges.push({ from: host, to, label });
  };
  for (const volume of arch.dataVolumes) {
    const id = ids.named(`volume ${volume}`, "volume");
    place({ id, lines: ["EBS data volume", volume], shape: "cylinder" }, arch.hosts[0]?.tier);
    dataEdge(id, "data");
  }
  for (const db of arch.databases) {
    const id = ids.named(db.address, "db");
    place({ id, lines: [db.title, ...db.details], shape: "cylinder" }, db.tier);
    dataEdge(id, "SQL");
  }
  for (const cache of arch.caches) {
    const id = ids.named(cache.address, "cache");
    place({ id, lines: [cache.title, ...cache.details], shape: "cylinder" }, cache.tier);
    dataEdge(id, "cache");
  }
  for (const bucket of arch.hostBuckets) {
    const id = ids.id("bucket", bucket);
    inAccount.push({ node: { id, lines: ["S3 bucket", bucket], shape: "cylinder" } });
    dataEdge(id, arch.gatewayEndpoints.includes("s3") ? "S3 gateway endpoint" : "S3");
  }

  if (arch.nat.kind !== "none") {
    const lines = arch.nat.kind === "gateway" ? [`NAT gateway  x${arch.nat.count}`] : ["NAT instance", arch.nat.instanceType ?? ""];
    place({ id: ids.id("nat"), lines: lines.filter(Boolean), shape: "round" }, arch.nat.tier);
    for (const host of hostIds) edges.push({ from: host, to: ids.id("nat"), label: "egress", dotted: true });
  }

  const endpointLines = (list: readonly EndpointFacts[]) => list.map((e) => `${e.service}, ${e.subnets} ${e.subnets === 1 ? "AZ" : "AZs"}`);
  const bedrockEndpointId = ids.id("vpce_bedrock");
  if (arch.bedrockEndpoints.length) {
    place({ id: bedrockEndpointId, lines: ["Bedrock interface endpoints", ...endpointLines(arch.bedrockEndpoints)], shape: "box" }, commonTier(arch.bedrockEndpoints));
    for (const host of hostIds) edges.push({ from: host, to: bedrockEndpointId });
  }
  if (arch.otherEndpoints.length) {
    const id = ids.id("vpce_other");
    place({ id, lines: ["Interface endpoints", ...endpointLines(arch.otherEndpoints)], shape: "box" }, commonTier(arch.otherEndpoints));
    for (const host of hostIds) edges.push({ from: host, to: id });
  }
  if (arch.gatewayEndpoints.length) inVpc.push({ node: { id: ids.id("vpce_gateway"), lines: [`Gateway endpoints: ${arch.gatewayEndpoints.join(", ")}`], shape: "round" } });

  const items: FlowItem[] = [];
  if (arch.frontDoor.length) items.push({ node: clients });
  const accountItems: FlowItem[] = [];
  if (arch.vpc) {
    const children = [...arch.vpc.tiers.map((t) => tierItem(t, inTier, ids)), ...unknownTiers(arch, inTier, ids), ...inVpc];
    accountItems.push({ group: { id: ids.id("vpc"), title: `VPC ${arch.vpc.cidr ?? ""}`.trim(), children } });
  } else for (const [, nodes] of [...inTier.entries()].sort(([a], [b]) => compareText(a, b))) accountItems.push(...nodes);
  const accountGroup = ids.id("account", accountId ?? "unpinned");
  const state = stateDiagram(doc, { ids, accountId, accountGroup, roleArn: main?.roleArn });
  accountItems.push(...inAccount, ...state.inAccount);
  items.push({ group: { id: accountGroup, title: accountTitle(providers, main), children: accountItems } });

  const bedrock = bedrockItem(arch, ids);
  if (bedrock) {
    items.push(bedrock);
    if (arch.bedrockEndpoints.length) edges.push({ from: bedrockEndpointId, to: bedrock.group.id, label: "PrivateLink" });
    else if (arch.nat.kind !== "none") edges.push({ from: ids.id("nat"), to: bedrock.group.id, label: "public endpoint", dotted: true });
    else for (const host of hostIds) edges.push({ from: host, to: bedrock.group.id });
  }

  items.push(...state.outside);
  edges.push(...state.edges);
  return { direction: "TB", items, edges };
}

function accountTitle(providers: readonly AwsProviderFacts[], main: AwsProviderFacts | undefined): string {
  const ids = main?.accountIds.length ? main.accountIds.join(", ") : "not pinned (no allowed_account_ids)";
  const regions = [...new Set(providers.map((p) => p.region).filter((r): r is string => !!r))].sort(compareText);
  return `Account ${ids}${regions.length ? `, ${regions.join(", ")}` : ""}`;
}

function tierItem(tier: SubnetTier, inTier: ReadonlyMap<string, FlowItem[]>, ids: IdPool): FlowItem {
  const where = tier.azs.length ? tier.azs.join(", ") : `${tier.azCount} ${tier.azCount === 1 ? "AZ" : "AZs"}`;
  const title = `${tier.name} subnets  x${tier.count}, ${where}`;
  const id = ids.id("tier", tier.name);
  const children = inTier.get(tier.name);
  // An empty subgraph draws badly; a tier with nothing in it is a plain box.
  return children?.length ? { group: { id, title, children } } : { node: { id, lines: [title], shape: "box" } };
}

/** Things in subnets of several tiers ("private+public") get a box of their own, so nothing is dropped. */
function unknownTiers(arch: EnvironmentArchitecture, inTier: ReadonlyMap<string, FlowItem[]>, ids: IdPool): FlowItem[] {
  const known = new Set(arch.vpc?.tiers.map((t) => t.name));
  return [...inTier.entries()]
    .filter(([name]) => !known.has(name))
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, children]) => ({ group: { id: ids.id("tier", name), title: `${name} subnets`, children } }));
}

function commonTier(endpoints: readonly EndpointFacts[]): string | undefined {
  const tiers = [...new Set(endpoints.map((e) => e.tier ?? ""))];
  return tiers.length === 1 && tiers[0] ? tiers[0] : undefined;
}

function bedrockItem(arch: EnvironmentArchitecture, ids: IdPool): { group: { id: string; title: string; children: FlowItem[] } } | undefined {
  const { bedrock } = arch;
  if (!bedrock.allowed.length && !arch.bedrockEndpoints.length) return undefined;
  const children: FlowItem[] = bedrock.allowed.map((m) => ({
    node: {
      id: ids.id(m.kind === "inference profile" ? "profile" : "model", m.id),
      lines: [`${m.kind} ${m.id}`, `in ${m.regions.join(", ")}`, ...(m.destinations?.length ? [`runs in: ${m.destinations.join(", ")}`] : [])],
      shape: "round" as const,
    },
  }));
  if (!children.length) children.push({ node: { id: ids.id("models_none"), lines: ["no model ARN in the hosts' policies"], shape: "round" } });
  const extras = [
    bedrock.guardrails ? `guardrails  x${bedrock.guardrails}` : undefined,
    bedrock.invocationLogging.length ? `invocation logging to ${bedrock.invocationLogging.join(" and ")}` : undefined,
  ].filter((l): l is string => !!l);
  if (extras.length) children.push({ node: { id: ids.id("bedrock_settings"), lines: extras, shape: "box" } });
  const regions = bedrock.regions.length ? bedrock.regions.join(", ") : "region not literal";
  return { group: { id: ids.id("bedrock"), title: `Amazon Bedrock, ${regions}, models the hosts may invoke`, children } };
}
