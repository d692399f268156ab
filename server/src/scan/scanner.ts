// Text → code hits. The one place that finds codes: hover, completion, diagnostics, the
// status bar and the command line all read its result, so they can never disagree.
import type { CatalogIndex, FamilyInfo, IndexedEntry } from '../catalog/index';
import { classify, HitKind } from './classify';
import { literalContext, UsageContext } from './context';
import { Disguise, disguisedToken, MAX_DISGUISED } from './disguise';
import { classifyField, codeKeys, hasFieldFamilies, isFieldValue, keyedCodes, literalField, MAX_VALUE as MAX_FIELD_VALUE, nextKeyEnding } from './fields';
import { languageSpec, type LanguageSpec } from './languages';
import { lex, type Region, RegionKind } from './lexer';
import { isDigitChar, isGlueChar, isTokenChar } from '../shapes/tokenChars';

type HitWhere =
  /** a string literal whose whole content is the code: the code is used as a code */
  | 'literal'
  /** inside a longer string literal (a message, a log template) */
  | 'string'
  | 'comment'
  /** log lines, plain text, Markdown */
  | 'prose';

export interface CodeHit {
  /** Offsets into the text: [start, end). */
  start: number;
  end: number;
  text: string;
  kind: HitKind;
  entry?: IndexedEntry;
  family?: FamilyInfo;
  where: HitWhere;
  /** How a literal is used; `other` outside literals. */
  context: UsageContext;
  /**
   * A bare number or a name (`1100`, `NoSuchBucket`), found where a code field puts it: the
   * value of a code key, or a literal compared with a code field (see fields.ts).
   */
  field?: true;
  /**
   * A literal that shows a code but holds an invisible or look-alike character (kind `near`:
   * as written it is no code); `family` is that of the code it shows.
   */
  disguise?: ShownCode;
}

export interface ShownCode extends Disguise {
  /** The catalog entry of `clean` when a catalog documents it exactly. */
  entry?: IndexedEntry;
}

/**
 * A code-shaped token: a letter, then letters, digits, `_` or `-`, and at least one dot-separated
 * part. Which of these are codes is decided by `classify`; this only has to be cheap and linear.
 * It starts only where a token starts (the look-behind): tried at every letter of a long word
 * without a dot, each attempt would run to the word's end and back, quadratic in the word.
 */
const CANDIDATE = /(?<![A-Za-z0-9_.-])[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)+/g;
/** The same shape, for a whole string (each part after a dot has no dot: nothing to backtrack into). */
const WHOLE_CANDIDATE = /^[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)+$/;
/** Where a code in disguise may be: any character past ASCII, or a backslash (an escape such as `\u200b`). */
const ODD = /[\\\u0080-\uffff]/g;

/** Could this token's last character end a code or a family prefix? A cheap filter before any lookup. */
function plausibleEnd(token: string): boolean {
  const c = token.charCodeAt(token.length - 1);
  return (c >= 48 && c <= 57) || c === 46 || c === 79 || c === 111 || c === 108 || c === 73;
}

/** Finds the codes in text[from, to); `near` allows near misses (see `classify`). */
function findCodes(
  text: string,
  from: number,
  to: number,
  index: CatalogIndex,
  near: boolean,
  emit: (start: number, end: number, token: string, kind: HitKind, entry: IndexedEntry | undefined, family: FamilyInfo | undefined) => void,
): void {
  // The regular expression runs on the region alone: run on the whole text from `from`, it
  // would search on past `to` for its next match, once per region (quadratic in a file of
  // many small literals without codes). A slice of a string is a view, not a copy.
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(part); m; m = CANDIDATE.exec(part)) {
    const start = from + m.index;
    let end = start + m[0].length;
    if (start > 0 && (isTokenChar(text.charCodeAt(start - 1)) || isGlueChar(text.charCodeAt(start - 1)))) continue;
    if (end < text.length && isGlueChar(text.charCodeAt(end))) continue;
    let token = m[0];
    // A sentence's full stop after a code is not part of it ("returned IMG.0024."): trailing
    // dots after a digit go, all at once (a test per dot would be quadratic in a run of dots).
    let keep = token.length;
    while (keep > 1 && token.charCodeAt(keep - 1) === 46) keep--;
    if (keep < token.length && isDigitChar(token.charCodeAt(keep - 1))) {
      end -= token.length - keep;
      token = token.slice(0, keep);
    }
    if (!plausibleEnd(token)) continue;
    const c = classify(index, token, near);
    if (c) emit(start, end, token, c.kind, c.entry, c.family);
  }
  for (const family of dotlessFamilies(index)) findDotless(text, part, from, family, index, emit);
}

