#!/usr/bin/env node
"use strict";
/**
 * Runs a TypeScript entry point (main.ts, scripts/*.ts) straight from the
 * sources, with no separate build step.
 *
 * Why not ts-node or tsx: on this app they cost 3-8x the time of loading
 * cdktf itself (type-checking, loader hooks, source-map support for every
 * module). esbuild bundles our own sources (node_modules stay external) in
 * about 60 ms, and the bundle is cached until one of its inputs changes, so a
 * repeated synth costs little more than loading cdktf. Type-checking is
 * `npm run typecheck`, part of `npm test`.
 *
 * Usage: node scripts/run-ts.js <entry.ts> [args...]
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const entry = path.resolve(process.argv[2] || "");
if (!process.argv[2] || !fs.existsSync(entry)) {
  process.stderr.write(`usage: node scripts/run-ts.js <entry.ts> [args...] (not found: ${process.argv[2] || "nothing given"})\n`);
  process.exit(2);
}
// The entry sees its own arguments as process.argv[2...], as with `node entry.js`.
process.argv.splice(1, 1);

const cacheDir = path.join(root, "node_modules", ".cache", "run-ts");
const key = crypto.createHash("sha256").update(entry).digest("hex").slice(0, 16);
const cachedCode = path.join(cacheDir, `${key}.js`);
const cachedInputs = path.join(cacheDir, `${key}.inputs.json`);

/** The cached bundle, if every input still has the size and mtime it was built from. */
function readCache() {
  try {
    const inputs = JSON.parse(fs.readFileSync(cachedInputs, "utf8"));
    for (const [file, stamp] of Object.entries(inputs)) {
      const stat = fs.statSync(file);
      if (`${stat.size}:${stat.mtimeMs}` !== stamp) return undefined;
    }
    return fs.readFileSync(cachedCode, "utf8");
  } catch {
    return undefined;
  }
}

function build() {
  const started = Date.now();
  const esbuild = require("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    sourcesContent: false,
    write: false,
    metafile: true,
    outfile: entry.replace(/\.ts$/, ".js"),
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const inputs = {};
  let editedDuringBuild = false;
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(root, input);
    const stat = fs.statSync(file);
    inputs[file] = `${stat.size}:${stat.mtimeMs}`;
    // A source saved while esbuild read it would be stamped with its new
    // size and mtime next to the old code, and the stale bundle would stay.
    if (stat.mtimeMs >= started) editedDuringBuild = true;
  }
  if (editedDuringBuild) return code;
  try {
    // Write-then-rename, so concurrent runs never read half a file.
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cachedCode}.${process.pid}`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cachedCode);
    fs.writeFileSync(`${cachedInputs}.${process.pid}`, JSON.stringify(inputs));
    fs.renameSync(`${cachedInputs}.${process.pid}`, cachedInputs);
  } catch {
    // A read-only node_modules only costs the cache.
  }
  return code;
}

let code = readCache();
if (code === undefined) {
  try {
    code = build();
  } catch (e) {
    const errors = (e.errors || []).map((m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ""}${m.text}`);
    process.stderr.write(`error: cannot compile ${path.relative(process.cwd(), entry)}: ${errors.join("; ") || e.message}\n`);
    process.exit(1);
  }
}

// Stack traces are for DIFY_DEBUG=1, and then they point at the TypeScript
// sources. Otherwise none is formatted: cdktf captures and formats a full
// stack for every token it creates (about a tenth of a synth), only to show it
// if that token later fails to resolve, and main.ts prints messages only.
if (process.env.DIFY_DEBUG) process.setSourceMapsEnabled(true);
else Error.prepareStackTrace = () => "";

const mod = new Module(entry, module);
mod.filename = entry;
mod.paths = Module._nodeModulePaths(path.dirname(entry));
require.main = mod;
mod._compile(code, entry);
