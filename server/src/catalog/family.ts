// A family pattern is restricted to three fixed forms, so matching a code against any catalog
// (bundled or a user's) is a prefix compare and a character-class walk: no regular expression
// from a catalog is ever compiled, and none can be slow.
//
//   PREFIX[0-9]{N} or PREFIX[0-9]{M,N}     `SVCSTG\.SWR\.[0-9]{7}`: a prefix, then digits. Recognised anywhere:
//                                         the prefix is what tells such a code from other text.
//   [0-9]{N} or [0-9]{M,N}                 a bare number (IAM `1100`, DCS `111400002`).
//   PREFIX[A-Za-z][A-Za-z0-9.]*            a name (`NoSuchBucket`, `KMS\.DisabledException`), prefix optional;
//                                         only the codes the catalog lists belong to it.
// A bare number or a name cannot be told from other text by its shape, so those two are
// recognised only where a response body's code field or a comparison with one puts them.

export type FamilyKind = 'digits' | 'number' | 'name';

export interface FamilyShape {
  /** The literal prefix, e.g. `SVCSTG.SWR.`; '' for a bare number, and for a name without one. */
  prefix: string;
  /** Digits after the prefix (0 for a name family). */
  minDigits: number;
  maxDigits: number;
  /** `digits` when absent, so shapes written before names and numbers existed keep their meaning. */
  kind?: FamilyKind;
}

/** The tail of a name family's pattern, written exactly so. */
const NAME_TAIL = '[A-Za-z][A-Za-z0-9.]*';

const PREFIX = '((?:[A-Za-z0-9_-]|\\\\\\.)*)';
const DIGITS_SHAPE = new RegExp(`^${PREFIX}\\[0-9\\]\\{([1-9][0-9]?)(?:,([1-9][0-9]?))?\\}$`);
const NAME_SHAPE = new RegExp(`^${PREFIX}\\[A-Za-z\\]\\[A-Za-z0-9\\.\\]\\*$`);

export function kindOf(shape: FamilyShape): FamilyKind {
  return shape.kind ?? 'digits';
}

/** Is a code of this family told from other text by its shape alone (a prefix, then digits)? */
export function recognisedAnywhere(shape: FamilyShape): boolean {
  return kindOf(shape) === 'digits';
}

/** Parses a family pattern; returns an explanation instead when the pattern is not of an allowed form. */
export function parseFamilyPattern(pattern: string): FamilyShape | string {
  const names = NAME_SHAPE.exec(pattern);
  if (names) return { prefix: unescape(names[1]), minDigits: 0, maxDigits: 0, kind: 'name' };
  const m = DIGITS_SHAPE.exec(pattern);
  if (!m) {
    return `pattern "${pattern}" is not of the form PREFIX[0-9]{N}, [0-9]{N} (a bare number) or PREFIX${NAME_TAIL} (a name): letters, digits, "_", "-" and "\\." then [0-9]{N}, [0-9]{M,N} or ${NAME_TAIL}`;
  }
  const minDigits = Number(m[2]);
  const maxDigits = m[3] === undefined ? minDigits : Number(m[3]);
  if (maxDigits < minDigits) return `pattern "${pattern}" has a digit range that runs backwards`;
  const prefix = unescape(m[1]);
  return prefix === '' ? { prefix, minDigits, maxDigits, kind: 'number' } : { prefix, minDigits, maxDigits };
}

export function formatFamilyPattern(shape: FamilyShape): string {
  const prefix = shape.prefix.replace(/\./g, '\\.');
  if (kindOf(shape) === 'name') return `${prefix}${NAME_TAIL}`;
  const digits = shape.minDigits === shape.maxDigits ? `${shape.minDigits}` : `${shape.minDigits},${shape.maxDigits}`;
  return `${prefix}[0-9]{${digits}}`;
}

/** Does `code` have the family's shape (its digit count unchecked for digits families)? */
export function fitsFamily(code: string, shape: FamilyShape): boolean {
  if (code.length <= shape.prefix.length || !code.startsWith(shape.prefix)) return false;
  const kind = kindOf(shape);
  if (kind !== 'name') return allDigits(code, shape.prefix.length);
  return isNameTail(code, shape.prefix.length);
}

function allDigits(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A letter, then letters, digits and dots. */
function isNameTail(text: string, from: number): boolean {
  const first = text.charCodeAt(from);
  if (!isLetter(first)) return false;
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isLetter(c) && !(c >= 48 && c <= 57) && c !== 46) return false;
  }
  return true;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function unescape(prefix: string): string {
  return prefix.replace(/\\\./g, '.');
}
