import * as fs from "node:fs";
import * as path from "node:path";
import { generateJsonSchemas } from "../src/config/json-schema";

// Writes environments/schema/*.json from the zod schemas. A test fails when they drift.
const dir = path.join(__dirname, "..", "environments", "schema");
fs.mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(generateJsonSchemas())) {
  fs.writeFileSync(path.join(dir, file), text);
  process.stdout.write(`wrote environments/schema/${file}\n`);
}
