// Code families read off the codes themselves: the literal prefix before the trailing
// digits, and how many digits follow. Deriving them (rather than writing them into the
// recipe) means a family can never disagree with the codes it is meant to describe.
import { formatFamilyPattern, type FamilyShape } from '../catalog/family';
import type { Family } from '../catalog/types';
import { splitCatalogCode } from '../shapes/codeParts';

export type { FamilyShape };

/** The families of a list of codes, in order of first appearance; undefined codes are reported by the caller. */
export function deriveFamilyShapes(codes: readonly string[]): { shapes: FamilyShape[]; unsplittable: string[] } {
  const byKey = new Map<string, FamilyShape>();
  const unsplittable: string[] = [];
  for (const code of codes) {
    const shape = shapeOf(code);
    if (!shape) {
      unsplittable.push(code);
      continue;
    }
    // Digits families are keyed by prefix alone (a digit count more widens one), names and numbers by kind too.
    const key = `${shape.kind ?? 'digits'}\u0000${shape.prefix}`;
    const known = byKey.get(key);
    if (known) {
      known.minDigits = Math.min(known.minDigits, shape.minDigits);
      known.maxDigits = Math.max(known.maxDigits, shape.maxDigits);
    } else byKey.set(key, shape);
  }
  return { shapes: [...byKey.values()], unsplittable };
}

/** The one-code family of a code: a prefix and digits, a bare number, or a name (its prefix the part up to its first dot). */
export function shapeOf(code: string): FamilyShape | undefined {
  if (/^[0-9]{1,99}$/.test(code)) return { prefix: '', minDigits: code.length, maxDigits: code.length, kind: 'number' };
  const parts = splitCatalogCode(code);
  if (parts) return { prefix: parts.prefix, minDigits: parts.digits.length, maxDigits: parts.digits.length };
  const name = NAME.exec(code);
  return name ? { prefix: name[1] ?? '', minDigits: 0, maxDigits: 0, kind: 'name' } : undefined;
}

/** A name: a letter then letters, digits and dots; a run of letters and a dot in front is its prefix (`KMS.`). */
const NAME = /^([A-Za-z][A-Za-z0-9_-]*\.)?[A-Za-z][A-Za-z0-9.]*$/;

/** A short name: the prefix's last word (`SVCSTG.SWR.` → `SWR`, `IMG.` → `IMG`). */
function familyName(shape: FamilyShape): string {
  if (shape.prefix === '') return shape.kind === 'name' ? 'names' : 'numbers';
  const words = shape.prefix.split('.').filter((w) => w !== '');
  return (words.at(-1) ?? shape.prefix).slice(0, 40);
}

export function toFamily(shape: FamilyShape, name = familyName(shape)): Family {
  return { pattern: formatFamilyPattern(shape), name };
}

export function shapeOfCode(code: string, shapes: readonly FamilyShape[]): FamilyShape | undefined {
  const own = shapeOf(code);
  if (!own) return undefined;
  const kind = own.kind ?? 'digits';
  return shapes.find((s) => (s.kind ?? 'digits') === kind && s.prefix === own.prefix && own.minDigits >= s.minDigits && own.maxDigits <= s.maxDigits);
}

/**
 * The HTTP status a code spells in its digits. Only families of exactly seven digits do
 * (`SVCSTG.SWR.4040204` → 404, then a four-digit serial); shorter codes such as `IMG.0004`
 * are plain serial numbers.
 */
export function embeddedStatus(code: string, shape: FamilyShape): number | undefined {
  if ((shape.kind ?? 'digits') !== 'digits') return undefined;
  if (shape.minDigits !== 7 || shape.maxDigits !== 7) return undefined;
  const status = Number(code.slice(shape.prefix.length, shape.prefix.length + 3));
  return status >= 100 && status <= 599 ? status : undefined;
}
