import * as fs from "node:fs";
import * as path from "node:path";
import { UPSTREAM_DEFAULT_SECRETS, UPSTREAM_SECRET_DEFAULTS } from "../../src/dify-host/env-overrides";
import { describeWithTool } from "../helpers/shell-tools";
import { ALL_IN_ONE, ENDPOINTS, HostSandbox, MANAGED } from "./host-sandbox";

/**
 * dify-configure, run for real (bash, awk, jq, openssl) against a fake AWS
 * CLI and an .env.example in the shape of Dify 1.10.1.
 */

const upstreamExample = fs.readFileSync(path.join(__dirname, "fixtures", "env.example"), "utf8");
const sandboxes: HostSandbox[] = [];
const sandbox = (...args: ConstructorParameters<typeof HostSandbox>) => {
  const s = new HostSandbox(...args);
  sandboxes.push(s);
  return s;
};
afterAll(() => sandboxes.forEach((s) => s.dispose()));

// The host scripts parse JSON with jq, which a fresh machine lacks; CI installs it.
const describe = describeWithTool("jq", "dify-configure parses JSON with it");

const secretCalls = (s: HostSandbox, op: string) => s.awsCalls().filter((c) => c.startsWith(`ssm ${op}`) && c.includes("/secrets/"));

describe("all-in-one", () => {
  const host = sandbox(ALL_IN_ONE);
  const first = host.run("dify-configure");
  const env = host.env();

  test("succeeds", () => {
    expect(first.stderr).toMatch(/configured .*\.env/);
    expect(first.status).toBe(0);
  });

  test("replaces every upstream default secret with a generated value", () => {
    for (const key of [
      "SECRET_KEY",
      "PLUGIN_DAEMON_KEY",
      "PLUGIN_DIFY_INNER_API_KEY",
      "SANDBOX_API_KEY",
      "CODE_EXECUTION_API_KEY",
      "DB_PASSWORD",
      "REDIS_PASSWORD",
      "WEAVIATE_API_KEY",
      "WEAVIATE_AUTHENTICATION_APIKEY_ALLOWED_KEYS",
    ]) {
      expect([key, env[key]]).toEqual([key, expect.stringMatching(/^[0-9a-f]{64}$/)]);
      expect(env[key]).not.toBe(UPSTREAM_SECRET_DEFAULTS[key]);
    }
    expect(env.CELERY_BROKER_URL).toBe(`redis://:${env.REDIS_PASSWORD}@redis:6379/1`);
    expect(host.envText()).not.toContain("difyai123456@");
  });

  test("gives keys that must match one value, and every other secret its own", () => {
    expect(env.CODE_EXECUTION_API_KEY).toBe(env.SANDBOX_API_KEY);
    expect(env.INNER_API_KEY_FOR_PLUGIN).toBe(env.PLUGIN_DIFY_INNER_API_KEY);
    expect(env.WEAVIATE_AUTHENTICATION_APIKEY_ALLOWED_KEYS).toBe(env.WEAVIATE_API_KEY);
    expect(env.POSTGRES_PASSWORD).toBe(env.DB_PASSWORD);
    const distinct = new Set([env.SECRET_KEY, env.PLUGIN_DAEMON_KEY, env.PLUGIN_DIFY_INNER_API_KEY, env.SANDBOX_API_KEY, env.DB_PASSWORD, env.REDIS_PASSWORD, env.WEAVIATE_API_KEY]);
    expect(distinct.size).toBe(7);
  });

  test("stores each secret in SSM as SecureString with the KMS key, without --overwrite, and reads it back", () => {
    const puts = secretCalls(host, "put-parameter");
    expect(puts).toHaveLength(7);
    for (const call of puts) {
      expect(call).toContain("--type=SecureString");
      expect(call).toContain(`--key-id=${ALL_IN_ONE.kmsKeyArn}`);
      expect(call).not.toContain("--overwrite");
    }
    expect(host.parameter("/dify/dev/secrets/SECRET_KEY")).toBe(env.SECRET_KEY);
    expect(secretCalls(host, "get-parameter").every((c) => c.includes("--with-decryption"))).toBe(true);
  });

  test("applies the public URL, upload limit, nginx and Compose settings", () => {
    expect(env).toMatchObject({
      CONSOLE_API_URL: "https://dify-dev.example.com",
      APP_WEB_URL: "https://dify-dev.example.com",
      FILES_URL: "https://dify-dev.example.com",
      ENDPOINT_URL_TEMPLATE: "https://dify-dev.example.com/e/{hook_id}",
      UPLOAD_FILE_SIZE_LIMIT: "15",
      NGINX_CLIENT_MAX_BODY_SIZE: "100M",
      NGINX_HTTPS_ENABLED: "false",
      NGINX_PORT: "80",
      EXPOSE_NGINX_PORT: "80",
      VECTOR_STORE: "weaviate",
      COMPOSE_PROFILES: "weaviate,postgresql",
      COMPOSE_PROJECT_NAME: "dify",
      COMPOSE_FILE: "docker-compose.yaml:docker-compose.aws.yaml",
      MIGRATION_ENABLED: "true",
    });
  });

  test("replaces upstream's lines in place, keeps the rest, and appends new keys", () => {
    const upstream = upstreamExample.trimEnd().split("\n");
    const ours = host.envText().split("\n");
    expect(ours.slice(0, upstream.length).map((l) => l.split("=")[0])).toEqual(upstream.map((l) => l.split("=")[0]));
    expect(ours).toContain("WEAVIATE_ENDPOINT=http://weaviate:8080");
    expect(ours.slice(upstream.length)).toEqual(expect.arrayContaining(["COMPOSE_PROJECT_NAME=dify", expect.stringMatching(/^POSTGRES_PASSWORD=/)]));
  });

  test("a second run (a reboot) reuses the stored secrets and writes the same file", () => {
    const before = host.envText();
    const calls = host.awsCalls().length;
    expect(host.run("dify-configure").status).toBe(0);
    expect(host.envText()).toBe(before);
    expect(
      host
        .awsCalls()
        .slice(calls)
        .filter((c) => c.startsWith("ssm put-parameter")),
    ).toEqual([]);
  });

  test("the .env is readable by root only", () => {
    expect(fs.statSync(path.join(host.root, "opt/dify/current/.env")).mode & 0o777).toBe(0o600);
  });
});

