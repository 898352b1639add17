import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./helpers/repo-root";

/**
 * The scripts that deploy.yml and pr.yml run, run here for real: Terraform
 * (1.11.4, no providers needed) for the plan/apply pair, git for the PR
 * review's base.
 */
const SCRIPTS = path.join(ROOT, ".github", "scripts");

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deploySettings, tokenVariable } = require(path.join(SCRIPTS, "deploy-settings.cjs")) as {
  deploySettings: (organization: unknown, options?: { repositoryToken?: boolean }) => Record<string, string>;
  tokenVariable: (hostname: string) => string;
};

const temps: string[] = [];
function temp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dify-ci-"));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", ...env },
  });
}

describe("deploy-settings.cjs", () => {
  test("s3 (also the default) needs nothing more", () => {
    expect(deploySettings({ backend: { type: "s3" } })).toEqual({ backend: "s3" });
    expect(deploySettings({})).toEqual({ backend: "s3" });
  });

  test("cloud: the token variable follows backend.hostname", () => {
    expect(deploySettings({ backend: { type: "cloud", organization: "example-org", workspacePrefix: "dify-" } })).toEqual({
      backend: "cloud",
      hostname: "app.terraform.io",
      "token-variable": "TF_TOKEN_app_terraform_io",
    });
    // Terraform's encoding: "." as "_", "-" as "__".
    expect(tokenVariable("tfe.my-company.example")).toBe("TF_TOKEN_tfe_my__company_example");
    expect(() => tokenVariable("tfe.example.com:8443")).toThrow(/^environments\/organization\.json: backend\.hostname must be a plain host name/);
  });

  test("the local backend cannot deploy from CI", () => {
    expect(() => deploySettings({ backend: { type: "local" } })).toThrow(
      'environments/organization.json: backend.type "local" keeps the state on the runner, which is deleted after the job; deploy.yml needs "s3" or "cloud"',
    );
  });

  test("a repository-level TF_API_TOKEN stops the pipeline", () => {
    expect(() => deploySettings({ backend: { type: "s3" } }, { repositoryToken: true })).toThrow(/^TF_API_TOKEN is visible to a job without a GitHub environment/);
  });

  test("as the job runs it: outputs to $GITHUB_OUTPUT, or one ::error:: line and exit 1", () => {
    const dir = temp();
    const envs = path.join(dir, "environments");
    fs.mkdirSync(envs);
    const output = path.join(dir, "output");
    fs.writeFileSync(`${envs}/organization.json`, JSON.stringify({ backend: { type: "cloud", organization: "o", workspacePrefix: "dify-", hostname: "tfe.example.com" } }));
    const ok = run("node", [path.join(SCRIPTS, "deploy-settings.cjs")], dir, { GITHUB_OUTPUT: output, REPOSITORY_TF_API_TOKEN: "false" });
    expect(ok.status).toBe(0);
    expect(fs.readFileSync(output, "utf8")).toContain("token-variable=TF_TOKEN_tfe_example_com\n");

    fs.writeFileSync(`${envs}/organization.json`, JSON.stringify({ backend: { type: "local" } }));
    const local = run("node", [path.join(SCRIPTS, "deploy-settings.cjs")], dir, { GITHUB_OUTPUT: output });
    expect(local.status).toBe(1);
    expect(local.stdout.trim().split("\n")).toEqual([expect.stringMatching(/^::error::environments\/organization\.json: backend\.type "local"/)]);
    expect(local.stderr).toBe("");
  });
});

