// The parts of a code: its family prefix (`SVCSTG.SWR.`) and its number (`4001048`). Two
// readings, for two kinds of input: a token a person typed, which may be mistyped (a letter
// O for a zero, a missing dot), and a code a vendor page documents, which must be exact.

/**
 * Splits a typed token `PREFIX.NUMBER` at its last dot, or a run of trailing digits when the
 * dot is missing. Never fails: the head is '' when nothing before the number looks like a prefix.
 */
export function splitCode(token: string): { head: string; num: string } {
  const dot = token.lastIndexOf('.');
  const num = token.slice(dot + 1);
  if (dot >= 0 && (num === '' || normaliseDigits(num))) return { head: token.slice(0, dot + 1), num };
  let i = token.length;
  while (i > 0 && token.charCodeAt(i - 1) >= 48 && token.charCodeAt(i - 1) <= 57) i--;
  return { head: token.slice(0, i), num: token.slice(i) };
}

/**
 * A typed head without its trailing separators, upper-cased (`svcstg.swr.` → `SVCSTG.SWR`).
 * A loop, not /[.\-_]+$/: that is tried at every separator of a long run, quadratic in it.
 */
export function stemOf(head: string): string {
  let end = head.length;
  for (let c = head.charCodeAt(end - 1); end > 0 && (c === 46 || c === 45 || c === 95); c = head.charCodeAt(end - 1)) end--;
  return head.slice(0, end).toUpperCase();
}

/** A prefix of letters, digits, `_`, `-` and `.` that ends in a non-digit, then the code's trailing digits. */
const CATALOG_CODE = /^([A-Za-z0-9_.-]*[A-Za-z_.-])([0-9]+)$/;

/** Splits a documented code into its family prefix and digits; undefined for a code that does not end in digits. */
export function splitCatalogCode(code: string): { prefix: string; digits: string } | undefined {
  const m = CATALOG_CODE.exec(code);
  return m ? { prefix: m[1], digits: m[2] } : undefined;
}

/** Letters people type for digits that look alike: O/o for 0, l/I/i for 1. */
export function normaliseDigits(text: string): { digits: string; fixes: number } | undefined {
  let out = '';
  let fixes = 0;
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') out += ch;
    else if (ch === 'O' || ch === 'o') {
      out += '0';
      fixes++;
    } else if (ch === 'l' || ch === 'I' || ch === 'i' || ch === '|') {
      out += '1';
      fixes++;
    } else return undefined;
  }
  return { digits: out, fixes };
}
