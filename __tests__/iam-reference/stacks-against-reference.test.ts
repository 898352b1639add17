import { DATA_SOURCE_ACTIONS, RESOURCE_ACTIONS } from "../../src/iam/resource-actions";
import { type FoundDocument, findPolicyDocuments } from "./policy-documents";
import { checkDocument } from "./reference-check";
import { allStacks, OPTION_MATRIX } from "./stack-matrix";

/**
 * Every policy document of every stack (the shipped examples and the option
 * matrix) against AWS's Service Authorization Reference: see reference-check.ts.
 * The same stacks also show which resource types the deployer table must list.
 */
describe("every synthesized policy against AWS's IAM reference", () => {
  const stacks = allStacks();
  const found = stacks.map(findPolicyDocuments);
  const documents: FoundDocument[] = found.flatMap((f) => f.documents);

  test("the matrix synthesizes each option and finds the policies of every kind", () => {
    for (const c of OPTION_MATRIX) expect(stacks.some((s) => s.name.startsWith(`matrix ${c.name}/`))).toBe(true);
    expect(new Set(documents.map((d) => d.kind))).toEqual(new Set(["identity", "trust", "resource", "endpoint"]));
    const types = new Set(documents.map((d) => d.where.split(" ").pop()!.split(".")[0]));
    for (const t of ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_role", "aws_kms_key", "aws_s3_bucket_policy", "aws_sns_topic_policy", "aws_vpc_endpoint"]) {
      expect(types).toContain(t);
    }
  });

  test("no policy document hides in an attribute the extractor does not know", () => {
    expect(found.flatMap((f) => f.unclassified)).toEqual([]);
  });

  test("every type in every synthesized stack (examples and option matrix) has a row", () => {
    // The deployer simulation (deployer-coverage.test.ts) needs a row for each.
    const types = new Set(stacks.flatMap((s) => Object.keys(s.tf.resource ?? {})));
    const data = new Set(stacks.flatMap((s) => Object.keys(s.tf.data ?? {})));
    expect([...types].filter((t) => !RESOURCE_ACTIONS[t])).toEqual([]);
    expect([...data].filter((t) => !DATA_SOURCE_ACTIONS[t])).toEqual([]);
  });

  test("every statement is one AWS accepts, and every grant and condition can take effect", async () => {
    const findings = (await Promise.all(documents.map(checkDocument))).flat();
    expect([...new Set(findings)]).toEqual([]);
  });
});
