import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The host's scripts and units are plain files next to this module
 * (scripts/, units/), so that shellcheck and reviewers see real bash.
 *
 * scripts/run-ts.js bundles the app with esbuild, and in the bundle
 * `__dirname` is the entry point's directory, not this one. So the folder is
 * looked up: here first (jest, which runs the sources), else in src/dify-host above.
 */
const cache = new Map<string, string>();
let folder: string | undefined;

function templateFolder(): string {
  if (folder) return folder;
  const marker = path.join("scripts", "boot.sh");
  if (fs.existsSync(path.join(__dirname, marker))) {
    folder = __dirname;
    return folder;
  }
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "src", "dify-host");
    if (fs.existsSync(path.join(candidate, marker))) {
      folder = candidate;
      return folder;
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find src/dify-host/${marker} above ${__dirname}`);
  }
}

/** A template file such as "scripts/boot.sh", read once per process. */
export function readTemplate(relative: string): string {
  let text = cache.get(relative);
  if (text === undefined) {
    text = fs.readFileSync(path.join(templateFolder(), relative), "utf8");
    cache.set(relative, text);
  }
  return text;
}
