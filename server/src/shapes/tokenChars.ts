// The characters a code-shaped token is made of, and those that glue a token to something
// else. One definition for every reader of text (the scanner, the disguise check, hover) and
// of bytes (the log stream and its SIMD search), so an open file and a scanned log agree on
// where a code starts and ends.

/** A character a code-shaped token is made of: letters, digits, `_`, `-`, `.`. */
export function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}

/** Path separators and similar glue around a token make it part of something else (`img.0024/frame.png`): `/`, `\`, `@`, `$`, `%`. */
export function isGlueChar(c: number): boolean {
  return c === 47 /* / */ || c === 92 /* \ */ || c === 64 /* @ */ || c === 36 /* $ */ || c === 37; /* % */
}

export function isDigitChar(c: number): boolean {
  return c >= 48 && c <= 57;
}
