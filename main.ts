import { ConfigError } from "./src/config/errors";
import { PolicyError, synthesize } from "./src/synth";

/**
 * The cdktf app. Every problem in the environment files is printed as one
 * line naming the file, the field and what is allowed, and nothing is written.
 */
function main(): number {
  try {
    const result = synthesize({
      configDir: process.env.DIFY_CONFIG_DIR ?? "environments",
      outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out",
      namespace: process.env.DIFY_NAMESPACE || undefined,
      bootstrapState: process.env.DIFY_BOOTSTRAP_STATE || undefined,
    });
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(`Synthesized ${result.stacks.length} stacks: ${result.stacks.join(", ")}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PolicyError) {
      for (const line of e.lines) process.stderr.write(`${line}\n`);
      return 1;
    }
    if (process.env.DIFY_DEBUG) throw e;
    process.stderr.write(`error: ${(e as Error).message.split("\n")[0]} (set DIFY_DEBUG=1 for details)\n`);
    return 1;
  }
}

process.exitCode = main();