describe("plan.sh, then apply-s3.sh: the apply applies exactly the saved plan", () => {
  // No providers, so Terraform plans and applies offline; the state lives
  // outside the stack folder, as a remote backend's would.
  function stack(dir: string, value: string): void {
    fs.mkdirSync(path.join(dir, "stack"), { recursive: true });
    const tf = { terraform: { backend: { local: { path: path.join(dir, "shared.tfstate") } } }, output: { greeting: { value } } };
    fs.writeFileSync(path.join(dir, "stack", "cdk.tf.json"), JSON.stringify(tf));
  }
  function plan(dir: string, archive = "plan-dev.tgz"): string {
    const output = path.join(dir, "output");
    fs.rmSync(output, { force: true });
    const env = { STACK: "dev", BACKEND: "s3", STACK_DIR: "stack", PLAN_ARCHIVE: archive, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: path.join(dir, "summary"), GITHUB_SHA: "abc123" };
    const result = run(path.join(SCRIPTS, "plan.sh"), [], dir, env);
    expect({ status: result.status, error: /Error/.test(result.stderr) ? result.stderr : "" }).toEqual({ status: 0, error: "" });
    return /digest=([0-9a-f]{64})/.exec(fs.readFileSync(output, "utf8"))![1];
  }
  const apply = (dir: string, env: Record<string, string>) => run(path.join(SCRIPTS, "apply-s3.sh"), [], dir, { STACK: "dev", ...env });

  // One sequence of two plans, so that Terraform (each run a process of its own) runs ten times rather than fifteen.
  test("the approver's summary shows the saved plan; a changed archive is refused, a matching one is applied, a stale one is not", () => {
    const dir = temp();
    stack(dir, "first");
    const first = plan(dir);
    const summary = fs.readFileSync(path.join(dir, "summary"), "utf8");
    expect(summary).toContain("## Plan for `dev` at abc123");
    expect(summary).toContain("**Changes to Outputs:**");
    expect(summary).toMatch(/```\n[\s\S]*\+ greeting = "first"[\s\S]*```/);

    const refused = apply(dir, { PLAN_DIGEST: "0".repeat(64) });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/^::error::plan-dev\.tgz has sha256 [0-9a-f]{64}, but the plan job produced 0{64}; refusing to apply/);
    expect(fs.existsSync(path.join(dir, "shared.tfstate"))).toBe(false);

    // A second plan of the same (still empty) state: once it is applied, the first plan is stale.
    stack(dir, "second");
    const second = plan(dir, "second.tgz");
    const applied = apply(dir, { PLAN_ARCHIVE: "second.tgz", PLAN_DIGEST: second, APPLY_DIR: "a" });
    expect(applied.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "shared.tfstate"), "utf8")).outputs.greeting.value).toBe("second");

    const stale = apply(dir, { PLAN_DIGEST: first, APPLY_DIR: "b" });
    expect(stale.status).not.toBe(0);
    expect(stale.stderr).toMatch(/Saved plan is stale/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "shared.tfstate"), "utf8")).outputs.greeting.value).toBe("second");
  });
});

