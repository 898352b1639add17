import * as fs from "node:fs";
import { estimateCost } from "../../src/cost/cost-estimate";
import { runReview } from "../../src/review/cli";
import type { TerraformDocument } from "../../src/terraform/terraform-document";
import { costFixture, writeSynthDir } from "../review/synth-fixtures";

describe("a total that leaves out an unpriced resource says it is incomplete", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const review = (stacks: Parameters<typeof writeSynthDir>[0]) => {
    const dir = writeSynthDir(stacks);
    dirs.push(dir);
    return runReview(["--dir", dir]).output;
  };

  test("in the summary row, the stack heading and the grand total", () => {
    const unknown = costFixture({ instanceType: "x9z.large" });
    const total = estimateCost(JSON.parse(unknown) as TerraformDocument).total!;
    const money = `$${total.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const output = review({ partial: { json: unknown }, whole: { json: costFixture() } });
    expect(output).toContain(`| ${money} (incomplete: 1 unpriced item left out) |`);
    expect(output).toContain(`#### Monthly cost estimate: ${money} (incomplete: 1 unpriced item left out)`);
    expect(output).toMatch(/\| \*\*Total\*\* .*\+ what is not priced\*\* \|/);
  });

  test("a fully priced stack's figures carry no such mark", () => {
    const output = review({ whole: { json: costFixture() } });
    expect(output).not.toContain("incomplete");
    expect(output).not.toContain("not priced");
  });
});
