// The characters a code-shaped token is made of, shared by the scanner and the disguise check.

/** A character a code-shaped token is made of: letters, digits, `_`, `-`, `.`. */
export function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}
