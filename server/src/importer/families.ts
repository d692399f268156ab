// Code families read off the codes themselves: the literal prefix before the trailing
// digits, and how many digits follow. Deriving them (rather than writing them into the
// recipe) means a family can never disagree with the codes it is meant to describe.
import { formatFamilyPattern, type FamilyShape } from '../catalog/family';
import type { Family } from '../catalog/types';
import { splitCatalogCode } from '../shapes/codeParts';

export type { FamilyShape };

/** The families of a list of codes, in order of first appearance; undefined codes are reported by the caller. */
export function deriveFamilyShapes(codes: readonly string[]): { shapes: FamilyShape[]; unsplittable: string[] } {
  const byPrefix = new Map<string, FamilyShape>();
  const unsplittable: string[] = [];
  for (const code of codes) {
    const parts = splitCatalogCode(code);
    if (!parts) {
      unsplittable.push(code);
      continue;
    }
    const n = parts.digits.length;
    const shape = byPrefix.get(parts.prefix);
    if (shape) {
      shape.minDigits = Math.min(shape.minDigits, n);
      shape.maxDigits = Math.max(shape.maxDigits, n);
    } else byPrefix.set(parts.prefix, { prefix: parts.prefix, minDigits: n, maxDigits: n });
  }
  return { shapes: [...byPrefix.values()], unsplittable };
}

/** A short name: the prefix's last word (`SVCSTG.SWR.` → `SWR`, `IMG.` → `IMG`). */
function familyName(shape: FamilyShape): string {
  const words = shape.prefix.split('.').filter((w) => w !== '');
  return (words.at(-1) ?? shape.prefix).slice(0, 40);
}

export function toFamily(shape: FamilyShape, name = familyName(shape)): Family {
  return { pattern: formatFamilyPattern(shape), name };
}

export function shapeOfCode(code: string, shapes: readonly FamilyShape[]): FamilyShape | undefined {
  const parts = splitCatalogCode(code);
  if (!parts) return undefined;
  return shapes.find((s) => s.prefix === parts.prefix && parts.digits.length >= s.minDigits && parts.digits.length <= s.maxDigits);
}

/**
 * The HTTP status a code spells in its digits. Only families of exactly seven digits do
 * (`SVCSTG.SWR.4040204` → 404, then a four-digit serial); shorter codes such as `IMG.0004`
 * are plain serial numbers.
 */
export function embeddedStatus(code: string, shape: FamilyShape): number | undefined {
  if (shape.minDigits !== 7 || shape.maxDigits !== 7) return undefined;
  const status = Number(code.slice(shape.prefix.length, shape.prefix.length + 3));
  return status >= 100 && status <= 599 ? status : undefined;
}
