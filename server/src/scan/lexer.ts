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

/** Lexes text[from, to) assuming it starts outside any literal or comment. */
export function lex(text: string, spec: LanguageSpec, from = 0, to = text.length): Region[] {
  if (spec.prose) return [];
  // Nothing past `to` may be read: not a closing delimiter (a region would end beyond the
  // window, or a raw string's search run on to the document's end), not the quote after a
  // prefix (`r` at the window's last character would open a literal whose content starts
  // past its end). A slice from 0 keeps every offset as it is.
  if (to < text.length) text = text.slice(0, to);
  const lexer = new Lexer(text, spec, from, to);
  lexer.run();
  return lexer.regions;
}

/**
 * One pass of `lex`: `i` moves forward only. Each step looks at the character at `i`; a step
 * that recognises what opens there records the region, moves `i` past it and returns true.
 */
class Lexer {
  readonly regions: Region[] = [];
  private i: number;
  private readonly quoteCodes: number[];
  private readonly interesting: Uint8Array;

  constructor(
    private readonly text: string,
    private readonly spec: LanguageSpec,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.i = from;
    this.quoteCodes = spec.quotes.map((q) => q.charCodeAt(0));
    this.interesting = interestingChars(spec);
  }

  run(): void {
    const { text, to, interesting } = this;
    while (this.i < to) {
      const c = text.charCodeAt(this.i);
      // Most characters start nothing: one table look-up and on.
      if (c < 128 && interesting[c] === 0) {
        this.i++;
        continue;
      }
      if (!this.region(c)) this.i++;
    }
  }

  /** The comment or literal `c` (at `i`) opens, in the order the language's rules take precedence; false when it opens none. */
  private region(c: number): boolean {
    const spec = this.spec;
    if (this.lineComment(c) || this.blockComment(c)) return true;
    const prevIsIdent = this.i > this.from && isIdentChar(this.text.charCodeAt(this.i - 1));
    if (spec.rustStrings && ((!prevIsIdent && this.rustString(c)) || this.rustCharOrLifetime(c))) return true;
    if (spec.verbatimAt && this.csharpString(c)) return true;
    if (spec.pythonPrefixes && !prevIsIdent && this.prefixedPythonString(c)) return true;
    return this.backtickString(c) || this.quotedString(c);
  }

  private lineComment(c: number): boolean {
    const { text, i } = this;
    if (!this.spec.lineComments.some((lc) => c === lc.charCodeAt(0) && text.startsWith(lc, i))) return false;
    let end = i;
    while (end < this.to) {
      const d = text.charCodeAt(end);
      if (d === NL || d === CR) break;
      end++;
    }
    this.regions.push({ kind: RegionKind.Comment, start: i, end, contentStart: i, contentEnd: end });
    this.i = end;
    return true;
  }

  /** A block comment, nested where the language nests them; unterminated, it runs to `to`. */
  private blockComment(c: number): boolean {
    const { text, to } = this;
    const block = this.spec.blockComment;
    const start = this.i;
    if (!block || c !== block.open.charCodeAt(0) || !text.startsWith(block.open, start)) return false;
    let depth = 1;
    let j = start + block.open.length;
    while (j < to && depth > 0) {
      if (block.nested && text.startsWith(block.open, j)) {
        depth++;
        j += block.open.length;
        continue;
      }
      if (text.startsWith(block.close, j)) {
        depth--;
        j += block.close.length;
        continue;
      }
      j++;
    }
    const end = Math.min(j, to);
    this.regions.push({ kind: RegionKind.Comment, start, end, contentStart: start, contentEnd: end });
    this.i = end;
    return true;
  }

  /** Rust: r"…", r#"…"#, br"…", b"…" (not after an identifier character: `bar"` is no prefix). */
  private rustString(c: number): boolean {
    if (c !== 114 /* r */ && c !== 98 /* b */) return false;
    const { text, i } = this;
    let j = i + 1;
    if (c === 98 && text.charCodeAt(j) === 114) j++;
    const raw = text.charCodeAt(j - 1) === 114;
    let hashes = 0;
    while (raw && text.charCodeAt(j + hashes) === 35) hashes++;
    if (text.charCodeAt(j + hashes) !== 34) return false;
    if (raw) this.delimitedString(j + hashes + 1 - i, '"' + '#'.repeat(hashes));
    else this.escapedString(j + 1 - i, 34, true);
    return true;
  }

  /** Rust: a char literal ('x', '\n', '\u{1F600}') or a lifetime ('a): only the former is skipped whole. */
  private rustCharOrLifetime(c: number): boolean {
    if (c !== 39 /* ' */) return false;
    const { text, i } = this;
    if (text.charCodeAt(i + 1) === BACKSLASH) {
      const close = text.indexOf("'", i + 2);
      this.i = close > 0 && close - i < 12 ? close + 1 : i + 1;
    } else {
      const cp = text.codePointAt(i + 1) ?? 0;
      const width = cp > 0xffff ? 2 : 1;
      this.i = text.charCodeAt(i + 1 + width) === 39 ? i + 2 + width : i + 1;
    }
    return true;
  }

