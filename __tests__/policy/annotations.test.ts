import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { formatPolicyAnnotation, parsePolicyAnnotation } from "../../src/policy/annotations";
import { applyPolicyChecks } from "../../src/policy/apply-policy-checks";
import { suppress } from "../../src/policy/suppressions";

describe("annotation format", () => {
  test.each([
    [
      { ruleId: "CKV_AWS_79", kind: "error", text: 'IMDSv2 is not required: set metadata_options.http_tokens = "required"' },
      '[CKV_AWS_79] IMDSv2 is not required: set metadata_options.http_tokens = "required"',
    ],
    [
      { ruleId: "CKV_AWS_63", kind: "warning", text: "cannot read the policy: write it with policyDocument()" },
      "[CKV_AWS_63] warning: cannot read the policy: write it with policyDocument()",
    ],
    [{ ruleId: "CKV2_AWS_11", kind: "suppressed", text: "shared VPC, flow logs in the network account" }, "[CKV2_AWS_11] suppressed: shared VPC, flow logs in the network account"],
  ] as const)("%j formats as %s and parses back", (annotation, message) => {
    expect(formatPolicyAnnotation(annotation)).toBe(message);
    expect(parsePolicyAnnotation(message)).toEqual(annotation);
  });

  test("messages that the policy checks did not write parse as undefined", () => {
    expect(parsePolicyAnnotation("We detected an Aspect was added via another Aspect, and will not be applied")).toBeUndefined();
    expect(parsePolicyAnnotation("[not an id] text")).toBeUndefined();
  });

  test("the manifest level decides the kind of a message without a marker", () => {
    expect(parsePolicyAnnotation("[CKV_AWS_91] text", "@cdktf/warn")?.kind).toBe("warning");
    expect(parsePolicyAnnotation("[CKV_AWS_91] text", "@cdktf/error")?.kind).toBe("error");
  });

  test("a malformed rule id is refused", () => {
    expect(() => formatPolicyAnnotation({ ruleId: "ckv 1", kind: "error", text: "x" })).toThrow(/not a rule id/);
  });
});

describe("annotations in a real synth", () => {
  const previous = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  afterEach(() => {
    if (previous === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = previous;
  });

  function stackWithFindings(app: App): TerraformStack {
    const stack = new TerraformStack(app, "dev");
    new AwsProvider(stack, "aws", { region: "ap-northeast-1" });
    new Instance(stack, "host", { ami: "ami-1", instanceType: "t3.large", rootBlockDevice: { encrypted: true } });
    const lb = new Lb(stack, "alb", { subnets: ["subnet-1"], dropInvalidHeaderFields: true });
    suppress(lb, "CKV_AWS_91", "load-test ALB");
    applyPolicyChecks(stack);
    return stack;
  }

  test("an error annotation fails synth", () => {
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    const stack = stackWithFindings(Testing.app());
    expect(() => Testing.fullSynth(stack)).toThrow(/\[dev\/host\] \[CKV_AWS_79\] IMDSv2 is not required/);
  });

  test("the manifest carries every finding with its level, readable by parsePolicyAnnotation", () => {
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-manifest-"));
    const app = new App({ outdir });
    stackWithFindings(app);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
    };
    const read = manifest.stacks.dev.annotations
      .map((a) => ({ a, parsed: parsePolicyAnnotation(a.message, a.level) }))
      .filter(({ parsed }) => parsed)
      .map(({ a, parsed }) => `${a.level} ${parsed?.kind} ${parsed?.ruleId} ${a.constructPath}`);
    expect(read).toEqual(["@cdktf/error error CKV_AWS_79 dev/host", "@cdktf/info suppressed CKV_AWS_91 dev/alb"]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
