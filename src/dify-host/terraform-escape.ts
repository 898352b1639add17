/**
 * Terraform reads `${...}` and `%{...}` in any string of its JSON as an
 * interpolation or a template directive. A literal one, as in a bash script,
 * is written `$${` and `%%{`.
 */
export function escapeTerraform(text: string): string {
  // Replacer functions: in a replacement string, "$$" would mean one "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** What Terraform makes of an escaped string: the inverse of escapeTerraform. */
export function unescapeTerraform(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}
