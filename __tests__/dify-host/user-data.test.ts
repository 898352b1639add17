import { gzipSync } from "node:zlib";
import { DISK_USED_PERCENT, diskDimensions, HOST_METRICS_NAMESPACE, MEM_USED_PERCENT } from "../../src/dify-host/cloudwatch-agent";
import { difyRelease } from "../../src/dify-host/dify-releases";
import { BUNDLED_DATA_SERVICES, generatedSecrets, overriddenKeys, UPSTREAM_DEFAULT_SECRETS } from "../../src/dify-host/env-overrides";
import { EC2_USER_DATA_LIMIT } from "../../src/dify-host/gzipped-user-data";
import { unescapeTerraform } from "../../src/dify-host/terraform-escape";
import { renderHostFiles, renderUserData, renderUserDataScript, type UserDataProps } from "../../src/dify-host/user-data";
import { shellScriptsProblems } from "../helpers/shell-tools";
import { ALL_IN_ONE, MANAGED } from "./host-sandbox";

const TIERS: Array<[string, UserDataProps]> = [
  ["all-in-one", ALL_IN_ONE],
  ["managed", MANAGED],
];

/** bash -n, then shellcheck where installed (required in CI): every tier's boot script and installed commands, checked together once. */
let problems: Record<string, string> | undefined;
function shellcheck(tier: string, file: string): string | undefined {
  problems ??= shellScriptsProblems(
    Object.fromEntries(TIERS.flatMap(([name, props]) => [[`${name} boot script`, renderUserDataScript(props)], ...renderHostFiles(props).map((f) => [`${name} ${f.path}`, f.content])])),
  );
  return problems[`${tier} ${file}`];
}

/** The text of one file the boot script writes, as the host gets it. */
function hostFile(props: UserDataProps, file: string): string {
  const found = renderHostFiles(props).find((f) => f.path === file);
  if (!found) throw new Error(`no host file ${file}`);
  return found.content;
}

/** The body of a quoted heredoc that writes `target` in the boot script. */
function heredoc(script: string, target: string): string {
  const start = script.indexOf(`cat >${target} <<`);
  if (start < 0) throw new Error(`the boot script writes no ${target}`);
  const body = script.indexOf("\n", start) + 1;
  return script.slice(body, script.indexOf("\nDIFY_EOF\n", body));
}

