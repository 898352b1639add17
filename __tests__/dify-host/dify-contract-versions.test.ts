import * as fs from "node:fs";
import * as path from "node:path";
import { TESTED_DIFY_VERSIONS } from "../../src/dify-host/dify-releases";
import { loadConfig } from "../../src/loader/load";
import { environmentsDir, ROOT } from "../helpers/fixtures";

/** A release outside the tested ones deploys, with one warning line naming the file and field. */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function warningsWith(version: string): string[] {
  const dir = environmentsDir((files) => {
    const dev = files["dev.json"] as { dify: { version: string } };
    dev.dify.version = version;
  });
  dirs.push(dir);
  const shown = path.relative(process.cwd(), dir);
  return loadConfig({ dir })
    .warnings.filter((w) => w.includes("dify.version"))
    .map((w) => w.split(shown).join("environments"));
}

test.each(TESTED_DIFY_VERSIONS.map((v) => [v]))("%s is tested: no warning", (version) => {
  expect(warningsWith(version)).toEqual([]);
});

test("an untested release loads, with a warning that says which release the hosts treat it as", () => {
  expect(warningsWith("1.13.0")).toEqual([
    'environments/dev.json: dify.version: 1.13.0 is not a release this project is tested with (1.10.1, 1.14.1); the hosts configure it as they do 1.10.1. Check its docker/ files first (README, "Upgrading Dify")',
  ]);
  expect(warningsWith("1.15.2")).toEqual([expect.stringContaining("the hosts configure it as they do 1.14.1")]);
});

test("the README lists exactly the tested releases", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const line = /^Tested Dify releases: (.*)\.$/m.exec(readme)?.[1];
  expect(line?.split(", ").map((v) => v.replace(/`/g, ""))).toEqual([...TESTED_DIFY_VERSIONS]);
});
