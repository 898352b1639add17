import { compareText } from "../terraform/compare-text";
import type { Json, JsonObject, TerraformDocument } from "../terraform/terraform-document";
import { block, blocks, booleanValue, instanceCount, isObject, managedResources, numberValue, stringValue, type TerraformResource } from "../terraform/terraform-json";
import { iamStatements, referencesIn } from "./iam-statements";

/**
 * What a reviewer needs to picture an environment stack, read from its
 * synthesized JSON alone: which resource sits in which subnet tier, and
 * what talks to what. Resources are found by type and by the references
 * between them, never by construct names, so a renamed construct does not
 * drop out of the picture.
 */
export interface EnvironmentArchitecture {
  readonly vpc?: { readonly cidr?: string; readonly tiers: readonly SubnetTier[] };
  readonly nat: NatFacts;
  readonly frontDoor: readonly LoadBalancerFacts[];
  readonly hosts: readonly HostFacts[];
  readonly databases: readonly DataServiceFacts[];
  readonly caches: readonly DataServiceFacts[];
  /** Buckets the hosts' role may use (files and plugins on the managed tier). */
  readonly hostBuckets: readonly string[];
  /** Data volumes attached to the hosts (the all-in-one tier keeps its data there). */
  readonly dataVolumes: readonly string[];
  readonly bedrockEndpoints: readonly EndpointFacts[];
  /** Other interface endpoints (a closed network's SSM, logs, KMS...), by service. */
  readonly otherEndpoints: readonly EndpointFacts[];
  readonly gatewayEndpoints: readonly string[];
  readonly bedrock: BedrockAccess;
}

export interface SubnetTier {
  /** The subnet's Tier tag (public, private, isolated), or "subnets" without one. */
  readonly name: string;
  readonly count: number;
  /** Literal AZ names, sorted; empty when they come from a data source. */
  readonly azs: readonly string[];
  /** How many distinct AZs the subnets use (literal or not). */
  readonly azCount: number;
}

export type NatFacts =
  | { readonly kind: "gateway"; readonly count: number; readonly tier?: string }
  | { readonly kind: "instance"; readonly instanceType?: string; readonly tier?: string }
  | { readonly kind: "none" };

export interface LoadBalancerFacts {
  readonly address: string;
  readonly name?: string;
  readonly internal: boolean;
  readonly tier?: string;
  /** "HTTPS 443 (policy)", "HTTP 80 redirect to 443", sorted by port. */
  readonly listeners: readonly string[];
  /** Names (or addresses) of the web ACLs associated with it. */
  readonly wafs: readonly string[];
}

export interface HostFacts {
  readonly address: string;
  readonly kind: "instance" | "group";
  readonly instanceType?: string;
  readonly spot: boolean;
  readonly size?: { readonly min?: number; readonly desired?: number; readonly max?: number };
  readonly tier?: string;
}

export interface DataServiceFacts {
  readonly address: string;
  /** "RDS postgres 16", "ElastiCache valkey". */
  readonly title: string;
  readonly details: readonly string[];
  readonly tier?: string;
}

export interface EndpointFacts {
  readonly service: string;
  readonly region?: string;
  /** Subnets (one per AZ) the endpoint has interfaces in. */
  readonly subnets: number;
  readonly tier?: string;
}

export interface AllowedModel {
  readonly kind: "inference profile" | "foundation model";
  readonly id: string;
  /** Regions of the ARNs ("any" for a global ARN without a region), sorted. */
  readonly regions: readonly string[];
  /** Regions (or "model (region)") the profile may route to, allowed only through it. */
  readonly destinations?: readonly string[];
}

export interface BedrockAccess {
  /** Regions where the hosts call Bedrock: of the endpoints, else of the ARNs they invoke directly. */
  readonly regions: readonly string[];
  readonly allowed: readonly AllowedModel[];
  readonly guardrails: number;
  readonly invocationLogging: readonly string[];
}

