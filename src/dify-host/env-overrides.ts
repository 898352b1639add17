import type { DifyTier } from "../config/types";
import { composeProfiles, type DifyRelease, type DifyService } from "./dify-releases";

export { BUNDLED_DATA_SERVICES } from "./dify-releases";

/**
 * What this project sets on top of upstream's `docker/.env.example`, as data,
 * and which services read each setting (SETTING_READERS).
 *
 * The host copies the pinned release's `.env.example` and applies these
 * settings to it (see scripts/dify-configure.sh), so keys that a new release
 * adds arrive with their upstream defaults. Names and defaults were read from
 * langgenius/dify's `docker/.env.example` and compose template (1.13.x), the
 * plugin daemon's config, and checked for 1.10.1 where it differs: 1.10.1
 * renamed `db` to `db_postgres` behind the `postgresql` profile
 * (langgenius/dify#28188, #28706).
 *
 * A value is a bash word that dify-configure evaluates on the host: `$PUBLIC_URL`
 * and the other capitals come from /etc/dify/host.env, lower-case names from
 * the block's `prepare` lines.
 */

export interface EnvSetting {
  readonly key: string;
  /** A bash word, evaluated on the host. */
  readonly value: string;
}

/**
 * One value generated per deployment at first boot and kept in SSM Parameter
 * Store as `<ssmPrefix>secrets/<name>` (SecureString). Keys that must match
 * (the sandbox key on the sandbox and on the api) share one value.
 */
export interface GeneratedSecret {
  readonly name: string;
  readonly keys: readonly string[];
  /** Further settings that embed the value (as `$s`), such as a broker URL. */
  readonly embeddedIn?: readonly EnvSetting[];
}

export interface SettingsBlock {
  /** Why these values: rendered as a comment above them. */
  readonly why: string;
  /** Bash lines that run first (read an endpoint, a secret). */
  readonly prepare?: readonly string[];
  readonly settings: readonly EnvSetting[];
}

/**
 * The literal secrets of upstream's `.env.example` (and the compose file's
 * fallbacks). A deployment must never run with any of them, and none may
 * appear in synthesized output.
 */
export const UPSTREAM_SECRET_DEFAULTS: Readonly<Record<string, string>> = {
  SECRET_KEY: "sk-9f73s3ljTXVcMT3Blb3ljTqtsKiGHXVcMT3BlbkFJLK7U",
  PLUGIN_DAEMON_KEY: "lYkiYYT6owG+71oLerGzA7GXCgOT++6ovaezWAjpCjf+Sjc3ZtU+qUEi",
  PLUGIN_DIFY_INNER_API_KEY: "QaHbTe77CtuXmsfyhR7+vRjI/+XbV1AaFy691iy+kGDv2Jvy0/eAh8Y1",
  INNER_API_KEY_FOR_PLUGIN: "QaHbTe77CtuXmsfyhR7+vRjI/+XbV1AaFy691iy+kGDv2Jvy0/eAh8Y1",
  SANDBOX_API_KEY: "dify-sandbox",
  CODE_EXECUTION_API_KEY: "dify-sandbox",
  DB_PASSWORD: "difyai123456",
  POSTGRES_PASSWORD: "difyai123456",
  REDIS_PASSWORD: "difyai123456",
  CELERY_BROKER_URL: "redis://:difyai123456@redis:6379/1",
  PGVECTOR_PASSWORD: "difyai123456",
  PGVECTOR_POSTGRES_PASSWORD: "difyai123456",
  WEAVIATE_API_KEY: "WVF5YThaHlkYwhGUSmCRgsX3tD5ngdN8pkih",
  WEAVIATE_AUTHENTICATION_APIKEY_ALLOWED_KEYS: "WVF5YThaHlkYwhGUSmCRgsX3tD5ngdN8pkih",
};

/** The distinct upstream default secret values, for grepping synthesized output. */
export const UPSTREAM_DEFAULT_SECRETS: readonly string[] = [
  ...new Set(
    Object.entries(UPSTREAM_SECRET_DEFAULTS)
      .filter(([key]) => key !== "CELERY_BROKER_URL")
      .map(([, value]) => value),
  ),
];

