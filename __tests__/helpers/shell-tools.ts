import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { testRoot } from "./test-root";

/**
 * Tools a fresh machine lacks (shellcheck, jq): the tests use them where
 * they are present and require them only in CI (CI set), where .ci/run
 * installs them. What needs no extra tool (bash -n) always runs.
 */

/** Whether a tool is on PATH. */
export function hasTool(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
}

const skipped = new Set<string>();

/** True when the tool is present; false (with one visible line) when it is absent outside CI; throws in CI. */
export function optionalTool(tool: string, why: string): boolean {
  if (hasTool(tool)) return true;
  if (process.env.CI) throw new Error(`${tool} is not installed; CI requires it (${why}); .ci/run installs it`);
  if (!skipped.has(tool)) {
    skipped.add(tool);
    process.stderr.write(`${tool} is not installed: skipping what needs it (${why}); CI requires it\n`);
  }
  return false;
}

/**
 * `describe` for suites that cannot run without a tool: the real one when
 * the tool is there, one skipped test otherwise (the body is not run), and
 * one failing test in CI.
 */
export function describeWithTool(tool: string, why: string): jest.Describe {
  if (hasTool(tool)) return describe;
  const stand = ((name: string) => {
    if (process.env.CI)
      test(`${name}: ${tool} is installed (required in CI)`, () => {
        optionalTool(tool, why);
      });
    else {
      optionalTool(tool, why);
      test.skip(`${name} (needs ${tool})`, () => undefined);
    }
  }) as unknown as jest.Describe;
  return stand;
}

/**
 * The problems in a bash script: `bash -n` always, then shellcheck where it
 * is installed (and in CI, where it must be). Empty when the script is clean.
 */
export function shellScriptProblems(script: string): string {
  const dir = fs.mkdtempSync(path.join(testRoot(), "shell-"));
  try {
    const file = path.join(dir, "script.sh");
    fs.writeFileSync(file, script);
    const syntax = spawnSync("bash", ["-n", file], { encoding: "utf8" });
    if (syntax.status !== 0) return `bash -n: ${syntax.stderr.trim()}`;
    if (!optionalTool("shellcheck", "lints the host scripts")) return "";
    const result = spawnSync("shellcheck", ["-s", "bash", "-f", "gcc", file], { encoding: "utf8" });
    return `${result.stdout}${result.stderr}`.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