describe.each(TIERS)("%s boot script", (tier, props) => {
  const script = renderUserDataScript(props);

  test("passes shellcheck, and so does every command it installs", () => {
    expect(shellcheck(tier, "boot script")).toBe("");
    for (const file of renderHostFiles(props)) {
      expect([file.path, shellcheck(tier, file.path)]).toEqual([file.path, ""]);
    }
  });

  test("fits EC2's 16 KB of user data gzipped, with room to grow", () => {
    expect(gzipSync(script).length).toBeLessThan(EC2_USER_DATA_LIMIT / 2);
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
  });

  test("fetches the pinned release by tag, and never a branch or latest", () => {
    expect(script).toContain("DIFY_VERSION='1.10.1'");
    expect(script).toContain('"https://github.com/langgenius/dify/archive/refs/tags/$DIFY_VERSION.tar.gz"');
    expect(script).toContain('--strip-components=2 "dify-$DIFY_VERSION/docker"');
    // The instance metadata service's own paths start with /latest/.
    expect(script.replace(/http:\/\/169\.254\.169\.254\/latest\//g, "")).not.toMatch(/\blatest\b/);
    expect(script).not.toMatch(/\bmain\b/);
    expect(script).not.toMatch(/refs\/heads/);
    // Images stay as the release's compose file pins them.
    expect(script).not.toMatch(/image:/);
  });

  test("installs Docker and the pinned Compose plugin for the host's architecture", () => {
    expect(script).toContain("dnf install -y -q docker jq amazon-cloudwatch-agent");
    expect(script).toContain("COMPOSE_VERSION='2.40.3'");
    expect(script).toContain("https://github.com/docker/compose/releases/download/v$COMPOSE_VERSION/docker-compose-linux-$arch");
    expect(script).toContain("arch=$(uname -m)");
    expect(script).toContain("sha256sum -c --quiet sum");
    expect(script).toContain("systemctl enable --now docker");
  });

  test("switches the current symlink to the new release and keeps data outside it", () => {
    expect(script).toContain("rel=/opt/dify/releases/$DIFY_VERSION");
    expect(script).toContain("mv -T /opt/dify/current.new /opt/dify/current");
    expect(script).toContain('ln -s "$DATA_DIR/volumes" "$rel/volumes"');
  });

  test("generates secrets once into SSM as SecureString with the environment key, never with --overwrite", () => {
    const lib = hostFile(props, "/usr/local/lib/dify/lib.sh");
    expect(lib).toContain('create_param "$name" "$f" --type SecureString --key-id "$KMS_KEY_ARN"');
    expect(lib).toContain('awsr ssm put-parameter --name "$name" --value "file://$file" "$@"');
    expect(lib).toContain('local name="${SSM_PREFIX}secrets/$1"');
    expect(lib).toContain("openssl rand -hex 32");
    const secretCalls = [script, ...renderHostFiles(props).map((f) => f.content)]
      .join("\n")
      .split("\n")
      .filter((l) => l.includes("secrets/"));
    expect(secretCalls.join("\n")).not.toContain("--overwrite");
    for (const secret of generatedSecrets(props.tier, props.vectorStore)) {
      expect(script).toContain(`$(secret ${secret.name})`);
    }
  });

  test("writes a systemd unit that runs Compose in the current release at boot", () => {
    const unit = heredoc(script, "/etc/systemd/system/dify.service");
    expect(unit).toContain("Type=oneshot\nRemainAfterExit=yes");
    expect(unit).toMatch(/^Requires=docker\.service$/m);
    expect(unit).toMatch(/^After=docker\.service/m);
    expect(unit).toContain("WorkingDirectory=/opt/dify/current");
    expect(unit).toContain("ExecStartPre=/usr/local/sbin/dify-configure");
    expect(unit).toContain("ExecStart=/usr/local/sbin/dify-up");
    expect(unit).toContain("ExecStop=/usr/bin/docker compose down");
    expect(unit).toContain("WantedBy=multi-user.target");
    // Restarts on failure, within a start limit; a start never outlasts the health-check grace (30 min).
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^StartLimitIntervalSec=20min$/m);
    expect(unit).toMatch(/^StartLimitBurst=4$/m);
    const timeout = /^TimeoutStartSec=(\d+)min$/m.exec(unit);
    expect(Number(timeout?.[1])).toBeLessThan(30);
    expect(script).toContain("systemctl enable dify.service");
    expect(hostFile(props, "/usr/local/sbin/dify-up")).toMatch(/docker compose up -d --remove-orphans/);
  });

  test("ships container logs to the Terraform log group with the awslogs driver", () => {
    const daemon = JSON.parse(heredoc(script, "/etc/docker/daemon.json.new"));
    expect(daemon).toMatchObject({
      "log-driver": "awslogs",
      "log-opts": { "awslogs-group": "$LOG_GROUP", "awslogs-region": "$REGION", "awslogs-create-group": "false", tag: "{{.Name}}/$INSTANCE_ID" },
    });
    expect(script).toContain("LOG_GROUP='/dify/");
  });

  test("hardens the Docker daemon and caps the local log cache", () => {
    const daemon = JSON.parse(heredoc(script, "/etc/docker/daemon.json.new"));
    expect(daemon).toMatchObject({ "no-new-privileges": true, "live-restore": true, icc: false });
    expect(daemon["log-opts"]).toMatchObject({ "cache-max-size": "20m", "cache-max-file": "5" });
  });

  test("publishes disk and memory use, and the boot log, through the CloudWatch agent", () => {
    const agent = JSON.parse(heredoc(script, "/opt/aws/amazon-cloudwatch-agent/etc/dify.json"));
    expect(agent.metrics.namespace).toBe(HOST_METRICS_NAMESPACE);
    expect(agent.metrics.metrics_collected.disk).toMatchObject({ measurement: ["used_percent"], drop_device: true, append_dimensions: { Deployment: "$DEPLOYMENT" } });
    expect(agent.metrics.metrics_collected.mem.measurement).toEqual(["used_percent"]);
    expect(agent.metrics.append_dimensions).toBeUndefined();
    expect(agent.agent.omit_hostname).toBe(true);
    expect(agent.logs.logs_collected.files.collect_list).toEqual([{ file_path: "/var/log/dify-boot.log", log_group_name: "$LOG_GROUP", log_stream_name: "boot/{instance_id}" }]);
    expect([DISK_USED_PERCENT, MEM_USED_PERCENT]).toEqual(["disk_used_percent", "mem_used_percent"]);
  });

  test("sets the public URL, upload limit and plain-HTTP nginx behind the load balancer", () => {
    const configure = hostFile(props, "/usr/local/sbin/dify-configure");
    for (const key of ["CONSOLE_API_URL", "CONSOLE_WEB_URL", "SERVICE_API_URL", "APP_API_URL", "APP_WEB_URL", "FILES_URL"]) {
      expect(configure).toContain(`ov ${key} "$PUBLIC_URL"`);
    }
    expect(configure).toContain('ov UPLOAD_FILE_SIZE_LIMIT "$UPLOAD_MB"');
    expect(configure).toContain('ov NGINX_CLIENT_MAX_BODY_SIZE "$NGINX_BODY_MB"M');
    expect(configure).toContain("ov NGINX_HTTPS_ENABLED false");
    expect(configure).toContain("ov NGINX_PORT 80");
    expect(configure).toContain("ov EXPOSE_NGINX_PORT 80");
    expect(heredoc(script, '"$rel/docker-compose.aws.yaml"')).toContain('CHECK_UPDATE_URL: ""');
  });

  test("no key is set twice", () => {
    const keys = overriddenKeys(props.tier, props.vectorStore, difyRelease(props.difyVersion));
    expect(keys.length).toBe(new Set(keys).size);
  });

  test("holds no upstream default secret and no generated value", () => {
    const terraform = renderUserData(props);
    for (const value of UPSTREAM_DEFAULT_SECRETS) {
      expect(script).not.toContain(value);
      expect(terraform).not.toContain(value);
    }
    expect(script).not.toMatch(/[0-9a-f]{64}/);
  });

  test("Terraform's unescaping of the user data gives back exactly the script", () => {
    const terraform = renderUserData(props);
    expect(terraform).not.toMatch(/(^|[^$])\$\{/);
    expect(terraform).not.toMatch(/(^|[^%])%\{/);
    expect(terraform).toContain("$${SSM_PREFIX}secrets/$1");
    expect(unescapeTerraform(terraform)).toBe(script);
  });
});

describe("all-in-one data volume", () => {
  const script = renderUserDataScript(ALL_IN_ONE);

  test("waits for the volume by its NVMe serial (the volume id without the dash)", () => {
    expect(script).toContain("DATA_VOLUME_ID='vol-0123456789abcdef0'");
    expect(script).toContain("serial=${DATA_VOLUME_ID/-/}");
    expect(script).toContain('"/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_$serial" "$DATA_DEVICE"');
  });

  test("makes a filesystem only when there is none, and never forces it", () => {
    expect(script).toContain('blkid -p "$dev" >/dev/null 2>&1 || probe=$?');
    expect(script).toMatch(/if \[ "\$probe" = 2 \]; then\n.*\n\s+mkfs\.xfs -q -L dify-data "\$dev"\n/);
    expect(script).not.toMatch(/mkfs\S* .*-f\b/);
    expect(script).not.toMatch(/wipefs|dd if=/);
  });

  test("mounts /data through fstab with nofail, and Docker and Dify keep their data there", () => {
    expect(script).toContain('echo "UUID=$uuid /data $fstype defaults,nofail 0 2" >>/etc/fstab');
    expect(script).toContain("RequiresMountsFor=/data");
    expect(heredoc(script, "/etc/systemd/system/dify.service")).toContain("RequiresMountsFor=/data");
    expect(JSON.parse(heredoc(script, "/etc/docker/daemon.json.new"))["data-root"]).toBe("/data/docker");
    expect(script).toContain("DATA_DIR='/data/dify'");
    const agent = JSON.parse(heredoc(script, "/opt/aws/amazon-cloudwatch-agent/etc/dify.json"));
    expect(agent.metrics.metrics_collected.disk.resources).toEqual(["/", "/data"]);
    expect(diskDimensions("dify-dev", "/data")).toEqual({ Deployment: "dify-dev", path: "/data", fstype: "xfs" });
  });

  test("runs the bundled database and vector store by profile", () => {
    expect(hostFile(ALL_IN_ONE, "/usr/local/sbin/dify-configure")).toContain('ov COMPOSE_PROFILES "weaviate,postgresql"');
    expect(hostFile(ALL_IN_ONE, "/usr/local/sbin/dify-up")).not.toContain("--no-deps");
  });
});

describe("managed tier", () => {
  const script = renderUserDataScript(MANAGED);
  const up = hostFile(MANAGED, "/usr/local/sbin/dify-up");
  const configure = hostFile(MANAGED, "/usr/local/sbin/dify-configure");

  test("starts no bundled database, cache or vector store", () => {
    expect(configure).toContain('ov COMPOSE_PROFILES ""');
    expect(up).toContain(`grep -vxE '${BUNDLED_DATA_SERVICES.join("|")}'`);
    expect(up).toContain('docker compose up -d --remove-orphans --no-deps "${services[@]}"');
    expect(BUNDLED_DATA_SERVICES).toEqual(expect.arrayContaining(["db_postgres", "redis", "weaviate", "pgvector"]));
  });

  test("has no data volume, and Docker stays on the root volume", () => {
    expect(script).not.toContain("DATA_VOLUME_ID");
    expect(script).not.toContain("mkfs");
    expect(JSON.parse(heredoc(script, "/etc/docker/daemon.json.new"))["data-root"]).toBeUndefined();
    expect(heredoc(script, "/etc/systemd/system/dify.service")).not.toContain("RequiresMountsFor");
  });

  test("reads the endpoints and the RDS secret, and points Dify at RDS, ElastiCache and S3", () => {
    expect(configure).toContain('endpoints=$(param "${SSM_PREFIX}config/endpoints")');
    expect(configure).toContain('aws secretsmanager get-secret-value --secret-id "$db_secret" --query SecretString --output text');
    for (const key of [
      "DB_HOST",
      "DB_PORT",
      "DB_USERNAME",
      "DB_PASSWORD",
      "DB_DATABASE",
      "PGVECTOR_HOST",
      "PGVECTOR_PASSWORD",
      "REDIS_HOST",
      "REDIS_USERNAME",
      "REDIS_PASSWORD",
      "CELERY_BROKER_URL",
      "S3_BUCKET_NAME",
      "PLUGIN_STORAGE_OSS_BUCKET",
    ]) {
      expect(configure).toMatch(new RegExp(`^ov ${key} `, "m"));
    }
    expect(configure).toContain("ov REDIS_USE_SSL true");
    expect(configure).toContain("ov STORAGE_TYPE s3");
    expect(configure).toContain("ov PLUGIN_STORAGE_TYPE aws_s3");
    expect(configure).toContain("ov DB_SSL_MODE require");
    expect(configure).toContain("ov MIGRATION_ENABLED false");
    expect(configure).not.toContain("DB_EXTRAS");
  });

  test("sets the generated Redis token on the ElastiCache user and waits until it is active", () => {
    expect(script).toContain("jq -er .redis.userId");
    expect(script).toContain("token=$(secret REDIS_PASSWORD)");
    expect(script).toContain("Passwords: [env.TOKEN]");
    expect(script).toContain('awsr elasticache modify-user --cli-input-json "file://$req"');
    expect(script).toContain("awsr elasticache describe-users --user-id \"$redis_user\" --query 'Users[0].Status'");
  });

  test("migrates once per version under an SSM lease whose generations are created without --overwrite", () => {
    expect(up).toContain('lease_base="${SSM_PREFIX}migrations/$DIFY_VERSION"');
    expect(up).toContain('create_param "$lease_base/lease-$1" "$lease_file" --type String');
    expect(up).toContain("docker compose run --rm --no-deps --entrypoint flask api db upgrade");
    expect(up.indexOf("migrate_once\n")).toBeLessThan(up.indexOf("docker compose up"));
  });

  test("re-reads rotated credentials every 10 minutes", () => {
    expect(heredoc(script, "/etc/systemd/system/dify-refresh.timer")).toContain("OnUnitActiveSec=10min");
    expect(heredoc(script, "/etc/systemd/system/dify-refresh.service")).toContain("systemctl try-reload-or-restart dify.service");
    expect(heredoc(script, "/etc/systemd/system/dify.service")).toContain("ExecReload=/usr/local/sbin/dify-configure");
    expect(script).toContain("systemctl enable dify.service dify-refresh.timer");
  });
});

describe("hosts without NAT", () => {
  test("fail with instructions instead of trying to download", () => {
    const script = renderUserDataScript({ ...MANAGED, internetAccess: false });
    expect(script).toContain("INTERNET='false'");
    expect(script).toMatch(/\[ "\$INTERNET" = true \] \|\| offline "the Docker Compose plugin"/);
    expect(script).toMatch(/\[ "\$INTERNET" = true \] \|\| offline "Dify \$DIFY_VERSION from GitHub"/);
    expect(script).toContain('network.nat to \\"single\\" or \\"per-az\\"');
  });
});

describe("props", () => {
  const bad: Array<[string, Partial<UserDataProps>, RegExp]> = [
    ["a branch as version", { difyVersion: "main" }, /difyVersion must be a release tag/],
    ["latest as version", { difyVersion: "latest" }, /difyVersion/],
    ["weaviate on the managed tier", { ...MANAGED, vectorStore: "weaviate" }, /vectorStore must be "pgvector"/],
    ["all-in-one without its volume", { dataVolume: undefined }, /needs dataVolume/],
    ["managed with a volume", { ...MANAGED, dataVolume: ALL_IN_ONE.dataVolume }, /has no data volume/],
    ["an upload limit of 0", { uploadFileSizeLimitMb: 0 }, /uploadFileSizeLimitMb/],
    ["a quote in the URL", { publicUrl: "https://x.example.com/'" }, /publicUrl/],
    ["an SSM prefix without the slash", { ssmPrefix: "/dify/dev" }, /ssmPrefix/],
    ["a bad volume id", { dataVolume: { volumeId: "vol 1", deviceName: "/dev/sdf" } }, /volumeId/],
  ];
  test.each(bad)("refuses %s", (_what, patch, message) => {
    expect(() => renderUserData({ ...ALL_IN_ONE, ...patch } as UserDataProps)).toThrow(message);
  });

  test("accepts both tiers, trims a trailing slash from the URL and keeps nginx at 100 MB or more", () => {
    expect(renderUserDataScript(MANAGED)).toContain("PUBLIC_URL='https://dify.example.com'\n");
    expect(renderUserDataScript(MANAGED)).toContain("NGINX_BODY_MB='200'");
    expect(renderUserDataScript(ALL_IN_ONE)).toContain("NGINX_BODY_MB='100'");
  });
});
