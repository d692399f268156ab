// Ranked corrections for a mistyped code. The family is matched first (a code's prefix is
// rarely mistyped and then only slightly), then the number, where the slips people make
// with digits (a swapped pair, a doubled digit, a letter O for a zero) cost least.
import type { CatalogIndex, FamilyInfo, IndexedEntry, Width } from '../catalog/index';
import { nearFamilies, splitToken } from '../scan/classify';
import { isFieldValue, nearestNames, nearestNumbers } from '../scan/fields';
import { normaliseDigits, stemOf } from '../shapes/codeParts';
import { digitDistance } from '../shapes/distance';

export interface Candidate {
  entry: IndexedEntry;
  /** Lower is closer; 0.1 for a case-only difference, about 0.5 per cheap slip, 1 per other edit. */
  score: number;
}

interface Suggestions {
  candidates: Candidate[];
  /** The one candidate that is clearly best, when there is one: safe to apply without asking. */
  preferred?: Candidate;
}

/** Candidates further than this are not suggested at all. */
const MAX_SCORE = 2;
/** How much better the best must be than the runner-up to be applied without asking. */
const CLEAR_MARGIN = 0.5;
const LIMIT = 5;

/**
 * Suggestions depend only on the token and the catalogs, and a document repeats its typos:
 * remember them per index (bounded, so a hostile document cannot grow the memo without end).
 */
const memo = new WeakMap<CatalogIndex, Map<string, Suggestions>>();
const MEMO_SIZE = 5000;

/**
 * Corrections for a token; `family`: the family it was taken for. A bare number or a name
 * (a token a code field put in a bare-number or name family) is corrected within those
 * families alone: the codes of its digit count, or the names.
 */
export function suggest(index: CatalogIndex, token: string, family?: FamilyInfo): Suggestions {
  const field = family !== undefined && family.kind !== 'digits';
  let forIndex = memo.get(index);
  if (!forIndex) memo.set(index, (forIndex = new Map()));
  // A leading NUL keeps the two readings of one token apart (no token holds one).
  const key = field ? `\u0000${token}` : token;
  let s = forIndex.get(key);
  if (!s) {
    if (forIndex.size >= MEMO_SIZE) forIndex.clear();
    s = field ? fieldSuggestions(index, token) : computeSuggestions(index, token);
    forIndex.set(key, s);
  }
  return s;
}

/** Corrections for a bare number or a name: the nearest documented ones, ranked as codes are. */
export function fieldSuggestions(index: CatalogIndex, token: string): Suggestions {
  if (!isFieldValue(token)) return { candidates: [] };
  const near = /^[0-9]+$/.test(token) ? nearestNumbers(index, token) : nearestNames(index, token);
  // Two services may document one name (OBS's and SFS's `NoSuchBucket`): one fix writes it, so it is one candidate.
  const seen = new Set<string>();
  return ranked(near.filter((c) => c.entry.entry.code !== token && !seen.has(c.entry.entry.code) && seen.add(c.entry.entry.code)));
}

function computeSuggestions(index: CatalogIndex, token: string): Suggestions {
  const folded = index.allIgnoreCase(token).filter((e) => e.entry.code !== token);
  const exact = index.get(token);
  // A documented code is its own first answer even when another service has it in another case
  // (ECS's `Common.0011` beside VBS's `common.0011`).
  if (exact) {
    const itself = { entry: exact, score: 0 };
    return { candidates: [itself, ...folded.map((entry) => ({ entry, score: 0.1 }))], preferred: itself };
  }
  if (folded.length) {
    // `ENDPOINT.0004` when `EndPoint.0004` and `Endpoint.0004` both exist: offer both, apply neither unasked.
    const candidates = folded.map((entry) => ({ entry, score: 0.1 }));
    return { candidates, preferred: candidates.length === 1 ? candidates[0] : undefined };
  }
  const { head, num } = splitToken(index, token);
  const digits = normaliseDigits(num);
  if (!digits || digits.digits === '') return { candidates: [] };

  const stem = stemOf(head);
  const scored: Candidate[] = [];
  const near = nearFamilies(index, stem);
  for (const { family, distance } of near) {
    // Only the families the literal most resembles: a prefix typed right (or nearly) is not
    // changed into another service's for the sake of a number that happens to be closer there.
    if (distance > near[0].distance) break;
    // A family reached only by case (`svcstg.swr.`) costs a little, a real typo in it costs per edit.
    const familyCost = distance + (family.prefix === head ? 0 : distance === 0 ? 0.1 : 0);
    const widths = nearestWidths(family, digits.digits.length);
    for (const e of family.codes) {
      if (!inWidths(e.number.length, family, widths)) continue;
      // Each digit of length difference costs at least half: skip what cannot come close.
      if (Math.abs(e.number.length - digits.digits.length) * 0.5 + familyCost > MAX_SCORE) continue;
      const score = familyCost + digitDistance(digits.digits, e.number) + digits.fixes * 0.25;
      if (score <= MAX_SCORE) scored.push({ entry: e, score });
    }
  }
  scored.sort((a, b) => a.score - b.score || (a.entry.entry.code < b.entry.entry.code ? -1 : 1));
  return ranked(scored, head);
}

/** The best few of candidates sorted by score, and the one to apply unasked when it is clearly best. */
function ranked(scored: Candidate[], head?: string): Suggestions {
  const candidates = scored.slice(0, LIMIT);
  const [best] = candidates;
  // The same code in another case (VBS's `common.0011`, ECS's `Common.0011`) is no rival for a
  // best one whose prefix was typed as it stands: the case typed says which service is meant.
  const second = candidates.find(
    (c, i) => i > 0 && !(best.entry.family.prefix === head && c.entry.entry.code.toUpperCase() === best.entry.entry.code.toUpperCase()),
  );
  const preferred = best && best.score <= 1.5 && (!second || second.score - best.score >= CLEAR_MARGIN) ? best : undefined;
  return { candidates, preferred };
}

/**
 * The widths of a family nearest to a typed number of `digits` digits: `DBS.` has 6 digits
 * in some services and 8 in others, and a typed number is matched against the codes of the
 * width it most resembles (both, for 7).
 */
function nearestWidths(family: FamilyInfo, digits: number): Width[] {
  const gap = (w: Width) => (digits < w.min ? w.min - digits : digits > w.max ? digits - w.max : 0);
  const least = Math.min(...family.widths.map(gap));
  return family.widths.filter((w) => gap(w) === least);
}

/** Is a code of this many digits among the nearest widths (or outside every declared width, and so never ruled out)? */
function inWidths(length: number, family: FamilyInfo, nearest: Width[]): boolean {
  if (nearest.length === family.widths.length) return true;
  const fits = (w: Width) => length >= w.min && length <= w.max;
  return nearest.some(fits) || !family.widths.some(fits);
}

/** Codes that start with a short code (`SVCSTG.SWR.4001`): the ones it may have been cut from. */
export function completionsOf(index: CatalogIndex, token: string, limit = LIMIT): IndexedEntry[] {
  return index.withPrefix(token).slice(0, limit);
}