/**
 * Families whose prefix has no dot (AOM's `SVCSTG_AMS_4000109`): the dotted candidate shape
 * above never matches them, so each such prefix is looked for as it is. There are few (one
 * of 70 bundled prefixes), and each search is one linear indexOf pass.
 */
const dotless = new WeakMap<CatalogIndex, FamilyInfo[]>();
/** O, o, l, I, i and | (normaliseDigits reads them as 0 and 1). */
const LOOKALIKE_DIGITS: ReadonlySet<number> = new Set([79, 111, 108, 73, 105, 124]);
function dotlessFamilies(index: CatalogIndex): FamilyInfo[] {
  let list = dotless.get(index);
  if (!list) dotless.set(index, (list = index.families.filter((f) => !f.prefix.includes('.'))));
  return list;
}

/** Where the next dotless family's prefix stands at or after `from`, or Infinity. */
function nextDotlessPrefix(text: string, from: number, index: CatalogIndex): number {
  let next = Infinity;
  for (const f of dotlessFamilies(index)) {
    const at = text.indexOf(f.prefix, from);
    if (at >= 0 && at < next) next = at;
  }
  return next;
}

/** A whole literal's text with a code's shape: dotted, or starting with a dotless family's prefix (`SVCSTG_AMS_`). */
function codeShaped(text: string, index: CatalogIndex): boolean {
  return WHOLE_CANDIDATE.test(text) || dotlessFamilies(index).some((f) => text.toUpperCase().startsWith(f.prefix.toUpperCase()));
}

function findDotless(
  text: string,
  part: string,
  from: number,
  family: FamilyInfo,
  index: CatalogIndex,
  emit: (start: number, end: number, token: string, kind: HitKind, entry: IndexedEntry | undefined, family: FamilyInfo | undefined) => void,
): void {
  for (let at = part.indexOf(family.prefix); at >= 0; at = part.indexOf(family.prefix, at + 1)) {
    const start = from + at;
    if (start > 0 && (isTokenChar(text.charCodeAt(start - 1)) || isGlueChar(text.charCodeAt(start - 1)))) continue;
    let end = start + family.prefix.length;
    const limit = Math.min(from + part.length, end + family.maxDigits + 1);
    // Letters people type for digits (`SVCSTG_AMS_40OO109`) belong to the number: classify says whether it is a slip.
    while (end < limit && (isDigitChar(text.charCodeAt(end)) || LOOKALIKE_DIGITS.has(text.charCodeAt(end)))) end++;
    if (end === start + family.prefix.length || !isDigitChar(text.charCodeAt(start + family.prefix.length))) continue;
    // A longer run of digits, letters glued on, or a path around it: not this family's code.
    const next = end < text.length ? text.charCodeAt(end) : 32;
    if (isDigitChar(next) || (isTokenChar(next) && next !== 46) || isGlueChar(next)) continue;
    if (next === 46 && end + 1 < text.length && isTokenChar(text.charCodeAt(end + 1))) continue;
    const token = text.slice(start, end);
    const c = classify(index, token, true);
    if (c) emit(start, end, token, c.kind, c.entry, c.family);
  }
}

/** The most hits a scan of one document gathers by default: a bound for pathological documents, where checks stop. */
export const MAX_HITS = 100_000;

interface ScanOptions {
  /** Stop after this many hits (a bound for pathological documents). */
  maxHits?: number;
}

