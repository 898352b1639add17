import { buildReview } from "./build-review";
import { renderMarkdown } from "./markdown";
import { readSynth } from "./read-synth";
import { ReviewInputError } from "./review-input-error";

const USAGE = [
  "Usage: npm run review -- [--dir <synth dir>] [--base <base synth dir>]",
  "  --dir <dir>    synthesized output to review (default: cdktf.out)",
  "  --base <dir>   synthesized output of the base branch, to list changes, security-sensitive changes and cost deltas",
].join("\n");

export interface ReviewOptions {
  readonly dir: string;
  readonly base?: string;
  readonly help: boolean;
}

export interface ReviewRun {
  /** The Markdown review (exit code 0), or a one-line error / the usage text. */
  readonly output: string;
  readonly exitCode: number;
}

/** Parses `--dir <dir>`, `--dir=<dir>`, `--base <dir>`, `--base=<dir>` and `--help`. */
export function parseArgs(argv: readonly string[]): ReviewOptions {
  let dir = "cdktf.out";
  let base: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const m = /^--(dir|base)(?:=(.*))?$/.exec(arg);
    if (!m) throw new ReviewInputError(`unknown argument ${JSON.stringify(arg)}: expected --dir <dir> or --base <dir> (see --help)`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === "" || (m[2] === undefined && value.startsWith("--"))) {
      throw new ReviewInputError(`--${m[1]} needs a folder, for example --${m[1]} ${m[1] === "dir" ? "cdktf.out" : "base-cdktf.out"}`);
    }
    if (m[1] === "dir") dir = value;
    else base = value;
  }
  return { dir, base, help };
}

/** Runs the review for the given arguments; never throws for bad input. */
export function runReview(argv: readonly string[]): ReviewRun {
  try {
    const options = parseArgs(argv);
    if (options.help) return { output: `${USAGE}\n`, exitCode: 0 };
    const head = readSynth(options.dir, "run `npm run synth` first");
    const base = options.base === undefined ? undefined : readSynth(options.base, "synthesize the base branch into that folder first");
    return { output: renderMarkdown(buildReview(head, base)), exitCode: 0 };
  } catch (error) {
    if (error instanceof ReviewInputError) return { output: `${error.message}\n`, exitCode: 1 };
    throw error;
  }
}
