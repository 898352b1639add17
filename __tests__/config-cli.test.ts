import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { environmentsDir, ROOT, runApp } from "./helpers/fixtures";

/**
 * The cdktf CLI runs the app with SYNTH_HCL_OUTPUT set and logs each stderr
 * line of it as "[ERROR]", so under the CLI the app reports on stdout.
 */
const UNDER_CLI = { SYNTH_HCL_OUTPUT: "false" };

describe("the app under the cdktf CLI", () => {
  const dirs: string[] = [];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dify-cli-"));
  const outdir = path.join(root, "cdktf.out");
  const good = environmentsDir();
  dirs.push(root, good);
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test("prints warnings on stdout with a warning: prefix, and nothing on stderr", () => {
    const result = runApp(good, outdir, UNDER_CLI);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^warning: .*\.json: [a-zA-Z.]+: /m);
    expect(result.stdout).toMatch(/^Synthesized \d+ stacks: /m);
  });

  test("prints a config error once on stdout, fails, and keeps the last good output", () => {
    const before = fs.readFileSync(path.join(outdir, "manifest.json"), "utf8");
    const bad = environmentsDir((f: Record<string, any>) => (f["dev.json"].dify.schedule = { timezone: "Asia/Tokio", start: "08:00", stop: "20:00" }));
    dirs.push(bad);
    const result = runApp(bad, outdir, UNDER_CLI);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/dev\.json: dify\.schedule\.timezone: must be an IANA time zone such as "Asia\/Tokyo" \(did you mean "Asia\/Tokyo"\?\), got "Asia\/Tokio"$/);
    expect(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).toBe(before);
  });

  test("npm run synth keeps reporting on stderr", () => {
    const result = runApp(good, outdir);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^warning: /m);
    expect(result.stdout).not.toMatch(/^warning: /m);
  });

  test("cdktf.json carries a fixed projectId, so the CLI does not write one into the tree", () => {
    const cdktf = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
    expect(cdktf.projectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(cdktf.sendCrashReports).toBe("false");
  });
});
