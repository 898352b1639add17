import { decodeAwsChunked, S3TestServer } from "./s3-test-server";

/** The local S3 and STS endpoint itself, so that the state tests stand on something checked. */

const server = new S3TestServer({
  buckets: ["bucket"],
  accountId: "000000000000",
  kmsAliases: { "arn:aws:kms:ap-northeast-1:000000000000:alias/state": "arn:aws:kms:ap-northeast-1:000000000000:key/k" },
  authorize: async (request) => request.key !== "forbidden",
});
let endpoint = "";

beforeAll(async () => {
  endpoint = await server.start();
});
afterAll(() => server.stop());

const auth = (accessKeyId: string, service = "s3") => ({
  authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261130/ap-northeast-1/${service}/aws4_request, SignedHeaders=host, Signature=x`,
});

describe("S3 test server", () => {
  test("conditional PUT: the first If-None-Match: * wins, every later one gets 412 PreconditionFailed", async () => {
    const put = (body: string) => fetch(`${endpoint}/bucket/a.tflock`, { method: "PUT", headers: { ...auth("AKID"), "if-none-match": "*" }, body });
    const statuses = (await Promise.all(["1", "2", "3", "4"].map(put))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412]);
    const refused = await put("5");
    expect(await refused.text()).toContain("<Code>PreconditionFailed</Code>");
    expect((await fetch(`${endpoint}/bucket/a.tflock`, { method: "DELETE" })).status).toBe(204);
    expect((await put("6")).status).toBe(200);
  });

  test("aws-chunked bodies are stored decoded, with the SSE headers as sent and the alias resolved", async () => {
    const chunked = "5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
    const res = await fetch(`${endpoint}/bucket/dir/state`, {
      method: "PUT",
      headers: {
        ...auth("AKID"),
        "content-encoding": "aws-chunked",
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:ap-northeast-1:000000000000:alias/state",
      },
      body: chunked,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amz-server-side-encryption-aws-kms-key-id")).toBe("arn:aws:kms:ap-northeast-1:000000000000:key/k");
    const get = await fetch(`${endpoint}/bucket/dir/state`);
    expect(await get.text()).toBe("hello world");
    expect(server.object("bucket", "dir/state")).toMatchObject({ sse: "aws:kms", kmsKeyIdSent: "arn:aws:kms:ap-northeast-1:000000000000:alias/state" });
    expect(decodeAwsChunked(Buffer.from("3\r\nabc\r\n0\r\n\r\n")).toString()).toBe("abc");
  });

  test("HEAD, GET of a missing key, ListObjectsV2 with prefix and delimiter", async () => {
    expect((await fetch(`${endpoint}/bucket/dir/state`, { method: "HEAD" })).headers.get("content-length")).toBe("11");
    const missing = await fetch(`${endpoint}/bucket/nope`);
    expect([missing.status, await missing.text()]).toEqual([404, expect.stringContaining("<Code>NoSuchKey</Code>")]);
    const list = await (await fetch(`${endpoint}/bucket?list-type=2&prefix=&delimiter=/`)).text();
    expect(list).toContain("<Key>a.tflock</Key>");
    expect(list).toContain("<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>");
    expect(list).not.toContain("<Key>dir/state</Key>");
  });

  test("the authorizer's refusal is a 403 AccessDenied and stores nothing", async () => {
    const res = await fetch(`${endpoint}/bucket/forbidden`, { method: "PUT", headers: auth("AKID"), body: "x" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>AccessDenied</Code>");
    expect(server.object("bucket", "forbidden")).toBeUndefined();
  });

  test("STS AssumeRole answers credentials that attribute later requests to the role and session", async () => {
    const res = await fetch(endpoint, {
      method: "POST",
      headers: { ...auth("AKIDCALLER", "sts"), "content-type": "application/x-www-form-urlencoded" },
      body: "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fstate-dev&RoleSessionName=dify-dev-state",
    });
    const xml = await res.text();
    expect(xml).toContain("<Arn>arn:aws:sts::000000000000:assumed-role/state-dev/dify-dev-state</Arn>");
    const key = /<AccessKeyId>([^<]+)</.exec(xml)![1];
    await fetch(`${endpoint}/bucket/dir/state`, { headers: auth(key) });
    expect(server.requests.at(-1)).toMatchObject({
      method: "GET",
      key: "dir/state",
      roleArn: "arn:aws:iam::000000000000:role/state-dev",
      sessionName: "dify-dev-state",
    });
  });
});
