/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // swc strips the types only (tsc -p . type-checks before jest): on a cold run
  // (--no-cache, as CI runs) of 29 suites it took 19% less CPU than ts-jest
  // with diagnostics off. swc hoists jest.mock like babel-jest does (one suite
  // mocks two modules of iam-simulate); tsconfig's isolatedModules keeps every
  // file transpilable alone.
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  // One temp folder per run (TMPDIR points at it in every worker), removed at the end; it also
  // holds the one Terraform data directory that every Terraform suite shares.
  globalSetup: "<rootDir>/__tests__/helpers/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/helpers/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/__tests__/helpers/setup.ts"],
  testTimeout: 120000,
  // test.concurrent cases (the host boots) running at once within a suite:
  // enough to keep both CPUs busy while the boots' processes start.
  maxConcurrency: 3,
  // Terraform validation is CPU-heavy; two workers match the CI machine.
  maxWorkers: 2,
  // Each suite loads its own copy of cdktf and the provider classes, and V8
  // defers collecting the previous suites' copies, so a worker ended with
  // 460-530 MB of heap. Freeing that heap when the worker exits (V8 unmaps it
  // page by page) took more than the 500 ms jest-worker allows, and jest
  // killed the worker and printed "A worker process has failed to exit
  // gracefully" although nothing was left running in it. A worker whose heap
  // passes this limit after a suite is replaced by a fresh one instead. 300 MB
  // recycled so often that a whole run took 14% more CPU; 400 MB keeps the
  // exit clean and the run as fast as without a limit.
  workerIdleMemoryLimit: "400MB",
};
