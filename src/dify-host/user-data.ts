import { Token } from "cdktf";
import type { DifyTier } from "../config/types";
import { agentConfig, DATA_MOUNT_POINT, diskPaths } from "./cloudwatch-agent";
import { composeOverride } from "./compose-override";
import { difyRelease } from "./dify-releases";
import { dockerDaemonConfig } from "./docker-daemon";
import { BUNDLED_DATA_SERVICES, renderSettings } from "./env-overrides";
import { METADATA_ADDRESS, roleServices } from "./metadata-access";
import { SSRF_PROXY_CONF_PATH, ssrfProxyConf } from "./ssrf-proxy";
import { readTemplate } from "./templates";
import { escapeTerraform } from "./terraform-escape";

/** The data volume of the all-in-one tier, attached by the lead's aws_volume_attachment. */
export interface DataVolumeProps {
  /** EBS volume id (a token is fine), e.g. aws_ebs_volume.id. @default none (required) */
  readonly volumeId: string;
  /** Device name of the attachment, e.g. "/dev/sdf"; on Nitro the disk is found by volume id instead. @default none (required) */
  readonly deviceName: string;
}

/** Everything the boot script of a Dify host needs. Values may be Terraform tokens unless stated. */
export interface UserDataProps {
  /** Pinned Dify release, a langgenius/dify tag such as "1.10.1" (never a branch or "latest"). Not a token. @default none (required) */
  readonly difyVersion: string;
  /** "all-in-one" (everything on one host, data on the data volume) or "managed" (RDS, ElastiCache, S3). Not a token. @default none (required) */
  readonly tier: DifyTier;
  /** Vector store; the managed tier requires "pgvector" (on RDS). Not a token. @default none (required) */
  readonly vectorStore: "weaviate" | "pgvector";
  /** AWS region of the host, e.g. "ap-northeast-1". @default none (required) */
  readonly region: string;
  /** SSM Parameter Store path of the environment, ending in "/", e.g. "/dify/prod/". @default none (required) */
  readonly ssmPrefix: string;
  /** ARN of the environment KMS key (or an alias ARN) that encrypts the generated secrets. @default none (required) */
  readonly kmsKeyArn: string;
  /** CloudWatch log group for container logs and the boot log (created by Terraform). @default none (required) */
  readonly logGroupName: string;
  /** Value of the `Deployment` dimension of the host metrics: the name prefix, e.g. "dify-prod". @default none (required) */
  readonly deployment: string;
  /** Public base URL of Dify, e.g. "https://dify.example.com". @default none (required) */
  readonly publicUrl: string;
  /** Dify's upload limit (MB); nginx allows max(this, 100 MB). @default 15 */
  readonly uploadFileSizeLimitMb?: number;
  /** Whether the host reaches the internet (a NAT gateway). Without it the boot fails with instructions. @default true */
  readonly internetAccess?: boolean;
  /** The data volume; required for "all-in-one", not allowed for "managed". @default none */
  readonly dataVolume?: DataVolumeProps;
  /** Docker Compose plugin release installed from GitHub. Not a token. @default "2.40.3" */
  readonly composeVersion?: string;
}

/** The Docker Compose plugin release the hosts install. */
const DEFAULT_COMPOSE_VERSION = "2.40.3";
/** nginx never allows less than upstream's default body size: plugin packages (50 MB) and videos pass through it. */
const MIN_NGINX_BODY_MB = 100;

/** A file the boot script writes on the host (for tests and reviewers). */
export interface HostFile {
  readonly path: string;
  readonly mode: "0644" | "0755";
  readonly content: string;
}

/**
 * The boot script as Terraform user data: every literal `${` and `%{` of the
 * script is escaped, the props (which may be tokens) are not. Pass it straight
 * to aws_instance `user_data`; hosts get it gzipped through gzippedUserData.
 */
export function renderUserData(props: UserDataProps): string {
  return pieces(props)
    .map((p) => (p.prop ? p.text : escapeTerraform(p.text)))
    .join("");
}

/** The same script as plain bash, as the host runs it (for shellcheck and reading). */
export function renderUserDataScript(props: UserDataProps): string {
  return pieces(props)
    .map((p) => p.text)
    .join("");
}

/** The commands and library the boot script installs (they hold no props). */
export function renderHostFiles(props: UserDataProps): HostFile[] {
  const managed = resolve(props).tier === "managed";
  const up = managed ? fill(readTemplate("scripts/up-managed.sh"), { "@@BUNDLED@@": BUNDLED_DATA_SERVICES.join("|") }) : readTemplate("scripts/up-all-in-one.sh");
  const files: HostFile[] = [
    { path: "/usr/local/lib/dify/lib.sh", mode: "0644", content: readTemplate("scripts/lib.sh") },
    {
      path: "/usr/local/sbin/dify-configure",
      mode: "0755",
      content: fill(readTemplate("scripts/dify-configure.sh"), { "@@OVERRIDES@@": renderSettings(props.tier, props.vectorStore, difyRelease(props.difyVersion)) }),
    },
    { path: "/usr/local/sbin/dify-up", mode: "0755", content: fill(readTemplate("scripts/dify-up.sh"), { "@@UP@@\n": up }) },
    {
      path: "/usr/local/sbin/dify-firewall",
      mode: "0755",
      content: fill(readTemplate("scripts/firewall.sh"), { "@@ROLE_SERVICES@@": roleServices(props.tier).join(" "), "@@METADATA@@": METADATA_ADDRESS }),
    },
  ];
  return files.map((f) => ({ ...f, content: stripComments(f.content, 1) }));
}

