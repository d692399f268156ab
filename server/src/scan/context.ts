// How a string literal is used, read from the code around it: the tokens before it (after
// skipping sibling literals in a list or an or-pattern) and the tokens after it. Reading is
// bounded: at most a few hundred characters either way, whatever the document's size.
import { Region, RegionKind } from './lexer';

export type UsageContext =
  /** `case "X":`, a match arm `"X" =>`, Kotlin `"X" ->`, Python `case "X":` */
  | 'case'
  /** `==`, `!=`, `.equals(`, `compare(`, `strcmp(` */
  | 'compare'
  /** `equalsIgnoreCase`, `strings.EqualFold`, `strcasecmp`, or a comparison next to lower/upper-casing */
  | 'compareIgnoreCase'
  /** a list the code is looked up in: `in ("X", "Y")`, `["X"].includes(code)`, `setOf("X")` */
  | 'member'
  /** a substring or prefix test: `strings.Contains(s, "X")`, `s.startsWith("X")`, Python `"X" in body` */
  | 'substring'
  /** any other call argument */
  | 'arg'
  /** a constant's or variable's value: `const X = "..."` */
  | 'const'
  /** a value in a map, object, return or ternary: `code: "X"`, `return "X"` */
  | 'value'
  /** a map key or index: `{"X": …}`, `m["X"]` */
  | 'key'
  /** nothing recognisable */
  | 'other';

