import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { diffAttributes } from "../../src/review/attribute-diff";
import { buildReview } from "../../src/review/build-review";
import { runReview } from "../../src/review/cli";
import { changedLines } from "../../src/review/line-diff";
import { readSynth } from "../../src/review/read-synth";
import { scriptText } from "../../src/review/script-text";
import { synthesize } from "../../src/synth";
import { environmentsDir } from "../helpers/fixtures";

const SCRIPT = ["#!/bin/bash", "set -Eeuo pipefail", "DIFY_VERSION='1.10.1'", "install_dify", "start_dify", ""].join("\n");
const BUMPED = SCRIPT.replace("1.10.1", "1.11.0");

describe("multi-line text in the attribute diff", () => {
  test("a one-line change in a script lists that line, removed then added", () => {
    expect(changedLines(SCRIPT, BUMPED)).toEqual(["-DIFY_VERSION='1.10.1'", "+DIFY_VERSION='1.11.0'"]);
    expect(diffAttributes({ user_data: SCRIPT }, { user_data: BUMPED })).toEqual([
      { path: "user_data", before: SCRIPT, after: BUMPED, lines: ["-DIFY_VERSION='1.10.1'", "+DIFY_VERSION='1.11.0'"] },
    ]);
  });

  test("inserted and deleted lines keep their order", () => {
    expect(changedLines("a\nb\nc\nd", "a\nx\nc\nd\ne")).toEqual(["-b", "+x", "+e"]);
    expect(changedLines("a\nb\nc", "c")).toEqual(["-a", "-b"]);
  });

  test("base64 user data, gzipped or not, is compared as the decoded script", () => {
    const plain = (s: string) => Buffer.from(s).toString("base64");
    const gzipped = (s: string) => gzipSync(Buffer.from(s)).toString("base64");
    expect(scriptText(plain(SCRIPT))).toBe(SCRIPT);
    expect(scriptText(gzipped(SCRIPT))).toBe(SCRIPT);
    expect(diffAttributes({ user_data_base64: gzipped(SCRIPT) }, { user_data_base64: gzipped(BUMPED) })[0].lines).toEqual(["-DIFY_VERSION='1.10.1'", "+DIFY_VERSION='1.11.0'"]);
  });

  test("ids and hashes that happen to be base64 are left as values", () => {
    expect(scriptText("sha256-0123456789abcdef")).toBeUndefined();
    expect(scriptText(Buffer.from(Array.from({ length: 96 }, (_, i) => i * 7)).toString("base64"))).toBeUndefined();
  });

  test("an attribute absent on one side and null on the other is no change", () => {
    expect(diffAttributes({ a: 1, b: null }, { a: 1 })).toEqual([]);
    expect(diffAttributes({ a: 1, nested: { c: null } }, { a: 1, nested: {} })).toEqual([]);
    expect(diffAttributes({ a: null }, { a: "x" })).toEqual([{ path: "a", before: undefined, after: "x" }]);
  });
});

describe("a dify.version bump in the review", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dify-version-bump-"));
  const dirs = [root];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  const bump = (files: Record<string, any>) => {
    for (const [name, file] of Object.entries(files)) if (name !== "organization.json" && file.dify) file.dify.version = "1.11.0";
  };
  const baseConfig = environmentsDir((files) => {
    for (const [name, file] of Object.entries(files)) if (name !== "organization.json" && (file as any).dify) (file as any).dify.version = "1.10.1";
  });
  const headConfig = environmentsDir(bump);
  dirs.push(baseConfig, headConfig);
  const baseOut = path.join(root, "base");
  const headOut = path.join(root, "head");

  beforeAll(() => {
    synthesize({ configDir: baseConfig, outdir: baseOut });
    synthesize({ configDir: headConfig, outdir: headOut });
  });

  test("every boot script that changed shows exactly the version line, on both tiers", () => {
    const review = buildReview(readSynth(headOut, ""), readSynth(baseOut, ""));
    const scripts = review.stacks.flatMap((s) => (s.diff?.changes ?? []).flatMap((c) => c.attributes.filter((a) => a.lines).map((a) => ({ address: c.address, ...a }))));
    // Both tiers take their user data gzipped from a local (gzippedUserData), so the script is the local's value.
    const changedStacks = review.stacks.filter((s) => s.name !== "bootstrap" && scripts.some((c) => (s.diff?.changes ?? []).some((x) => x.address === c.address)));
    expect(changedStacks.length).toBe(review.stacks.length - 1);
    expect(scripts.every((s) => s.address.startsWith("local.") && s.path === "value")).toBe(true);
    for (const s of scripts) expect(s.lines).toEqual(["-DIFY_VERSION='1.10.1'", "+DIFY_VERSION='1.11.0'"]);
  });

  test("the Markdown shows the differing lines in a diff block, not the same truncated header twice, and no null noise", () => {
    const run = runReview(["--dir", headOut, "--base", baseOut]);
    expect(run.exitCode).toBe(0);
    expect(run.output).toContain("`value`: 1 line removed, 1 line added:\n    ```diff\n    -DIFY_VERSION='1.10.1'\n    +DIFY_VERSION='1.11.0'\n    ```");
    expect(run.output).not.toMatch(/`"#!\/bin\/bash\\n# Boot script[^`]*` → `"#!\/bin\/bash/);
    expect(run.output).not.toContain("`(none)` → `null`");
    expect(run.output).not.toContain("`null` → `(none)`");
  });
});
