import * as path from "node:path";
import { createTestRoot } from "./test-root";

export default function globalSetup(): void {
  createTestRoot();
  // The workers start after global setup and inherit its environment (see worker-exit.cjs).
  const preload = `--require ${JSON.stringify(path.join(__dirname, "worker-exit.cjs"))}`;
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" ");
}