/** A stretch of the script: template text, or a prop value that must reach Terraform unescaped. */
interface Piece {
  readonly text: string;
  readonly prop?: boolean;
}

type Resolved = Required<Omit<UserDataProps, "dataVolume">> & Pick<UserDataProps, "dataVolume">;

function resolve(props: UserDataProps): Resolved {
  const resolved: Resolved = {
    ...props,
    uploadFileSizeLimitMb: props.uploadFileSizeLimitMb ?? 15,
    internetAccess: props.internetAccess ?? true,
    composeVersion: props.composeVersion ?? DEFAULT_COMPOSE_VERSION,
    publicUrl: Token.isUnresolved(props.publicUrl) ? props.publicUrl : props.publicUrl.replace(/\/+$/, ""),
  };
  validate(resolved);
  return resolved;
}

const LITERAL_RULES: Array<[keyof Resolved, RegExp, string]> = [
  ["difyVersion", /^\d+\.\d+\.\d+$/, 'a release tag such as "1.10.1" (never a branch or "latest")'],
  ["composeVersion", /^\d+\.\d+\.\d+$/, 'a Docker Compose release such as "2.40.3"'],
  ["region", /^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as "ap-northeast-1"'],
  ["ssmPrefix", /^\/[A-Za-z0-9_.\-/]*\/$/, 'an SSM path ending in "/", such as "/dify/prod/"'],
  ["kmsKeyArn", /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/, "a KMS key or alias ARN"],
  ["logGroupName", /^[A-Za-z0-9_\-/.#]{1,512}$/, "a CloudWatch log group name"],
  ["deployment", /^[A-Za-z0-9_.-]{1,255}$/, 'a dimension value such as "dify-prod"'],
  ["publicUrl", /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~\-/]*)?$/, 'a URL such as "https://dify.example.com"'],
];

function validate(p: Resolved): void {
  const fail = (message: string): never => {
    throw new Error(`Dify host user data: ${message}`);
  };
  for (const field of ["difyVersion", "tier", "vectorStore", "composeVersion"] as const) {
    if (Token.isUnresolved(p[field])) fail(`${field} must be a literal value, not a Terraform reference`);
  }
  for (const [field, pattern, what] of LITERAL_RULES) {
    const value = String(p[field]);
    if (!Token.isUnresolved(value) && !pattern.test(value)) fail(`${field} must be ${what}, got ${JSON.stringify(value)}`);
  }
  if (p.tier !== "all-in-one" && p.tier !== "managed") fail(`tier must be "all-in-one" or "managed", got ${JSON.stringify(p.tier)}`);
  if (p.vectorStore !== "weaviate" && p.vectorStore !== "pgvector") fail(`vectorStore must be "weaviate" or "pgvector", got ${JSON.stringify(p.vectorStore)}`);
  if (p.tier === "managed" && p.vectorStore !== "pgvector") fail('the managed tier keeps vectors in RDS: vectorStore must be "pgvector"');
  if (!Token.isUnresolved(p.uploadFileSizeLimitMb) && !(Number.isInteger(p.uploadFileSizeLimitMb) && p.uploadFileSizeLimitMb >= 1 && p.uploadFileSizeLimitMb <= 1024)) {
    fail(`uploadFileSizeLimitMb must be a whole number of MB from 1 to 1024, got ${p.uploadFileSizeLimitMb}`);
  }
  if (p.tier === "all-in-one" && !p.dataVolume) fail("the all-in-one tier needs dataVolume (its data lives there)");
  if (p.tier === "managed" && p.dataVolume) fail("the managed tier has no data volume");
  if (p.dataVolume) {
    const { volumeId, deviceName } = p.dataVolume;
    if (!Token.isUnresolved(volumeId) && !/^vol-[0-9a-f]{8,17}$/.test(volumeId)) fail(`dataVolume.volumeId must be an EBS volume id, got ${JSON.stringify(volumeId)}`);
    if (!/^\/dev\/(sd|xvd)[b-z]$/.test(deviceName)) fail(`dataVolume.deviceName must be a device name such as "/dev/sdf", got ${JSON.stringify(deviceName)}`);
  }
}

function hostEnv(p: Resolved): Array<[string, string]> {
  const allInOne = p.tier === "all-in-one";
  const nginxBody = Token.isUnresolved(p.uploadFileSizeLimitMb) ? String(MIN_NGINX_BODY_MB) : String(Math.max(p.uploadFileSizeLimitMb, MIN_NGINX_BODY_MB));
  return [
    ["DIFY_VERSION", p.difyVersion],
    ["TIER", p.tier],
    ["VECTOR_STORE", p.vectorStore],
    ["REGION", p.region],
    ["SSM_PREFIX", p.ssmPrefix],
    ["KMS_KEY_ARN", p.kmsKeyArn],
    ["LOG_GROUP", p.logGroupName],
    ["DEPLOYMENT", p.deployment],
    ["PUBLIC_URL", p.publicUrl],
    ["UPLOAD_MB", String(p.uploadFileSizeLimitMb)],
    ["NGINX_BODY_MB", nginxBody],
    ["INTERNET", String(p.internetAccess)],
    ["COMPOSE_VERSION", p.composeVersion],
    ["DATA_DIR", allInOne ? `${DATA_MOUNT_POINT}/dify` : "/var/lib/dify"],
    ...(p.dataVolume
      ? ([
          ["DATA_VOLUME_ID", p.dataVolume.volumeId],
          ["DATA_DEVICE", p.dataVolume.deviceName],
        ] as Array<[string, string]>)
      : []),
  ];
}

function pieces(props: UserDataProps): Piece[] {
  const p = resolve(props);
  const allInOne = p.tier === "all-in-one";
  const json = (value: object) => JSON.stringify(value);
  const files = renderHostFiles(p)
    .map((f) => `cat >${f.path} <<'DIFY_EOF'\n${f.content}DIFY_EOF\nchmod ${f.mode} ${f.path}\n`)
    .join("");
  const refresh = allInOne
    ? ""
    : ["dify-refresh.service", "dify-refresh.timer"].map((unit) => `cat >/etc/systemd/system/${unit} <<'DIFY_EOF'\n${readTemplate(`units/${unit}`)}DIFY_EOF\n`).join("");
  const service = fill(readTemplate("units/dify.service"), {
    "@@UNIT_EXTRA@@\n": allInOne ? `RequiresMountsFor=${DATA_MOUNT_POINT}\n` : "",
  });
  const text = fill(readTemplate("scripts/boot.sh"), {
    "@@FILES@@\n": files,
    "@@DATA_VOLUME@@\n": allInOne ? readTemplate("scripts/data-volume.sh") : "",
    "@@DAEMON_JSON@@": json(dockerDaemonConfig(allInOne ? `${DATA_MOUNT_POINT}/docker` : undefined)),
    "@@AGENT_JSON@@": json(agentConfig(diskPaths(p.tier))),
    "@@COMPOSE_OVERRIDE@@": composeOverride(p.tier, p.vectorStore, difyRelease(p.difyVersion)),
    "@@FIREWALL_UNIT@@\n": readTemplate("units/dify-firewall.service"),
    "@@SSRF_PROXY_CONF_PATH@@": SSRF_PROXY_CONF_PATH,
    "@@SSRF_PROXY_CONF@@": ssrfProxyConf(),
    "@@REDIS_USER@@\n": allInOne ? "" : readTemplate("scripts/redis-user.sh"),
    "@@DIFY_SERVICE@@\n": service,
    "@@EXTRA_UNITS@@\n": refresh,
    "@@ENABLE@@": allInOne ? "dify.service" : "dify.service dify-refresh.timer",
    "@@START_TIMERS@@\n": allInOne ? "" : "systemctl start dify-refresh.timer\n",
  });

  // host.env is the only place the props appear: they stay unescaped, so
  // Terraform references (the key ARN, the volume id) are resolved.
  const [before, after] = stripComments(text, 3).split("@@HOST_ENV@@");
  const env = hostEnv(p).flatMap(([key, value], i): Piece[] => [{ text: `${i ? "\n" : ""}${key}='` }, { text: value, prop: true }, { text: "'" }]);
  return [{ text: before }, ...env, { text: after }];
}

/**
 * Drops whole-line comments (the sources in src/dify-host keep them) to stay
 * well inside EC2's 16 KB user data limit. Kept: the shebang, the header and
 * shellcheck directives.
 */
function stripComments(script: string, keep = 3): string {
  const lines = script.split("\n");
  return lines.filter((line, i) => i < keep || !/^\s*#(?!!|\s*shellcheck\b)/.test(line)).join("\n");
}

/** Replaces each placeholder once, literally (no `$&` patterns), and insists that each is there. */
function fill(template: string, values: Readonly<Record<string, string>>): string {
  let text = template;
  for (const [placeholder, value] of Object.entries(values)) {
    if (!text.includes(placeholder)) throw new Error(`template has no ${JSON.stringify(placeholder)}`);
    text = text.replace(placeholder, () => value);
  }
  return text;
}
