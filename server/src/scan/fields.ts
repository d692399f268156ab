// Codes that only a code field can tell from other text: bare numbers (IAM `1100`) and names
// (OBS `NoSuchBucket`). `1100` in an expression or `NoSuchBucket` in a sentence is nothing;
// the value of a response body's code field, or a literal compared with such a field, is a
// code. So these are recognised in exactly two kinds of place, never guessed at elsewhere:
//
//   key and value   `"error_code": "1100"`, `error_code=1100`, `errorCode: '1100'`,
//                   `<Code>NoSuchBucket</Code>` (logs, plain text, JSON, YAML; and in a source
//                   file a literal that is the value of such a key: `{ code: "NoSuchBucket" }`);
//   handlers        a literal compared with such a field (`err.Code == "NoSuchBucket"`,
//                   `"1100".equals(resp.getErrorCode())`) or a case of a switch on one
//                   (`switch (err.Code) { case "NoSuchBucket": …`, `match e.code:`).
//
// A field is a code field when its name, letter case and `_`/`-` aside, is one of CODE_KEYS
// or the last segment of a catalog's `responseBody.codePath` that ends in `code`: SDKs rename
// a body's `error_code` to their language's convention (`ErrorCode`, `errorCode`,
// `getErrorCode()`), and `http_code` or `status_code` (an HTTP status) stay out. Every read
// here is bounded: a key, a value and the space between them have a fixed longest length.
import type { CatalogIndex, FamilyInfo, IndexedEntry } from '../catalog/index';
import { digitDistance, osaDistance } from '../shapes/distance';
import { isGlueChar, isTokenChar } from '../shapes/tokenChars';
import type { Region } from './lexer';
import { RegionKind } from './lexer';
import type { LanguageSpec } from './languages';
import type { HitKind } from './classify';
import { isComparisonCall, literalContext, UsageContext } from './context';

/** Field names that carry a code in the bodies the pages show and in the SDKs, as written there. */
export const CODE_KEYS: readonly string[] = ['error_code', 'errorCode', 'err_code', 'errCode', 'code', 'Code', 'ErrorCode'];

/** The longest key, value and stretch of blanks read (characters). */
const MAX_KEY = 64;
export const MAX_VALUE = 64;
const MAX_BLANKS = 8;
/** Characters a field decision reads before the end of its key's `code`, and after it. */
export const FIELD_BEFORE = MAX_KEY + 2;
export const FIELD_AFTER = 2 + 2 * MAX_BLANKS + 2 + MAX_VALUE + 2;

/** The three spellings of `code` every code key ends in (the anchors of the log scan's search). */
export const KEY_ENDINGS: readonly string[] = ['code', 'Code', 'CODE'];

/** A field name as compared: letter case and the `_`/`-` of naming conventions dropped. */
function normaliseKey(name: string): string {
  return name.replace(/[_-]/g, '').toLowerCase();
}

const keyCache = new WeakMap<CatalogIndex, readonly string[]>();

/** The code keys in force, normalised: the usual ones and each catalog's codePath field that ends in `code`. */
export function codeKeys(index: CatalogIndex): readonly string[] {
  let keys = keyCache.get(index);
  if (keys) return keys;
  const set = new Set(CODE_KEYS.map(normaliseKey));
  for (const { catalog } of index.catalogs) {
    const path = catalog.responseBody?.codePath;
    if (typeof path !== 'string') continue;
    const last = normaliseKey(path.slice(path.lastIndexOf('.') + 1).replace(/^\[\]/, ''));
    if (last.endsWith('code') && last.length <= MAX_KEY && /^[a-z0-9]+$/.test(last)) set.add(last);
  }
  keyCache.set(index, (keys = [...set]));
  return keys;
}

/** Does any catalog in force have a bare-number or name family (else nothing here has work)? */
export function hasFieldFamilies(index: CatalogIndex): boolean {
  return index.fieldFamilies.length > 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A bare number (1 to 12 digits) or a name (a letter, then letters, digits and dots, at most MAX_VALUE). */
export function isFieldValue(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > MAX_VALUE) return false;
  const first = text.charCodeAt(0);
  if (isDigit(first)) {
    if (n > 12) return false;
    for (let i = 1; i < n; i++) if (!isDigit(text.charCodeAt(i))) return false;
    return true;
  }
  if (!isLetter(first)) return false;
  for (let i = 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isLetter(c) && !isDigit(c) && c !== 46) return false;
  }
  return text.charCodeAt(n - 1) !== 46;
}

function allDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return text.length > 0;
}

interface FieldClassification {
  kind: HitKind;
  entry?: IndexedEntry;
  family: FamilyInfo;
}

/**
 * What a field's value is. Anywhere: a documented bare-number or name code, exactly (a code of
 * a prefix-and-digits family is the scanner's, found anywhere already). In a handler (a
 * comparison or a case, `handler`) a person typed it as a code, so it may also be:
 *   - a name in other letter case (`case`), or one or two slips from a documented name (`near`);
 *   - a number of a bare-number family's digit count one slip from a documented one: a swapped
 *     pair or a doubled digit (`near`, a typo), any other single digit (`unknown`: services
 *     send undocumented codes, and a family like IAM's is dense enough that most numbers are
 *     one digit from a documented one). Further away, or of no family's digit count, nothing:
 *     a number is never taken for a name family's code, nor the reverse.
 */
export function classifyField(index: CatalogIndex, token: string, handler: boolean): FieldClassification | undefined {
  const exact = index.get(token);
  if (exact) return exact.family.kind === 'digits' ? undefined : { kind: 'exact', entry: exact, family: exact.family };
  if (!handler || !isFieldValue(token)) return undefined;
  if (allDigits(token)) {
    const best = nearestNumbers(index, token)[0];
    if (!best) return undefined;
    return { kind: best.score <= 0.5 ? 'near' : 'unknown', family: best.entry.family };
  }
  const folded = index.getIgnoreCase(token);
  if (folded) return folded.family.kind === 'name' ? { kind: 'case', entry: folded, family: folded.family } : undefined;
  const best = nearestNames(index, token)[0];
  return best ? { kind: 'near', family: best.entry.family } : undefined;
}

interface FieldCandidate {
  entry: IndexedEntry;
  score: number;
}

/** Documented numbers of the token's digit count, one slip away at most (a swap or a doubled digit: 0.5; another digit: 1). */
export function nearestNumbers(index: CatalogIndex, token: string): FieldCandidate[] {
  const out: FieldCandidate[] = [];
  for (const family of index.fieldFamilies) {
    if (family.kind !== 'number' || token.length < family.minDigits || token.length > family.maxDigits) continue;
    for (const e of family.codes) {
      if (e.entry.code.length !== token.length) continue;
      const score = digitDistance(token, e.entry.code);
      if (score <= 1) out.push({ entry: e, score });
    }
  }
  return out.sort(byScore);
}

/**
 * How many edits a name may be from a documented one and still be taken for it: none below
 * five letters (short names are ordinary words), one up to ten, two beyond.
 */
function nameTolerance(length: number): number {
  return length < 5 ? 0 : length <= 10 ? 1 : 2;
}

/** Documented names within tolerance of the token (letter case aside; a case difference costs 0.1). */
export function nearestNames(index: CatalogIndex, token: string): FieldCandidate[] {
  const max = nameTolerance(token.length);
  if (max === 0) return [];
  const upper = token.toUpperCase();
  const out: FieldCandidate[] = [];
  for (const family of index.fieldFamilies) {
    if (family.kind !== 'name') continue;
    if (family.prefix !== '' && !upper.startsWith(family.prefix.toUpperCase())) continue;
    for (const e of family.codes) {
      const code = e.entry.code;
      if (Math.abs(code.length - token.length) > max) continue;
      const d = osaDistance(upper, code.toUpperCase(), max);
      if (d <= max) out.push({ entry: e, score: d + (d === 0 && code !== token ? 0.1 : 0) });
    }
  }
  return out.sort(byScore);
}

function byScore(a: FieldCandidate, b: FieldCandidate): number {
  return a.score - b.score || (a.entry.entry.code < b.entry.entry.code ? -1 : 1);
}

// ---- key and value: logs, plain text, JSON, YAML -------------------------------------------

