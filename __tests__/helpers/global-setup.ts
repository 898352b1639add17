import { createTestRoot } from "./test-root";

export default function globalSetup(): void {
  createTestRoot();
}
