import { type JSONPath, visit } from "jsonc-parser";

export interface DuplicateKey {
  /** Path of the repeated key, for example ["dify", "version"]. */
  readonly path: JSONPath;
  /** 1-based line and column of the repeated (later) occurrence. */
  readonly line: number;
  readonly column: number;
}

/**
 * Keys that appear twice in one object. JSON.parse keeps the last value
 * without a word, so `"production": true, "production": false` would quietly
 * turn a production file into a development stack.
 */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const open: Array<Set<string>> = [];
  visit(
    text,
    {
      onObjectBegin: () => {
        open.push(new Set());
      },
      onObjectEnd: () => {
        open.pop();
      },
      onObjectProperty: (property, _offset, _length, startLine, startCharacter, pathSupplier) => {
        const keys = open[open.length - 1];
        if (!keys) return;
        if (keys.has(property)) found.push({ path: [...pathSupplier(), property], line: startLine + 1, column: startCharacter + 1 });
        keys.add(property);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return found;
}
