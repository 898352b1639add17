import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * One temp folder per jest run. globalSetup creates it and points TMPDIR at
 * it before the workers start, so everything the tests and the libraries
 * they call put in os.tmpdir() (cdktf's Testing.app() outdirs, config copies,
 * terraform work dirs) lands there, and globalTeardown removes it in one go.
 */
const TEST_ROOT_VARIABLE = "DIFY_TEST_ROOT";

export function createTestRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dify-tests-"));
  process.env[TEST_ROOT_VARIABLE] = root;
  process.env.TMPDIR = root;
  process.env.TMP = root;
  process.env.TEMP = root;
  return root;
}

/** The run's temp folder; outside a jest run (a script importing a helper), a private one removed on exit. */
export function testRoot(): string {
  const existing = process.env[TEST_ROOT_VARIABLE];
  if (existing && fs.existsSync(existing)) return existing;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "dify-tests-"));
  process.env[TEST_ROOT_VARIABLE] = root;
  process.on("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  return root;
}

export function removeTestRoot(): void {
  const root = process.env[TEST_ROOT_VARIABLE];
  if (root) fs.rmSync(root, { recursive: true, force: true });
}
