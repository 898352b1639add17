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

/**
 * True when the tool is present; false (with one visible line) when it is
 * absent outside CI; throws in CI. `present` is for a caller that has found
 * out already, without another process.
 */
export function optionalTool(tool: string, why: string, present = hasTool(tool)): boolean {
  if (present) return true;
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
 * The problems in each of several bash scripts, by name: `bash -n` always,
 * then shellcheck where it is installed (and in CI, where it must be); empty
 * for a clean script. One process is started from the jest worker for all of
 * them: every fork of the worker copies its page tables, which costs more
 * than the checks themselves. Each script gets a `bash -n` of its own, and
 * shellcheck lints each file on its own, so a problem is reported under the
 * name of the script that has it.
 */
export function shellScriptsProblems(scripts: Readonly<Record<string, string>>): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(testRoot(), "shell-"));
  try {
    const names = Object.keys(scripts);
    const files = names.map((name, i) => {
      const file = path.join(dir, `${i}.sh`);
      fs.writeFileSync(file, scripts[name]);
      return file;
    });
    // bash -n on each file, its errors beside it; then one shellcheck over the files bash accepted.
    const missing = path.join(dir, "no-shellcheck");
    const check = [
      "missing=$1; shift; clean=()",
      'for f; do if bash -n "$f" 2>"$f.syntax"; then clean+=("$f"); fi; done',
      'if ! command -v shellcheck >/dev/null; then : >"$missing"; elif [ ${#clean[@]} -gt 0 ]; then shellcheck -s bash -f gcc "${clean[@]}"; fi',
      "exit 0",
    ].join("\n");
    const result = spawnSync("bash", ["-c", check, "check", missing, ...files], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`the shell checks did not run: ${result.error ?? result.stderr}`);
    optionalTool("shellcheck", "lints the host scripts", !fs.existsSync(missing));
    const lines = result.stdout.split("\n").filter(Boolean);
    return Object.fromEntries(
      names.map((name, i) => {
        const syntax = fs.readFileSync(`${files[i]}.syntax`, "utf8").trim();
        if (syntax) return [name, `bash -n: ${syntax}`];
        const own = lines.filter((line) => line.startsWith(`${files[i]}:`));
        return [name, [...own, result.stderr.trim()].filter(Boolean).join("\n")];
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