/** Reads a character code at an offset (a string's, or a byte array's), NaN past the ends. */
type CharAt = (i: number) => number;

interface KeyedValue {
  /** The value's offsets [start, end). */
  start: number;
  end: number;
}

function isKeyChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95 || c === 45;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * The value of a code field whose key's `code` ends at `at` (exclusive), if one is there:
 * `"error_code": "1100"`, `'code':'X'`, `error_code=1100`, `errorCode: X`, `<Code>X</Code>`.
 * Reads at most FIELD_BEFORE characters before `at` and FIELD_AFTER after; `lo` and `hi`
 * bound what may be read. The log scan (bytes) and the text scan (strings) both decide here,
 * so an open log and `scan` agree on what it holds.
 */
export function keyedValueAt(at: CharAt, end: number, lo: number, hi: number, keys: readonly string[]): KeyedValue | undefined {
  if (end < hi && isKeyChar(at(end))) return undefined;
  let start = end;
  while (start > lo && end - start <= MAX_KEY && isKeyChar(at(start - 1))) start--;
  if (end - start > MAX_KEY || (start > lo && isKeyChar(at(start - 1)))) return undefined;
  if (!keys.some((k) => isKeyAt(at, start, end, k))) return undefined;
  const before = start > lo ? at(start - 1) : NaN;
  let p = end;
  if (before === 60 /* < */) {
    // XML: <Code>NoSuchBucket</Code>
    if (p >= hi || at(p) !== 62) return undefined;
    const v = valueRun(at, p + 1, hi);
    return v && v.end < hi && at(v.end) === 60 ? v : undefined;
  }
  const quote = before === 34 || before === 39 ? before : 0;
  if (quote !== 0) {
    if (p >= hi || at(p) !== quote) return undefined;
    p++;
  }
  p = blanks(at, p, hi);
  if (p >= hi) return undefined;
  const sep = at(p);
  if (sep !== 58 /* : */ && sep !== 61 /* = */) return undefined;
  // `==`, `=>`, `::` are no key and value.
  if (p + 1 < hi && (at(p + 1) === 61 || at(p + 1) === 62 || at(p + 1) === 58)) return undefined;
  p = blanks(at, p + 1, hi);
  if (p >= hi) return undefined;
  const open = at(p);
  if (open === 34 || open === 39) {
    const v = valueRun(at, p + 1, hi);
    return v && v.end < hi && at(v.end) === open ? v : undefined;
  }
  const v = valueRun(at, p, hi);
  if (!v) return undefined;
  // Unquoted, it ends where its token ends (a sentence's full stops aside): `error_code=1100,` but not `code=1100_x`.
  let stop = v.end;
  while (stop < hi && at(stop) === 46) stop++;
  if (stop < hi && (isTokenChar(at(stop)) || isGlueChar(at(stop)))) return undefined;
  return v;
}

/** Does at[start, end) spell the normalised key `k` (letter case and `_`/`-` aside)? Compared in place: no string is made. */
function isKeyAt(at: CharAt, start: number, end: number, k: string): boolean {
  let j = k.length - 1;
  for (let i = end - 1; i >= start; i--) {
    const c = at(i);
    if (c === 95 || c === 45) continue;
    if (j < 0 || (c >= 65 && c <= 90 ? c + 32 : c) !== k.charCodeAt(j)) return false;
    j--;
  }
  return j < 0;
}

function blanks(at: CharAt, p: number, hi: number): number {
  const stop = Math.min(hi, p + MAX_BLANKS);
  while (p < stop && isBlank(at(p))) p++;
  return p;
}

/** A field value's characters from `p` (letters, digits, dots), trailing dots left out; undefined when too long or empty. */
function valueRun(at: CharAt, p: number, hi: number): KeyedValue | undefined {
  let q = p;
  const stop = Math.min(hi, p + MAX_VALUE + 1);
  while (q < stop) {
    const c = at(q);
    if (!isLetter(c) && !isDigit(c) && c !== 46) break;
    q++;
  }
  if (q - p > MAX_VALUE) return undefined;
  let end = q;
  while (end > p && at(end - 1) === 46) end--;
  // A dot may end a sentence, not follow a quote: `"1100."` is no code.
  if (end === p) return undefined;
  if (q < hi && (at(q) === 34 || at(q) === 39 || at(q) === 60) && end !== q) return undefined;
  return { start: p, end };
}

