// What a code-shaped token is, measured against the catalogs: a documented code, a
// well-formed code the catalogs do not hold, a prefix of codes, or a near miss of a family.
import type { CatalogIndex, FamilyInfo, IndexedEntry } from '../catalog/index';
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
  const { head, num } = splitCode(token);
  if (head === '') return undefined;

  const family = index.familyByPrefix(head);
  if (family) {
    if (num === '') return { kind: 'short', family };
    if (isAllDigits(num)) {
      if (num.length > family.maxDigits) return near ? { kind: 'near', family } : undefined;
      if (num.length < family.minDigits) return { kind: 'short', family };
      return { kind: 'unknown', family };
    }
    return near && normaliseDigits(num) ? { kind: 'near', family } : undefined;
  }
  if (!near) return undefined;

  const folded = index.getIgnoreCase(token);
  if (folded) return folded.family.kind === 'digits' ? { kind: 'case', entry: folded, family: folded.family } : undefined;
  const digits = num === '' ? undefined : normaliseDigits(num);
  const ci = index.familyByPrefixIgnoreCase(head);
  if (ci) return num === '' || digits ? { kind: num === '' ? 'short' : 'near', family: ci } : undefined;
  if (!digits) return undefined;
  const stem = stemOf(head);
  for (const { family: f } of nearFamilies(index, stem)) {
    if (digits.digits.length >= f.minDigits - 1 && digits.digits.length <= f.maxDigits + 1) return { kind: 'near', family: f };
  }
  return undefined;
}

function isAllDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}
