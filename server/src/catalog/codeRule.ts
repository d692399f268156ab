// What a catalog accepts as a code, shared by the loader and by the features that write
// codes into a user's catalog, so nothing is written that the loader would refuse.

/**
 * 3 to 100 ASCII letters, digits, ".", "-" or "_": no blanks, no control characters, no markup. None of
 * these means anything inside a string literal of any language the scanner reads (no quote, backslash,
 * `$` or brace), so a fix writes such a code into a literal as it is.
 */
export const CODE = /^[A-Za-z0-9_.-]{3,100}$/;

/** A value as a message names it: JSON-quoted (control characters escaped) and cut to 60 characters. */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
