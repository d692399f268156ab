// Codes in a stream of bytes (a log of any size, standard input). Logs only hold codes the
// services sent, so only documented or well-formed codes of known families count, and
// those start with a family's literal prefix: the bytes are searched for the prefixes with
// Buffer.indexOf (native, no decoding), and only a hit's surroundings are looked at. Any
// ASCII-compatible encoding works (UTF-8, Latin-1, GBK), memory stays bounded, and a
// code is never cut in two because chunks are cut at line breaks.
import { open } from 'node:fs/promises';
import type { CatalogIndex, FamilyInfo, IndexedEntry } from '../catalog/index';

export interface StreamPosition {
  /** Zero-based line, and UTF-16 column within it (as LSP counts). */
  line: number;
  character: number;
}

export const STREAM_CHUNK = 4 * 1024 * 1024;
const NL = 10;

/** A file whose first 8 KiB hold a NUL byte is binary (as git decides). */
export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, 8192).includes(0);
}

function isTokenByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}

function isGlueByte(c: number): boolean {
  return c === 47 || c === 92 || c === 64 || c === 36 || c === 37;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

interface Anchor {
  /** What is searched for: the families' prefixes up to their first dot (`SVCSTG.`, `IMG.`). */
  bytes: Buffer;
  families: { family: FamilyInfo; prefix: Buffer }[];
}

/** One search per distinct first segment: `SVCSTG.SWR.` and `SVCSTG.S2I.` share a pass. */
function anchorsOf(index: CatalogIndex): Anchor[] {
  const byAnchor = new Map<string, Anchor>();
  for (const family of index.families) {
    const dot = family.prefix.indexOf('.');
    const anchor = dot > 0 ? family.prefix.slice(0, dot + 1) : family.prefix;
    let a = byAnchor.get(anchor);
    if (!a) byAnchor.set(anchor, (a = { bytes: Buffer.from(anchor, 'latin1'), families: [] }));
    a.families.push({ family, prefix: Buffer.from(family.prefix, 'latin1') });
  }
  // Longer prefixes first, so `A.B.` is tried before `A.`.
  for (const a of byAnchor.values()) a.families.sort((x, y) => y.prefix.length - x.prefix.length);
  return [...byAnchor.values()];
}

/** Does `prefix` stand at `at`? The first `known` bytes matched already. */
function startsAt(buf: Buffer, at: number, prefix: Buffer, known: number): boolean {
  if (at + prefix.length > buf.length) return false;
  for (let i = known; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** Hits of one chunk as parallel arrays (start, end, family), in order of position: no object per hit. */
interface Hits {
  at: number[];
  end: number[];
  family: FamilyInfo[];
  /** The digits as a number and their count (`value * 100 + count`), or -1 when too long to be exact. */
  key: number[];
}

function hitsOfAnchor(buf: Buffer, a: Anchor, out: Hits): void {
  for (let at = buf.indexOf(a.bytes); at >= 0; at = buf.indexOf(a.bytes, at + 1)) {
    if (at > 0 && (isTokenByte(buf[at - 1]) || isGlueByte(buf[at - 1]))) continue;
    const match = a.families.find((f) => startsAt(buf, at, f.prefix, a.bytes.length));
    if (!match) continue;
    const start = at + match.prefix.length;
    let end = start;
    let value = 0;
    while (end < buf.length && buf[end] >= 48 && buf[end] <= 57) value = value * 10 + buf[end++] - 48;
    const digits = end - start;
    if (digits < match.family.minDigits || digits > match.family.maxDigits) continue;
    const next = end < buf.length ? buf[end] : 32;
    // A code ends where a token ends; a full stop after it is punctuation, `.png` is not.
    if (next === 46 ? end + 1 < buf.length && isAlnum(buf[end + 1]) : isTokenByte(next) || isGlueByte(next)) continue;
    out.at.push(at);
    out.end.push(end);
    out.family.push(match.family);
    out.key.push(digits <= 13 ? value * 100 + digits : -1);
  }
}

/** The codes in one chunk of bytes, in order of position (each anchor's hits are in order: merge them). */
function hitsIn(buf: Buffer, anchors: Anchor[]): Hits {
  const lists = anchors.map((a) => {
    const h: Hits = { at: [], end: [], family: [], key: [] };
    hitsOfAnchor(buf, a, h);
    return h;
  }).filter((h) => h.at.length > 0);
  if (lists.length <= 1) return lists[0] ?? { at: [], end: [], family: [], key: [] };
  const out: Hits = { at: [], end: [], family: [], key: [] };
  const next = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let k = 0; k < lists.length; k++) if (next[k] < lists[k].at.length && (best < 0 || lists[k].at[next[k]] < lists[best].at[next[best]])) best = k;
    if (best < 0) return out;
    const i = next[best]++;
    out.at.push(lists[best].at[i]);
    out.end.push(lists[best].end[i]);
    out.family.push(lists[best].family[i]);
    out.key.push(lists[best].key[i]);
  }
}

/** Where a hit stands, worked out only when asked (one object, reused for every hit of a chunk). */
export class HitPlace {
  /** Offset of the current hit in the chunk. */
  at = 0;
  private line = 0;
  private lineStart = 0;
  private cursor = 0;
  private buf: Buffer = Buffer.alloc(0);

  reset(buf: Buffer, line: number): void {
    this.buf = buf;
    this.line = line;
    this.lineStart = 0;
    this.cursor = 0;
  }

  /** Counts line breaks up to `to` (hits come in order, so each is counted once). */
  advance(to: number): number {
    const buf = this.buf;
    for (let nl = buf.indexOf(NL, this.cursor); nl >= 0 && nl < to; nl = buf.indexOf(NL, nl + 1)) {
      this.line++;
      this.lineStart = nl + 1;
    }
    this.cursor = Math.max(this.cursor, to);
    return this.line;
  }

  where(): StreamPosition {
    this.advance(this.at);
    // Columns count UTF-16 units of the text before the code on its line.
    return { line: this.line, character: this.buf.toString('utf8', this.lineStart, this.at).length };
  }
}

export async function scanStream(
  stream: AsyncIterable<Uint8Array | string>,
  index: CatalogIndex,
  onHit: (token: string, entry: IndexedEntry | undefined, family: FamilyInfo, place: HitPlace) => void,
): Promise<number> {
  const anchors = anchorsOf(index);
  const place = new HitPlace();
  const tokens = new Map<FamilyInfo, Map<number, { token: string; entry: IndexedEntry | undefined }>>();
  let carry: Buffer = Buffer.alloc(0);
  let lineBase = 0;
  let bytes = 0;
  let first = true;

  const scanChunk = (buf: Buffer) => {
    place.reset(buf, lineBase);
    const hits = hitsIn(buf, anchors);
    for (let i = 0; i < hits.at.length; i++) {
      // Logs repeat the same few codes: each is made a string once, then found by its number.
      const family = hits.family[i];
      const key = hits.key[i];
      let seen = key >= 0 ? tokens.get(family)?.get(key) : undefined;
      if (!seen) {
        const token = buf.toString('latin1', hits.at[i], hits.end[i]);
        seen = { token, entry: index.get(token) };
        if (key >= 0) {
          let forFamily = tokens.get(family);
          if (!forFamily) tokens.set(family, (forFamily = new Map()));
          if (forFamily.size < 100_000) forFamily.set(key, seen);
        }
      }
      place.at = hits.at[i];
      onHit(seen.token, seen.entry, family, place);
    }
    lineBase = place.advance(buf.length);
  };

  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    if (first) {
      first = false;
      if (looksBinary(chunk)) return -1;
    }
    bytes += chunk.length;
    const firstNl = chunk.indexOf(NL);
    if (firstNl < 0) {
      carry = Buffer.concat([carry, chunk]);
      // A very long line is scanned in pieces rather than held whole.
      if (carry.length >= STREAM_CHUNK * 4) { scanChunk(carry); carry = Buffer.alloc(0); }
      continue;
    }
    // The line begun in the last chunk is finished first (a small copy), then the chunk's
    // whole lines are scanned where they lie: no 4 MiB copy per chunk.
    if (carry.length) scanChunk(Buffer.concat([carry, chunk.subarray(0, firstNl + 1)]));
    else scanChunk(chunk.subarray(0, firstNl + 1));
    const lastNl = chunk.lastIndexOf(NL);
    if (lastNl > firstNl) scanChunk(chunk.subarray(firstNl + 1, lastNl + 1));
    carry = Buffer.from(chunk.subarray(lastNl + 1));
  }
  if (carry.length) scanChunk(carry);
  return bytes;
}

/**
 * A file's bytes in chunks read into one reused buffer: a 1 GB log costs one chunk of memory
 * and no garbage per chunk. Each chunk is only valid until the next is asked for.
 */
export async function* fileChunks(file: string, size = STREAM_CHUNK): AsyncGenerator<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, size, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
