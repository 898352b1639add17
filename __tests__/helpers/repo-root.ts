import * as path from "node:path";

/**
 * The repository's root folder. A module of its own: suites that need only
 * this path do not load what fixtures.ts loads (cdktf, the app's stacks and
 * their provider classes), close to a second of CPU per suite.
 */
export const ROOT = path.resolve(__dirname, "..", "..");