/**
 * A service that needs a setting, under the setting's own name or, with `as`,
 * under the name the service reads (the plugin daemon's AWS_REGION is our
 * PLUGIN_AWS_REGION). "compose" is Compose itself: project settings and
 * values it interpolates into ports.
 */
export type Reader = DifyService | { readonly service: DifyService; readonly as: string } | "compose";

const BACKEND: DifyService[] = ["api", "api_websocket", "worker", "worker_beat"];
const APP: DifyService[] = ["api", "worker"];
const as = (service: DifyService, variable: string): Reader => ({ service, as: variable });

/**
 * Who reads each setting that the hosts write. "Needs" is what Dify's code
 * reads, not what a compose file happens to pass: the contract test holds every
 * release's compose file (plus our override) to it.
 */
export const SETTING_READERS: Readonly<Record<string, readonly Reader[]>> = {
  CONSOLE_API_URL: [...APP, "web"],
  CONSOLE_WEB_URL: APP,
  SERVICE_API_URL: APP,
  APP_API_URL: [...APP, "web"],
  APP_WEB_URL: APP,
  FILES_URL: APP,
  INTERNAL_FILES_URL: APP,
  TRIGGER_URL: APP,
  ENDPOINT_URL_TEMPLATE: APP,
  UPLOAD_FILE_SIZE_LIMIT: APP,
  NGINX_CLIENT_MAX_BODY_SIZE: ["nginx"],
  NGINX_HTTPS_ENABLED: ["nginx"],
  NGINX_PORT: ["nginx"],
  EXPOSE_NGINX_PORT: ["compose"],
  COMPOSE_PROJECT_NAME: ["compose"],
  COMPOSE_FILE: ["compose"],
  COMPOSE_PROFILES: ["compose"],
  ENABLE_COLLABORATION_MODE: ["api", "api_websocket"],
  NEXT_PUBLIC_SOCKET_URL: ["web"],
  VECTOR_STORE: APP,
  MIGRATION_ENABLED: ["api"],
  DB_TYPE: [...BACKEND, "plugin_daemon"],
  DB_HOST: [...BACKEND, "plugin_daemon"],
  DB_PORT: [...BACKEND, "plugin_daemon"],
  DB_USERNAME: [...BACKEND, "plugin_daemon"],
  DB_PASSWORD: [...BACKEND, "plugin_daemon", as("db_postgres", "POSTGRES_PASSWORD")],
  POSTGRES_PASSWORD: [as("db_postgres", "POSTGRES_PASSWORD")],
  DB_DATABASE: BACKEND,
  DB_SSL_MODE: ["plugin_daemon"],
  PGVECTOR_HOST: APP,
  PGVECTOR_PORT: APP,
  PGVECTOR_USER: APP,
  PGVECTOR_PASSWORD: APP,
  PGVECTOR_POSTGRES_PASSWORD: [as("pgvector", "POSTGRES_PASSWORD")],
  PGVECTOR_DATABASE: APP,
  REDIS_HOST: [...BACKEND, "plugin_daemon"],
  REDIS_PORT: [...BACKEND, "plugin_daemon"],
  REDIS_USERNAME: [...BACKEND, "plugin_daemon"],
  REDIS_PASSWORD: [...BACKEND, "plugin_daemon", as("redis", "REDISCLI_AUTH")],
  REDIS_USE_SSL: [...BACKEND, "plugin_daemon"],
  REDIS_SSL_CERT_REQS: BACKEND,
  REDIS_DB: [...BACKEND, "plugin_daemon"],
  CELERY_BROKER_URL: BACKEND,
  BROKER_USE_SSL: BACKEND,
  STORAGE_TYPE: APP,
  S3_BUCKET_NAME: APP,
  S3_REGION: APP,
  S3_USE_AWS_MANAGED_IAM: APP,
  PLUGIN_STORAGE_TYPE: ["plugin_daemon"],
  PLUGIN_STORAGE_OSS_BUCKET: ["plugin_daemon"],
  PLUGIN_AWS_REGION: [as("plugin_daemon", "AWS_REGION")],
  PLUGIN_S3_USE_AWS: [as("plugin_daemon", "S3_USE_AWS")],
  PLUGIN_S3_USE_AWS_MANAGED_IAM: [as("plugin_daemon", "S3_USE_AWS_MANAGED_IAM")],
  PLUGIN_S3_USE_PATH_STYLE: [as("plugin_daemon", "S3_USE_PATH_STYLE")],
  SECRET_KEY: BACKEND,
  PLUGIN_DAEMON_KEY: [...APP, as("plugin_daemon", "SERVER_KEY")],
  PLUGIN_DIFY_INNER_API_KEY: [as("plugin_daemon", "DIFY_INNER_API_KEY")],
  INNER_API_KEY_FOR_PLUGIN: APP,
  SANDBOX_API_KEY: [as("sandbox", "API_KEY")],
  CODE_EXECUTION_API_KEY: APP,
  WEAVIATE_API_KEY: APP,
  WEAVIATE_AUTHENTICATION_APIKEY_ALLOWED_KEYS: [as("weaviate", "AUTHENTICATION_APIKEY_ALLOWED_KEYS")],
};

