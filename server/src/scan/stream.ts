// Codes in a stream of bytes (a log of any size, standard input). Logs only hold codes the
// services sent, so only documented or well-formed codes of known families count, and
// those start with a family's literal prefix. The bytes are searched where they were read,
// without decoding, by a SIMD pass generated for the families in force (simd.ts), which also
// counts line breaks; a JavaScript search finds the same codes where WebAssembly is missing. Any ASCII-compatible encoding works (UTF-8, Latin-1, GBK), memory
// stays one small buffer whatever the size, and a code is never cut in two: the last bytes of
// each search (where a code may start) are kept and searched again with what comes next.
//
// The rules are the editor's (scanText), so the workspace view, `cli scan` and an open file
// agree on which codes a log holds and where: a code is not glued to what comes before (a
// letter, digit, `_`, `-`, `.`, `/`, `\`, `@`, `$`, `%`), and after it may come full stops (a
// sentence's), then nothing that continues a token (letter, digit, `_`, `-`) or glues one on
// (`/`, `\`, `@`, `$`, `%`): `IMG.0024.` and `IMG.0024..` hold the code, `IMG.0024.png`,
// `IMG.0024./x`, `IMG.0024._x` and `IMG.0024..5` do not. Full stops that run on past what has
// been read leave the code open until the bytes after them come. Lines end as LSP ends them:
// at LF, CRLF (one) and a CR alone (the progress bars of docker pull, curl, pip).
//
// Bytes in, hits out: reading files into a scan is the Node side's (node/logFiles.ts). Only
// what a browser's web worker has too: Uint8Array, TextDecoder, TextEncoder (no Buffer).
import type { CatalogIndex, FamilyInfo, IndexedEntry } from '../catalog/index';
import { isGlueChar, isTokenChar } from '../shapes/tokenChars';
import { codeKeys, FIELD_AFTER, FIELD_BEFORE, hasFieldFamilies, KEY_ENDINGS, keyedValueAt, MAX_VALUE } from './fields';
import { compileSearch, GLUE, INPUT, instantiateSearch, OPEN, OUT_BYTES, searchReach, TOKEN } from './simd';

export interface StreamPosition {
  /** Zero-based line, and UTF-16 column within it (as LSP counts). */
  line: number;
  character: number;
}

const LF = 10;
const CR = 13;
const DOT = 46;

/** A file whose first 8 KiB hold a NUL byte is binary (as git decides). */
export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, 8192).includes(0);
}

interface Anchor {
  /** What is searched for: the families' prefixes up to their first dot (`SVCSTG.`, `IMG.`), or a code key's ending. */
  bytes: Uint8Array;
  /** Longest prefix first. */
  families: { family: FamilyInfo; prefix: Uint8Array; minDigits: number; maxDigits: number }[];
  /** A code key's ending (`code`): the family number its records carry (past the families'). */
  field?: number;
}

/** A string's UTF-16 units as bytes, each unit's low byte (as Latin-1 is written: prefixes are ASCII). */
function latin1Bytes(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return bytes;
}

/** buf[at, end) read as Latin-1: one character per byte (a code or a field's value: a few dozen at most). */
function latin1Text(buf: Uint8Array, at: number, end: number): string {
  // One flat string at once; adding a character at a time made a chain of pieces to flatten at the first look-up.
  return String.fromCharCode.apply(null, buf.subarray(at, end) as unknown as number[]);
}

// Decodes as the editor reads a file: invalid bytes become U+FFFD one maximal part at a time
// (WHATWG), and a byte-order mark is kept (it is a character of the line: its column counts).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** The UTF-16 units of buf[at, end) decoded as UTF-8: a column's worth of bytes. ASCII (nearly always) is one unit a byte. */
function utf16Length(buf: Uint8Array, at: number, end: number): number {
  let i = at;
  while (i < end && buf[i] < 0x80) i++;
  return i < end ? utf8.decode(buf.subarray(at, end)).length : end - at;
}

