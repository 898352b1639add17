import { Testing } from "cdktf";
import { DifyStack } from "../src/stacks/dify-stack";
import { environment, exampleConfig } from "./helpers/fixtures";

/** Attribute names that carry a physical (account- or region-unique) name. */
const NAME_KEYS = new Set(["name", "bucket", "identifier", "replication_group_id", "user_id", "user_name", "user_group_id", "function_name", "domain_name"]);

/** Top-level name attributes and Name tags of every resource (nested names, such as DB parameters, are not physical). */
function physicalNames(tf: any): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(tf.resource ?? {})) {
    // Inline policy names are scoped to their role, not to the account.
    if (type === "aws_iam_role_policy") continue;
    for (const resource of Object.values(byName as Record<string, any>)) {
      for (const [key, value] of Object.entries(resource)) {
        if (NAME_KEYS.has(key) && typeof value === "string" && !value.includes("${")) out.push(value);
      }
      if (typeof resource.tags?.Name === "string") out.push(resource.tags.Name);
    }
  }
  return out;
}

describe("namespaces", () => {
  const synth = (namespace: string) => {
    const config = exampleConfig({ "staging.json": { namespace } });
    return JSON.parse(Testing.synth(new DifyStack(Testing.app(), config.organization, environment(config, "staging"))));
  };
  const alice = synth("alice");
  const bob = synth("bob");

  test("two namespaces of one environment share the account without any physical name in common", () => {
    const a = physicalNames(alice);
    const b = new Set(physicalNames(bob));
    expect(a.length).toBeGreaterThan(30);
    expect(a.filter((n) => b.has(n))).toEqual([]);
  });

  test("names, state key and host name carry the namespace", () => {
    expect(physicalNames(alice)).toEqual(expect.arrayContaining(["dify-staging-alice-host", "dify-staging-alice-vpc"]));
    expect(alice.terraform.backend.s3.key).toBe("dify/staging/alice/terraform.tfstate");
    expect(alice.provider.aws[0].default_tags[0].tags.Namespace).toBe("alice");
    expect(alice.output.url.value).toBe("https://alice.dify-staging.example.com");
  });
});
