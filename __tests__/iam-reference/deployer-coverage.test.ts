import * as fs from "node:fs";
import * as path from "node:path";
import { DATA_SOURCE_ACTIONS, RESOURCE_ACTIONS } from "../../src/iam/resource-actions";
import { ROOT } from "../helpers/fixtures";
import { deployerPoliciesFor } from "./deployer-policies";
import { deployerRequests } from "./deployer-requests";
import { simulate } from "./simulate";
import { exampleConfigs, matrixConfig } from "./stack-matrix";

/** Every provider module the sources import, as a Terraform type name. */
function importedTypes(): { resources: string[]; data: string[] } {
  const modules = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith(".ts")) for (const m of fs.readFileSync(file, "utf8").matchAll(/@cdktf\/provider-aws\/lib\/([a-z0-9-]+)/g)) modules.add(m[1]);
    }
  };
  walk(path.join(ROOT, "src"));
  const names = [...modules].filter((m) => m !== "provider").map((m) => m.replace(/-/g, "_"));
  return {
    resources: names.filter((n) => !n.startsWith("data_aws_")).map((n) => `aws_${n}`),
    data: names.filter((n) => n.startsWith("data_aws_")).map((n) => n.replace(/^data_/, "")),
  };
}

/**
 * Calls the simulator cannot represent, each for a reason in the reference
 * data rather than in our policies. They are listed so that a new one fails.
 */
const REFERENCE_GAPS = new Set([
  // The reference merges ELB v1 and v2 under one prefix and keeps only v1's
  // resource type (loadbalancer) for the tag actions, so a v2 target group or
  // listener ARN is "no resource type" to the simulator.
  "elasticloadbalancing:AddTags",
  "elasticloadbalancing:RemoveTags",
  // Backup vault and plan ARNs match several resource types of the tag
  // actions (vaults of every kind share one ARN format).
  "backup:TagResource",
  "backup:UntagResource",
  "backup:ListTags",
  // Public parameters (latest AMI ids) have ARNs without an account, which
  // the simulator refuses.
  "ssm:GetParameter",
]);

describe("deployer coverage, simulated", () => {
  test("every resource type and data source the sources can declare has a row of provider calls", () => {
    const { resources, data } = importedTypes();
    expect(resources.length).toBeGreaterThan(50);
    expect(resources.filter((t) => !RESOURCE_ACTIONS[t])).toEqual([]);
    expect(data.filter((t) => !DATA_SOURCE_ACTIONS[t])).toEqual([]);
  });

  test("the deployer role, within its boundary, may make every call that deploys, updates and destroys each example stack (and a namespaced one)", async () => {
    const denied: string[] = [];
    const gaps = new Set<string>();
    let simulated = 0;
    for (const group of [...exampleConfigs(), matrixConfig("namespace")]) {
      for (const stack of group.environments.filter((s) => group.label !== "matrix namespace" || s.environment === "staging")) {
        const { principal, policies } = deployerPoliciesFor(group, stack);
        const { requests, problems } = await deployerRequests(stack);
        denied.push(...problems);
        for (const r of requests) {
          simulated++;
          const verdict = await simulate({ ...r, principal }, { ...policies, resource: r.resourcePolicy });
          if (verdict.startsWith("error:") && REFERENCE_GAPS.has(r.action)) gaps.add(r.action);
          else if (verdict !== "Allowed") denied.push(`${stack.name} ${r.by}: ${r.action} on ${r.resource}: ${verdict}`);
        }
      }
    }
    expect(simulated).toBeGreaterThan(300);
    expect(denied).toEqual([]);
    expect([...gaps].sort()).toEqual([...REFERENCE_GAPS].sort());
  });
});
