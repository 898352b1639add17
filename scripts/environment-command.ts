import type { CommandIo, EnvironmentArgumentOptions } from "../src/loader/environment-argument";

type EnvironmentCommand = (args: readonly string[], io: CommandIo, options: EnvironmentArgumentOptions) => Promise<number>;

/**
 * Runs an `npm run <command> -- <env>` entry point: one line per error, never
 * a stack trace (DIFY_DEBUG=1 shows it), and the command's exit code.
 */
export function runEnvironmentCommand(command: EnvironmentCommand): void {
  // The SDK prints a nine-line notice about its future Node.js 22 requirement on
  // every run; package.json's engines field is where that decision is tracked.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  command(
    process.argv.slice(2),
    { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) },
    { configDir: process.env.DIFY_CONFIG_DIR ?? "environments", namespace: process.env.DIFY_NAMESPACE || undefined },
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (process.env.DIFY_DEBUG) throw e;
      process.stderr.write(`error: ${(e as Error).message.split("\n")[0]} (set DIFY_DEBUG=1 for details)\n`);
      process.exitCode = 1;
    },
  );
}
