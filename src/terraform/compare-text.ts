/** Locale-independent ordering (by UTF-16 code unit), so that the review is byte-identical everywhere. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