  /** C#: @"…", $@"…", @$"…" are verbatim; $"…" is an ordinary escaped string. */
  private csharpString(c: number): boolean {
    if (c !== 64 /* @ */ && c !== 36 /* $ */) return false;
    const { text, i } = this;
    let j = i;
    let verbatim = false;
    while (j < i + 2 && (text.charCodeAt(j) === 64 || text.charCodeAt(j) === 36)) {
      if (text.charCodeAt(j) === 64) verbatim = true;
      j++;
    }
    if (text.charCodeAt(j) !== 34 || text.startsWith('"""', j)) return false;
    if (verbatim) this.delimitedString(j + 1 - i, '"', true);
    else this.escapedString(j + 1 - i, 34, false);
    return true;
  }

  /** Python: a string after one or two prefix letters (r, b, f, u); raw and triple-quoted ones have no escapes. */
  private prefixedPythonString(c: number): boolean {
    if (!isPythonPrefixStart(c)) return false;
    const { text, i } = this;
    let j = i;
    while (j < i + 2 && isPythonPrefixStart(text.charCodeAt(j))) j++;
    const q = text.charCodeAt(j);
    if (q !== 34 && q !== 39) return false;
    const quote = String.fromCharCode(q);
    const rawPrefix = /[rR]/.test(text.slice(i, j));
    if (text.startsWith(quote.repeat(3), j)) this.delimitedString(j + 3 - i, quote.repeat(3));
    else if (rawPrefix) this.delimitedString(j + 1 - i, quote);
    else this.escapedString(j + 1 - i, q, false);
    return true;
  }

  /** Go raw strings (no escapes) and JavaScript template literals (escapes, many lines). */
  private backtickString(c: number): boolean {
    if (c !== 96 /* ` */ || this.spec.backtick === 'none') return false;
    if (this.spec.backtick === 'raw') this.delimitedString(1, '`');
    else this.escapedString(1, 96, true);
    return true;
  }

  /** A string in one of the language's quotes, triple-quoted where the language has those. */
  private quotedString(c: number): boolean {
    if (!this.quoteCodes.includes(c)) return false;
    if (this.spec.tripleQuotes && (c === 34 || c === 39) && this.text.startsWith(String.fromCharCode(c).repeat(3), this.i)) {
      this.delimitedString(3, String.fromCharCode(c).repeat(3));
    } else {
      this.escapedString(1, c, false);
    }
    return true;
  }

  /** A string with backslash escapes, opened by `openLen` characters at `i`: it ends at the closing quote, or (unterminated) at the line's end unless `multiline`. */
  private escapedString(openLen: number, quote: number, multiline: boolean): void {
    const { text, to } = this;
    const start = this.i;
    let j = start + openLen;
    while (j < to) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH) {
        j += 2;
        continue;
      }
      if (c === quote) break;
      if (!multiline && (c === NL || c === CR)) break;
      j++;
    }
    const closed = j < to && text.charCodeAt(j) === quote;
    const contentEnd = Math.min(j, to);
    const end = closed ? j + 1 : contentEnd;
    this.regions.push({ kind: RegionKind.String, start, end, contentStart: start + openLen, contentEnd });
    this.i = end;
  }

  /** A string closed by a fixed delimiter with no escapes (raw, verbatim, triple-quoted); `doubledQuoteEscapes`: `""` stands for `"` (C# verbatim). */
  private delimitedString(openLen: number, close: string, doubledQuoteEscapes = false): void {
    const { text, to } = this;
    const start = this.i;
    let j = start + openLen;
    for (;;) {
      const k = text.indexOf(close, j);
      if (k < 0 || k >= to) {
        j = to;
        break;
      }
      if (doubledQuoteEscapes && text.startsWith(close + close, k)) {
        j = k + 2 * close.length;
        continue;
      }
      j = k;
      break;
    }
    const closed = j < to;
    this.regions.push({ kind: RegionKind.String, start, end: closed ? j + close.length : to, contentStart: start + openLen, contentEnd: j });
    this.i = closed ? j + close.length : to;
  }
}

const interestingCache = new WeakMap<LanguageSpec, Uint8Array>();

/** The ASCII characters that can open a comment or a literal in this language. */
function interestingChars(spec: LanguageSpec): Uint8Array {
  let t = interestingCache.get(spec);
  if (t) return t;
  t = new Uint8Array(128);
  const mark = (s: string) => {
    for (const ch of s) if (ch.charCodeAt(0) < 128) t![ch.charCodeAt(0)] = 1;
  };
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
