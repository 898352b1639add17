import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for S3 and STS, for running Terraform's real S3 backend
 * in tests without AWS or Docker. It listens on 127.0.0.1 on a free port and
 * implements exactly what the backend uses:
 *
 * - path-style object GET, PUT, HEAD and DELETE, and ListObjectsV2;
 * - conditional PUT: `If-None-Match: *` on an existing key answers 412
 *   PreconditionFailed, which is how S3-native locking (`use_lockfile`)
 *   detects a held lock. Node runs one handler at a time and the check and
 *   the write happen in the same tick, so two racing PUTs cannot both win;
 * - aws-chunked request bodies (signed or unsigned, with or without
 *   trailers), decoded before storing;
 * - STS AssumeRole (form POST), answered with temporary credentials whose
 *   access key id identifies the session, so every later S3 request is
 *   attributed to the role and session name it came from;
 * - an authorizer hook for every S3 request, which the tests back with the
 *   synthesized bucket policy and the synthesized state role policies.
 *
 * Signatures are not checked: the point is what Terraform sends, not AWS
 * authentication. Every request is recorded.
 */

export interface RecordedRequest {
  readonly at: number;
  readonly method: string;
  /** "s3" or "sts". */
  readonly service: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly query: Record<string, string>;
  /** Lower-case header names. */
  readonly headers: Record<string, string>;
  /** Role and session of the credentials used, when they came from AssumeRole here. */
  readonly roleArn?: string;
  readonly sessionName?: string;
  /** Access key id from the Authorization header. */
  readonly accessKeyId?: string;
  status: number;
}

export interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
  /** `x-amz-server-side-encryption` as sent. */
  readonly sse?: string;
  /** `x-amz-server-side-encryption-aws-kms-key-id` as sent. */
  readonly kmsKeyIdSent?: string;
  /** The key ARN the object is recorded under: S3 resolves an alias to its key. */
  readonly kmsKeyArn?: string;
}

export interface S3Request {
  /** The IAM action S3 authorizes: s3:GetObject (also for HEAD), s3:PutObject, s3:DeleteObject, s3:ListBucket. */
  readonly action: string;
  readonly bucket: string;
  /** The object key; absent for s3:ListBucket. */
  readonly key?: string;
  /** The ListObjectsV2 prefix, for s3:ListBucket. */
  readonly prefix?: string;
  readonly headers: Record<string, string>;
  /** The assumed-role ARN of the caller (arn:aws:sts::...:assumed-role/...), or the fallback principal. */
  readonly principal: string;
  /** The role the caller's credentials came from, when they came from AssumeRole here. */
  readonly roleArn?: string;
}

export interface S3TestServerOptions {
  readonly buckets: readonly string[];
  /** Account id that AssumeRole answers for, and the owner of the buckets. */
  readonly accountId: string;
  /** Alias ARN to key ARN, as KMS would resolve them. */
  readonly kmsAliases?: Record<string, string>;
  /** Decides whether an S3 request is allowed; resolves to false for 403 AccessDenied. */
  readonly authorize?: (request: S3Request) => Promise<boolean>;
  /** Principal of requests whose credentials did not come from AssumeRole here. */
  readonly callerArn?: string;
}

interface Session {
  readonly roleArn: string;
  readonly sessionName: string;
}

export class S3TestServer {
  readonly requests: RecordedRequest[] = [];
  /** "<bucket>/<key>" to the object. */
  readonly objects = new Map<string, StoredObject>();
  private readonly sessions = new Map<string, Session>();
  private readonly server: http.Server;
  private port = 0;

