/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
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
};
