import type { DifyTier } from "../config/types";

/**
 * What each supported Dify release's `docker/docker-compose.yaml` hands to the
 * services this project relies on, as data. A key in `.env` reaches a
 * container only if the release's compose file passes it: 1.10.1 lists every
 * variable in `environment` (a shared anchor for api, worker, worker_beat and
 * plugin_daemon), 1.14 hands the whole `.env` to the Dify services through
 * `env_file` and keeps `environment` for renames and defaults. Appending a key
 * to `.env` therefore is not enough; compose-override.ts passes what a release
 * leaves out.
 *
 * Read from upstream's docker/ directory at each tag (1.10.1 b353a126, 1.14.1
 * 51a8f79d); __tests__/dify-host/dify-contract-upstream.test.ts checks these
 * facts against the real files when they are on the machine.
 */

/** The compose services this project configures or depends on. */
export const DIFY_SERVICES = [
  "api",
  "api_websocket",
  "worker",
  "worker_beat",
  "web",
  "plugin_daemon",
  "sandbox",
  "ssrf_proxy",
  "nginx",
  "db_postgres",
  "redis",
  "weaviate",
  "pgvector",
] as const;
export type DifyService = (typeof DIFY_SERVICES)[number];

export interface ServiceContract {
  /** Compose profiles that start the service; none means it always starts. */
  readonly profiles?: readonly string[];
  /** Whether the service gets the whole `.env` (env_file). Its `environment` entries still win. */
  readonly wholeEnv?: boolean;
  /**
   * Container variable -> the `.env` key Compose interpolates into it, for the
   * variables this project sets or relies on. Under wholeEnv, a variable not
   * listed arrives from the `.env` key of the same name.
   */
  readonly env: Readonly<Record<string, string>>;
}

export interface DifyRelease {
  /** The langgenius/dify tag. */
  readonly version: string;
  readonly services: Readonly<Partial<Record<DifyService, ServiceContract>>>;
  /**
   * Workflow collaboration: `.env.example` turns it on, `api_websocket` (behind
   * the `collaboration` profile) serves it, and nginx sends /socket.io/ to it.
   */
  readonly collaboration?: { readonly profile: string; readonly service: DifyService; readonly nginxUpstream: string };
}

/** Maps each variable to the `.env` key of the same name. */
const same = (...keys: string[]): Record<string, string> => Object.fromEntries(keys.map((k) => [k, k]));

/**
 * The variables that 1.10.1's shared anchor passes unchanged to api, worker,
 * worker_beat and plugin_daemon (of those this project cares about). It has no
 * DB_SSL_MODE: the plugin daemon then connects with sslmode=disable.
 */
const SHARED_1_10 = same(
  "CONSOLE_API_URL",
  "CONSOLE_WEB_URL",
  "SERVICE_API_URL",
  "APP_API_URL",
  "APP_WEB_URL",
  "FILES_URL",
  "INTERNAL_FILES_URL",
  "TRIGGER_URL",
  "ENDPOINT_URL_TEMPLATE",
  "SECRET_KEY",
  "MIGRATION_ENABLED",
  "UPLOAD_FILE_SIZE_LIMIT",
  "DB_TYPE",
  "DB_USERNAME",
  "DB_PASSWORD",
  "DB_HOST",
  "DB_PORT",
  "DB_DATABASE",
  "REDIS_HOST",
  "REDIS_PORT",
  "REDIS_USERNAME",
  "REDIS_PASSWORD",
  "REDIS_USE_SSL",
  "REDIS_SSL_CERT_REQS",
  "REDIS_DB",
  "CELERY_BROKER_URL",
  "BROKER_USE_SSL",
  "STORAGE_TYPE",
  "S3_REGION",
  "S3_BUCKET_NAME",
  "S3_USE_AWS_MANAGED_IAM",
  "VECTOR_STORE",
  "WEAVIATE_API_KEY",
  "PGVECTOR_HOST",
  "PGVECTOR_PORT",
  "PGVECTOR_USER",
  "PGVECTOR_PASSWORD",
  "PGVECTOR_DATABASE",
  "CODE_EXECUTION_API_KEY",
  "PLUGIN_DAEMON_KEY",
  "PLUGIN_DIFY_INNER_API_KEY",
  "PLUGIN_STORAGE_TYPE",
  "PLUGIN_STORAGE_OSS_BUCKET",
  "PLUGIN_AWS_REGION",
  "PLUGIN_S3_USE_AWS",
  "PLUGIN_S3_USE_AWS_MANAGED_IAM",
  "PLUGIN_S3_USE_PATH_STYLE",
);

