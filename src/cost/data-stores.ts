import { booleanValue, numberValue, stringValue } from "../terraform/terraform-json";
import { NOMINAL_USE } from "./assumptions";
import type { EstimateContext } from "./estimate-context";

const HOURS = NOMINAL_USE.hoursPerMonth;

/** RDS, ElastiCache and S3. */
export function estimateDataStores(ctx: EstimateContext): void {
  estimateRds(ctx);
  estimateElastiCache(ctx);

  for (const bucket of ctx.resources("aws_s3_bucket")) {
    const prices = ctx.prices(bucket);
    if (!prices) continue;
    ctx.add(
      {
        service: "S3",
        item: "Standard storage",
        count: ctx.count(bucket),
        perThing: NOMINAL_USE.s3GbPerBucket,
        unit: "GB-month",
        nominal: true,
        addresses: [bucket.address],
      },
      prices.s3.standardGb,
    );
  }
}

function estimateRds(ctx: EstimateContext): void {
  for (const db of ctx.resources("aws_db_instance")) {
    const prices = ctx.prices(db);
    if (!prices) continue;
    const count = ctx.count(db);
    const engine = stringValue(db.body.engine) ?? "(engine not set)";
    const instanceClass = stringValue(db.body.instance_class) ?? "(class is an expression)";
    // Multi-AZ runs a standby: its instance hours and its storage are billed too.
    const multiAz = booleanValue(db.body.multi_az) === true;
    const copies = multiAz ? 2 : 1;
    const suffix = multiAz ? ", Multi-AZ (primary + standby)" : "";
    const hours = { service: "RDS", count: count * copies, perThing: HOURS, unit: "h" as const, addresses: [db.address] };
    const engineName = engine === "postgres" ? "PostgreSQL" : engine;
    const price = engine === "postgres" ? prices.rds.postgres[instanceClass] : undefined;
    const item = `${instanceClass} ${engineName}${suffix}`;
    if (price) ctx.add({ ...hours, item }, price);
    else ctx.addUnknown({ ...hours, item }, `RDS ${engineName} ${instanceClass}`);

    const storageType = stringValue(db.body.storage_type) ?? "gp2";
    const size = numberValue(db.body.allocated_storage);
    const storage = { service: "RDS", item: `${storageType} storage${suffix}`, count: count * copies, perThing: size ?? 0, unit: "GB-month" as const, addresses: [db.address] };
    if (size === undefined) ctx.addUnknown(storage, "RDS allocated storage not literal");
    else if (storageType === "gp2" || storageType === "gp3") ctx.add(storage, prices.rds.storageGb);
    else ctx.addUnknown(storage, `RDS ${storageType} storage`);

    // RDS keeps a master password it manages in Secrets Manager, billed as a secret.
    if (booleanValue(db.body.manage_master_user_password) === true) {
      ctx.add({ service: "Secrets Manager", item: "Secret", count, perThing: 1, unit: "secret-month", addresses: [db.address] }, prices.secretsManager.secret);
    }
  }

  for (const cluster of ctx.resources("aws_rds_cluster")) {
    const line = { service: "RDS", item: `${stringValue(cluster.body.engine) ?? "Aurora"} cluster`, count: ctx.count(cluster), perThing: HOURS, unit: "h" as const };
    ctx.addUnknown({ ...line, addresses: [cluster.address] }, "RDS cluster (Aurora is not in the price table)");
  }
}

function estimateElastiCache(ctx: EstimateContext): void {
  const nodes: Array<{ address: string; engine: string; nodeType?: string; count: number; prices: ReturnType<EstimateContext["prices"]> }> = [];
  for (const group of ctx.resources("aws_elasticache_replication_group")) {
    const b = group.body;
    const clusters = numberValue(b.num_cache_clusters);
    const shards = numberValue(b.num_node_groups);
    const replicas = numberValue(b.replicas_per_node_group);
    // num_cache_clusters counts primary + replicas; cluster mode counts shards x (1 + replicas).
    const perGroup = clusters ?? (shards !== undefined || replicas !== undefined ? (shards ?? 1) * ((replicas ?? 0) + 1) : 1);
    nodes.push({ address: group.address, engine: stringValue(b.engine) ?? "redis", nodeType: stringValue(b.node_type), count: perGroup * ctx.count(group), prices: ctx.prices(group) });
  }
  for (const cluster of ctx.resources("aws_elasticache_cluster")) {
    // A cluster that joins a replication group is one of the group's nodes, counted there.
    if (cluster.body.replication_group_id !== undefined) continue;
    const n = numberValue(cluster.body.num_cache_nodes) ?? 1;
    nodes.push({
      address: cluster.address,
      engine: stringValue(cluster.body.engine) ?? "redis",
      nodeType: stringValue(cluster.body.node_type),
      count: n * ctx.count(cluster),
      prices: ctx.prices(cluster),
    });
  }

  for (const node of nodes) {
    if (!node.prices) continue;
    const table = node.engine === "valkey" ? node.prices.elastiCache.valkey : node.prices.elastiCache.redis;
    const engineName = node.engine === "valkey" ? "Valkey" : node.engine === "memcached" ? "Memcached" : "Redis OSS";
    const nodeType = node.nodeType ?? "(node type is an expression)";
    const line = { service: "ElastiCache", item: `${nodeType} ${engineName} node`, count: node.count, perThing: HOURS, unit: "h" as const, addresses: [node.address] };
    const price = node.nodeType ? table[node.nodeType] : undefined;
    if (price) ctx.add(line, price);
    else ctx.addUnknown(line, `ElastiCache ${engineName} ${nodeType}`);
  }
}