/** Every code hit in a document, in order. */
export function scanText(text: string, languageId: string, index: CatalogIndex, options: ScanOptions = {}): CodeHit[] {
  const spec = languageSpec(languageId);
  const hits: CodeHit[] = [];
  const maxHits = options.maxHits ?? MAX_HITS;
  const push = (
    start: number,
    end: number,
    token: string,
    kind: HitKind,
    entry: IndexedEntry | undefined,
    family: FamilyInfo | undefined,
    where: HitWhere,
    context: UsageContext,
    disguise?: ShownCode,
  ) => {
    if (hits.length < maxHits)
      hits.push(
        disguise
          ? { start, end, text: token, kind, entry, family, where, context, disguise }
          : { start, end, text: token, kind, entry, family, where, context },
      );
  };

  const fields = hasFieldFamilies(index);
  /** Code fields' values, kept apart and merged in at the end (the hits stay in order of their starts). */
  const fieldHits: CodeHit[] = [];
  const pushField = (
    start: number,
    end: number,
    token: string,
    kind: HitKind,
    entry: IndexedEntry | undefined,
    family: FamilyInfo,
    where: HitWhere,
    context: UsageContext,
  ) => {
    if (fieldHits.length < maxHits) fieldHits.push({ start, end, text: token, kind, entry, family, where, context, field: true });
  };
  const keyed = (from: number, to: number, where: HitWhere) => {
    for (const f of keyedCodes(text, from, to, index, maxHits - fieldHits.length))
      pushField(f.start, f.end, f.token, 'exact', f.entry, f.family, where, 'other');
  };

  if (spec.prose) {
    findCodes(text, 0, text.length, index, false, (s, e, token, kind, entry, family) => push(s, e, token, kind, entry, family, 'prose', 'other'));
    if (fields) keyed(0, text.length, 'prose');
    return merged(inOrder(hits), fieldHits, maxHits);
  }
  // JSON and YAML are data: a code field's value there may be a bare number or unquoted, and
  // is found by its key as in a log.
  const data = fields && DATA_LANGUAGES.has(spec.id);
  const keys = fields ? codeKeys(index) : undefined;
  const regions = lex(text, spec);
  let nextKey = -1;
  /** The literal regions[i], whose content `token` is a bare number or a name, where a code field puts it: pushed. */
  const fieldHit = (r: Region, i: number, token: string): boolean => {
    const found = fieldLiteral(text, regions, i, index, spec, keys!, token);
    if (found) pushField(r.contentStart, r.contentEnd, token, found.kind, found.entry, found.family, 'literal', found.context);
    return found !== undefined;
  };
  // Every code has a dot or a dotless family's prefix: a region without either is passed over.
  // The next of each (and the next character past ASCII) is remembered, so a long stretch
  // without one is searched once, not once per literal in it.
  let nextDot = -1;
  let nextDotless = -1;
  let nextOdd = -1;
  for (let i = 0; i < regions.length; i++) {
    const r = regions[i];
    let dotted: string | undefined;
    if (fields && !data) {
      const token = r.kind === RegionKind.String ? fieldToken(text, r) : undefined;
      // A dotted one may be a prefix-and-digits code: the scan by shape decides first (below).
      if (token?.includes('.')) dotted = token;
      else if (token !== undefined && fieldHit(r, i, token)) continue;
      if (token === undefined && r.contentEnd - r.contentStart > 6) {
        // A body written into a longer string or a comment: `'{"error_code": "1100"}'`.
        if (nextKey < r.contentStart) nextKey = nextKeyEnding(text, r.contentStart);
        if (nextKey < r.contentEnd) keyed(r.contentStart, r.contentEnd, r.kind === RegionKind.Comment ? 'comment' : 'string');
      }
    }
    const before = hits.length;
    if (r.contentEnd - r.contentStart < 3) continue;
    if (r.kind === RegionKind.String && r.contentEnd - r.contentStart <= MAX_DISGUISED) {
      if (nextOdd < r.contentStart) {
        ODD.lastIndex = r.contentStart;
        nextOdd = ODD.exec(text)?.index ?? Infinity;
      }
      if (nextOdd < r.contentEnd) {
        const disguise = disguisedToken(text, r.contentStart, r.contentEnd);
        const shown = disguise && codeShaped(disguise.clean, index) ? classify(index, disguise.clean, true) : undefined;
        if (shown) {
          // One hit for the whole literal, in place of whatever the visible part of it matched.
          push(
            r.contentStart,
            r.contentEnd,
            text.slice(r.contentStart, r.contentEnd),
            'near',
            undefined,
            shown.family,
            'literal',
            literalContext(text, regions, i),
            { ...disguise!, entry: shown.kind === 'exact' ? shown.entry : undefined },
          );
          continue;
        }
      }
    }
    if (nextDot < r.contentStart) {
      nextDot = text.indexOf('.', r.contentStart);
      if (nextDot < 0) nextDot = Infinity;
    }
    if (nextDot >= r.contentEnd) {
      // Nor a dotless family's prefix (`SVCSTG_AMS_`): remembered the same way.
      if (nextDotless < r.contentStart) nextDotless = nextDotlessPrefix(text, r.contentStart, index);
      if (nextDotless >= r.contentEnd) continue;
    }
    if (r.kind === RegionKind.Comment) {
      findCodes(text, r.contentStart, r.contentEnd, index, true, (s, e, token, kind, entry, family) =>
        push(s, e, token, kind, entry, family, 'comment', 'other'),
      );
      continue;
    }
    findCodes(text, r.contentStart, r.contentEnd, index, true, (s, e, token, kind, entry, family) => {
      if (s === r.contentStart && e === r.contentEnd) push(s, e, token, kind, entry, family, 'literal', literalContext(text, regions, i));
      // Inside a longer string the text is prose: a near miss there is not worth a guess.
      else if (kind === 'exact' || kind === 'unknown' || kind === 'short') push(s, e, token, kind, entry, family, 'string', 'other');
    });
    if (dotted !== undefined && hits.length === before) fieldHit(r, i, dotted);
  }
  if (data) keyed(0, text.length, 'literal');
  return merged(inOrder(hits), fieldHits, maxHits);
}