describe("hosts that boot together", () => {
  test("converge on the value stored first", () => {
    const a = sandbox(ALL_IN_ONE);
    const b = sandbox(ALL_IN_ONE);
    // b shares a's parameter store, as two hosts of one deployment do.
    fs.rmSync(b.state, { recursive: true });
    fs.symlinkSync(a.state, b.state);
    a.setParameter("/dify/dev/secrets/SECRET_KEY", "f".repeat(64));
    expect(b.run("dify-configure").status).toBe(0);
    expect(a.run("dify-configure").status).toBe(0);
    expect(a.env().SECRET_KEY).toBe("f".repeat(64));
    expect(b.env()).toEqual(a.env());
  });
});

describe("all-in-one with pgvector", () => {
  test("generates the pgvector password for both the api and the pgvector container", () => {
    const host = sandbox({ ...ALL_IN_ONE, vectorStore: "pgvector" });
    expect(host.run("dify-configure").status).toBe(0);
    const env = host.env();
    expect(env.PGVECTOR_PASSWORD).toMatch(/^[0-9a-f]{64}$/);
    expect(env.PGVECTOR_POSTGRES_PASSWORD).toBe(env.PGVECTOR_PASSWORD);
    expect(env.COMPOSE_PROFILES).toBe("pgvector,postgresql");
  });
});

