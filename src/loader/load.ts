import * as fs from "node:fs";
import * as path from "node:path";
import { type ParseError, parse as parseJsonc, printParseErrorCode } from "jsonc-parser";
import type { z } from "zod";
import type { AwsRegion } from "../catalog/regions";
import { invocationLoggingConflicts } from "../config/account-wide-settings";
import { duplicateKeys } from "../config/duplicate-keys";
import { ConfigError, formatIssues, problem } from "../config/errors";
import { githubDeployProblems } from "../config/github-subjects";
import { hostNameConflicts } from "../config/host-name-conflicts";
import { EnvironmentFileSchema, NamespaceSchema } from "../config/schema/environment";
import { OrganizationFileSchema } from "../config/schema/organization";
import type { AppConfig, OrganizationConfig } from "../config/types";
import { cidr } from "../network/cidr";
import { nestedEntries } from "../network/cidr-nesting";
import { resolveEnvironment } from "./resolve-environment";

const ORGANIZATION_FILE = "organization.json";
// "deployer" would name policies <project>-deployer-*, which the deployer boundary protects.
const RESERVED_NAMES = new Set(["bootstrap", "organization", "deployer"]);
const ENV_NAME = /^[a-z][a-z0-9-]{0,11}$/;

export interface LoadOptions {
  /** Folder with organization.json and one <env>.json per environment. */
  readonly dir: string;
  /** Overrides every environment's namespace (from DIFY_NAMESPACE). */
  readonly namespace?: string;
}

export interface LoadResult {
  readonly config: AppConfig;
  /** Non-fatal findings, one line each. */
  readonly warnings: readonly string[];
}

/**
 * Reads and validates every file before anything is synthesized. Throws a
 * ConfigError listing every problem in every file, one line each.
 */
export function loadConfig(options: LoadOptions): LoadResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const display = (file: string) => path.relative(process.cwd(), file) || file;

  if (!fs.existsSync(options.dir) || !fs.statSync(options.dir).isDirectory()) {
    throw new ConfigError([`${display(options.dir)}: environments folder not found`]);
  }

  const orgPath = path.join(options.dir, ORGANIZATION_FILE);
  const orgFile = display(orgPath);
  const orgRaw = readJson(orgPath, orgFile, problems);
  const organization = orgRaw === undefined ? undefined : parse(orgFile, OrganizationFileSchema, orgRaw, problems);

  let namespaceOverride: string | undefined;
  if (options.namespace !== undefined) {
    const ns = NamespaceSchema.safeParse(options.namespace);
    if (ns.success) namespaceOverride = ns.data;
    else problems.push(`DIFY_NAMESPACE: ${ns.error.issues[0].message}`);
  }

  const envFiles = fs
    .readdirSync(options.dir)
    .filter((f) => f.endsWith(".json") && f !== ORGANIZATION_FILE)
    .sort();
  if (envFiles.length === 0) problems.push(`${display(options.dir)}: no environment files (<name>.json) found`);

  const org: OrganizationConfig | undefined = organization && {
    file: orgFile,
    project: organization.project,
    state: { ...organization.state, region: organization.state.region as AwsRegion },
    backend: organization.backend,
    tags: organization.tags,
    deployers: {
      roleName: organization.deployers.roleName ?? `${organization.project}-deployer`,
      bootstrapRoleName: organization.deployers.bootstrapRoleName,
      trustedPrincipals: organization.deployers.trustedPrincipals,
      github: organization.deployers.github,
    },
  };

  const environments = [];
  for (const fileName of envFiles) {
    const envPath = path.join(options.dir, fileName);
    const file = display(envPath);
    const name = fileName.slice(0, -".json".length);
    if (!ENV_NAME.test(name) || RESERVED_NAMES.has(name)) {
      problems.push(
        `${file}: the file name becomes the stack id and must be 1-12 lowercase letters, digits or hyphens, starting with a letter, and not "bootstrap" or "deployer"; got "${name}"`,
      );
      continue;
    }
    const raw = readJson(envPath, file, problems);
    if (raw === undefined) continue;
    const parsed = parse(file, EnvironmentFileSchema, raw, problems);
    if (!parsed || !org) continue;
    const resolved = resolveEnvironment({ name, file, input: parsed, org, namespaceOverride });
    problems.push(...resolved.problems);
    warnings.push(...resolved.warnings);
    if (resolved.value) environments.push(resolved.value);
  }

  // Environments are in file-name order; the later file of a pair gets the line.
  for (const { index, within } of nestedEntries(environments.map((e) => cidr(e.network.vpcCidr)))) {
    const [a, b] = index > within ? [environments[index], environments[within]] : [environments[within], environments[index]];
    problems.push(problem(a.file, ["network", "vpcCidr"], `${a.network.vpcCidr} overlaps ${b.network.vpcCidr} of ${b.file}; give every environment its own range`));
  }

  problems.push(...invocationLoggingConflicts(environments), ...hostNameConflicts(environments));
  if (org) problems.push(...githubDeployProblems(org, environments));

  if (problems.length || !org) throw new ConfigError(problems);
  return { config: { organization: org, environments }, warnings };
}

function readJson(filePath: string, file: string, problems: string[]): unknown {
  let text: string;
  try {
    text = fs.readFileSync(filePath, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push(`${file}: ${code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(e)})`}`);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    problems.push(`${file}: invalid JSON: ${jsonErrorWhere(text, (e as Error).message)}`);
    return undefined;
  }
  const duplicates = duplicateKeys(text);
  for (const d of duplicates) {
    problems.push(problem(file, d.path, `appears twice in one object (again at line ${d.line} column ${d.column}); JSON keeps only the last value, so remove one`));
  }
  return duplicates.length ? undefined : value;
}

/**
 * JSON.parse does not always say where the problem is; jsonc-parser (in
 * strict mode) does, so users get a line and a column.
 */
function jsonErrorWhere(text: string, fallback: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length === 0) return fallback.split("\n")[0];
  const { error, offset } = errors[0];
  const before = text.slice(0, offset).split("\n");
  const reason = printParseErrorCode(error)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return `${reason} at line ${before.length} column ${before[before.length - 1].length + 1}`;
}

function parse<S extends z.ZodType>(file: string, schema: S, raw: unknown, problems: string[]): z.output<S> | undefined {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  problems.push(...formatIssues(file, schema, result.error.issues));
  return undefined;
}
