import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs, runReview } from "../../src/review/cli";
import { ROOT } from "../helpers/fixtures";
import { costFixture, writeSynthDir } from "./synth-fixtures";

const empty = () => fs.mkdtempSync(path.join(os.tmpdir(), "dify-review-empty-"));

describe("review command line", () => {
  test("arguments: --dir defaults to cdktf.out; both forms of --dir and --base", () => {
    expect(parseArgs([])).toEqual({ dir: "cdktf.out", base: undefined, help: false });
    expect(parseArgs(["--dir", "out", "--base=base-cdktf.out"])).toEqual({ dir: "out", base: "base-cdktf.out", help: false });
    expect(parseArgs(["--dir=out"]).dir).toBe("out");
  });

  test("--help prints the usage", () => {
    const run = runReview(["--help"]);
    expect(run.exitCode).toBe(0);
    expect(run.output).toMatch(/^Usage: npm run review -- \[--dir <synth dir>\] \[--base <base synth dir>\]/);
  });

  test("a missing folder: one line naming manifest.json, exit 1", () => {
    const run = runReview(["--dir", path.join(empty(), "cdktf.out")]);
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/^\S+\/cdktf\.out\/manifest\.json not found: run `npm run synth` first\n$/);
  });

  test("a folder without manifest.json; a missing base", () => {
    const dir = empty();
    expect(runReview(["--dir", dir])).toEqual({ output: `${dir}/manifest.json not found: run \`npm run synth\` first\n`, exitCode: 1 });
    const head = writeSynthDir({ app: { json: costFixture() } });
    expect(runReview(["--dir", head, "--base", dir])).toEqual({
      output: `${dir}/manifest.json not found: synthesize the base branch into that folder first\n`,
      exitCode: 1,
    });
  });

  test("a broken manifest, a manifest without stacks, a missing stack file", () => {
    const broken = empty();
    fs.writeFileSync(path.join(broken, "manifest.json"), "{ not json");
    const run = runReview(["--dir", broken]);
    expect(run.exitCode).toBe(1);
    expect(run.output).toMatch(/^\S+manifest\.json is not valid JSON: .+\n$/);
    expect(run.output.trimEnd().split("\n")).toHaveLength(1);

    const noStacks = empty();
    fs.writeFileSync(path.join(noStacks, "manifest.json"), "{}");
    expect(runReview(["--dir", noStacks]).output).toBe(`${noStacks}/manifest.json has no "stacks" object: is ${noStacks} a cdktf output folder?\n`);

    const missing = writeSynthDir({ app: { json: costFixture() } });
    fs.rmSync(path.join(missing, "stacks", "app", "cdk.tf.json"));
    expect(runReview(["--dir", missing])).toEqual({
      output: `${missing}/stacks/app/cdk.tf.json not found (stack "app" in ${missing}/manifest.json): run \`npm run synth\` first\n`,
      exitCode: 1,
    });
  });

  test("bad arguments: one line, exit 1", () => {
    expect(runReview(["--bsae", "x"])).toEqual({ output: 'unknown argument "--bsae": expected --dir <dir> or --base <dir> (see --help)\n', exitCode: 1 });
    expect(runReview(["--base"])).toEqual({ output: "--base needs a folder, for example --base base-cdktf.out\n", exitCode: 1 });
    expect(runReview(["--dir", "--base", "x"]).exitCode).toBe(1);
  });

  test("deterministic: the same input gives byte-identical output, whatever the folder", () => {
    const a = writeSynthDir({ app: { json: costFixture() }, web: { json: costFixture({ region: "ap-northeast-1" }) } });
    const b = writeSynthDir({ web: { json: costFixture({ region: "ap-northeast-1" }) }, app: { json: costFixture() } });
    const base = writeSynthDir({ app: { json: costFixture({ instanceType: "t3.medium" }) } });
    const first = runReview(["--dir", a, "--base", base]).output;
    expect(runReview(["--dir", a, "--base", base]).output).toBe(first);
    expect(runReview(["--dir", b, "--base", base]).output).toBe(first);
    expect(first).not.toContain(a);
  });

  test("the review of two stacks against a base: sections in order, one summary row per stack, the change and its cost", () => {
    const head = writeSynthDir({ web: { json: costFixture({ region: "ap-northeast-1" }) }, app: { json: costFixture() } });
    const base = writeSynthDir({ app: { json: costFixture({ instanceType: "t3.medium" }) } });
    const review = runReview(["--dir", head, "--base", base]);
    expect(review.exitCode).toBe(0);
    const lines = review.output.split("\n");
    // Stacks are sorted by name, whatever order the manifest lists them in.
    expect(lines.filter((l) => /^#{1,3} /.test(l))).toEqual([
      "## Dify infrastructure review",
      "### ⚠️ Security-sensitive changes (9)",
      "### Summary",
      "### Stack `app` (us-west-2)",
      "### Stack `web` (ap-northeast-1)",
    ]);
    const rows = lines.filter((l) => l.startsWith("| `app` |") || l.startsWith("| `web` |") || l.startsWith("| **Total** |  |"));
    expect(rows).toEqual([
      expect.stringMatching(/^\| `app` \| us-west-2 \| 22 \| \+0 ~1 -0 \| 0 errors, 0 warnings, 0 suppressed \| \$375\.28 \| \+\$30\.37 \|$/),
      expect.stringMatching(/^\| `web` \| ap-northeast-1 \| 22 \| stack added \| .* \| \+\$(\d+\.\d\d) \|$/),
      expect.stringMatching(/^\| \*\*Total\*\* \| {2}\| 44 \|/),
    ]);
    // The one change to the base stack, with the old and the new value.
    expect(review.output).toContain('- changed `aws_instance.host`\n  - `instance_type`: `"t3.medium"` → `"t3.large"`');
    expect(review.output).toContain("Change against the base: +$30.37 ($344.91 → $375.28).");
    // Only the new stack's resources are security-sensitive additions.
    const sensitive = lines.filter((l) => l.startsWith("- ⚠️ "));
    expect(sensitive).toHaveLength(9);
    expect(sensitive.every((l) => l.startsWith("- ⚠️ `web` "))).toBe(true);
  });

  test("npm run review: the Markdown on stdout; an error on stderr with exit 1", () => {
    const dir = writeSynthDir({ app: { json: costFixture() } });
    const script = path.join(ROOT, "scripts", "review.ts");
    // The command npm run review runs.
    const runTs = path.join(ROOT, "scripts", "run-ts.js");
    const ok = spawnSync(process.execPath, [runTs, script, "--dir", dir], { cwd: ROOT, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(runReview(["--dir", dir]).output);
    expect(ok.stderr).toBe("");

    const bad = spawnSync(process.execPath, [runTs, script, "--dir", path.join(dir, "nope")], { cwd: ROOT, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe(`${path.join(dir, "nope")}/manifest.json not found: run \`npm run synth\` first\n`);
  });
});
