import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * `npm run lint` passing on the repository proves little unless each check
 * fails on the mistake it is there for. These run each tool with the
 * project's own configuration on a few lines written to break one rule.
 */
const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throwaway tree of the given files, removed after the suite. */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "code-health-"));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function run(bin: string, args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(path.join(BIN, bin), args, { cwd: options.cwd ?? ROOT, input: options.input, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("dependency-cruiser (.dependency-cruiser.cjs)", () => {
  test("reports a cycle, an import up the layers, a cost module reading config and a folder without a layer", () => {
    const dir = tree({
      // config -> bedrock is upward, and with the import back it is a cycle; a type-only import counts.
      "src/config/types.ts": 'import type { Resolved } from "../bedrock/resolve";\nexport type Config = { bedrock: Resolved };\n',
      "src/bedrock/resolve.ts": 'import type { Config } from "../config/types";\nexport type Resolved = { region: string };\nexport const of = (c: Config) => c.bedrock;\n',
      "src/cost/estimate.ts": 'import type { Config } from "../config/types";\nexport const total = (c: Config) => c.bedrock.region.length;\n',
      "src/helpers2/misc.ts": 'import { of } from "../bedrock/resolve";\nexport const misc = of;\n',
      // The allowed direction is not reported.
      "src/constructs/network.ts": 'import type { Config } from "../config/types";\nexport const vpc = (c: Config) => c;\n',
    });
    // The json reporter exits 0 whatever it finds; `npm run lint` uses the default one, which exits with the error count.
    const result = run("depcruise", ["--config", path.join(ROOT, ".dependency-cruiser.cjs"), "--output-type", "json", "src"], { cwd: dir });
    const violations = (JSON.parse(result.stdout).summary.violations as Array<{ rule: { name: string }; from: string; to: string }>).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    expect(violations.sort()).toEqual(
      [
        "cost-only-from-catalog: src/cost/estimate.ts -> src/config/types.ts",
        "layer-config: src/config/types.ts -> src/bedrock/resolve.ts",
        "no-circular: src/bedrock/resolve.ts -> src/config/types.ts",
        "no-unlayered-source: src/helpers2/misc.ts -> src/bedrock/resolve.ts",
      ].sort(),
    );
  });
});

describe("biome (biome.json)", () => {
  test("lint refuses what tsc lets through", () => {
    // The project's configuration, outside git (the fixture is no repository).
    const config = { ...JSON.parse(fs.readFileSync(path.join(ROOT, "biome.json"), "utf8")), vcs: { enabled: false } };
    const dir = tree({
      "biome.json": JSON.stringify(config),
      "src/example.ts": "export function first(values: string[]) {\n  let found;\n  found = values[0];\n  return found;\n}\n",
    });
    const result = run("biome", ["lint", "src"], { cwd: dir });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("lint/suspicious/noImplicitAnyLet");
  });

  test("format keeps the code's style: double quotes, semicolons, trailing commas, 190 columns", () => {
    const call = (width: number) => `f(${'"a", '.repeat(width)}"b");\n`;
    const fits = call(36);
    expect(fits.length - 1).toBeLessThanOrEqual(190);
    // One biome run formats every sample (each is a file), with the project's configuration.
    const config = { ...JSON.parse(fs.readFileSync(path.join(ROOT, "biome.json"), "utf8")), vcs: { enabled: false } };
    const samples = { "src/quotes.ts": "const a = 'x'\n", "src/fits.ts": fits, "src/wide.ts": call(40) };
    const dir = tree({ "biome.json": JSON.stringify(config), ...samples });
    const result = run("biome", ["format", "--write", ...Object.keys(samples)], { cwd: dir });
    expect(result.status).toBe(0);
    const formatted = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
    expect(formatted("src/quotes.ts")).toBe('const a = "x";\n');
    expect(formatted("src/fits.ts")).toBe(fits);
    expect(formatted("src/wide.ts").split("\n").length).toBeGreaterThan(3);
    expect(formatted("src/wide.ts")).toMatch(/"b",\n\);\n$/);
  });
});

describe("knip (knip.jsonc)", () => {
  test("reports an unused file, export and dependency", () => {
    const dir = tree({
      "package.json": JSON.stringify({ name: "fixture", private: true, dependencies: { zod: "4.6.7" } }),
      "knip.jsonc": fs.readFileSync(path.join(ROOT, "knip.jsonc"), "utf8"),
      "main.ts": 'import { used } from "./src/config/values";\nconsole.log(used);\n',
      "src/config/values.ts": "export const used = 1;\nexport const unused = 2;\n",
      "src/config/orphan.ts": "export const orphan = 3;\n",
    });
    const result = run("knip", ["--reporter", "json", "--no-progress"], { cwd: dir });
    expect(result.status).not.toBe(0);
    const issues = JSON.parse(result.stdout).issues as Array<{ file: string; files: Array<{ name: string }>; exports: Array<{ name: string }>; dependencies: Array<{ name: string }> }>;
    const found = issues.flatMap((i) => [
      ...i.files.map((f) => `file ${f.name}`),
      ...i.exports.map((e) => `export ${i.file} ${e.name}`),
      ...i.dependencies.map((d) => `dependency ${d.name}`),
    ]);
    expect(found.sort()).toEqual(["dependency zod", "export src/config/values.ts unused", "file src/config/orphan.ts"]);
  });
});