describe("checkout-merge-base.sh: the PR review's base", () => {
  test("is the merge ref's first parent (the base branch's tip), not the older pull_request.base.sha", () => {
    const dir = temp();
    // The repository is built by one shell: every process the jest worker starts costs a fork of the worker.
    const built = run(
      "bash",
      [
        "-c",
        [
          "set -euo pipefail",
          'g() { git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main "$@"; }',
          "g init -q",
          "echo v1 > app.txt; g add -A; g commit -qm base",
          "g rev-parse HEAD",
          "g checkout -qb pr",
          "echo 'this PR' > pr.txt; g add -A; g commit -qm \"the PR's change\"",
          "g checkout -q main",
          "echo 'another PR, merged meanwhile' > other.txt; g add -A; g commit -qm 'another PR'",
          "g rev-parse HEAD",
          // What GitHub's refs/pull/N/merge is: the PR merged into the base tip.
          "g merge -q --no-ff -m merge pr",
          "g rev-parse HEAD^1",
        ].join("\n"),
      ],
      dir,
    );
    expect({ status: built.status, fatal: /fatal/.test(built.stderr) ? built.stderr : "" }).toEqual({ status: 0, fatal: "" });
    const [baseSha, tip, firstParent] = built.stdout.trim().split("\n");
    expect(firstParent).toBe(tip);

    const r = run(path.join(SCRIPTS, "checkout-merge-base.sh"), ["base"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Comparing against ${tip}`);
    expect(fs.readFileSync(path.join(dir, "base", "other.txt"), "utf8")).toBe("another PR, merged meanwhile\n");
    expect(fs.existsSync(path.join(dir, "base", "pr.txt"))).toBe(false);
    expect(tip).not.toBe(baseSha);

    // A plain commit (not the merge ref) is refused rather than guessed at.
    const refused = run("bash", ["-c", 'git checkout -q pr && exec "$0" base2', path.join(SCRIPTS, "checkout-merge-base.sh")], dir);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/^::error::HEAD \(\w+\) is not a merge commit/);
  });
});

/**
 * The Terraform Cloud path against a stand-in for its API (the endpoints and
 * fields of the Workspaces, Workspace Variables and Runs APIs that the
 * scripts use). The scripts read JSON with jq, which GitHub's Ubuntu runners
 * have; a machine without it skips these.
 */
const HAS_JQ = spawnSync("jq", ["--version"]).status === 0;
(HAS_JQ ? describe : describe.skip)("Terraform Cloud path (stand-in API)", () => {
  interface Request {
    method: string;
    url: string;
    authorization?: string;
    body: string;
  }
  const requests: Request[] = [];
  const runs: Record<string, string[]> = {};
  let server: http.Server;
  let api: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
        const json = (code: number, value: unknown) => {
          res.writeHead(code, { "Content-Type": "application/vnd.api+json" });
          res.end(JSON.stringify(value));
        };
        const run = /^\/api\/v2\/runs\/(run-\w+)(\/actions\/apply)?$/.exec(req.url!);
        if (req.url === "/api/v2/organizations/example-org/workspaces/dify-prod") return json(200, { data: { id: "ws-prod", type: "workspaces" } });
        if (req.url === "/api/v2/workspaces/ws-prod/vars") return json(200, { data: [{ attributes: { key: "TFC_AWS_PROVIDER_AUTH", category: "env" } }] });
        if (run && runs[run[1]] && req.method === "POST" && run[2]) {
          runs[run[1]] = ["applying", "applied"];
          return json(202, {});
        }
        if (run && runs[run[1]] && req.method === "GET" && !run[2]) {
          const states = runs[run[1]];
          return json(200, { data: { id: run[1], attributes: { status: states.length > 1 ? states.shift() : states[0] } } });
        }
        json(404, { errors: [{ status: "404", title: "not found" }] });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests.length = 0;
  });

  /** Runs a script without blocking the event loop, which serves the stand-in API. */
  function script(name: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(path.join(SCRIPTS, name), [], { cwd, env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_API_TOKEN: "secret-token", TFC_API_URL: api, ...env } });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c) => (stdout += c));
      child.stderr.on("data", (c) => (stderr += c));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  }

  /** A plan archive holding a saved cloud plan bookmark (Terraform's remote_plan_format 1). */
  function bookmark(dir: string, runId: string, hostname = "app.terraform.io"): string {
    fs.mkdirSync(path.join(dir, "stack"));
    fs.writeFileSync(path.join(dir, "stack", "tfplan"), JSON.stringify({ remote_plan_format: 1, run_id: runId, hostname }));
    expect(run("tar", ["-czf", "plan-prod.tgz", "-C", "stack", "."], dir).status).toBe(0);
    return createHash("sha256")
      .update(fs.readFileSync(path.join(dir, "plan-prod.tgz")))
      .digest("hex");
  }

  test("plan.sh refuses a workspace that was not set up, before terraform init could create it", async () => {
    const dir = temp();
    // The cloud block as cdktf synthesizes it; a stand-in terraform records that it was reached.
    const stack = (workspace: string) => {
      fs.mkdirSync(path.join(dir, workspace));
      const tf = { terraform: { cloud: { hostname: "app.terraform.io", organization: "example-org", workspaces: { name: workspace } } } };
      fs.writeFileSync(path.join(dir, workspace, "cdk.tf.json"), JSON.stringify(tf));
      return workspace;
    };
    fs.mkdirSync(path.join(dir, "bin"));
    fs.writeFileSync(path.join(dir, "bin", "terraform"), '#!/bin/sh\necho "terraform $*" >&2\nexit 3\n', { mode: 0o755 });
    const env = {
      PATH: `${path.join(dir, "bin")}:${process.env.PATH}`,
      STACK: "prod",
      BACKEND: "cloud",
      TOKEN_VARIABLE: "TF_TOKEN_app_terraform_io",
      TFC_HOSTNAME: "app.terraform.io",
      GITHUB_OUTPUT: path.join(dir, "o"),
      GITHUB_STEP_SUMMARY: path.join(dir, "s"),
    };

    const missing = await script("plan.sh", dir, { ...env, STACK_DIR: stack("dify-prod-blue") });
    expect(missing.status).toBe(1);
    expect(missing.stdout.trim()).toBe(
      "::error::Terraform Cloud workspace example-org/dify-prod-blue does not exist (or this token cannot see it); create it with its dynamic-credential variables first (docs/ci.md)",
    );
    expect(missing.stderr).not.toMatch(/terraform init/);
    expect(requests.map((r) => [r.url, r.authorization])).toEqual([["/api/v2/organizations/example-org/workspaces/dify-prod-blue", "Bearer secret-token"]]);

    // An existing workspace without TFC_AWS_RUN_ROLE_ARN: a warning, then on to terraform init.
    const present = await script("plan.sh", dir, { ...env, STACK_DIR: stack("dify-prod") });
    expect(present.stdout).toContain("::warning::workspace dify-prod has no TFC_AWS_RUN_ROLE_ARN variable");
    expect(present.stdout).not.toContain("TFC_AWS_PROVIDER_AUTH variable");
    expect(present.stderr).toMatch(/^terraform init -input=false/m);

    // A stack on another host than the one the token variable was made for.
    const wrongHost = await script("plan.sh", dir, { ...env, TFC_HOSTNAME: "tfe.example.com", STACK_DIR: "dify-prod" });
    expect(wrongHost.status).toBe(1);
    expect(wrongHost.stdout).toMatch(/^::error::dify-prod\/cdk\.tf\.json has no Terraform Cloud workspace on tfe\.example\.com/);
  });

  test("apply-cloud.sh confirms the saved plan run once and waits until it is applied", async () => {
    const dir = temp();
    runs["run-ok"] = ["planned_and_saved"];
    const digest = bookmark(dir, "run-ok");
    const r = await script("apply-cloud.sh", dir, { STACK: "prod", PLAN_DIGEST: digest, TFC_HOSTNAME: "app.terraform.io", POLL_SECONDS: "0", GITHUB_RUN_ID: "42" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Applied.");
    const posts = requests.filter((q) => q.method === "POST");
    expect(posts.map((q) => q.url)).toEqual(["/api/v2/runs/run-ok/actions/apply"]);
    expect(JSON.parse(posts[0].body).comment).toMatch(/^Approved in .*\/actions\/runs\/42$/);
    expect(requests.every((q) => q.authorization === "Bearer secret-token")).toBe(true);
  });

  test("apply-cloud.sh confirms nothing when the run is no longer a saved plan, or is for another host", async () => {
    const dir = temp();
    runs["run-gone"] = ["discarded"];
    const digest = bookmark(dir, "run-gone");
    const gone = await script("apply-cloud.sh", dir, { STACK: "prod", PLAN_DIGEST: digest, TFC_HOSTNAME: "app.terraform.io", POLL_SECONDS: "0" });
    expect(gone.status).toBe(1);
    expect(gone.stdout).toMatch(/^::error::Terraform Cloud run run-gone is 'discarded', not planned_and_saved/);

    const other = temp();
    const otherDigest = bookmark(other, "run-ok", "tfe.example.com");
    const wrongHost = await script("apply-cloud.sh", other, { STACK: "prod", PLAN_DIGEST: otherDigest, TFC_HOSTNAME: "app.terraform.io", POLL_SECONDS: "0" });
    expect(wrongHost.status).toBe(1);
    expect(wrongHost.stdout).toMatch(/^::error::the plan is not a saved Terraform Cloud plan for app\.terraform\.io/);
    expect(requests.filter((q) => q.method === "POST")).toEqual([]);
  });
});

/**
 * staging-received.sh asks the GitHub API through `gh api ... --jq`. A
 * stand-in `gh` answers with canned JSON and applies the script's own jq
 * filters with the real jq, so the filters themselves are what is tested.
 */
(HAS_JQ ? describe : describe.skip)("staging-received.sh: prod only after staging", () => {
  const SHA = "0123456789abcdef0123456789abcdef01234567";

  function check(runs: unknown[], jobs: Record<number, unknown[]>) {
    const dir = temp();
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(dir, "runs.json"), JSON.stringify({ workflow_runs: runs }));
    for (const [id, list] of Object.entries(jobs)) fs.writeFileSync(path.join(dir, `jobs-${id}.json`), JSON.stringify({ jobs: list }));
    // gh api <path> --jq <filter>
    fs.writeFileSync(
      path.join(bin, "gh"),
      [
        "#!/usr/bin/env bash",
        `echo "$2" >> "${dir}/requests"`,
        `case "$2" in`,
        `  */actions/workflows/deploy.yml/runs\\?*) file="${dir}/runs.json" ;;`,
        `  */actions/runs/*/jobs\\?*) id="\${2#*/actions/runs/}"; file="${dir}/jobs-\${id%%/*}.json" ;;`,
        `  *) echo "unexpected $2" >&2; exit 1 ;;`,
        "esac",
        `jq -r "$4" "$file"`,
      ].join("\n"),
      { mode: 0o755 },
    );
    const result = run(path.join(SCRIPTS, "staging-received.sh"), [], dir, {
      PATH: `${bin}:${process.env.PATH}`,
      GH_TOKEN: "t",
      GITHUB_REPOSITORY: "example-org/dify-platform",
      GITHUB_SHA: SHA,
    });
    const requests = fs.existsSync(path.join(dir, "requests")) ? fs.readFileSync(path.join(dir, "requests"), "utf8").trim().split("\n") : [];
    return { ...result, requests };
  }

  test("passes when a push or manual run on main applied staging at this commit", () => {
    const r = check([{ id: 7, event: "push" }], {
      7: [
        { name: "Apply dev", conclusion: "success" },
        { name: "Apply staging", conclusion: "success" },
      ],
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Staging received ${SHA} in run 7.`);
    expect(r.requests[0]).toBe(`repos/example-org/dify-platform/actions/workflows/deploy.yml/runs?head_sha=${SHA}&branch=main&per_page=100`);
  });

  test("refuses when staging's apply failed, or only a pull request's run claims it", () => {
    const r = check(
      [
        { id: 8, event: "pull_request" },
        { id: 9, event: "workflow_dispatch" },
      ],
      { 8: [{ name: "Apply staging", conclusion: "success" }], 9: [{ name: "Apply staging", conclusion: "failure" }] },
    );
    expect(r.status).toBe(1);
    expect(r.stdout.trim()).toBe(`::error::prod deploys only a commit that staging received, and no run of deploy.yml on main applied staging at ${SHA}; deploy staging first`);
    // The pull request's run is never even asked about.
    expect(r.requests.filter((q) => q.includes("/runs/8/"))).toEqual([]);
  });
});