describe("managed", () => {
  const run = (password: string) => {
    const host = sandbox(MANAGED);
    host.setParameter("/dify/prod/config/endpoints", JSON.stringify(ENDPOINTS));
    host.setRdsSecret({ username: "dify_admin", password });
    return { host, result: host.run("dify-configure") };
  };
  const { host, result } = run("Ab1$x#y&z%!");
  const env = host.env();

  test("succeeds", () => {
    expect(result.stderr).toMatch(/configured/);
    expect(result.status).toBe(0);
  });

  test("points Dify at RDS with the managed secret, quoting the password so Compose takes it literally", () => {
    expect(env).toMatchObject({
      DB_HOST: ENDPOINTS.db.host,
      DB_PORT: "5432",
      DB_USERNAME: "dify_admin",
      DB_PASSWORD: "Ab1$x#y&z%!",
      DB_DATABASE: "dify",
      DB_SSL_MODE: "require",
      VECTOR_STORE: "pgvector",
      PGVECTOR_HOST: ENDPOINTS.db.host,
      PGVECTOR_USER: "dify_admin",
      PGVECTOR_PASSWORD: "Ab1$x#y&z%!",
      PGVECTOR_DATABASE: "dify",
      MIGRATION_ENABLED: "false",
      COMPOSE_PROFILES: "",
    });
    expect(host.envText()).toContain("DB_PASSWORD='Ab1$x#y&z%!'\n");
    expect(host.awsCalls()).toContain(`secretsmanager get-secret-value  --secret-id=${ENDPOINTS.db.secretArn} --query=SecretString --output=text `);
  });

  test("points Dify at ElastiCache over TLS with the generated token", () => {
    const token = host.parameter("/dify/prod/secrets/REDIS_PASSWORD");
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(env).toMatchObject({
      REDIS_HOST: ENDPOINTS.redis.host,
      REDIS_PORT: "6379",
      REDIS_USERNAME: "dify-app",
      REDIS_PASSWORD: token,
      REDIS_USE_SSL: "true",
      REDIS_SSL_CERT_REQS: "CERT_REQUIRED",
      CELERY_BROKER_URL: `rediss://dify-app:${token}@${ENDPOINTS.redis.host}:6379/1?ssl_cert_reqs=CERT_REQUIRED`,
    });
  });

  test("stores files and plugins in S3 with the instance role", () => {
    expect(env).toMatchObject({
      STORAGE_TYPE: "s3",
      S3_BUCKET_NAME: ENDPOINTS.storage.bucket,
      S3_REGION: "ap-northeast-1",
      S3_USE_AWS_MANAGED_IAM: "true",
      PLUGIN_STORAGE_TYPE: "aws_s3",
      PLUGIN_STORAGE_OSS_BUCKET: ENDPOINTS.storage.bucket,
      PLUGIN_AWS_REGION: "ap-northeast-1",
      PLUGIN_S3_USE_AWS_MANAGED_IAM: "true",
    });
  });

  test("generates no database, weaviate or pgvector secret of its own", () => {
    const names = secretCalls(host, "put-parameter")
      .map((c) => /secrets\/(\w+)/.exec(c)![1])
      .sort();
    expect(names).toEqual(["PLUGIN_DAEMON_KEY", "PLUGIN_DIFY_INNER_API_KEY", "REDIS_PASSWORD", "SANDBOX_API_KEY", "SECRET_KEY"]);
  });

  test("uses no upstream default secret for anything it runs", () => {
    for (const key of ["SECRET_KEY", "PLUGIN_DAEMON_KEY", "PLUGIN_DIFY_INNER_API_KEY", "SANDBOX_API_KEY", "CODE_EXECUTION_API_KEY", "DB_PASSWORD", "REDIS_PASSWORD", "CELERY_BROKER_URL"]) {
      expect(UPSTREAM_DEFAULT_SECRETS.some((d) => env[key].includes(d))).toBe(false);
    }
  });

  test.each([
    ["a single quote", "abc'def"],
    ["a space", "abc def"],
    ["a backslash", "abc\\def"],
  ])("refuses an RDS password with %s (the plugin daemon's DSN cannot hold it)", (_what, password) => {
    const bad = run(password);
    expect(bad.result.status).not.toBe(0);
    expect(bad.result.stderr).toContain("the RDS password holds a space, quote or backslash");
    expect(fs.existsSync(path.join(bad.host.root, "opt/dify/current/.env"))).toBe(false);
  });

  test("fails clearly when the endpoints parameter is missing", () => {
    const bare = sandbox(MANAGED);
    const missing = bare.run("dify-configure");
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("ParameterNotFound");
  });

  test("names the field the endpoints parameter lacks, and writes no .env", () => {
    const partial = sandbox(MANAGED);
    partial.setParameter("/dify/prod/config/endpoints", JSON.stringify({ ...ENDPOINTS, redis: { ...ENDPOINTS.redis, username: undefined } }));
    const result = partial.run("dify-configure");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("the endpoints parameter has no redis.username");
    expect(partial.exists("opt/dify/current/.env")).toBe(false);
  });
});
