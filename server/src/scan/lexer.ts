// A careful lexer: one pass over the text that finds string literals and comments, which
// is all the scanner needs (codes live in strings; contexts are read from the code around
// them). It never backtracks, so its cost is linear in the text it is given.
import type { LanguageSpec } from './languages';

export const enum RegionKind {
  String = 0,
  Comment = 1,
}

export interface Region {
  kind: RegionKind;
  /** Offset of the first character (the opening quote or comment marker). */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** The literal's content without its delimiters (equal to start/end for comments). */
  contentStart: number;
  contentEnd: number;
}

const NL = 10;
const CR = 13;
const BACKSLASH = 92;

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

function startsWithAt(text: string, at: number, s: string): boolean {
  return text.startsWith(s, at);
}

/** Lexes text[from, to) assuming it starts outside any literal or comment. */
export function lex(text: string, spec: LanguageSpec, from = 0, to = text.length): Region[] {
  const regions: Region[] = [];
  if (spec.prose) return regions;
  // Nothing past `to` may be read: not a closing delimiter (a region would end beyond the
  // window, or a raw string's search run on to the document's end), not the quote after a
  // prefix (`r` at the window's last character would open a literal whose content starts
  // past its end). A slice from 0 keeps every offset as it is.
  if (to < text.length) text = text.slice(0, to);
  const block = spec.blockComment;
  const quoteCodes = spec.quotes.map((q) => q.charCodeAt(0));
  let i = from;

  const endOfLine = (at: number): number => {
    let j = at;
    while (j < to) {
      const c = text.charCodeAt(j);
      if (c === NL || c === CR) break;
      j++;
    }
    return j;
  };

  // An escaped string on one line: ends at the closing quote, or (unterminated) at the line's end.
  const escapedString = (openLen: number, quote: number, multiline: boolean): void => {
    const start = i;
    let j = i + openLen;
    while (j < to) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) { j += 2; continue; }
      if (c === quote) break;
      if (!multiline && (c === NL || c === CR)) break;
      j++;
    }
    const closed = j < to && text.charCodeAt(j) === quote;
    const contentEnd = Math.min(j, to);
    const end = closed ? j + 1 : contentEnd;
    regions.push({ kind: RegionKind.String, start, end, contentStart: start + openLen, contentEnd });
    i = end;
  };

  // A string closed by a fixed delimiter with no escapes (raw, verbatim, triple-quoted).
  const delimitedString = (openLen: number, close: string, doubledQuoteEscapes = false): void => {
    const start = i;
    let j = i + openLen;
    for (;;) {
      const k = text.indexOf(close, j);
      if (k < 0 || k >= to) { j = to; break; }
      if (doubledQuoteEscapes && text.startsWith(close + close, k)) { j = k + 2 * close.length; continue; }
      j = k;
      break;
    }
    const closed = j < to;
    regions.push({ kind: RegionKind.String, start, end: closed ? j + close.length : to, contentStart: start + openLen, contentEnd: j });
    i = closed ? j + close.length : to;
  };

  const interesting = interestingChars(spec);
  while (i < to) {
    const c = text.charCodeAt(i);
    // Most characters start nothing: one table look-up and on.
    if (c < 128 && interesting[c] === 0) { i++; continue; }

    let isLineComment = false;
    for (const lc of spec.lineComments) if (c === lc.charCodeAt(0) && startsWithAt(text, i, lc)) isLineComment = true;
    if (isLineComment) {
      const end = endOfLine(i);
      regions.push({ kind: RegionKind.Comment, start: i, end, contentStart: i, contentEnd: end });
      i = end;
      continue;
    }
    if (block && c === block.open.charCodeAt(0) && startsWithAt(text, i, block.open)) {
      const start = i;
      let depth = 1;
      let j = i + block.open.length;
      while (j < to && depth > 0) {
        if (block.nested && startsWithAt(text, j, block.open)) { depth++; j += block.open.length; continue; }
        if (startsWithAt(text, j, block.close)) { depth--; j += block.close.length; continue; }
        j++;
      }
      const end = Math.min(j, to);
      regions.push({ kind: RegionKind.Comment, start, end, contentStart: start, contentEnd: end });
      i = end;
      continue;
    }

    const prevIsIdent = i > from && isIdentChar(text.charCodeAt(i - 1));

    if (spec.rustStrings && !prevIsIdent && (c === 114 /* r */ || c === 98 /* b */)) {
      // r"…", r#"…"#, br"…", b"…"
      let j = i + 1;
      if (c === 98 && text.charCodeAt(j) === 114) j++;
      const raw = text.charCodeAt(j - 1) === 114;
      let hashes = 0;
      while (raw && text.charCodeAt(j + hashes) === 35) hashes++;
      if (text.charCodeAt(j + hashes) === 34) {
        if (raw) delimitedString(j + hashes + 1 - i, '"' + '#'.repeat(hashes));
        else escapedString(j + 1 - i, 34, true);
        continue;
      }
    }
    if (spec.rustStrings && c === 39 /* ' */) {
      // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a): only the former is skipped whole.
      if (text.charCodeAt(i + 1) === BACKSLASH) {
        const close = text.indexOf("'", i + 2);
        i = close > 0 && close - i < 12 ? close + 1 : i + 1;
      } else {
        const cp = text.codePointAt(i + 1) ?? 0;
        const width = cp > 0xffff ? 2 : 1;
        i = text.charCodeAt(i + 1 + width) === 39 ? i + 2 + width : i + 1;
      }
      continue;
    }
    if (spec.verbatimAt && (c === 64 /* @ */ || c === 36 /* $ */)) {
      // @"…", $@"…", @$"…" are verbatim; $"…" is an ordinary escaped string.
      let j = i;
      let verbatim = false;
      while (j < i + 2 && (text.charCodeAt(j) === 64 || text.charCodeAt(j) === 36)) { if (text.charCodeAt(j) === 64) verbatim = true; j++; }
      if (text.charCodeAt(j) === 34 && !startsWithAt(text, j, '"""')) {
        if (verbatim) delimitedString(j + 1 - i, '"', true);
        else escapedString(j + 1 - i, 34, false);
        continue;
      }
    }
    if (spec.pythonPrefixes && !prevIsIdent && isPythonPrefixStart(c)) {
      let j = i;
      while (j < i + 2 && isPythonPrefixStart(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if (q === 34 || q === 39) {
        const quote = String.fromCharCode(q);
        const rawPrefix = /[rR]/.test(text.slice(i, j));
        if (startsWithAt(text, j, quote.repeat(3))) delimitedString(j + 3 - i, quote.repeat(3));
        else if (rawPrefix) delimitedString(j + 1 - i, quote);
        else escapedString(j + 1 - i, q, false);
        continue;
      }
    }
    if (c === 96 /* ` */ && spec.backtick !== 'none') {
      if (spec.backtick === 'raw') delimitedString(1, '`');
      else escapedString(1, 96, true);
      continue;
    }
    if (quoteCodes.includes(c)) {
      if (spec.tripleQuotes && (c === 34 || c === 39) && startsWithAt(text, i, String.fromCharCode(c).repeat(3))) {
        delimitedString(3, String.fromCharCode(c).repeat(3));
      } else {
        escapedString(1, c, false);
      }
      continue;
    }
    i++;
  }
  return regions;
}

const interestingCache = new WeakMap<LanguageSpec, Uint8Array>();

/** The ASCII characters that can open a comment or a literal in this language. */
function interestingChars(spec: LanguageSpec): Uint8Array {
  let t = interestingCache.get(spec);
  if (t) return t;
  t = new Uint8Array(128);
  const mark = (s: string) => { for (const ch of s) if (ch.charCodeAt(0) < 128) t![ch.charCodeAt(0)] = 1; };
  for (const lc of spec.lineComments) mark(lc[0]);
  if (spec.blockComment) mark(spec.blockComment.open[0]);
  for (const q of spec.quotes) mark(q);
  if (spec.backtick !== 'none') mark('`');
  if (spec.rustStrings) mark("rb'");
  if (spec.verbatimAt) mark('@$');
  if (spec.pythonPrefixes) mark('rRbBfFuU');
  interestingCache.set(spec, t);
  return t;
}

function isPythonPrefixStart(c: number): boolean {
  // r R b B f F u U
  return c === 114 || c === 82 || c === 98 || c === 66 || c === 102 || c === 70 || c === 117 || c === 85;
}