/** Where `code`, `Code` or `CODE` stands, as the log scan's search finds it. */
const KEY_ENDING = /code|Code|CODE/g;
const NEXT_KEY_ENDING = /code|Code|CODE/g;

/** The offset of the first key ending (`code`, `Code`, `CODE`) at or after `from`; Infinity when there is none. */
export function nextKeyEnding(text: string, from: number): number {
  NEXT_KEY_ENDING.lastIndex = from;
  return NEXT_KEY_ENDING.exec(text)?.index ?? Infinity;
}

interface FieldHit {
  start: number;
  end: number;
  token: string;
  entry: IndexedEntry;
  family: FamilyInfo;
}

/** The documented bare-number and name codes that are values of code fields in text[from, to), the first `max` of them. */
export function keyedCodes(text: string, from: number, to: number, index: CatalogIndex, max: number): FieldHit[] {
  const out: FieldHit[] = [];
  if (!hasFieldFamilies(index)) return out;
  const keys = codeKeys(index);
  const at: CharAt = (i) => text.charCodeAt(i);
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  KEY_ENDING.lastIndex = 0;
  for (let m = KEY_ENDING.exec(part); m && out.length < max; m = KEY_ENDING.exec(part)) {
    const end = from + m.index + 4;
    const v = keyedValueAt(at, end, from, to, keys);
    if (!v) continue;
    const token = text.slice(v.start, v.end);
    const c = classifyField(index, token, false);
    if (c?.entry) out.push({ start: v.start, end: v.end, token, entry: c.entry, family: c.family });
  }
  return out;
}

// ---- source code: a literal compared with a code field, or a case of a switch on one ---------

const REACH = 400;
/** How far before a case its switch's subject is looked for. */
const SWITCH_REACH = 1000;

/** Calls that only convert or fold a code on its way to a comparison: `e.code.lower()`, `err.Code().String()`. */
const CONVERSIONS = new Set([
  'as_str',
  'as_deref',
  'as_ref',
  'to_string',
  'toString',
  'String',
  'str',
  'string',
  'lower',
  'upper',
  'casefold',
  'strip',
  'trim',
  'toLowerCase',
  'toUpperCase',
  'ToLower',
  'ToUpper',
  'ToLowerInvariant',
  'ToUpperInvariant',
  'to_lowercase',
  'to_uppercase',
  'unwrap',
  'unwrap_or_default',
  'orEmpty',
  'value',
]);
/** Look-ups whose one string argument is the field's name: `body.get("error_code")`, `json.getString("code")`. */
const GETTERS = new Set(['get', 'Get', 'getString', 'optString', 'GetString', 'get_str', 'getText', 'path']);
const SWITCHES = new Set(['switch', 'match', 'when', 'select']);

/** For a literal: which handler context, if it is compared with a code field or a case of a switch on one. */
interface LiteralField {
  context: UsageContext;
  /** True when a person wrote it to be compared with a code (a comparison or a case). */
  handler: boolean;
}

/**
 * The code field the string literal `regions[index]` is the value of or is compared with;
 * undefined when it is neither. Reads at most a few hundred characters around it (a switch's
 * subject, up to SWITCH_REACH before a case).
 */