const BEDROCK_SERVICE = /^com\.amazonaws\.([a-z0-9-]+)\.(bedrock(?:-[a-z-]+)?)$/;
const ENDPOINT_SERVICE = /^com\.amazonaws\.([a-z0-9-]+)\.(.+)$/;
const MODEL_ARN = /^arn:[^:]+:bedrock:([^:]*):[^:]*:(foundation-model|inference-profile|application-inference-profile)\/(.+)$/;

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareText);

export function environmentArchitecture(doc: TerraformDocument): EnvironmentArchitecture {
  const all = managedResources(doc);
  const byAddress = new Map(all.map((r) => [r.address, r]));
  const ofType = (...types: string[]) => all.filter((r) => types.includes(r.type));
  const referenced = (value: Json | undefined, ...types: string[]): TerraformResource[] =>
    referencesIn(value)
      .map((a) => byAddress.get(a))
      .filter((r): r is TerraformResource => !!r && (!types.length || types.includes(r.type)));

  // Subnets by tier, and a way to say which tier a list of subnet references lands in.
  const subnetTier = new Map<string, string>();
  const tiers = new Map<string, { count: number; azs: Set<string>; literal: Set<string> }>();
  for (const subnet of ofType("aws_subnet")) {
    const tags = isObject(subnet.body.tags) ? subnet.body.tags : {};
    const name = stringValue(tags.Tier) ?? "subnets";
    subnetTier.set(subnet.address, name);
    const tier = tiers.get(name) ?? { count: 0, azs: new Set<string>(), literal: new Set<string>() };
    tier.count += instanceCount(subnet.body).count;
    const az = stringValue(subnet.body.availability_zone) ?? stringValue(subnet.body.availability_zone_id) ?? subnet.address;
    tier.azs.add(az);
    if (!az.includes("${")) tier.literal.add(az);
    tiers.set(name, tier);
  }
  const tierOf = (value: Json | undefined): string | undefined => {
    const names = sorted(referenced(value, "aws_subnet").map((s) => subnetTier.get(s.address)!));
    return names.length === 1 ? names[0] : names.length ? names.join("+") : undefined;
  };
  const vpc = ofType("aws_vpc")[0];

  // Hosts: what the load balancer's target groups send traffic to.
  const targetGroups = new Set(ofType("aws_lb_target_group").map((t) => t.address));
  const isTargetGroup = (value: Json | undefined) => referencesIn(value).some((a) => targetGroups.has(a));
  const targets = new Set<string>();
  for (const a of ofType("aws_lb_target_group_attachment")) if (isTargetGroup(a.body.target_group_arn)) for (const r of referenced(a.body.target_id)) targets.add(r.address);
  for (const a of ofType("aws_autoscaling_attachment")) if (isTargetGroup(a.body.lb_target_group_arn)) for (const r of referenced(a.body.autoscaling_group_name)) targets.add(r.address);
  for (const g of ofType("aws_autoscaling_group")) if (isTargetGroup(g.body.target_group_arns)) targets.add(g.address);

  const launchTemplateOf = (group: TerraformResource): JsonObject => {
    const spec = block(group.body.launch_template);
    const mixed = block(block(block(group.body.mixed_instances_policy).launch_template).launch_template_specification);
    return referenced(spec.id ?? spec.name ?? mixed.launch_template_id ?? mixed.launch_template_name, "aws_launch_template")[0]?.body ?? {};
  };
  const hosts: HostFacts[] = [];
  const computes: Array<{ resource: TerraformResource; template?: JsonObject }> = [
    ...ofType("aws_instance").map((resource) => ({ resource })),
    ...ofType("aws_autoscaling_group").map((resource) => ({ resource, template: launchTemplateOf(resource) })),
  ];
  let natInstance: NatFacts | undefined;
  for (const { resource, template } of computes) {
    const body = template ?? resource.body;
    const market = block(body.instance_market_options);
    const onDemandPercent = numberValue(block(block(resource.body.mixed_instances_policy).instances_distribution).on_demand_percentage_above_base_capacity);
    const spot = stringValue(market.market_type) === "spot" || (onDemandPercent !== undefined && onDemandPercent < 100);
    const tier = tierOf(template ? resource.body.vpc_zone_identifier : resource.body.subnet_id);
    if (targets.has(resource.address)) {
      hosts.push({
        address: resource.address,
        kind: template ? "group" : "instance",
        instanceType: stringValue(body.instance_type),
        spot,
        size: template ? { min: numberValue(resource.body.min_size), desired: numberValue(resource.body.desired_capacity), max: numberValue(resource.body.max_size) } : undefined,
        tier,
      });
      continue;
    }
    // A machine that serves nobody, sits in a public subnet and forwards traffic is the NAT instance.
    const publicIp = booleanValue(body.associate_public_ip_address) === true || blocks(body.network_interfaces).some((n) => booleanValue(n.associate_public_ip_address) === true);
    if (!natInstance && publicIp && booleanValue(body.source_dest_check) !== true && tier === "public") {
      natInstance = { kind: "instance", instanceType: stringValue(body.instance_type), tier };
    }
  }

  const gateways = ofType("aws_nat_gateway");
  const nat: NatFacts = gateways.length
    ? { kind: "gateway", count: gateways.reduce((n, g) => n + instanceCount(g.body).count, 0), tier: tierOf(gateways.map((g) => g.body.subnet_id)) }
    : (natInstance ?? { kind: "none" });

  const frontDoor = ofType("aws_lb", "aws_alb").map((lb): LoadBalancerFacts => {
    const listeners = ofType("aws_lb_listener", "aws_alb_listener")
      .filter((l) => referencesIn(l.body.load_balancer_arn).includes(lb.address))
      .map((l) => ({ port: numberValue(l.body.port) ?? 0, text: listenerText(l.body) }))
      .sort((a, b) => a.port - b.port || compareText(a.text, b.text))
      .map((l) => l.text);
    const wafs = ofType("aws_wafv2_web_acl_association")
      .filter((a) => referencesIn(a.body.resource_arn).includes(lb.address))
      .flatMap((a) => referenced(a.body.web_acl_arn, "aws_wafv2_web_acl").map((acl) => stringValue(acl.body.name) ?? acl.address));
    return {
      address: lb.address,
      name: stringValue(lb.body.name),
      internal: booleanValue(lb.body.internal) === true,
      tier: tierOf(lb.body.subnets ?? blocks(lb.body.subnet_mapping).map((m) => m.subnet_id ?? null)),
      listeners,
      wafs: sorted(wafs),
    };
  });

  const subnetGroupTier = (value: Json | undefined, type: string) => tierOf(referenced(value, type).map((g) => g.body.subnet_ids ?? null));
  const databases = ofType("aws_db_instance", "aws_rds_cluster").map((db): DataServiceFacts => {
    const engine = stringValue(db.body.engine) ?? "database";
    const version = stringValue(db.body.engine_version);
    const details = [
      stringValue(db.body.instance_class),
      booleanValue(db.body.multi_az) ? "Multi-AZ" : db.type === "aws_db_instance" ? "single-AZ" : undefined,
      numberValue(db.body.allocated_storage) !== undefined ? `${numberValue(db.body.allocated_storage)} GB` : undefined,
    ].filter((d): d is string => !!d);
    return { address: db.address, title: `RDS ${engine}${version ? ` ${version}` : ""}`, details, tier: subnetGroupTier(db.body.db_subnet_group_name, "aws_db_subnet_group") };
  });
  const caches = ofType("aws_elasticache_replication_group", "aws_elasticache_cluster", "aws_elasticache_serverless_cache").map((c): DataServiceFacts => {
    const nodes = numberValue(c.body.num_cache_clusters) ?? numberValue(c.body.num_cache_nodes);
    const details = [
      stringValue(c.body.node_type) && `${stringValue(c.body.node_type)}${nodes !== undefined ? ` x${nodes}` : ""}`,
      booleanValue(c.body.transit_encryption_enabled) ? "TLS" : undefined,
      c.type === "aws_elasticache_serverless_cache" ? "serverless" : undefined,
    ].filter((d): d is string => !!d);
    return { address: c.address, title: `ElastiCache ${stringValue(c.body.engine) ?? "redis"}`, details, tier: subnetGroupTier(c.body.subnet_group_name, "aws_elasticache_subnet_group") };
  });

  // The hosts' role: through the instance profile of a host instance or its launch template.
  const hostComputes = computes.filter((c) => targets.has(c.resource.address));
  const profiles = hostComputes.flatMap((c) =>
    referenced(c.template ? (block(c.template.iam_instance_profile).arn ?? block(c.template.iam_instance_profile).name) : c.resource.body.iam_instance_profile, "aws_iam_instance_profile"),
  );
  const hostRoles = new Set(profiles.flatMap((p) => referenced(p.body.role, "aws_iam_role").map((r) => r.address)));
  const hostPolicies: Array<Json | undefined> = [
    ...ofType("aws_iam_role_policy")
      .filter((p) => referencesIn(p.body.role).some((a) => hostRoles.has(a)))
      .map((p) => p.body.policy),
    ...ofType("aws_iam_role")
      .filter((r) => hostRoles.has(r.address))
      .flatMap((r) => blocks(r.body.inline_policy).map((p) => p.policy)),
  ];
  const hostStatements = hostPolicies.flatMap((p) => iamStatements(p)).filter((s) => s.effect === "Allow");
  const hostBuckets = sorted(
    hostStatements
      .filter((s) => s.actions.some((a) => a.toLowerCase().startsWith("s3:")))
      .flatMap((s) => s.resources.flatMap((r) => referenced(r, "aws_s3_bucket")))
      .map((b) => stringValue(b.body.bucket) ?? stringValue(b.body.bucket_prefix) ?? b.address),
  );

  const volumes = ofType("aws_volume_attachment")
    .filter((a) => referencesIn(a.body.instance_id).some((i) => targets.has(i)))
    .flatMap((a) => referenced(a.body.volume_id, "aws_ebs_volume"))
    .map((v) =>
      [numberValue(v.body.size) !== undefined ? `${numberValue(v.body.size)} GB` : undefined, stringValue(v.body.type), booleanValue(v.body.encrypted) ? "encrypted" : undefined]
        .filter(Boolean)
        .join(" "),
    );

  const endpoints = ofType("aws_vpc_endpoint").map((e) => ({ e, m: ENDPOINT_SERVICE.exec(stringValue(e.body.service_name) ?? "") }));
  const interfaceFacts = (e: TerraformResource, region: string | undefined, service: string): EndpointFacts => ({
    service,
    region,
    subnets: referenced(e.body.subnet_ids, "aws_subnet").length || (Array.isArray(e.body.subnet_ids) ? e.body.subnet_ids.length : 0),
    tier: tierOf(e.body.subnet_ids),
  });
  const bedrockEndpoints: EndpointFacts[] = [];
  const otherEndpoints: EndpointFacts[] = [];
  const gatewayEndpoints: string[] = [];
  for (const { e, m } of endpoints) {
    const service = m?.[2] ?? stringValue(e.body.service_name) ?? e.address;
    if ((stringValue(e.body.vpc_endpoint_type) ?? "Gateway") === "Gateway") gatewayEndpoints.push(service);
    else if (BEDROCK_SERVICE.test(stringValue(e.body.service_name) ?? "")) bedrockEndpoints.push(interfaceFacts(e, m?.[1], service));
    else otherEndpoints.push(interfaceFacts(e, m?.[1], service));
  }
  const byService = (a: EndpointFacts, b: EndpointFacts) => compareText(a.service, b.service) || compareText(a.region ?? "", b.region ?? "");

  return {
    vpc: vpc
      ? {
          cidr: stringValue(vpc.body.cidr_block),
          tiers: [...tiers.entries()]
            .map(([name, t]) => ({ name, count: t.count, azs: sorted(t.literal), azCount: t.azs.size }))
            .sort((a, b) => tierRank(a.name) - tierRank(b.name) || compareText(a.name, b.name)),
        }
      : undefined,
    nat,
    frontDoor,
    hosts,
    databases,
    caches,
    hostBuckets,
    dataVolumes: sorted(volumes),
    bedrockEndpoints: bedrockEndpoints.sort(byService),
    otherEndpoints: otherEndpoints.sort(byService),
    gatewayEndpoints: sorted(gatewayEndpoints),
    bedrock: bedrockAccess(hostStatements, bedrockEndpoints, all),
  };
}

