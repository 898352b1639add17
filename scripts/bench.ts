/**
 * `npm run bench`: how long synthesis takes, against the floor of simply
 * loading the modules it needs. Prints the median wall time and peak memory
 * (max RSS) of each command.
 *
 *   BENCH_RUNS=7 npm run bench       more runs (default 5; cdktf synth runs 3)
 *   BENCH_SKIP_CLI=1 npm run bench   leave out `npx cdktf synth` (about 6 s a run)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "dify-bench-"));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const gnuTime = fs.existsSync("/usr/bin/time") && spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;

interface Sample {
  readonly seconds: number;
  readonly maxRssMb?: number;
}

function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const started = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync("/usr/bin/time", ["-f", "%M", "-o", path.join(work, "rss"), command, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" })
    : spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  const maxRssMb = gnuTime ? Number(fs.readFileSync(path.join(work, "rss"), "utf8").trim().split("\n").pop()) / 1024 : undefined;
  return { seconds, maxRssMb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function bench(label: string, n: number, run: () => Sample): { label: string; seconds: number; maxRssMb?: number } {
  const samples = Array.from({ length: n }, run);
  const rss = samples.map((s) => s.maxRssMb).filter((v): v is number => v !== undefined);
  return { label, seconds: median(samples.map((s) => s.seconds)), maxRssMb: rss.length ? median(rss) : undefined };
}

// The floor loads exactly the modules the app loads from cdktf and the AWS
// provider, recorded from a real run.
const recorder = path.join(work, "record-modules.js");
const moduleList = path.join(work, "modules.json");
fs.writeFileSync(
  recorder,
  `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(moduleList)}, JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules[\\\\/](cdktf|@cdktf[\\\\/]provider-aws|constructs)[\\\\/]/.test(f)))));\n`,
);
const appArgs = [path.join(root, "scripts", "run-ts.js"), path.join(root, "main.ts")];
const appEnv = { CDKTF_OUTDIR: path.join(work, "cdktf.out") };
measure(process.execPath, ["--require", recorder, ...appArgs], appEnv); // also warms the compile cache
const modules = JSON.parse(fs.readFileSync(moduleList, "utf8")) as string[];
const floorScript = path.join(work, "floor.js");
fs.writeFileSync(floorScript, `for (const m of ${JSON.stringify(modules)}) require(m);\n`);

const results = [
  bench("app: node scripts/run-ts.js main.ts (all stacks)", runs, () => measure(process.execPath, appArgs, appEnv)),
  bench(`floor: node loading cdktf + ${modules.filter((m) => m.includes("provider-aws")).length} provider modules`, runs, () => measure(process.execPath, [floorScript])),
];
if (!process.env.BENCH_SKIP_CLI) {
  const cli = path.join(root, "node_modules", ".bin", "cdktf");
  results.push(bench("npx cdktf synth", Math.min(runs, 3), () => measure(cli, ["synth", "--output", path.join(work, "cli.out")], { CHECKPOINT_DISABLE: "1", CI: "1" })));
}

const fmt = (r: (typeof results)[number]) => `| ${r.label} | ${r.seconds.toFixed(2)} s | ${r.maxRssMb === undefined ? "n/a" : `${Math.round(r.maxRssMb)} MB`} |`;
const lines = [
  `node ${process.version}, ${os.cpus().length} CPUs, median of ${runs} runs${process.env.BENCH_SKIP_CLI ? "" : ` (${Math.min(runs, 3)} for cdktf synth)`}`,
  "",
  "| command | wall time | peak memory |",
  "|---|---|---|",
  ...results.map(fmt),
  "",
  `ratio app / floor: ${(results[0].seconds / results[1].seconds).toFixed(2)}x`,
];
process.stdout.write(`${lines.join("\n")}\n`);
fs.rmSync(work, { recursive: true, force: true });