export function literalField(text: string, regions: readonly Region[], index: number, spec: LanguageSpec, keys: readonly string[]): LiteralField | undefined {
  const lit = regions[index];
  const context = literalContext(text, regions, index);
  const isKey = (name: string | undefined) => name !== undefined && keys.includes(normaliseKey(name));
  switch (context) {
    case 'value':
    case 'const':
      return isKey(keyBefore(text, regions, index)) ? { context, handler: false } : undefined;
    case 'compare':
    case 'compareIgnoreCase':
      return comparedFields(text, regions, index).some(isKey) ? { context, handler: true } : undefined;
    case 'case':
      return isKey(switchSubject(text, regions, index, lit, spec)) ? { context, handler: true } : undefined;
    default:
      return undefined;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isIdent(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95 || c === 36;
}

/** The last non-blank offset before `pos` (not before `limit`), -1 when none. */
function prevNonBlank(text: string, pos: number, limit: number): number {
  let p = pos - 1;
  while (p >= limit && isSpace(text.charCodeAt(p))) p--;
  return p >= limit ? p : -1;
}

function nextNonBlank(text: string, pos: number, limit: number): number {
  let p = pos;
  while (p < limit && isSpace(text.charCodeAt(p))) p++;
  return p < limit ? p : -1;
}

/** The string region ending just after `at`, searching back from region `ri`. */
function regionEndingAt(regions: readonly Region[], at: number, ri: number): number {
  for (let r = ri; r >= 0 && r >= ri - 3; r--) if (regions[r].kind === RegionKind.String && regions[r].end === at + 1) return r;
  return -1;
}

/** The key before a value's `:` or `=`: `"error_code": "X"`, `errorCode: "X"`, `error_code="X"`, `const code = "X"`. */
function keyBefore(text: string, regions: readonly Region[], index: number): string | undefined {
  const lit = regions[index];
  const limit = Math.max(0, lit.start - REACH);
  const sep = prevNonBlank(text, lit.start, limit);
  if (sep < 0) return undefined;
  const c = text.charCodeAt(sep);
  if (c !== 58 && c !== 61) return undefined;
  // `:=` (Go) as `=`.
  const k = prevNonBlank(text, c === 61 && text.charCodeAt(sep - 1) === 58 ? sep - 1 : sep, limit);
  if (k < 0) return undefined;
  const keyLit = regionEndingAt(regions, k, index - 1);
  if (keyLit >= 0) return text.slice(regions[keyLit].contentStart, regions[keyLit].contentEnd);
  if (!isIdent(text.charCodeAt(k))) return undefined;
  let s = k;
  while (s > limit && isIdent(text.charCodeAt(s - 1))) s--;
  return text.slice(s, k + 1);
}

/** The fields a compared literal may be compared with: the other side of `==`, the receiver or other argument of `equals`. */
function comparedFields(text: string, regions: readonly Region[], index: number): (string | undefined)[] {
  const lit = regions[index];
  const lo = Math.max(0, lit.start - REACH);
  const hi = Math.min(text.length, lit.end + REACH);
  return [fieldBefore(text, lit, lo, hi), fieldAfter(text, lit, hi)];
}

function fieldBefore(text: string, lit: Region, lo: number, hi: number): string | undefined {
  const prev = prevNonBlank(text, lit.start, lo);
  if (prev < 0) return undefined;
  const c = text.charCodeAt(prev);
  if (c === 61 /* = */) {
    // `a == "X"`, `a === "X"`, `a != "X"`: the operand ends before the operator.
    let op = prev;
    while (op > lo && (text.charCodeAt(op - 1) === 61 || text.charCodeAt(op - 1) === 33)) op--;
    return op < prev ? fieldOf(trailingExpression(text, op, lo)) : undefined;
  }
  if (c === 40 /* ( */) {
    const callee = identBefore(text, prev, lo);
    if (!callee || !isComparisonCall(callee.name)) return undefined;
    const dot = prevNonBlank(text, callee.start, lo);
    // `a.equals("X")`: the receiver; `equals("X", a)`: the argument after.
    if (dot >= 0 && text.charCodeAt(dot) === 46) return fieldOf(trailingExpression(text, dot, lo));
    const comma = nextNonBlank(text, lit.end, hi);
    return comma >= 0 && text.charCodeAt(comma) === 44 ? fieldOf(leadingExpression(text, comma + 1, hi)) : undefined;
  }
  if (c === 44 /* , */) {
    // `equals(a, "X")`: the argument before, within its call.
    const open = openerBefore(text, prev, lo);
    const callee = open >= 0 ? identBefore(text, open, lo) : undefined;
    if (callee && isComparisonCall(callee.name)) return fieldOf(leadingExpression(text, open + 1, prev));
  }
  return undefined;
}

function fieldAfter(text: string, lit: Region, hi: number): string | undefined {
  const next = nextNonBlank(text, lit.end, hi);
  if (next < 0) return undefined;
  const c = text.charCodeAt(next);
  if ((c === 61 || c === 33) && text.charCodeAt(next + 1) === 61) {
    let p = next + 2;
    if (text.charCodeAt(p) === 61) p++;
    return fieldOf(leadingExpression(text, p, hi));
  }
  if (c !== 46 /* . */) return undefined;
  // `"X".equals(a)`
  let e = next + 1;
  while (e < hi && isIdent(text.charCodeAt(e))) e++;
  if (!isComparisonCall(text.slice(next + 1, e))) return undefined;
  const open = nextNonBlank(text, e, hi);
  return open >= 0 && text.charCodeAt(open) === 40 ? fieldOf(leadingExpression(text, open + 1, hi)) : undefined;
}

function identBefore(text: string, pos: number, lo: number): { name: string; start: number } | undefined {
  const e = prevNonBlank(text, pos, lo);
  if (e < 0 || !isIdent(text.charCodeAt(e))) return undefined;
  let s = e;
  while (s > lo && isIdent(text.charCodeAt(s - 1))) s--;
  return { name: text.slice(s, e + 1), start: s };
}

/** The unmatched `(` before `pos` on its line, -1 when none. */
function openerBefore(text: string, pos: number, lo: number): number {
  let depth = 0;
  for (let p = pos - 1; p >= lo; p--) {
    const c = text.charCodeAt(p);
    if (c === 10) return -1;
    if (c === 41 || c === 93) depth++;
    else if (c === 40 || c === 91) {
      if (depth === 0) return c === 40 ? p : -1;
      depth--;
    }
  }
  return -1;
}

/** The expression that ends just before `end`: names, dots, calls and indexes (`resp.body["error_code"]`, `e.Code()`). */
function trailingExpression(text: string, end: number, lo: number): string {
  let p = end;
  while (p > lo && isSpace(text.charCodeAt(p - 1))) p--;
  const stop = p;
  let depth = 0;
  while (p > lo) {
    const c = text.charCodeAt(p - 1);
    if (c === 41 || c === 93) depth++;
    else if (c === 40 || c === 91) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !isIdent(c) && c !== 46 && c !== 63 && c !== 33) break;
    else if (c === 10) break;
    p--;
  }
  return text.slice(p, stop);
}

/** The expression that starts at `start` (blanks skipped) and ends before an operator, a comma or a closing bracket. */
function leadingExpression(text: string, start: number, hi: number): string {
  let p = start;
  while (p < hi && isSpace(text.charCodeAt(p))) p++;
  const from = p;
  let depth = 0;
  while (p < hi) {
    const c = text.charCodeAt(p);
    if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !isIdent(c) && c !== 46 && c !== 63 && c !== 33) break;
    else if (c === 10) break;
    p++;
  }
  return text.slice(from, p);
}