/** The api and worker pass the plugin daemon's inner key under the name the api reads. */
const INNER_KEY = { INNER_API_KEY_FOR_PLUGIN: "PLUGIN_DIFY_INNER_API_KEY" };

/** The plugin daemon's own names for the storage and key settings (both releases). */
const PLUGIN_DAEMON_RENAMES = {
  DB_DATABASE: "DB_PLUGIN_DATABASE",
  SERVER_KEY: "PLUGIN_DAEMON_KEY",
  DIFY_INNER_API_KEY: "PLUGIN_DIFY_INNER_API_KEY",
  PLUGIN_STORAGE_TYPE: "PLUGIN_STORAGE_TYPE",
  PLUGIN_STORAGE_OSS_BUCKET: "PLUGIN_STORAGE_OSS_BUCKET",
  S3_USE_AWS_MANAGED_IAM: "PLUGIN_S3_USE_AWS_MANAGED_IAM",
  S3_USE_AWS: "PLUGIN_S3_USE_AWS",
  S3_USE_PATH_STYLE: "PLUGIN_S3_USE_PATH_STYLE",
  AWS_REGION: "PLUGIN_AWS_REGION",
};

const NGINX_1_10 = same("NGINX_HTTPS_ENABLED", "NGINX_PORT", "NGINX_CLIENT_MAX_BODY_SIZE");
const SANDBOX = { API_KEY: "SANDBOX_API_KEY" };
const REDIS = { REDISCLI_AUTH: "REDIS_PASSWORD" };
const WEAVIATE = { profiles: ["weaviate"], env: { AUTHENTICATION_APIKEY_ALLOWED_KEYS: "WEAVIATE_AUTHENTICATION_APIKEY_ALLOWED_KEYS" } };
const PGVECTOR = { profiles: ["pgvector"], env: { POSTGRES_PASSWORD: "PGVECTOR_POSTGRES_PASSWORD" } };

export const DIFY_RELEASES: readonly DifyRelease[] = [
  {
    version: "1.10.1",
    services: {
      api: { env: { ...SHARED_1_10, ...INNER_KEY } },
      worker: { env: { ...SHARED_1_10, ...INNER_KEY } },
      worker_beat: { env: SHARED_1_10 },
      web: { env: same("CONSOLE_API_URL", "APP_API_URL") },
      plugin_daemon: { env: { ...SHARED_1_10, ...PLUGIN_DAEMON_RENAMES } },
      sandbox: { env: SANDBOX },
      ssrf_proxy: { env: {} },
      nginx: { env: NGINX_1_10 },
      db_postgres: { profiles: ["postgresql"], env: { POSTGRES_PASSWORD: "POSTGRES_PASSWORD" } },
      redis: { env: REDIS },
      weaviate: WEAVIATE,
      pgvector: PGVECTOR,
    },
  },
  {
    version: "1.14.1",
    services: {
      api: { wholeEnv: true, env: INNER_KEY },
      api_websocket: { wholeEnv: true, profiles: ["collaboration"], env: {} },
      worker: { wholeEnv: true, env: INNER_KEY },
      worker_beat: { wholeEnv: true, env: {} },
      // From 1.14 the plugin daemon's compose entry passes DB_SSL_MODE.
      plugin_daemon: { wholeEnv: true, env: { ...PLUGIN_DAEMON_RENAMES, DB_SSL_MODE: "DB_SSL_MODE" } },
      web: { wholeEnv: true, env: same("CONSOLE_API_URL", "APP_API_URL", "NEXT_PUBLIC_SOCKET_URL") },
      sandbox: { wholeEnv: true, env: SANDBOX },
      ssrf_proxy: { env: {} },
      nginx: { env: { ...NGINX_1_10, NGINX_SOCKET_IO_UPSTREAM: "NGINX_SOCKET_IO_UPSTREAM" } },
      // The bundled database takes its password from DB_PASSWORD from 1.14 on.
      db_postgres: { profiles: ["postgresql"], env: { POSTGRES_PASSWORD: "DB_PASSWORD" } },
      redis: { env: REDIS },
      weaviate: WEAVIATE,
      pgvector: PGVECTOR,
    },
    collaboration: { profile: "collaboration", service: "api_websocket", nginxUpstream: "api_websocket:5001" },
  },
];