/** Public first, then private, then isolated, as traffic flows in. */
function tierRank(name: string): number {
  const i = ["public", "private", "isolated"].indexOf(name);
  return i < 0 ? 3 : i;
}

function listenerText(body: JsonObject): string {
  const protocol = stringValue(body.protocol) ?? "listener";
  const port = numberValue(body.port);
  const head = `${protocol}${port !== undefined ? ` ${port}` : ""}`;
  const policy = stringValue(body.ssl_policy);
  const redirect = blocks(body.default_action)
    .map((a) => block(a.redirect))
    .find((r) => Object.keys(r).length);
  if (redirect) return `${head} redirect to ${stringValue(redirect.protocol) ?? ""} ${stringValue(redirect.port) ?? numberValue(redirect.port) ?? ""}`.trim();
  return policy ? `${head} (${policy})` : head;
}

function bedrockAccess(statements: ReturnType<typeof iamStatements>, endpoints: readonly EndpointFacts[], all: readonly TerraformResource[]): BedrockAccess {
  const invoke = statements.filter((s) => s.actions.some((a) => /^bedrock:(invoke|converse|\*)/i.test(a) || a === "*"));
  const models = new Map<string, { kind: AllowedModel["kind"]; id: string; regions: Set<string>; destinations: Set<string> }>();
  const profileDestinations = new Map<string, Set<string>>();
  for (const s of invoke) {
    const viaProfile = s.conditionValues("bedrock:InferenceProfileArn");
    for (const resource of s.resources) {
      const m = typeof resource === "string" ? MODEL_ARN.exec(resource) : null;
      if (!m) continue;
      const region = m[1] || "any";
      if (viaProfile.length && m[2] === "foundation-model") {
        for (const profile of viaProfile) {
          const set = profileDestinations.get(profile) ?? new Set<string>();
          // A profile's destinations run its own model; name the model only when it is another one.
          const profileModel = MODEL_ARN.exec(profile)?.[3]?.replace(/^[a-z]+\./, "");
          set.add(profileModel === m[3] ? region : `${m[3]} (${region})`);
          profileDestinations.set(profile, set);
        }
        continue;
      }
      const kind = m[2] === "foundation-model" ? "foundation model" : "inference profile";
      const key = `${kind} ${m[3]}`;
      const entry = models.get(key) ?? { kind, id: m[3], regions: new Set<string>(), destinations: new Set<string>() };
      entry.regions.add(region);
      for (const d of profileDestinations.get(resource) ?? []) entry.destinations.add(d);
      models.set(key, entry);
    }
  }
  // Destinations can be listed before or after their profile: attach them once all are read.
  for (const [profileArn, destinations] of profileDestinations) {
    const m = MODEL_ARN.exec(profileArn);
    const entry = m ? models.get(`inference profile ${m[3]}`) : undefined;
    if (entry) for (const d of destinations) entry.destinations.add(d);
  }
  const allowed = [...models.values()]
    .map((m): AllowedModel => ({ kind: m.kind, id: m.id, regions: sorted(m.regions), destinations: m.kind === "inference profile" ? sorted(m.destinations) : undefined }))
    .sort((a, b) => (compareText(a.kind, b.kind) === 0 ? compareText(a.id, b.id) : a.kind === "inference profile" ? -1 : 1));
  const endpointRegions = endpoints.map((e) => e.region).filter((r): r is string => !!r);
  const directRegions = allowed.flatMap((m) => m.regions).filter((r) => r !== "any");
  return {
    regions: sorted(endpointRegions.length ? endpointRegions : directRegions),
    allowed,
    guardrails: all.filter((r) => r.type === "aws_bedrock_guardrail").length,
    invocationLogging: sorted(
      all
        .filter((r) => r.type === "aws_bedrock_model_invocation_logging_configuration")
        .flatMap((r) => {
          const config = block(r.body.logging_config);
          return [Object.keys(block(config.s3_config)).length ? "S3" : undefined, Object.keys(block(config.cloudwatch_config)).length ? "CloudWatch Logs" : undefined];
        })
        .filter((d): d is string => !!d),
    ),
  };
}
