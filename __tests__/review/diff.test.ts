import { diffAttributes } from "../../src/review/attribute-diff";
import { buildReview, costDelta } from "../../src/review/build-review";
import { runReview } from "../../src/review/cli";
import { diffSynth } from "../../src/review/diff";
import { shortValue } from "../../src/review/format";
import { readSynth } from "../../src/review/read-synth";
import { costFixture, writeSynthDir } from "./synth-fixtures";

describe("diffAttributes", () => {
  test("a leaf change reads old → new by dotted path", () => {
    expect(diffAttributes({ instance_type: "t3.large", root_block_device: { volume_size: 30 } }, { instance_type: "m7i.large", root_block_device: { volume_size: 50 } })).toEqual([
      { path: "instance_type", before: "t3.large", after: "m7i.large" },
      { path: "root_block_device.volume_size", before: 30, after: 50 },
    ]);
  });

  test("no change, and cdktf's // metadata ignored", () => {
    expect(diffAttributes({ a: 1, "//": { metadata: { path: "x" } } }, { a: 1, "//": { metadata: { path: "y" } } })).toEqual([]);
  });

  test("a JSON policy string is compared inside", () => {
    const policy = (actions: string[]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });
    expect(diffAttributes({ policy: policy(["s3:GetObject"]) }, { policy: policy(["s3:GetObject", "s3:PutObject"]) })).toEqual([
      { path: "policy.Statement.0.Action", added: ["s3:PutObject"], removed: [] },
    ]);
  });

  test("a list of plain values is compared as items, so an insertion is one change", () => {
    expect(diffAttributes({ cidr_blocks: ["10.0.0.0/8", "192.168.0.0/16"] }, { cidr_blocks: ["0.0.0.0/0", "10.0.0.0/8"] })).toEqual([
      { path: "cidr_blocks", added: ["0.0.0.0/0"], removed: ["192.168.0.0/16"] },
    ]);
    expect(diffAttributes({ l: ["a", "b"] }, { l: ["b", "a"] })).toEqual([{ path: "l", before: ["a", "b"], after: ["b", "a"], reordered: true }]);
  });

  test("an added or removed block lists its leaves", () => {
    expect(diffAttributes({ a: 1 }, { a: 1, lifecycle: { prevent_destroy: true } })).toEqual([{ path: "lifecycle.prevent_destroy", after: true }]);
    expect(diffAttributes({ a: 1, lifecycle: { prevent_destroy: true } }, { a: 1 })).toEqual([{ path: "lifecycle.prevent_destroy", before: true }]);
  });

  test("list indexes sort as numbers", () => {
    const before = { rule: Array.from({ length: 11 }, (_, i) => ({ n: i })) };
    const after = { rule: before.rule.map((r) => ({ n: r.n + 100 })) };
    expect(
      diffAttributes(before, after)
        .map((c) => c.path)
        .slice(0, 3),
    ).toEqual(["rule.0.n", "rule.1.n", "rule.2.n"]);
  });

  test("long values are cut", () => {
    const long = shortValue("x".repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith("…")).toBe(true);
    expect(shortValue(undefined)).toBe("(none)");
  });
});

describe("diff of two synth folders", () => {
  const base = writeSynthDir({ app: { json: costFixture() }, old: { json: costFixture({ region: "ap-northeast-1" }) } });
  const head = writeSynthDir({
    app: { json: costFixture({ instanceType: "m7i.large", ingressCidrs: ["10.0.0.0/16", "0.0.0.0/0"], withoutNat: true }) },
    fresh: { json: costFixture() },
  });

  test("resources added, changed and removed by address; stacks added and removed", () => {
    const diffs = diffSynth(readSynth(base, ""), readSynth(head, ""));
    expect(diffs.map((d) => [d.stack, d.status])).toEqual([
      ["app", "changed"],
      ["fresh", "added"],
      ["old", "removed"],
    ]);
    const app = diffs[0].changes;
    expect(app.map((c) => [c.kind, c.address])).toEqual([
      ["removed", "aws_eip.nat-eip"],
      ["changed", "aws_instance.host"],
      ["removed", "aws_nat_gateway.nat"],
      ["changed", "aws_security_group.alb-sg"],
    ]);
    expect(app[1].attributes).toEqual([{ path: "instance_type", before: "t3.large", after: "m7i.large" }]);
    expect(app[3].attributes).toEqual([{ path: "ingress.0.cidr_blocks", added: ["0.0.0.0/0"], removed: [] }]);
    expect(diffs[1].changes.every((c) => c.kind === "added")).toBe(true);
    expect(diffs[2].changes.every((c) => c.kind === "removed")).toBe(true);
  });

  test("the cost change per stack: the bigger instance, minus the NAT gateway and its EIP", () => {
    const review = buildReview(readSynth(head, ""), readSynth(base, ""));
    const app = review.stacks.find((s) => s.name === "app")!;
    expect(costDelta(app)).toBeCloseTo((0.1008 - 0.0832) * 730 - 32.85 - 0.45 - 3.65, 6);
    const fresh = review.stacks.find((s) => s.name === "fresh")!;
    expect(costDelta(fresh)).toBeCloseTo(fresh.head!.cost.total!, 6);
    const old = review.stacks.find((s) => s.name === "old")!;
    expect(costDelta(old)).toBeCloseTo(-old.base!.cost!.total!, 6);
  });

  test("the Markdown lists the changes, flags the security-sensitive ones first, and shows the cost change", () => {
    const { output, exitCode } = runReview(["--dir", head, "--base", base]);
    expect(exitCode).toBe(0);
    const security = output.indexOf("### ⚠️ Security-sensitive changes");
    expect(security).toBeGreaterThan(0);
    expect(security).toBeLessThan(output.indexOf("### Summary"));
    expect(output).toContain('- ⚠️ `app` `aws_security_group.alb-sg` changed: network access, public exposure\n  - `ingress.0.cidr_blocks`: added `"0.0.0.0/0"`');
    expect(output).toContain('- changed `aws_instance.host`\n  - `instance_type`: `"t3.large"` → `"m7i.large"`');
    expect(output).toContain("- removed `aws_nat_gateway.nat`");
    expect(output).toContain("#### Changes: stack added");
    expect(output).toContain("#### Changes: stack removed");
    // The removed stack's data stores are flagged: removing them loses data.
    expect(output).toMatch(/- ⚠️ `old` `aws_db_instance\.db` removed: data loss/);
    expect(output).toContain("| `app` | us-west-2 | 20 | +0 ~2 -2 ⚠️ 1 |");
    expect(output).toContain("Change against the base: -$24.10 ($375.28 → $351.18).");
  });
});
