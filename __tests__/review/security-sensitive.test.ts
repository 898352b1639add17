import { diffAttributes } from "../../src/review/attribute-diff";
import type { ResourceChange } from "../../src/review/diff";
import { securityFlag } from "../../src/review/security-sensitive";
import type { JsonObject } from "../../src/terraform/terraform-document";

function changed(type: string, before: JsonObject, after: JsonObject): ResourceChange {
  return { address: `${type}.x`, type, kind: "changed", before, after, attributes: diffAttributes(before, after) };
}

function added(type: string, after: JsonObject): ResourceChange {
  return { address: `${type}.x`, type, kind: "added", after, attributes: [] };
}

function removed(type: string, before: JsonObject): ResourceChange {
  return { address: `${type}.x`, type, kind: "removed", before, attributes: [] };
}

const reasons = (change: ResourceChange) => securityFlag(change)?.reasons ?? [];

const policy = (action: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "arn:aws:s3:::b/*" }] });

describe("security-sensitive changes", () => {
  describe("IAM", () => {
    test("a policy change on a role is flagged", () => {
      expect(reasons(changed("aws_iam_role_policy", { policy: policy("s3:GetObject") }, { policy: policy("s3:*") }))).toEqual(["IAM", "permissions"]);
    });
    test("OIDC providers and attachments, added or removed, are flagged", () => {
      expect(reasons(added("aws_iam_openid_connect_provider", { url: "https://app.terraform.io" }))).toEqual(["IAM"]);
      expect(reasons(removed("aws_iam_role_policy_attachment", { policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }))).toEqual(["IAM"]);
    });
    test("a tags-only change is not", () => {
      expect(securityFlag(changed("aws_iam_role", { name: "r", tags: { Owner: "a" } }, { name: "r", tags: { Owner: "b" } }))).toBeUndefined();
    });
  });

  describe("network access and public exposure", () => {
    test("0.0.0.0/0 added to an ingress rule", () => {
      const flag = securityFlag(
        changed("aws_security_group", { ingress: [{ from_port: 443, cidr_blocks: ["10.0.0.0/8"] }] }, { ingress: [{ from_port: 443, cidr_blocks: ["10.0.0.0/8", "0.0.0.0/0"] }] }),
      );
      expect(flag).toEqual({ reasons: ["network access", "public exposure"], paths: ["ingress.0.cidr_blocks"] });
    });
    test("a new ingress rule from anywhere; a new egress rule to anywhere is network access only", () => {
      expect(reasons(added("aws_vpc_security_group_ingress_rule", { cidr_ipv4: "0.0.0.0/0", from_port: 443 }))).toEqual(["network access", "public exposure"]);
      expect(reasons(added("aws_vpc_security_group_egress_rule", { cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" }))).toEqual(["network access"]);
      expect(reasons(added("aws_security_group_rule", { type: "egress", cidr_blocks: ["0.0.0.0/0"] }))).toEqual(["network access"]);
    });
    test("a default route to 0.0.0.0/0 is not exposure", () => {
      expect(securityFlag(added("aws_route", { destination_cidr_block: "0.0.0.0/0", nat_gateway_id: "nat-1" }))).toBeUndefined();
    });
    test("ALB internal → internet-facing; a new internet-facing ALB; an internal one is fine", () => {
      expect(reasons(changed("aws_lb", { internal: true }, { internal: false }))).toEqual(["public exposure"]);
      expect(reasons(added("aws_lb", { load_balancer_type: "application", subnets: ["a", "b"] }))).toEqual(["public exposure"]);
      expect(securityFlag(added("aws_lb", { internal: true }))).toBeUndefined();
    });
    test("associate_public_ip_address on a host", () => {
      expect(reasons(changed("aws_instance", { associate_public_ip_address: false }, { associate_public_ip_address: true }))).toEqual(["public exposure"]);
      expect(reasons(added("aws_instance", { instance_type: "t3.large", associate_public_ip_address: true }))).toEqual(["public exposure"]);
    });
    test("an instance type change is not security-sensitive", () => {
      expect(securityFlag(changed("aws_instance", { instance_type: "t3.large" }, { instance_type: "m7i.large" }))).toBeUndefined();
      expect(securityFlag(added("aws_instance", { instance_type: "t3.large", metadata_options: { http_tokens: "required" } }))).toBeUndefined();
    });
  });

  describe("VPC endpoints and bucket access", () => {
    test("an endpoint policy change", () => {
      expect(reasons(changed("aws_vpc_endpoint", { policy: policy("bedrock:InvokeModel") }, { policy: policy("bedrock:*") }))).toEqual(["VPC endpoint", "permissions"]);
    });
    test("a new endpoint", () => {
      expect(reasons(added("aws_vpc_endpoint", { service_name: "com.amazonaws.ap-northeast-1.bedrock", vpc_endpoint_type: "Interface" }))).toEqual(["VPC endpoint"]);
    });
    test("a public access block loosened, a bucket policy removed", () => {
      expect(reasons(changed("aws_s3_bucket_public_access_block", { block_public_policy: true }, { block_public_policy: false }))).toEqual(["bucket access"]);
      expect(reasons(removed("aws_s3_bucket_policy", { policy: policy("s3:*") }))).toEqual(["bucket access"]);
    });
  });

  describe("encryption", () => {
    test("storage_encrypted, kms_key_id, transit_encryption_enabled, sse config", () => {
      expect(reasons(changed("aws_db_instance", { storage_encrypted: true }, { storage_encrypted: false }))).toEqual(["encryption"]);
      expect(reasons(changed("aws_cloudwatch_log_group", { kms_key_id: "arn:a" }, {}))).toEqual(["encryption"]);
      expect(reasons(changed("aws_elasticache_replication_group", { transit_encryption_enabled: true }, { transit_encryption_enabled: false }))).toEqual(["encryption"]);
      const sse = (algorithm: string) => ({ rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: algorithm } }] });
      expect(reasons(changed("aws_s3_bucket_server_side_encryption_configuration", sse("aws:kms"), sse("AES256")))).toEqual(["encryption"]);
    });
    test("a new unencrypted volume; a new encrypted one is fine", () => {
      expect(reasons(added("aws_ebs_volume", { size: 100, encrypted: false }))).toEqual(["encryption"]);
      expect(securityFlag(added("aws_ebs_volume", { size: 100, encrypted: true }))).toBeUndefined();
    });
  });

  describe("deletion protection and data loss", () => {
    test("skip_final_snapshot, prevent_destroy, deletion_protection", () => {
      expect(reasons(changed("aws_db_instance", { skip_final_snapshot: false }, { skip_final_snapshot: true }))).toEqual(["deletion protection"]);
      expect(reasons(changed("aws_s3_bucket", { bucket: "b", lifecycle: { prevent_destroy: true } }, { bucket: "b" }))).toEqual(["deletion protection"]);
      expect(reasons(added("aws_db_instance", { instance_class: "db.t4g.medium", deletion_protection: false, storage_encrypted: true }))).toEqual(["deletion protection"]);
    });
    test("removing a stateful resource loses data; removing a route table does not", () => {
      expect(reasons(removed("aws_db_instance", { instance_class: "db.t4g.medium" }))).toEqual(["data loss"]);
      expect(securityFlag(removed("aws_route_table", { vpc_id: "vpc-1" }))).toBeUndefined();
    });
  });

  describe("provider and backend", () => {
    const provider = (role: string, tags: string) => ({
      region: "ap-northeast-1",
      allowed_account_ids: ["111111111111"],
      assume_role: [{ role_arn: role }],
      default_tags: [{ tags: { Owner: tags } }],
    });
    const change = (before: JsonObject, after: JsonObject): ResourceChange => ({
      address: "provider.aws",
      type: "provider",
      kind: "changed",
      before,
      after,
      attributes: diffAttributes(before, after),
    });
    test("assume_role and allowed_account_ids", () => {
      const flag = securityFlag(change(provider("arn:aws:iam::111111111111:role/a", "x"), provider("arn:aws:iam::111111111111:role/b", "x")));
      expect(flag).toEqual({ reasons: ["provider account/role"], paths: ["assume_role.0.role_arn"] });
      const accounts = { ...provider("r", "x"), allowed_account_ids: ["222222222222"] };
      expect(securityFlag(change(provider("r", "x"), accounts))?.reasons).toEqual(["provider account/role"]);
    });
    test("default tags alone are not", () => {
      expect(securityFlag(change(provider("r", "a"), provider("r", "b")))).toBeUndefined();
    });
    test("a backend change is; a provider version bump is not", () => {
      const terraform = (bucket: string, version: string) => ({
        backend: { s3: { bucket, key: "dify/prod/terraform.tfstate", encrypt: true } },
        required_providers: { aws: { source: "aws", version } },
      });
      const tf = (before: JsonObject, after: JsonObject): ResourceChange => ({
        address: "terraform",
        type: "terraform",
        kind: "changed",
        before,
        after,
        attributes: diffAttributes(before, after),
      });
      expect(securityFlag(tf(terraform("a", "5.100.0"), terraform("b", "5.100.0")))?.reasons).toEqual(["state backend"]);
      expect(securityFlag(tf(terraform("a", "5.100.0"), terraform("a", "5.101.0")))).toBeUndefined();
    });
  });

  test("instance metadata: hop limit and http_tokens", () => {
    expect(reasons(changed("aws_launch_template", { metadata_options: { http_put_response_hop_limit: 2 } }, { metadata_options: { http_put_response_hop_limit: 1 } }))).toEqual([
      "instance metadata (IMDS)",
    ]);
    expect(reasons(added("aws_instance", { metadata_options: { http_tokens: "optional" } }))).toEqual(["instance metadata (IMDS)"]);
  });
});
