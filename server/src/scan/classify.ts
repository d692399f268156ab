// What a code-shaped token is, measured against the catalogs: a documented code, a
// well-formed code the catalogs do not hold, a prefix of codes, or a near miss of a family.
import { type CatalogIndex, type FamilyInfo, type IndexedEntry, fitsWidth } from '../catalog/index';
import { normaliseDigits, splitCode, stemOf } from '../shapes/codeParts';
import { osaDistance } from '../shapes/distance';

export type HitKind =
  /** a documented code, exactly */
  | 'exact'
  /** a documented code in other letter case */
  | 'case'
  /** a code of a catalogued family with the right digits that no catalog documents */
  | 'unknown'
  /** a family prefix, or a family prefix and fewer digits than a code has */
  | 'short'
  /** close to a family, but wrong: a mistyped prefix, too many digits, letters for digits */
  | 'near';

interface Classification {
  kind: HitKind;
  entry?: IndexedEntry;
  /** The family the token belongs to, or most likely meant. */
  family?: FamilyInfo;
}

/** How far a typed family stem may be from a real one and still be taken for it. */
function stemTolerance(stem: string): number {
  return stem.length <= 4 ? 1 : stem.length <= 10 ? 2 : 3;
}

/** The families whose stems are within tolerance of `stem` (upper-cased), nearest first. */
export function nearFamilies(index: CatalogIndex, stem: string): { family: FamilyInfo; distance: number }[] {
  const out: { family: FamilyInfo; distance: number }[] = [];
  for (const family of index.families) {
    const max = stemTolerance(family.stem);
    if (Math.abs(family.stem.length - stem.length) > max) continue;
    const distance = osaDistance(stem, family.stem, max);
    if (distance <= max) out.push({ family, distance });
  }
  return out.sort((a, b) => a.distance - b.distance);
}

/**
 * Classifies a token. `near` allows near misses, which only make sense where a person typed
 * the token as a code (a literal, a comment); a log line says what a service sent, so there
 * only exact, unknown and short codes are recognised.
 */
export function classify(index: CatalogIndex, token: string, near: boolean): Classification | undefined {
  const exact = index.get(token);
  // A name family's code (`KMS.DisabledException`) is no code by its shape: only a code field says it is one (fields.ts).
  if (exact) return exact.family.kind === 'digits' ? { kind: 'exact', entry: exact, family: exact.family } : undefined;
  const { head, num, family } = splitToken(index, token);
  if (head === '') return undefined;

  if (family) {
    if (num === '') return { kind: 'short', family };
    if (isAllDigits(num)) {
      if (num.length > family.maxDigits) return near ? { kind: 'near', family } : undefined;
      if (num.length < family.minDigits) return { kind: 'short', family };
      if (near) {
        // `Endpoint.0004` when only `EndPoint.0004` is documented: a slip of case, not an undocumented code.
        const folded = onlyCaseVariant(index, token);
        if (folded) return { kind: 'case', entry: folded, family: folded.family };
        // `DBS.` of 6 digits and of 8: a number of 7 is no code of either.
        if (!fitsWidth(family, num.length)) return { kind: 'near', family };
      }
      return { kind: 'unknown', family };
    }
    return near && normaliseDigits(num) ? { kind: 'near', family } : undefined;
  }
  if (!near) return undefined;

  const variants = index.allIgnoreCase(token);
  // A bare number or a name in another case is no code by its shape: only a code field makes it one.
  if (variants.length > 0 && variants.every((v) => v.family.kind !== 'digits')) return undefined;
  const shaped = variants.filter((v) => v.family.kind === 'digits');
  // Two codes that differ from the token only in case: which one is meant is for the person to say.
  if (shaped.length === 1) return { kind: 'case', entry: shaped[0], family: shaped[0].family };
  if (shaped.length > 1) return { kind: 'near', family: shaped[0].family };
  const digits = num === '' ? undefined : normaliseDigits(num);
  const ci = index.familiesByPrefixIgnoreCase(head);
  if (ci.length) {
    if (num !== '' && !digits) return undefined;
    const kind = num === '' ? 'short' : 'near';
    // Of `EndPoint.` and `Endpoint.`, the one that holds the number.
    return { kind, family: (digits && ci.find((f) => index.get(f.prefix + digits.digits))) || ci[0] };
  }
  if (!digits) return undefined;
  const stem = stemOf(head);
  for (const { family: f } of nearFamilies(index, stem)) {
    if (digits.digits.length >= f.minDigits - 1 && digits.digits.length <= f.maxDigits + 1) return { kind: 'near', family: f };
  }
  return undefined;
}

/**
 * A token's prefix and number, and the family whose prefix it is exactly (when one is). Most
 * families' numbers follow their last dot (`splitCode`); a few have a prefix that does not end in one (DRS's `DRS.M`, AOM's `SVCSTG_AMS_`), so a token
 * whose part after its last dot is no number is tried against those prefixes, as typed and
 * then ignoring case, with letters people type for digits (`DRS.M000O2`) allowed after it.
 */
export function splitToken(index: CatalogIndex, token: string): { head: string; num: string; family?: FamilyInfo } {
  const split = splitCode(token);
  const family = index.familyByPrefix(split.head);
  // Nearly every token: its number follows its last dot, after a family's prefix (looked up once, for the caller too).
  if (family && split.num !== '' && normaliseDigits(split.num)) return { ...split, family };
  let folded: FamilyInfo | undefined;
  for (const f of undottedFamilies(index)) {
    if (token.length <= f.prefix.length || !normaliseDigits(token.slice(f.prefix.length))) continue;
    if (token.startsWith(f.prefix)) return { head: f.prefix, num: token.slice(f.prefix.length), family: f };
    if (!folded && token.slice(0, f.prefix.length).toUpperCase() === f.prefix.toUpperCase()) folded = f;
  }
  if (folded) return { head: token.slice(0, folded.prefix.length), num: token.slice(folded.prefix.length) };
  return family ? { ...split, family } : split;
}

const undotted = new WeakMap<CatalogIndex, FamilyInfo[]>();
function undottedFamilies(index: CatalogIndex): FamilyInfo[] {
  let list = undotted.get(index);
  if (!list) undotted.set(index, (list = index.families.filter((f) => !f.prefix.endsWith('.'))));
  return list;
}

/** The one documented code that differs from `token` only in letter case, when there is exactly one. */
function onlyCaseVariant(index: CatalogIndex, token: string): IndexedEntry | undefined {
  const variants = index.allIgnoreCase(token);
  return variants.length === 1 && variants[0].entry.code !== token ? variants[0] : undefined;
}

function isAllDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}
