import { ConfigError } from "./src/config/errors";
import { PolicyError, synthesize } from "./src/synth";

/**
 * The cdktf app. Every problem in the environment files is printed as one
 * line naming the file, the field and what is allowed, and nothing is written.
 */
function main(): number {
  // The cdktf CLI (which sets SYNTH_HCL_OUTPUT for the app it runs) logs every
  // stderr line of the app as "[ERROR]", warnings included. Under the CLI the
  // app reports on stdout, which the CLI prints as it is; on failure the exit
  // code still fails the command and the CLI's summary quotes the lines.
  const report = process.env.SYNTH_HCL_OUTPUT === undefined ? process.stderr : process.stdout;
  try {
    const result = synthesize({
      configDir: process.env.DIFY_CONFIG_DIR ?? "environments",
      outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
      namespace: process.env.DIFY_NAMESPACE || undefined,
      bootstrapState: process.env.DIFY_BOOTSTRAP_STATE || undefined,
    });
    for (const warning of result.warnings) report.write(`warning: ${warning}\n`);
    process.stdout.write(`Synthesized ${result.stacks.length} stacks: ${result.stacks.join(", ")}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PolicyError) {
      report.write(e.lines.map((line) => `${line}\n`).join(""));
      return 1;
    }
    if (process.env.DIFY_DEBUG) throw e;
    report.write(`error: ${(e as Error).message.split("\n")[0]} (set DIFY_DEBUG=1 for details)\n`);
    return 1;
  }
}

process.exitCode = main();