/**
 * The field an expression reads, by its last name: `err.Code` → `Code`, `e.Code()` → `Code`,
 * `resp.getErrorCode()` → `ErrorCode`, `body["error_code"]` and `body.get("error_code")` →
 * `error_code`, `e.code.lower()` → `code` (conversions skipped), `String(err.code)` → `code`.
 */
function fieldOf(expr: string): string | undefined {
  let e = expr.trim();
  for (let guard = 0; guard < 8 && e !== ''; guard++) {
    while (e.endsWith('!') || e.endsWith('?')) e = e.slice(0, -1);
    const last = e.charCodeAt(e.length - 1);
    if (last !== 41 /* ) */ && last !== 93 /* ] */) return lastName(e, e.length) || undefined;
    const open = matchingOpen(e, e.length - 1);
    if (open < 0) return undefined;
    const inner = e.slice(open + 1, -1).trim();
    const quoted = /^(["'`])([A-Za-z0-9_-]{1,64})\1$/.exec(inner);
    if (last === 93) return quoted ? quoted[2] : undefined;
    let calleeEnd = open;
    while (calleeEnd > 0 && isSpace(e.charCodeAt(calleeEnd - 1))) calleeEnd--;
    const name = lastName(e, calleeEnd);
    if (name === '') {
      e = inner;
      continue;
    }
    let receiverEnd = calleeEnd - name.length;
    while (receiverEnd > 0 && isSpace(e.charCodeAt(receiverEnd - 1))) receiverEnd--;
    if (quoted && GETTERS.has(name)) return quoted[2];
    if (CONVERSIONS.has(name)) {
      // `e.code.lower()`: the receiver; `String(e.code)`, `str(e.code)`: the argument.
      e = e.charCodeAt(receiverEnd - 1) === 46 ? e.slice(0, receiverEnd - 1) : inner;
      continue;
    }
    // A getter: `getErrorCode()` reads `ErrorCode`.
    const getter = /^(?:get|Get)([A-Z][A-Za-z0-9_]*)$/.exec(name);
    return getter ? getter[1] : name;
  }
  return undefined;
}

/** The identifier that ends at `end` in `e` ('' when none). */
function lastName(e: string, end: number): string {
  let s = end;
  while (s > 0 && isIdent(e.charCodeAt(s - 1))) s--;
  return s < end && !isDigit(e.charCodeAt(s)) ? e.slice(s, end) : '';
}

function matchingOpen(e: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    const c = e.charCodeAt(i);
    if (c === 41 || c === 93) depth++;
    else if (c === 40 || c === 91) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * The field a switch whose case this literal is switches on: the `{` that encloses the case
 * (within SWITCH_REACH, skipping literals, comments and whole bracketed parts), then what
 * stands between `switch`/`match`/`when` and it: `switch (err.Code) {`, `switch e.Code() {`,
 * `match e.code.as_str() {`, `when (e.code) {`. Python: the nearest `match …:` line above, less indented.
 */
function switchSubject(text: string, regions: readonly Region[], index: number, lit: Region, spec: LanguageSpec): string | undefined {
  const lo = Math.max(0, lit.start - SWITCH_REACH);
  if (spec.pythonPrefixes) return pythonMatchSubject(text, lit.start, lo);
  let depth = 0;
  let r = index - 1;
  for (let p = lit.start - 1; p >= lo; p--) {
    while (r >= 0 && regions[r].start > p) r--;
    if (r >= 0 && p < regions[r].end) {
      // Inside a literal or comment: jump to its start.
      p = regions[r].start;
      r--;
      continue;
    }
    const c = text.charCodeAt(p);
    if (c === 41 || c === 93 || c === 125) depth++;
    else if (c === 40 || c === 91 || c === 123) {
      if (depth > 0) {
        depth--;
        continue;
      }
      return c === 123 ? subjectBefore(text, p, lo) : undefined;
    }
  }
  return undefined;
}

/** What a switch at the `{` at `brace` switches on. */
function subjectBefore(text: string, brace: number, lo: number): string | undefined {
  const close = prevNonBlank(text, brace, lo);
  if (close < 0) return undefined;
  if (text.charCodeAt(close) === 41) {
    let depth = 0;
    for (let p = close; p >= lo; p--) {
      const c = text.charCodeAt(p);
      if (c === 41) depth++;
      else if (c === 40 && --depth === 0) {
        const keyword = identBefore(text, p, lo);
        if (keyword && SWITCHES.has(keyword.name)) return fieldOf(text.slice(p + 1, close));
        break;
      }
    }
  }
  // `switch e.Code() {`, `match e.code.as_str() {`: the keyword and the subject on the brace's line.
  const lineStart = text.lastIndexOf('\n', brace - 1) + 1;
  const line = text.slice(Math.max(lineStart, lo), brace);
  const m = /(?:^|[^A-Za-z0-9_$])(?:switch|match|when|select)\s+([^{};]{1,200})$/.exec(line);
  return m ? fieldOf(m[1]) : undefined;
}

function pythonMatchSubject(text: string, at: number, lo: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = (s: string) => s.length - s.trimStart().length;
  const caseIndent = indent(text.slice(lineStart, at));
  let end = lineStart - 1;
  while (end > lo) {
    const start = Math.max(lo, text.lastIndexOf('\n', end - 1) + 1);
    const line = text.slice(start, end);
    end = start - 1;
    if (line.trim() === '') continue;
    if (indent(line) >= caseIndent) continue;
    const m = /^\s*match\s+(.{1,200}?):\s*(?:#.*)?$/.exec(line);
    return m ? fieldOf(m[1]) : undefined;
  }
  return undefined;
}