/** The releases this project is tested with, oldest first. */
export const TESTED_DIFY_VERSIONS: readonly string[] = DIFY_RELEASES.map((r) => r.version);

const parse = (version: string): number[] => version.split(".").map(Number);
const compare = (a: string, b: string): number => {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

/**
 * The contract a version is deployed with: its own when tested, else that of
 * the newest tested release not after it (the oldest for earlier versions).
 * Synth warns about untested versions (src/config/schema/dify.ts).
 */
export function difyRelease(version: string): DifyRelease {
  const earlier = DIFY_RELEASES.filter((r) => compare(r.version, version) <= 0);
  return earlier.length ? earlier[earlier.length - 1] : DIFY_RELEASES[0];
}

/**
 * A release outside the tested ones still deploys (a patch release is
 * usually fine), so it is a warning: the hosts then assume the compose file of
 * the nearest tested release, which may pass variables differently.
 */
export function untestedDifyVersion(version: string): string | undefined {
  if (TESTED_DIFY_VERSIONS.includes(version)) return undefined;
  const assumed = difyRelease(version).version;
  return `${version} is not a release this project is tested with (${TESTED_DIFY_VERSIONS.join(", ")}); the hosts configure it as they do ${assumed}. Check its docker/ files first (README, "Upgrading Dify")`;
}

/** Where a container variable comes from: a `.env` key, or undefined when the release does not pass it. */
export function envSource(release: DifyRelease, service: DifyService, variable: string): string | undefined {
  const contract = release.services[service];
  if (!contract) return undefined;
  if (variable in contract.env) return contract.env[variable];
  return contract.wholeEnv ? variable : undefined;
}

/** Compose data services that the managed tier never starts (redis has no profile: dify-up leaves it out). */
export const BUNDLED_DATA_SERVICES = ["db", "db_postgres", "db_mysql", "redis", "weaviate", "pgvector"] as const;

/** The services a tier needs Compose to start, beside those without a profile. */
function profiledServices(release: DifyRelease, tier: DifyTier, vectorStore: "weaviate" | "pgvector"): DifyService[] {
  const wanted: DifyService[] = tier === "all-in-one" ? [vectorStore, "db_postgres"] : [];
  if (release.collaboration) wanted.push(release.collaboration.service);
  return wanted;
}

/** COMPOSE_PROFILES for a tier: the profiles that start profiledServices. */
export function composeProfiles(release: DifyRelease, tier: DifyTier, vectorStore: "weaviate" | "pgvector"): string[] {
  return profiledServices(release, tier, vectorStore).map((service) => {
    const profile = release.services[service]?.profiles?.[0];
    if (!profile) throw new Error(`Dify ${release.version} has no profile for ${service}`);
    return profile;
  });
}

/** The services that run on a host of a tier: those without a profile, those whose profile is active, less the managed tier's bundled data services. */
export function runningServices(release: DifyRelease, tier: DifyTier, profiles: readonly string[]): DifyService[] {
  return (Object.entries(release.services) as Array<[DifyService, ServiceContract]>)
    .filter(([, c]) => !c.profiles || c.profiles.some((p) => profiles.includes(p)))
    .map(([name]) => name)
    .filter((name) => tier === "all-in-one" || !(BUNDLED_DATA_SERVICES as readonly string[]).includes(name));
}