/** The managed tier's endpoints parameter, field by field, and the shell variable dify-configure reads each into. */
const ENDPOINT_FIELDS: ReadonlyArray<readonly [field: string, variable: string]> = [
  ["db.host", "db_host"],
  ["db.port", "db_port"],
  ["db.name", "db_name"],
  ["db.secretArn", "db_secret"],
  ["redis.host", "redis_host"],
  ["redis.port", "redis_port"],
  ["redis.username", "redis_user"],
  ["storage.bucket", "bucket"],
  ["storage.region", "bucket_region"],
];

/** Compose project name: one project whatever the release directory is called. */
const COMPOSE_PROJECT = "dify";
/** Our Compose override file, next to upstream's docker-compose.yaml. */
const COMPOSE_OVERRIDE_FILE = "docker-compose.aws.yaml";

/** The secrets a tier generates. */
export function generatedSecrets(tier: DifyTier, vectorStore: "weaviate" | "pgvector"): GeneratedSecret[] {
  const shared: GeneratedSecret[] = [
    { name: "SECRET_KEY", keys: ["SECRET_KEY"] },
    { name: "PLUGIN_DAEMON_KEY", keys: ["PLUGIN_DAEMON_KEY"] },
    // The api sends it to the plugin daemon as INNER_API_KEY_FOR_PLUGIN; the daemon expects DIFY_INNER_API_KEY.
    { name: "PLUGIN_DIFY_INNER_API_KEY", keys: ["PLUGIN_DIFY_INNER_API_KEY", "INNER_API_KEY_FOR_PLUGIN"] },
    { name: "SANDBOX_API_KEY", keys: ["SANDBOX_API_KEY", "CODE_EXECUTION_API_KEY"] },
  ];
  if (tier === "managed") {
    // The ElastiCache user's token; the boot script sets it on the user.
    return [...shared, { name: "REDIS_PASSWORD", keys: ["REDIS_PASSWORD"] }];
  }
  return [
    ...shared,
    // The db container takes POSTGRES_PASSWORD from DB_PASSWORD (older releases from POSTGRES_PASSWORD).
    { name: "DB_PASSWORD", keys: ["DB_PASSWORD", "POSTGRES_PASSWORD"] },
    // Upstream's broker URL embeds the Redis password.
    { name: "REDIS_PASSWORD", keys: ["REDIS_PASSWORD"], embeddedIn: [{ key: "CELERY_BROKER_URL", value: '"redis://:$s@redis:6379/1"' }] },
    vectorStore === "weaviate"
      ? { name: "WEAVIATE_API_KEY", keys: ["WEAVIATE_API_KEY", "WEAVIATE_AUTHENTICATION_APIKEY_ALLOWED_KEYS"] }
      : { name: "PGVECTOR_PASSWORD", keys: ["PGVECTOR_PASSWORD", "PGVECTOR_POSTGRES_PASSWORD"] },
  ];
}

const url = (key: string, suffix = ""): EnvSetting => ({ key, value: `"$PUBLIC_URL${suffix}"` });