  constructor(private readonly options: S3TestServerOptions) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.endpoint;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  object(bucket: string, key: string): StoredObject | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(",") : (value ?? "");
    const raw = await readBody(req);
    const accessKeyId = /Credential=([^/]+)\//.exec(headers.authorization ?? "")?.[1];
    const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? "")?.[1] ?? "s3";
    const session = accessKeyId ? this.sessions.get(accessKeyId) : undefined;
    const [, bucket, ...keyParts] = url.pathname.split("/").map(decodeURIComponent);
    const record: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? "",
      service,
      bucket: bucket || undefined,
      key: keyParts.length ? keyParts.join("/") : undefined,
      query: Object.fromEntries(url.searchParams),
      headers,
      roleArn: session?.roleArn,
      sessionName: session?.sessionName,
      accessKeyId,
      status: 0,
    };
    this.requests.push(record);
    const reply = (status: number, body = "", extra: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { "x-amz-request-id": randomUUID(), ...extra });
      res.end(req.method === "HEAD" ? undefined : body);
    };

    if (service === "sts") return this.assumeRole(new URLSearchParams(raw.toString("utf8")), reply);
    if (!record.bucket || !this.options.buckets.includes(record.bucket)) {
      return reply(404, s3Error("NoSuchBucket", "The specified bucket does not exist"), XML);
    }
    const principal = session ? assumedRoleArn(this.options.accountId, session) : (this.options.callerArn ?? "anonymous");
    const denied = (): void => reply(403, s3Error("AccessDenied", "User is not authorized to perform this action"), XML);
    const allowed = (action: string, extra: { key?: string; prefix?: string } = {}): Promise<boolean> =>
      this.options.authorize ? this.options.authorize({ action, bucket: record.bucket!, headers, principal, roleArn: session?.roleArn, ...extra }) : Promise.resolve(true);
    if (record.key === undefined || record.key === "") {
      if (req.method === "GET" && url.searchParams.get("list-type") === "2") {
        if (!(await allowed("s3:ListBucket", { prefix: url.searchParams.get("prefix") ?? "" }))) return denied();
        return reply(200, this.list(record.bucket, url.searchParams), XML);
      }
      if (req.method === "HEAD") return reply(200);
      return reply(501, s3Error("NotImplemented", `${req.method} ${url.search} on a bucket`), XML);
    }
    const id = `${record.bucket}/${record.key}`;
    const action = { GET: "s3:GetObject", HEAD: "s3:GetObject", PUT: "s3:PutObject", DELETE: "s3:DeleteObject" }[req.method ?? ""];
    if (action && !(await allowed(action, { key: record.key }))) return denied();
    switch (req.method) {
      case "GET":
      case "HEAD": {
        const obj = this.objects.get(id);
        if (!obj) return reply(404, s3Error("NoSuchKey", "The specified key does not exist."), XML);
        return reply(200, obj.body.toString("utf8"), objectHeaders(obj));
      }
      case "PUT": {
        const body = headers["content-encoding"]?.includes("aws-chunked") || headers["x-amz-content-sha256"]?.startsWith("STREAMING-") ? decodeAwsChunked(raw) : raw;
        // Checked after every await, so that no other PUT can slip in between.
        if (headers["if-none-match"] === "*" && this.objects.has(id)) {
          return reply(412, s3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold"), XML);
        }
        const sent = headers["x-amz-server-side-encryption-aws-kms-key-id"];
        const obj: StoredObject = {
          body,
          etag: `"${randomUUID().replace(/-/g, "")}"`,
          lastModified: new Date(),
          sse: headers["x-amz-server-side-encryption"],
          kmsKeyIdSent: sent,
          kmsKeyArn: sent ? (this.options.kmsAliases?.[sent] ?? sent) : undefined,
        };
        this.objects.set(id, obj);
        return reply(200, "", sseHeaders(obj, { etag: obj.etag }));
      }
      case "DELETE":
        this.objects.delete(id);
        return reply(204);
      default:
        return reply(501, s3Error("NotImplemented", `${req.method} on an object`), XML);
    }
  }

  private assumeRole(form: URLSearchParams, reply: (status: number, body: string, extra: Record<string, string>) => void): void {
    const roleArn = form.get("RoleArn") ?? "";
    const sessionName = form.get("RoleSessionName") ?? "";
    if (form.get("Action") !== "AssumeRole" || !roleArn || !sessionName) {
      reply(400, `<ErrorResponse><Error><Code>InvalidAction</Code><Message>only AssumeRole</Message></Error></ErrorResponse>`, XML);
      return;
    }
    const accessKeyId = `ASIA${randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}`;
    this.sessions.set(accessKeyId, { roleArn, sessionName });
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    reply(
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
        `<AssumedRoleUser><Arn>${assumedRoleArn(this.options.accountId, { roleArn, sessionName })}</Arn><AssumedRoleId>AROATEST:${sessionName}</AssumedRoleId></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>test-secret</SecretAccessKey><SessionToken>test-token-${accessKeyId}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      XML,
    );
  }

  private list(bucket: string, params: URLSearchParams): string {
    const prefix = params.get("prefix") ?? "";
    const delimiter = params.get("delimiter") ?? "";
    const keys = [...this.objects.keys()]
      .filter((id) => id.startsWith(`${bucket}/`))
      .map((id) => id.slice(bucket.length + 1))
      .filter((key) => key.startsWith(prefix))
      .sort();
    const contents: string[] = [];
    const prefixes = new Set<string>();
    for (const key of keys) {
      const rest = key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (cut >= 0) prefixes.add(prefix + rest.slice(0, cut + delimiter.length));
      else {
        const obj = this.objects.get(`${bucket}/${key}`)!;
        contents.push(
          `<Contents><Key>${xml(key)}</Key><LastModified>${obj.lastModified.toISOString()}</LastModified><ETag>${xml(obj.etag)}</ETag><Size>${obj.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        );
      }
    }
    return (
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
      `<Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${contents.length + prefixes.size}</KeyCount><MaxKeys>1000</MaxKeys>` +
      (delimiter ? `<Delimiter>${xml(delimiter)}</Delimiter>` : "") +
      `<IsTruncated>false</IsTruncated>${contents.join("")}` +
      [...prefixes].map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`).join("") +
      `</ListBucketResult>`
    );
  }
}

const XML = { "content-type": "application/xml" };

/** `arn:aws:sts::<account>:assumed-role/<role name>/<session>`, the principal S3 sees. */
function assumedRoleArn(accountId: string, session: Session): string {
  return `arn:aws:sts::${accountId}:assumed-role/${session.roleArn.split("/").pop()}/${session.sessionName}`;
}

function objectHeaders(obj: StoredObject): Record<string, string> {
  return sseHeaders(obj, {
    etag: obj.etag,
    "last-modified": obj.lastModified.toUTCString(),
    "content-length": String(obj.body.length),
    "content-type": "application/json",
  });
}

function sseHeaders(obj: StoredObject, out: Record<string, string>): Record<string, string> {
  if (obj.sse) out["x-amz-server-side-encryption"] = obj.sse;
  if (obj.kmsKeyArn) out["x-amz-server-side-encryption-aws-kms-key-id"] = obj.kmsKeyArn;
  return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Decodes an aws-chunked body: `<hex size>[;chunk-signature=...]\r\n<data>\r\n`
 * repeated, ended by a zero-size chunk and optional trailer lines.
 */
export function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf("\r\n", at);
    if (eol < 0) throw new Error("aws-chunked body without a chunk header");
    const size = parseInt(raw.subarray(at, eol).toString("latin1").split(";")[0], 16);
    if (Number.isNaN(size)) throw new Error("aws-chunked body with a bad chunk size");
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xml(message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`;
}

function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
