// Decides, before any deploy job starts, how deploy.yml reaches the state:
// reads environments/organization.json and writes the
// job outputs (to $GITHUB_OUTPUT when set, and to stdout), or prints one
// "::error::" line and exits with 1.
//
//   node .github/scripts/deploy-settings.cjs [environments dir]
//
// REPOSITORY_TF_API_TOKEN is "true" when the job, which is bound to no
// GitHub environment, can see a TF_API_TOKEN secret: that secret is then a
// repository or organization secret, which pull_request runs and the dev
// jobs receive too.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const ORGANIZATION = "environments/organization.json";

/**
 * Terraform reads a host's API token from TF_TOKEN_<host>, with each "."
 * written as "_" and each "-" as "__" (Terraform CLI configuration docs,
 * "Environment Variable Credentials").
 */
function tokenVariable(hostname) {
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(hostname)) {
    throw new Error(`${ORGANIZATION}: backend.hostname must be a plain host name (letters, digits, "." and "-", no port or scheme), got ${JSON.stringify(hostname)}`);
  }
  return `TF_TOKEN_${hostname.replace(/-/g, "__").replace(/\./g, "_")}`;
}

/** The outputs for the deploy jobs, or an Error whose message is the one line to show. */
function deploySettings(organization, { repositoryToken = false } = {}) {
  if (repositoryToken) {
    throw new Error(
      "TF_API_TOKEN is visible to a job without a GitHub environment, so it is a repository or organization secret: delete it there and set it only as an environment secret of the <env>-plan and <env> environments (docs/ci.md)",
    );
  }
  const backend = organization.backend ?? { type: "s3" };
  switch (backend.type) {
    case "s3":
      return { backend: "s3" };
    case "cloud": {
      const hostname = backend.hostname ?? "app.terraform.io";
      return { backend: "cloud", hostname, "token-variable": tokenVariable(hostname) };
    }
    case "local":
      throw new Error(`${ORGANIZATION}: backend.type "local" keeps the state on the runner, which is deleted after the job; deploy.yml needs "s3" or "cloud"`);
    default:
      throw new Error(`${ORGANIZATION}: backend.type must be "s3" or "cloud" for deploy.yml, got ${JSON.stringify(backend.type)}`);
  }
}

// Plain JSON, as the app reads it; runs before npm ci, so no dependencies.
function readOrganization(dir) {
  const file = path.join(dir, "organization.json");
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new Error(`${ORGANIZATION}: file not found`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${ORGANIZATION}: invalid JSON (${String(error.message).split("\n")[0]}); npm run synth says where`);
  }
}

if (require.main === module) {
  try {
    const dir = process.argv[2] ?? path.join(process.cwd(), "environments");
    const settings = deploySettings(readOrganization(dir), { repositoryToken: process.env.REPOSITORY_TF_API_TOKEN === "true" });
    const lines = Object.entries(settings)
      .map(([key, value]) => `${key}=${value}\n`)
      .join("");
    if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, lines);
    process.stdout.write(lines);
  } catch (error) {
    process.stdout.write(`::error::${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

module.exports = { deploySettings, tokenVariable };