/** Every settings block of a tier on a release, in the order dify-configure applies them. */
export function settingsBlocks(tier: DifyTier, vectorStore: "weaviate" | "pgvector", release: DifyRelease): SettingsBlock[] {
  const profiles = composeProfiles(release, tier, vectorStore).join(",");
  const blocks: SettingsBlock[] = [
    {
      why: "TLS ends at the load balancer; Dify builds links, CORS rules and signed file URLs from these.",
      settings: [
        url("CONSOLE_API_URL"),
        url("CONSOLE_WEB_URL"),
        url("SERVICE_API_URL"),
        url("APP_API_URL"),
        url("APP_WEB_URL"),
        url("FILES_URL"),
        url("TRIGGER_URL"),
        url("ENDPOINT_URL_TEMPLATE", "/e/{hook_id}"),
      ],
    },
    {
      why: "Plugins fetch their file inputs from the api inside the Compose network; through the public URL they would leave by NAT and meet the load balancer's allow-list.",
      settings: [{ key: "INTERNAL_FILES_URL", value: "http://api:5001" }],
    },
    {
      why: "nginx serves plain HTTP on port 80 to the load balancer. Its body limit never drops below upstream's 100 MB: plugin packages (50 MB) and videos pass through it too.",
      settings: [
        { key: "UPLOAD_FILE_SIZE_LIMIT", value: '"$UPLOAD_MB"' },
        { key: "NGINX_CLIENT_MAX_BODY_SIZE", value: '"$NGINX_BODY_MB"M' },
        { key: "NGINX_HTTPS_ENABLED", value: "false" },
        { key: "NGINX_PORT", value: "80" },
        { key: "EXPOSE_NGINX_PORT", value: "80" },
      ],
    },
    {
      why: "One Compose project in every release directory, with our override file (no version check against updates.dify.ai).",
      settings: [
        { key: "COMPOSE_PROJECT_NAME", value: COMPOSE_PROJECT },
        { key: "COMPOSE_FILE", value: `docker-compose.yaml:${COMPOSE_OVERRIDE_FILE}` },
      ],
    },
  ];

  if (release.collaboration) {
    blocks.push({
      why: `Workflow collaboration (on by default since 1.14) runs in ${release.collaboration.service}, started by the ${release.collaboration.profile} profile; nginx sends /socket.io/ to it, and browsers connect through the public URL.`,
      settings: [
        { key: "ENABLE_COLLABORATION_MODE", value: "true" },
        { key: "NEXT_PUBLIC_SOCKET_URL", value: '"${PUBLIC_URL/#http/ws}"' },
      ],
    });
  }
  if (tier === "all-in-one") {
    blocks.push({
      why: "The bundled PostgreSQL, the chosen vector store and the features in use start by profile.",
      settings: [
        { key: "VECTOR_STORE", value: '"$VECTOR_STORE"' },
        { key: "COMPOSE_PROFILES", value: JSON.stringify(profiles) },
      ],
    });
  } else {
    blocks.push(
      {
        why: "No bundled database, cache or vector store: only the features' profiles are active, and dify-up leaves redis out. One host per version migrates (dify-up), so no api container migrates at start.",
        settings: [
          { key: "COMPOSE_PROFILES", value: JSON.stringify(profiles) },
          { key: "MIGRATION_ENABLED", value: "false" },
        ],
      },
      {
        why: "RDS PostgreSQL with pgvector, read at every start: RDS rotates its managed secret. The plugin daemon builds a key=value DSN, so the password must not hold spaces, quotes or backslashes; RDS-generated passwords do not. rds.force_ssl is on: the api's libpq prefers TLS, the plugin daemon needs DB_SSL_MODE=require (DB_EXTRAS would reach the daemon as server options, so it stays empty).",
        prepare: [
          'endpoints=$(param "${SSM_PREFIX}config/endpoints")',
          // Every field the blocks below use, in one jq process (a process per field cost about 50 ms
          // each, at every start): one line each, in this order; a missing field stops with its name.
          `fields=$(jq -r '(${ENDPOINT_FIELDS.map(([field]) => `"${field}"`).join(", ")}) as $k | getpath($k | split(".")) // error("the endpoints parameter has no \\($k)")' <<<"$endpoints")`,
          `{ ${ENDPOINT_FIELDS.map(([, variable]) => `read -r ${variable};`).join(" ")} } <<<"$fields"`,
          'db=$(aws secretsmanager get-secret-value --secret-id "$db_secret" --query SecretString --output text)',
          'db_user=$(jq -er .username <<<"$db")',
          'db_password=$(jq -er .password <<<"$db")',
          `[[ $db_password != *[[:space:]\\'\\\\]* ]] || die "the RDS password holds a space, quote or backslash; rotate the secret"`,
        ],
        settings: [
          { key: "DB_TYPE", value: "postgresql" },
          { key: "DB_HOST", value: '"$db_host"' },
          { key: "DB_PORT", value: '"$db_port"' },
          { key: "DB_USERNAME", value: '"$db_user"' },
          { key: "DB_PASSWORD", value: '"$db_password"' },
          { key: "DB_DATABASE", value: '"$db_name"' },
          { key: "DB_SSL_MODE", value: "require" },
          { key: "VECTOR_STORE", value: "pgvector" },
          { key: "PGVECTOR_HOST", value: '"$db_host"' },
          { key: "PGVECTOR_PORT", value: '"$db_port"' },
          { key: "PGVECTOR_USER", value: '"$db_user"' },
          { key: "PGVECTOR_PASSWORD", value: '"$db_password"' },
          { key: "PGVECTOR_DATABASE", value: '"$db_name"' },
        ],
      },
      {
        why: "ElastiCache with TLS and a user: the api, the Celery broker (db 1) and the plugin daemon all verify the certificate.",
        prepare: ["redis_password=$(secret REDIS_PASSWORD)"],
        settings: [
          { key: "REDIS_HOST", value: '"$redis_host"' },
          { key: "REDIS_PORT", value: '"$redis_port"' },
          { key: "REDIS_USERNAME", value: '"$redis_user"' },
          { key: "REDIS_PASSWORD", value: '"$redis_password"' },
          { key: "REDIS_USE_SSL", value: "true" },
          { key: "REDIS_SSL_CERT_REQS", value: "CERT_REQUIRED" },
          { key: "REDIS_DB", value: "0" },
          { key: "CELERY_BROKER_URL", value: '"rediss://$redis_user:$redis_password@$redis_host:$redis_port/1?ssl_cert_reqs=CERT_REQUIRED"' },
          { key: "BROKER_USE_SSL", value: "true" },
        ],
      },
      {
        why: "Files and plugin packages in the environment's S3 bucket, with the instance role (IMDSv2, hop limit 2).",
        settings: [
          { key: "STORAGE_TYPE", value: "s3" },
          { key: "S3_BUCKET_NAME", value: '"$bucket"' },
          { key: "S3_REGION", value: '"$bucket_region"' },
          { key: "S3_USE_AWS_MANAGED_IAM", value: "true" },
          { key: "PLUGIN_STORAGE_TYPE", value: "aws_s3" },
          { key: "PLUGIN_STORAGE_OSS_BUCKET", value: '"$bucket"' },
          { key: "PLUGIN_AWS_REGION", value: '"$bucket_region"' },
          { key: "PLUGIN_S3_USE_AWS", value: "true" },
          { key: "PLUGIN_S3_USE_AWS_MANAGED_IAM", value: "true" },
          { key: "PLUGIN_S3_USE_PATH_STYLE", value: "false" },
        ],
      },
    );
  }

  for (const secret of generatedSecrets(tier, vectorStore)) {
    // The managed tier's Redis token is already in $redis_password.
    if (tier === "managed" && secret.name === "REDIS_PASSWORD") continue;
    blocks.push({
      why: `Generated once per deployment: ${secret.name}.`,
      prepare: [`s=$(secret ${secret.name})`],
      settings: [...secret.keys.map((key) => ({ key, value: '"$s"' })), ...(secret.embeddedIn ?? [])],
    });
  }
  return blocks;
}

/** Every key a tier sets, in order. */
export function overriddenKeys(tier: DifyTier, vectorStore: "weaviate" | "pgvector", release: DifyRelease): string[] {
  return settingsBlocks(tier, vectorStore, release).flatMap((block) => block.settings.map((s) => s.key));
}

/** The bash that dify-configure runs to collect a tier's settings. */
export function renderSettings(tier: DifyTier, vectorStore: "weaviate" | "pgvector", release: DifyRelease): string {
  return settingsBlocks(tier, vectorStore, release)
    .map((block) => [`# ${block.why}`, ...(block.prepare ?? []), ...block.settings.map((s) => `ov ${s.key} ${s.value}`)].join("\n"))
    .join("\n");
}
