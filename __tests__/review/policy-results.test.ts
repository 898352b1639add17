import { runReview } from "../../src/review/cli";
import { policyResults } from "../../src/review/policy-results";
import type { Annotation } from "../../src/review/synth-output";
import { costFixture, writeSynthDir } from "./synth-fixtures";

const ANNOTATIONS: Annotation[] = [
  { constructPath: "dev/host/instance", level: "@cdktf/info", message: "[CKV_AWS_88] suppressed: the dev host sits in a public subnet behind an allow-list | by design" },
  { constructPath: "dev/alb/lb", level: "@cdktf/warn", message: "[CKV_AWS_91] warning: ALB access logs are off: set access_logs.enabled = true" },
  { constructPath: "dev/host/instance", level: "@cdktf/error", message: '[CKV_AWS_79] IMDSv2 is not required: set metadata_options.http_tokens = "required"' },
  { constructPath: "dev/alb/lb", level: "@cdktf/warn", message: "[CKV_AWS_2] warning: HTTP listener: redirect to HTTPS" },
  { constructPath: "dev", level: "@cdktf/warn", message: "a cdktf warning that no rule wrote" },
];

describe("policy results", () => {
  test("counts errors, warnings and suppressions; sorts by kind, then rule", () => {
    const results = policyResults(ANNOTATIONS);
    expect([results.errors, results.warnings, results.suppressed]).toEqual([1, 2, 1]);
    expect(results.entries.map((e) => [e.kind, e.ruleId, e.resource])).toEqual([
      ["error", "CKV_AWS_79", "host/instance"],
      ["warning", "CKV_AWS_2", "alb/lb"],
      ["warning", "CKV_AWS_91", "alb/lb"],
      ["suppressed", "CKV_AWS_88", "host/instance"],
    ]);
    expect(results.other).toEqual([{ level: "warning", message: "a cdktf warning that no rule wrote", resource: "dev" }]);
  });

  test("no annotations: all zero", () => {
    expect(policyResults([])).toEqual({ errors: 0, warnings: 0, suppressed: 0, entries: [], other: [] });
  });

  test("the Markdown lists warnings and suppressions with their reasons", () => {
    const { output } = runReview(["--dir", writeSynthDir({ dev: { json: costFixture(), annotations: ANNOTATIONS } })]);
    expect(output).toContain("#### Policy checks: 1 error, 2 warnings, 1 suppressed");
    expect(output).toContain("| ⚠️ warning | `CKV_AWS_91` | `alb/lb` | ALB access logs are off: set access_logs.enabled = true |");
    expect(output).toContain("| suppressed | `CKV_AWS_88` | `host/instance` | reason: the dev host sits in a public subnet behind an allow-list \\| by design |");
    expect(output).toContain('| ❌ error | `CKV_AWS_79` | `host/instance` | IMDSv2 is not required: set metadata_options.http_tokens = "required" |');
    expect(output).toContain("- warning `dev`: a cdktf warning that no rule wrote");
    expect(output).toContain("| `dev` | us-west-2 | 22 | 1 error, 2 warnings, 1 suppressed | $375.28 |");
  });
});