/** The first place at or after `from` where `needle` stands whole within buf, or -1. */
function indexOfBytes(buf: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const lastStart = buf.length - needle.length;
  for (let i = buf.indexOf(first, from); i >= 0 && i <= lastStart; i = buf.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && buf[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** One anchor per distinct first segment: `SVCSTG.SWR.` and `SVCSTG.S2I.` share one. */
function anchorsOf(index: CatalogIndex): Anchor[] {
  const byAnchor = new Map<string, Anchor>();
  for (const family of index.families) {
    const dot = family.prefix.indexOf('.');
    const anchor = dot > 0 ? family.prefix.slice(0, dot + 1) : family.prefix;
    let a = byAnchor.get(anchor);
    if (!a) byAnchor.set(anchor, (a = { bytes: latin1Bytes(anchor), families: [] }));
    a.families.push({ family, prefix: latin1Bytes(family.prefix), minDigits: family.minDigits, maxDigits: family.maxDigits });
  }
  // Longer prefixes first, so `A.B.` is tried before `A.`.
  for (const a of byAnchor.values()) a.families.sort((x, y) => y.prefix.length - x.prefix.length);
  const anchors = [...byAnchor.values()];
  // Bare numbers and names are found by their code key (fields.ts): its ending is searched for,
  // and a record for each found carries a family number past the families' (FIELD).
  if (hasFieldFamilies(index)) for (const ending of KEY_ENDINGS) anchors.push({ bytes: latin1Bytes(ending), families: [], field: FIELD });
  return anchors;
}

/** The family number of a code key's ending in a record (no family has it: there are at most 128 of each kind). */
const FIELD = 0x10000;

/** Does `prefix` stand at `at` (before `end`)? The first `known` bytes matched already. */
function startsAt(buf: Uint8Array, at: number, prefix: Uint8Array, known: number, end: number): boolean {
  if (at + prefix.length > end) return false;
  for (let i = known; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

function classOf(c: number): number {
  return (isTokenChar(c) ? TOKEN : 0) | (isGlueChar(c) ? GLUE : 0);
}

/** The first `byte` in buf at or after `from`, or buf.length when there is none. */
function next(buf: Uint8Array, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i < 0 ? buf.length : i;
}

/** What keyedValueAt passes over between a code key and its value: quotes, blanks, `:`, `=` and `>`. */
function isFieldGap(c: number): boolean {
  return c === 34 || c === 39 || c === 32 || c === 9 || c === 58 || c === 61 || c === 62;
}

/** A byte of a code field's value: a letter, a digit or a dot. */
function isValueByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === DOT;
}

/** Bytes looked at one by one before a line is taken to be long. */
const SHORT_LINE = 512;

/**
 * The last LF or CR in buf[from, to), or from - 1 when there is none: the line `to` is on
 * starts after it (a CRLF's LF comes after its CR). Goes back only over that line's bytes:
 * one by one for a short line (most), then with the engine's search for the rest of a long one.
 */
function lastBreak(buf: Uint8Array, from: number, to: number): number {
  const near = Math.max(from, to - SHORT_LINE);
  let i = to - 1;
  while (i >= near && buf[i] !== LF && buf[i] !== CR) i--;
  if (i >= near || near === from) return i;
  const rest = buf.subarray(from, near);
  return from + Math.max(rest.lastIndexOf(LF), rest.lastIndexOf(CR));
}

/** Bytes searched at a time: small enough to stay in the processor's cache while they are gone through. */
export const SEARCH_CHUNK = 128 * 1024;

/** How the codes of the families in force are searched: worked out once per catalog index. */
interface Plan {
  anchors: Anchor[];
  /** Every anchor's families in order: a record's family number indexes this. */
  families: FamilyInfo[];
  /** Bytes past a place that deciding on it may read (prefix, digits and one more, two after): kept for the next search. */
  tail: number;
  /** Bytes past the end of the buffer a search may read. */
  reach: number;
  /** Bytes before a search's first place that deciding on a code key may read (its key): kept from the last search. */
  before: number;
  /** The code keys in force (fields.ts), when a catalog has bare-number or name families. */
  keys?: readonly string[];
  /** Does some bare-number or name code have a dot and end in a digit (so such a value needs a look-up)? */
  dottedNumbered: boolean;
  /** The compiled search, shared by every scan with these families (each gets an instance and memory of its own). */
  module?: object;
  /** Instances of finished scans, kept for the next: a workspace of many small logs made one per file. */
  idle: SimdSearch[];
}

interface SimdSearch {
  finder: Finder;
  memory: ArrayBuffer;
}

/** Idle instances kept per set of families: enough for the scans that run at once. */
const MAX_IDLE = 4;

const plans = new WeakMap<CatalogIndex, Plan>();

export interface LogScanOptions {
  /**
   * false: search with the JavaScript fallback even where WebAssembly is there (tests compare
   * the two searches). The default, true, uses the SIMD search where it can be compiled.
   */
  simd?: boolean;
  /**
   * Counts repeats instead of telling each: `onHit` is called at a code's first sighting in
   * this scan (and at every sighting of a code not remembered: past 100,000 per family, a
   * code field's value), and when the scan ends, `repeats(token, n)` for each code seen
   * n more times than told. A count per code (`scan`) is the same; no callback runs for
   * each of the tens of thousands of repeats in a large log.
   */
  repeats?: (token: string, n: number) => void;
}

/** A code of a family as a scan found it: made a string and looked up once, then found by its digits. */
interface Seen {
  token: string;
  entry: IndexedEntry | undefined;
  /** Sightings so far (counted only with `repeats`). */
  sightings: number;
}

function planOf(index: CatalogIndex): Plan {
  let plan = plans.get(index);
  if (plan) return plan;
  const anchors = anchorsOf(index);
  const families = anchors.flatMap((a) => a.families.map((f) => f.family));
  let tail = 2;
  for (const f of index.families) tail = Math.max(tail, f.prefix.length + f.maxDigits + 3);
  const fields = hasFieldFamilies(index);
  if (fields) tail = Math.max(tail, 4 + FIELD_AFTER + 1);
  const dottedNumbered = index.fieldFamilies.some((f) => f.codes.some((e) => e.entry.code.includes('.') && /[0-9]$/.test(e.entry.code)));
  plan = {
    anchors,
    families,
    tail,
    before: fields ? FIELD_BEFORE : 0,
    keys: fields ? codeKeys(index) : undefined,
    dottedNumbered,
    reach: searchReach(anchors),
    idle: [],
  };
  // Without WebAssembly SIMD the JavaScript search below does the same, more slowly.
  plan.module = compileSearch(anchors, bufferSize(plan));
  plans.set(index, plan);
  return plan;
}

function bufferSize(plan: Plan): number {
  return SEARCH_CHUNK + plan.tail + 8;
}

/**
 * A search of the buffer: codes found as records (start, end, family, line), four numbers each.
 * A record's family has OPEN set when the code's full stops run up to `have`: what follows decides.
 */
interface Finder {
  records: Int32Array;
  /**
   * Searches buf[from, to) (`have` bytes valid, and no more to come when `last`); returns how
   * many records it wrote and sets `stop` and `stopLines` (line breaks from `from`).
   */
  search(from: number, to: number, have: number, last: boolean): number;
  stop: number;
  stopLines: number;
}

function simdFinder(plan: Plan): SimdSearch | undefined {
  if (!plan.module) return undefined;
  const e = instantiateSearch(plan.module, classOf);
  const records = e.records;
  const finder: Finder = {
    records,
    search(from, to, have, last) {
      // After the last byte the buffer reads as spaces: a code's full stops may end there.
      const n = e.search(from, to, last ? have + 1 : have);
      this.stop = e.stoppedAt();
      this.stopLines = e.stoppedLines();
      for (let i = 0; i < 4 * n; i += 4) {
        records[i] -= INPUT;
        records[i + 1] -= INPUT;
      }
      return n;
    },
    stop: 0,
    stopLines: 0,
  };
  return { finder, memory: e.memory };
}

/** The same in JavaScript: every anchor's places, then the line breaks up to each, and `decide` at each. */
function jsFinder(plan: Plan, buf: Uint8Array): Finder {
  const cap = OUT_BYTES / 16;
  const records = new Int32Array(4 * cap);
  return {
    records,
    search(from, to, have, last) {
      const at: number[] = [];
      // Only an anchor's first byte has to lie in [from, to): the rest may run on.
      for (const a of plan.anchors) for (let i = indexOfBytes(buf, a.bytes, from); i >= 0 && i < to; i = indexOfBytes(buf, a.bytes, i + 1)) at.push(i);
      at.sort((x, y) => x - y);
      let n = 0;
      let lines = 0;
      let stop = to;
      // Line breaks as LSP counts them: LF, and CR unless an LF follows (after the last byte, none does).
      let lf = next(buf, LF, from);
      let cr = next(buf, CR, from);
      const breaksBefore = (p: number) => {
        for (; lf < p; lf = next(buf, LF, lf + 1)) lines++;
        for (; cr < p; cr = next(buf, CR, cr + 1)) if (cr + 1 >= have || buf[cr + 1] !== LF) lines++;
      };
      for (let k = 0; k < at.length; k++) {
        const p = at[k];
        if (k > 0 && p === at[k - 1]) continue;
        if (n + plan.anchors.length > cap) {
          stop = p;
          break;
        }
        breaksBefore(p);
        n = decide(plan, buf, p, have, last, lines, records, n);
      }
      breaksBefore(stop);
      this.stop = stop;
      this.stopLines = lines;
      return n;
    },
    stop: 0,
    stopLines: 0,
  };
}

/**
 * Is there a code at `at` (bytes before `end` valid, and the last of the input when `last`)?
 * The rules the SIMD search follows too: not glued to what comes before, a family's prefix
 * (the longest of an anchor's that stands there, alone), its number of digits, and a proper
 * end. Writes a record for each code (OPEN when full stops after it run up to `end` and more
 * is to come); returns the count.
 */
function decide(plan: Plan, buf: Uint8Array, at: number, end: number, last: boolean, line: number, records: Int32Array, n: number): number {
  for (const a of plan.anchors) {
    if (a.field !== undefined && startsAt(buf, at, a.bytes, 0, end)) records.set([at, at + a.bytes.length, a.field, line], 4 * n++);
  }
  if (at > 0 && (isTokenChar(buf[at - 1]) || isGlueChar(buf[at - 1]))) return n;
  let family = 0;
  for (const a of plan.anchors) {
    if (a.field !== undefined) continue;
    const match = startsAt(buf, at, a.bytes, 0, end) ? a.families.findIndex((f) => startsAt(buf, at, f.prefix, a.bytes.length, end)) : -1;
    if (match >= 0) {
      const f = a.families[match];
      const start = at + f.prefix.length;
      let stop = start;
      while (stop < end && stop - start <= f.maxDigits && buf[stop] >= 48 && buf[stop] <= 57) stop++;
      const digits = stop - start;
      // A code ends where its token ends, as the editor reads it: full stops after it are a
      // sentence's (`IMG.0024.`), but not when a token goes on after them (`IMG.0024.png`,
      // `IMG.0024..5`, `IMG.0024._x`) or glue follows (`IMG.0024./x`).
      let dots = stop;
      while (dots < end && buf[dots] === DOT) dots++;
      const open = dots >= end && !last;
      const after = dots < end ? buf[dots] : 32;
      if (digits >= f.minDigits && digits <= f.maxDigits && (open || !(isTokenChar(after) || isGlueChar(after)))) {
        records.set([at, stop, (family + match) | (open ? OPEN : 0), line], 4 * n);
        n++;
      }
    }
    family += a.families.length;
  }
  return n;
}

/** Where a hit stands, worked out only when asked (one object, reused for every hit). */
class HitPlace {
  /** Offset of the current hit in `buf`. */
  at = 0;
  /** Its zero-based line. */
  line = 0;
  /** A place worked out already (a code whose end was decided by the next bytes): `where()` gives it. */
  fixed: StreamPosition | undefined;
  private buf: Uint8Array = new Uint8Array(0);
  /** Where the last `where()` stood (hits come in order), the column there, and its line (-1: not asked in these bytes yet). */
  private lastAt = 0;
  private lastColumn = 0;
  private lastLine = -1;

  /** New bytes: `columnBase` UTF-16 units of the line at their start come before them. */
  reset(buf: Uint8Array, columnBase: number): void {
    this.buf = buf;
    this.lastAt = 0;
    this.lastColumn = columnBase;
    this.lastLine = -1;
  }

  where(): StreamPosition {
    if (this.fixed) return { ...this.fixed };
    const { buf, at } = this;
    // On the line of the last hit asked about (the search counted no line break between them,
    // and a code starts with no CR or LF), the column goes on from there.
    this.lastColumn = this.line === this.lastLine ? this.lastColumn + utf16Length(buf, this.lastAt, at) : this.columnAt(at);
    this.lastAt = at;
    this.lastLine = this.line;
    return { line: this.line, character: this.lastColumn };
  }

  /**
   * The column at `pos`, at or after the last place asked about. Columns count UTF-16 units of
   * the text before it on its line, which starts after the last LF or CR (LSP's line breaks).
   * Only the bytes back to the line's start or that place are gone through, so the lines
   * between hits cost nothing here and a long line of codes is gone through once.
   */
  columnAt(pos: number): number {
    const { buf, lastAt } = this;
    const lineStart = lastBreak(buf, lastAt, pos) + 1;
    // Decoding in pieces cut at codes counts as decoding at once: a code starts with an ASCII byte.
    return lineStart > lastAt ? utf16Length(buf, lineStart, pos) : this.lastColumn + utf16Length(buf, lastAt, pos);
  }
}

export type OnHit = (token: string, entry: IndexedEntry | undefined, family: FamilyInfo, place: HitPlace) => void;

/**
 * The scan of one input, fed as it is read: `room()` is where the next bytes go (read them
 * there: no copy), `wrote(n)` says how many came, `end()` finishes. Bytes are searched
 * SEARCH_CHUNK at a time; the last few of each search (a code may start there) are kept and
 * searched with what comes next, so no code is cut in two and memory stays this one buffer.
 */
export class LogScan {
  /** Bytes read so far; -1 once the input is found to be binary. */
  bytes = 0;
  private readonly plan: Plan;
  private readonly finder: Finder;
  private readonly buf: Uint8Array;
  /** The instance this scan searches with, given back when it ends. */
  private simd: SimdSearch | undefined;
  private readonly place = new HitPlace();
  /** The buffer's bytes as keyedValueAt reads them (one function for the whole scan). */
  private readonly byteAt: (i: number) => number;
  private readonly tokens = new Map<FamilyInfo, Map<number, Seen>>();
  private readonly repeats: ((token: string, n: number) => void) | undefined;
  /** Valid bytes in buf, and where the bytes not searched yet begin. */
  private have = 0;
  private from = 0;
  /** Line breaks before `from`. */
  private lines = 0;
  /** UTF-16 units of the line at the buffer's start that came before it. */
  private columnBase = 0;
  /**
   * A code whose full stops ran up to the end of the bytes read: it stands if the input ends
   * there or what follows them ends a token. Its place is worked out already; `from` is the
   * first byte after the full stops seen so far.
   */
  private open: { seen: Seen; family: FamilyInfo; line: number; where: StreamPosition; from: number } | undefined;

  constructor(
    private readonly index: CatalogIndex,
    private readonly onHit: OnHit,
    options: LogScanOptions = {},
  ) {
    this.plan = planOf(index);
    this.repeats = options.repeats;
    const size = bufferSize(this.plan);
    const simd = options.simd !== false ? (this.plan.idle.pop() ?? simdFinder(this.plan)) : undefined;
    this.simd = simd;
    // The buffer may be read up to `reach` bytes past its end (by the search, never as data).
    // A reused instance holds the last scan's bytes past `have`: `end` blanks what may be read there.
    this.buf = simd ? new Uint8Array(simd.memory, INPUT, size) : new Uint8Array(size + this.plan.reach).subarray(0, size);
    this.finder = simd ? simd.finder : jsFinder(this.plan, this.buf);
    const buf = this.buf;
    this.byteAt = (i) => buf[i];
    this.place.reset(this.buf, 0);
  }

  get binary(): boolean {
    return this.bytes < 0;
  }

  /** Where the next bytes are to be written (never empty). */
  room(): Uint8Array {
    return this.buf.subarray(this.have);
  }

  /** `n` bytes were written into `room()`. */
  wrote(n: number): void {
    if (this.bytes < 0 || n <= 0) return;
    this.have += n;
    this.bytes += n;
    // As git decides: a NUL in the first 8 KiB, however they come in (a pipe may give a few
    // bytes first). They are still at the buffer's start: nothing is searched before it fills.
    if (this.bytes - n < 8192 && looksBinary(this.buf.subarray(this.have - n, Math.min(this.have, 8192)))) {
      this.bytes = -1;
      return;
    }
    // Search when the buffer is full; what may begin a code near its end waits for the next bytes.
    if (this.have === this.buf.length) this.search(this.have - this.plan.tail);
  }

  /** Copies `chunk` in (for inputs that come in buffers of their own). */
  push(chunk: Uint8Array): void {
    for (let o = 0; o < chunk.length && this.bytes >= 0;) {
      const room = this.room();
      const n = Math.min(room.length, chunk.length - o);
      room.set(chunk.subarray(o, o + n));
      o += n;
      this.wrote(n);
    }
  }

  /** The input ended: searches what is left. Returns the bytes read, or -1 when binary. The scan is over. */
  end(): number {
    if (this.bytes >= 0 && (this.have > this.from || this.open)) {
      // What follows the last byte reads as a space: a code may end there.
      new Uint8Array(this.buf.buffer, this.buf.byteOffset + this.have, this.plan.reach).fill(32);
      this.search(this.have);
    }
    if (this.simd && this.plan.idle.length < MAX_IDLE) this.plan.idle.push(this.simd);
    this.simd = undefined;
    if (this.repeats)
      for (const forFamily of this.tokens.values()) for (const seen of forFamily.values()) if (seen.sightings > 1) this.repeats(seen.token, seen.sightings - 1);
    return this.bytes < 0 ? -1 : this.bytes;
  }

  /** Searches [from, limit), keeping what follows (and the byte before it) for next time. */
  private search(limit: number): void {
    const { buf, finder, place, plan, have } = this;
    const last = limit >= have;
    if (this.open) this.settle(last);
    let from = this.from;
    while (from < limit) {
      const n = finder.search(from, limit, have, last);
      const r = finder.records;
      for (let i = 0; i < 4 * n; i += 4) {
        const family = r[i + 2];
        if (family < 0) this.hold(plan.families[family & ~OPEN], r[i], r[i + 1], this.lines + r[i + 3]);
        else if (family === FIELD) this.field(r[i + 1], this.lines + r[i + 3]);
        else this.hit(plan.families[family], r[i], r[i + 1], this.lines + r[i + 3]);
      }
      from = finder.stop;
      this.lines += finder.stopLines;
    }
    if (last) {
      this.from = have;
      return;
    }
    // Keep from the byte before `limit` (the byte before a code decides on it), and never from
    // inside a UTF-8 sequence: the columns of a long line's codes count whole characters.
    let keep = limit - 1;
    while (keep > 0 && (buf[keep] & 0xc0) === 0x80) keep--;
    // The last hit asked about stands before `keep` (no code starts inside what is kept but its first byte).
    this.columnBase = place.columnAt(keep);
    if (plan.before > 0) {
      // A code key may run back from the next search's first place: its bytes are kept too.
      let back = Math.max(0, keep - plan.before);
      while (back > 0 && (buf[back] & 0xc0) === 0x80) back--;
      // The column there counts only when no line break lies between it and `keep` (a hit after one counts from it).
      this.columnBase = lastBreak(buf, back, keep) < back ? this.columnBase - utf16Length(buf, back, keep) : 0;
      keep = back;
    }
    place.reset(buf, this.columnBase);
    buf.copyWithin(0, keep, have);
    this.have = have - keep;
    this.from = limit - keep;
    // An open code's full stops ran up to `have`: the next bytes decide.
    if (this.open) this.open.from = have - keep;
  }

  /** A code key's ending at buf[…, end): a documented bare number or name as the key's value is a hit. */
  private field(end: number, line: number): void {
    const { buf, have } = this;
    // Most code keys in a log hold a prefix-and-digits code (`"error_code": "EVS.2034"`), which
    // the families' search counts: a value with a dot that ends in a digit is one, unless some
    // bare-number or name code has that shape. Such a value is passed over before the key is
    // read. The value keyedValueAt finds, when there is one, starts at the first byte after the
    // key that is no quote, blank, `:`, `=` or `>` (all it passes over on the way) and is that
    // byte's run of letters, digits and dots, trailing dots left out: so when that run is such
    // a code, keyedValueAt would find it or nothing, and either way there is no hit.
    if (!this.plan.dottedNumbered) {
      let p = end;
      const gap = Math.min(have, end + FIELD_AFTER);
      while (p < gap && isFieldGap(buf[p])) p++;
      let q = p;
      let dot = have;
      const run = Math.min(have, p + MAX_VALUE + 1);
      for (; q < run && isValueByte(buf[q]); q++) if (buf[q] === DOT && dot === have) dot = q;
      while (q > p && buf[q - 1] === DOT) q--;
      if (dot < q && buf[q - 1] >= 48 && buf[q - 1] <= 57) return;
    }
    const v = keyedValueAt(this.byteAt, end, 0, have, this.plan.keys!);
    if (!v) return;
    const token = latin1Text(buf, v.start, v.end);
    const entry = this.index.get(token);
    if (!entry || entry.family.kind === 'digits') return;
    this.place.at = v.start;
    this.place.line = line;
    this.onHit(token, entry, entry.family, this.place);
  }

  /** Decides on the open code with the bytes now read: more full stops keep it open, unless the input ended. */
  private settle(last: boolean): void {
    const open = this.open!;
    const { buf, have } = this;
    let dots = open.from;
    while (dots < have && buf[dots] === DOT) dots++;
    if (dots >= have && !last) {
      open.from = dots;
      return;
    }
    this.open = undefined;
    if (dots < have && (isTokenChar(buf[dots]) || isGlueChar(buf[dots]))) return;
    if (this.repeats && open.seen.sightings++ > 0) return;
    this.place.fixed = open.where;
    this.place.line = open.line;
    try {
      this.onHit(open.seen.token, open.seen.entry, open.family, this.place);
    } finally {
      this.place.fixed = undefined;
    }
  }

  /** A code whose end the next bytes decide: its place is worked out now, while its bytes are here. */
  private hold(family: FamilyInfo, at: number, end: number, line: number): void {
    const seen = this.seen(family, at, end);
    this.place.at = at;
    this.place.line = line;
    this.open = { seen, family, line, where: this.place.where(), from: 0 };
  }

  private hit(family: FamilyInfo, at: number, end: number, line: number): void {
    const seen = this.seen(family, at, end);
    if (this.repeats && seen.sightings++ > 0) return;
    this.place.at = at;
    this.place.line = line;
    this.onHit(seen.token, seen.entry, family, this.place);
  }

  /** The token at buf[at, end) and its catalog entry. */
  private seen(family: FamilyInfo, at: number, end: number): Seen {
    const buf = this.buf;
    // Logs repeat the same few codes: each is made a string once, then found by its number.
    let key = -1;
    const digits = end - at - family.prefix.length;
    if (digits <= 13) {
      key = 0;
      for (let i = end - digits; i < end; i++) key = key * 10 + buf[i] - 48;
      key = key * 100 + digits;
    }
    let forFamily = this.tokens.get(family);
    let seen = key >= 0 ? forFamily?.get(key) : undefined;
    if (!seen) {
      const token = latin1Text(buf, at, end);
      seen = { token, entry: this.index.get(token), sightings: 0 };
      if (key >= 0) {
        if (!forFamily) this.tokens.set(family, (forFamily = new Map()));
        if (forFamily.size < 100_000) forFamily.set(key, seen);
      }
    }
    return seen;
  }
}

const utf8Encoder = new TextEncoder();

export async function scanStream(stream: AsyncIterable<Uint8Array | string>, index: CatalogIndex, onHit: OnHit, options: LogScanOptions = {}): Promise<number> {
  const scan = new LogScan(index, onHit, options);
  for await (const piece of stream) {
    scan.push(typeof piece === 'string' ? utf8Encoder.encode(piece) : piece);
    if (scan.binary) break;
  }
  return scan.end();
}