const CASE_FOLDING =
  /(?:toLowerCase|toUpperCase|toLocaleLowerCase|toLocaleUpperCase|\blower\(|\bupper\(|casefold|ToLower|ToUpper|ToLowerInvariant|ToUpperInvariant|lowercase\(|uppercase\(|IgnoreCase|EqualFold|casecmp|OrdinalIgnoreCase|to_lowercase|to_uppercase|eq_ignore_ascii_case)/;

/** True when the document folds case before comparing codes somewhere, so a lower-case constant is deliberate. */
export function foldsCase(text: string): boolean {
  return CASE_FOLDING.test(text);
}

const REACH = 400;

const COMPARE_FUNCS = new Set([
  'equals',
  'Equals',
  'compare',
  'compareTo',
  'strcmp',
  'strncmp',
  'wcscmp',
  'eq',
  'equal',
  'Equal',
  'isEqual',
  'assertEquals',
  'assertEqual',
  'contentEquals',
]);
const COMPARE_IGNORE_CASE_FUNCS = new Set([
  'equalsIgnoreCase',
  'EqualFold',
  'strcasecmp',
  'strncasecmp',
  '_stricmp',
  'stricmp',
  'compareToIgnoreCase',
  'eq_ignore_ascii_case',
]);
/** Is `name` a call that compares a string with another, case-blind or not (`equals`, `EqualFold`, `strcmp`)? */
export function isComparisonCall(name: string): boolean {
  return COMPARE_FUNCS.has(name) || COMPARE_IGNORE_CASE_FUNCS.has(name);
}
const SUBSTRING_FUNCS = new Set([
  'startsWith',
  'startswith',
  'StartsWith',
  'HasPrefix',
  'hasPrefix',
  'starts_with',
  'endsWith',
  'endswith',
  'HasSuffix',
  'Contains',
  'contains',
  'includes',
  'indexOf',
  'IndexOf',
  'find',
  'index',
  'strstr',
  'search',
  'match',
  'test',
  'rfind',
  'lastIndexOf',
  'startsWithIgnoreCase',
  'containsIgnoreCase',
]);
const LIST_FUNCS = new Set([
  'listOf',
  'setOf',
  'arrayOf',
  'mutableListOf',
  'mutableSetOf',
  'hashSetOf',
  'of',
  'asList',
  'Set',
  'List',
  'tuple',
  'frozenset',
  'set',
  'vec',
  'HashSet',
  'ImmutableSet',
  'copyOf',
]);
const MATCH_WRAPPERS = new Set(['Some', 'Ok', 'Err']);

interface Cursor {
  text: string;
  regions: readonly Region[];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xfeff || c === 0xa0;
}

function isIdent(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/**
 * The offset of the last significant character before `pos`, skipping white space and
 * comments; `ri` is the index of the region that starts at or after `pos` (regions before it
 * are the only ones that can be skipped). Returns -1 when nothing is found within reach.
 */
function prevSig(cur: Cursor, pos: number, ri: number, limit: number): { at: number; ri: number } {
  let p = pos - 1;
  let r = ri - 1;
  while (p >= limit) {
    while (r >= 0 && cur.regions[r].start > p) r--;
    if (r >= 0 && cur.regions[r].kind === RegionKind.Comment && p < cur.regions[r].end) {
      p = cur.regions[r].start - 1;
      r--;
      continue;
    }
    if (!isSpace(cur.text.charCodeAt(p))) return { at: p, ri: r + 1 };
    p--;
  }
  return { at: -1, ri: 0 };
}

function nextSig(cur: Cursor, pos: number, ri: number, limit: number): { at: number; ri: number } {
  let p = pos;
  let r = ri;
  while (p < limit) {
    while (r < cur.regions.length && cur.regions[r].end <= p) r++;
    if (r < cur.regions.length && cur.regions[r].kind === RegionKind.Comment && p >= cur.regions[r].start) {
      p = cur.regions[r].end;
      r++;
      continue;
    }
    if (!isSpace(cur.text.charCodeAt(p))) return { at: p, ri: r };
    p++;
  }
  return { at: -1, ri: r };
}

/** The string region that ends exactly at `at + 1`, if the character at `at` closes a literal. */
function literalEndingAt(cur: Cursor, at: number, ri: number): number {
  for (let r = Math.min(ri, cur.regions.length - 1); r >= 0 && r >= ri - 2; r--) {
    const reg = cur.regions[r];
    if (reg.kind === RegionKind.String && reg.end === at + 1) return r;
  }
  return -1;
}

function wordBefore(text: string, end: number): { word: string; start: number } {
  let s = end;
  while (s > 0 && isIdent(text.charCodeAt(s - 1))) s--;
  return { word: text.slice(s, end), start: s };
}

function wordAt(text: string, start: number): string {
  let e = start;
  while (e < text.length && isIdent(text.charCodeAt(e))) e++;
  return text.slice(start, e);
}

/** The opening bracket enclosing `pos` (skipping literals and comments), within reach. */
function enclosingOpener(cur: Cursor, pos: number, ri: number, limit: number): { at: number; ri: number } {
  let depth = 0;
  let p = pos;
  let r = ri;
  for (;;) {
    const prev = prevSig(cur, p, r, limit);
    if (prev.at < 0) return prev;
    const c = cur.text.charCodeAt(prev.at);
    const lit = literalEndingAt(cur, prev.at, prev.ri);
    if (lit >= 0) {
      p = cur.regions[lit].start;
      r = lit;
      continue;
    }
    if (c === 41 || c === 93 || c === 125) depth++;
    else if (c === 40 || c === 91 || c === 123) {
      if (depth === 0) return prev;
      depth--;
    } else if (c === 59 && depth === 0) return { at: -1, ri: 0 };
    p = prev.at;
    r = prev.ri;
  }
}

/** The callee name before an opening parenthesis at `open`, e.g. `equals` for `a.equals(`. */
function calleeBefore(cur: Cursor, open: number, ri: number, limit: number): string {
  const prev = prevSig(cur, open, ri, limit);
  if (prev.at < 0 || !isIdent(cur.text.charCodeAt(prev.at))) return '';
  return wordBefore(cur.text, prev.at + 1).word;
}

/** Classifies the string literal `regions[index]`. */
export function literalContext(text: string, regions: readonly Region[], index: number): UsageContext {
  const cur: Cursor = { text, regions };
  const lit = regions[index];
  const back = backwardContext(cur, lit.start, index);
  if (back === 'case' || back === 'compare' || back === 'compareIgnoreCase') return refineCase(cur, lit, back);
  const fwd = forwardContext(cur, lit.end, index + 1);
  if (fwd === 'case' || fwd === 'compare' || fwd === 'compareIgnoreCase') return refineCase(cur, lit, fwd);
  if (fwd === 'key' && back !== 'key') return 'key';
  if (back !== 'other') return back;
  return fwd;
}

/** A comparison whose line also lower- or upper-cases something compares case-insensitively. */
function refineCase(cur: Cursor, lit: Region, ctx: UsageContext): UsageContext {
  if (ctx !== 'compare') return ctx;
  // Only within reach: searched for across a whole line, a line of many comparisons (a
  // minified file) would be read once per literal, quadratic in the line.
  const before = cur.text.slice(Math.max(0, lit.start - REACH), lit.start);
  let after = cur.text.slice(lit.end, Math.min(cur.text.length, lit.end + REACH));
  const nl = after.indexOf('\n');
  if (nl >= 0) after = after.slice(0, nl);
  const around = before.slice(before.lastIndexOf('\n') + 1) + after;
  return CASE_FOLDING.test(around) ? 'compareIgnoreCase' : ctx;
}

function backwardContext(cur: Cursor, start: number, ri: number): UsageContext {
  const limit = Math.max(0, start - REACH);
  let p = start;
  let r = ri;
  let listed = false;
  // Skip sibling literals: `"A", "B"` and `"A" | "B"`.
  for (;;) {
    const prev = prevSig(cur, p, r, limit);
    if (prev.at < 0) return 'other';
    const c = cur.text.charCodeAt(prev.at);
    if (c === 44 /* , */ || c === 124 /* | */) {
      const before = prevSig(cur, prev.at, prev.ri, limit);
      const sib = before.at >= 0 ? literalEndingAt(cur, before.at, before.ri) : -1;
      if (sib >= 0 && !(c === 124 && cur.text.charCodeAt(before.at) === 124)) {
        listed = true;
        p = cur.regions[sib].start;
        r = sib;
        continue;
      }
      if (c === 124) return 'other';
      // An argument after others: find the call or list it belongs to.
      const open = enclosingOpener(cur, prev.at, prev.ri, limit);
      return open.at < 0 ? 'other' : openerContext(cur, open.at, open.ri, limit);
    }
    return tokenContext(cur, prev.at, prev.ri, limit, listed);
  }
}

function tokenContext(cur: Cursor, at: number, ri: number, limit: number, listed: boolean): UsageContext {
  const text = cur.text;
  const c = text.charCodeAt(at);
  if (isIdent(c)) {
    const { word } = wordBefore(text, at + 1);
    if (word === 'case') return 'case';
    if (word === 'in') return 'substring';
    if (word === 'return' || word === 'yield') return 'value';
    if (word === 'is') return 'compare';
    return 'other';
  }
  if (c === 61 /* = */) {
    const p1 = text.charCodeAt(at - 1);
    if (p1 === 61 || p1 === 33) return 'compare'; // == === != !==
    if (p1 === 62) return 'value'; // => (an arrow function's result)
    if (p1 === 60) return 'other'; // <=
    return 'const'; // = := +=
  }
  if (c === 40 /* ( */) return openerContext(cur, at, ri, limit);
  if (c === 91 /* [ */ || c === 123 /* { */) return openerContext(cur, at, ri, limit);
  if (c === 58 /* : */) return text.charCodeAt(at - 1) === 58 ? 'other' : 'value';
  if (c === 63 /* ? */) return 'value';
  if (c === 62 /* > */ && text.charCodeAt(at - 1) === 45) return 'value'; // -> in a lambda
  return listed ? 'member' : 'other';
}

function openerContext(cur: Cursor, open: number, ri: number, limit: number): UsageContext {
  const text = cur.text;
  const c = text.charCodeAt(open);
  if (c === 40 /* ( */) {
    const callee = calleeBefore(cur, open, ri, limit);
    if (callee === '') {
      // A bare parenthesised list: `in ("A", "B")` or a tuple.
      const prev = prevSig(cur, open, ri, limit);
      if (prev.at >= 0 && wordBefore(text, prev.at + 1).word === 'in') return 'member';
      return 'other';
    }
    if (callee === 'in') return 'member';
    if (COMPARE_IGNORE_CASE_FUNCS.has(callee)) return 'compareIgnoreCase';
    if (COMPARE_FUNCS.has(callee)) return 'compare';
    if (SUBSTRING_FUNCS.has(callee)) return 'substring';
    if (LIST_FUNCS.has(callee)) return 'member';
    if (MATCH_WRAPPERS.has(callee)) return 'arg';
    if (callee === 'if' || callee === 'while' || callee === 'switch' || callee === 'when' || callee === 'return') return 'other';
    return 'arg';
  }
  // `[` or `{`: an index/key (`m["X"]`), or a list or set of codes.
  const prev = prevSig(cur, open, ri, limit);
  if (c === 91 && prev.at >= 0) {
    const p = text.charCodeAt(prev.at);
    if (isIdent(p) || p === 41 || p === 93) {
      const w = wordBefore(text, prev.at + 1).word;
      if (w !== 'in' && w !== 'return' && w !== 'case') return 'key';
    }
  }
  return 'member';
}

function forwardContext(cur: Cursor, end: number, ri: number): UsageContext {
  const text = cur.text;
  const limit = Math.min(text.length, end + REACH);
  let p = end;
  let r = ri;
  // After skipping siblings only an arm marker can tell anything: in `{"a": "X", "b": 1}` the
  // colon after "b" says nothing about "X".
  let skipped = false;
  let viaBar = false;
  for (;;) {
    let next = nextSig(cur, p, r, limit);
    if (next.at < 0) return 'other';
    let c = text.charCodeAt(next.at);
    // Skip sibling literals and closing wrappers: `"A" | "B" =>`, `Some("A") =>`, `"A", "B" ->`.
    if (c === 44 || (c === 124 && text.charCodeAt(next.at + 1) !== 124)) {
      const after = nextSig(cur, next.at + 1, next.ri, limit);
      if (after.at >= 0 && after.ri < cur.regions.length && cur.regions[after.ri].start === after.at && cur.regions[after.ri].kind === RegionKind.String) {
        p = cur.regions[after.ri].end;
        r = after.ri + 1;
        skipped = true;
        viaBar ||= c === 124;
        continue;
      }
      return 'other';
    }
    let closed = false;
    while (c === 41 /* ) */) {
      closed = true;
      next = nextSig(cur, next.at + 1, next.ri, limit);
      if (next.at < 0) return 'other';
      c = text.charCodeAt(next.at);
    }
    const two = text.slice(next.at, next.at + 3);
    if (two.startsWith('=>') || two.startsWith('->')) return 'case';
    // Past a closing parenthesis only a match arm says something: `in ("A", "B"):` is no key.
    if (closed) return 'other';
    // Python's `case "A" | "B":` is the one or-pattern that ends in a colon.
    if (skipped) return viaBar && c === 58 && text.charCodeAt(next.at + 1) !== 58 ? 'case' : 'other';
    if (two.startsWith('===') || two.startsWith('==') || two.startsWith('!=')) return 'compare';
    if (c === 58 /* : */ && text.charCodeAt(next.at + 1) !== 58) return 'key';
    if (c === 46 /* . */) {
      const method = wordAt(text, next.at + 1);
      if (COMPARE_IGNORE_CASE_FUNCS.has(method)) return 'compareIgnoreCase';
      if (COMPARE_FUNCS.has(method)) return 'compare';
      if (method === 'includes' || method === 'contains' || method === 'has' || method === 'indexOf' || method === 'count') return 'member';
      return 'other';
    }
    if (wordAt(text, next.at) === 'in') return 'substring';
    return 'other';
  }
}