/** Hits by offset: a region's dotless codes are found after its dotted ones (a stable sort keeps the rest as found). */
function inOrder(hits: CodeHit[]): CodeHit[] {
  for (let i = 1; i < hits.length; i++) if (hits[i].start < hits[i - 1].start) return hits.sort((x, y) => x.start - y.start);
  return hits;
}

/** Two lists of hits, each in order of their starts, as one (at most `max`). */
function merged(a: CodeHit[], b: CodeHit[], max: number): CodeHit[] {
  if (b.length === 0) return a;
  b.sort((x, y) => x.start - y.start);
  const out: CodeHit[] = [];
  let i = 0;
  let j = 0;
  while (out.length < max && (i < a.length || j < b.length)) out.push(j >= b.length || (i < a.length && a[i].start <= b[j].start) ? a[i++] : b[j++]);
  return out;
}

const DATA_LANGUAGES: ReadonlySet<string> = new Set(['json', 'jsonc', 'yaml']);

/**
 * A string literal whose whole content is a bare number or a name, where a code field puts it
 * (fields.ts): what it is. A content that reads as a prefix-and-digits code is left to the
 * scan by shape, which finds it anywhere.
 */
function fieldLiteral(
  text: string,
  regions: readonly Region[],
  i: number,
  index: CatalogIndex,
  spec: LanguageSpec,
  keys: readonly string[],
  token: string,
): { kind: HitKind; entry?: IndexedEntry; family: FamilyInfo; context: UsageContext } | undefined {
  const where = literalField(text, regions, i, spec, keys);
  if (!where) return undefined;
  const c = classifyField(index, token, where.handler);
  return c ? { kind: c.kind, entry: c.entry, family: c.family, context: where.context } : undefined;
}

/** A string literal's content when it is a bare number or a name (fields.ts), else undefined. */
function fieldToken(text: string, r: Region): string | undefined {
  if (r.contentEnd - r.contentStart > MAX_FIELD_VALUE) return undefined;
  const token = text.slice(r.contentStart, r.contentEnd);
  return isFieldValue(token) ? token : undefined;
}

/** How far `scanAround` reads either side of its offset (characters). */
export const AROUND = 2000;

/**
 * The hits on the line around `offset`, without scanning the document: what hover and
 * completion need. The line is lexed as if it started outside any literal, which holds
 * for nearly all code; very long lines are cut to a window around the offset.
 */
export function scanAround(text: string, offset: number, languageId: string, index: CatalogIndex, window = AROUND): CodeHit[] {
  // The line's ends are looked for within the window only: on a long line (a minified file)
  // a search to the line's real ends would read the whole line for every hover.
  const lo = Math.max(0, offset - window);
  const hi = Math.min(text.length, offset + window);
  const from = lo + text.slice(lo, offset).lastIndexOf('\n') + 1;
  const nl = text.slice(offset, hi).indexOf('\n');
  const to = nl < 0 ? hi : offset + nl;
  const slice = text.slice(from, to);
  return scanText(slice, languageId, index).map((h) => ({ ...h, start: h.start + from, end: h.end + from }));
}

/** How far before the caret `fieldHitNear` reads: a switch's subject may be this far above a case. */
const FIELD_AROUND = 1500;

/**
 * The code field's value at `offset` when its line alone does not show the field (a case
 * below its switch): the text from a line start FIELD_AROUND before to the line's end is
 * scanned, lexed as if it started outside any literal (as `scanAround` does a line).
 */
export function fieldHitNear(text: string, offset: number, languageId: string, index: CatalogIndex): CodeHit | undefined {
  const lo = Math.max(0, offset - FIELD_AROUND);
  const from = lo === 0 ? 0 : lo + text.slice(lo, offset).indexOf('\n') + 1;
  const hi = Math.min(text.length, offset + AROUND);
  const nl = text.slice(offset, hi).indexOf('\n');
  const to = nl < 0 ? hi : offset + nl;
  const start = from > offset ? text.lastIndexOf('\n', offset - 1) + 1 : from;
  return scanText(text.slice(start, to), languageId, index)
    .filter((h) => h.field)
    .map((h) => ({ ...h, start: h.start + start, end: h.end + start }))
    .find((h) => h.start <= offset && offset <= h.end);
}
