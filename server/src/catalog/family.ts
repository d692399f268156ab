// A family pattern is restricted to a literal prefix and a run of digits, so matching a
// code against any catalog (bundled or a user's) is a prefix compare and a digit count:
// no regular expression from a catalog is ever compiled, and none can be slow.

export interface FamilyShape {
  /** The literal prefix, e.g. `SVCSTG.SWR.` */
  prefix: string;
  minDigits: number;
  maxDigits: number;
}

const SHAPE = /^((?:[A-Za-z0-9_-]|\\\.)+)\[0-9\]\{([1-9][0-9]?)(?:,([1-9][0-9]?))?\}$/;

/** Parses `SVCSTG\.SWR\.[0-9]{7}`; returns an explanation instead when the pattern is not of the allowed form. */
export function parseFamilyPattern(pattern: string): FamilyShape | string {
  const m = SHAPE.exec(pattern);
  if (!m) {
    return `pattern "${pattern}" is not of the form PREFIX[0-9]{N} (letters, digits, "_", "-" and "\\." then [0-9]{N} or [0-9]{M,N})`;
  }
  const minDigits = Number(m[2]);
  const maxDigits = m[3] === undefined ? minDigits : Number(m[3]);
  if (maxDigits < minDigits) return `pattern "${pattern}" has a digit range that runs backwards`;
  return { prefix: m[1].replace(/\\\./g, '.'), minDigits, maxDigits };
}

export function formatFamilyPattern(shape: FamilyShape): string {
  const digits = shape.minDigits === shape.maxDigits ? `${shape.minDigits}` : `${shape.minDigits},${shape.maxDigits}`;
  return `${shape.prefix.replace(/\./g, '\\.')}[0-9]{${digits}}`;
}
