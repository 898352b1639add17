import { removeTestRoot } from "./test-root";

export default function globalTeardown(): void {
  removeTestRoot();
}
