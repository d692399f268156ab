// Codes in a stream of text (a log of any size, standard input): read in chunks cut at
// line breaks, so memory stays bounded and no code is split in two.
import type { CatalogIndex, FamilyInfo, IndexedEntry } from '../catalog/index';
import type { HitKind } from './classify';
import { findCodes } from './scanner';

export interface StreamHit {
  token: string;
  kind: HitKind;
  entry?: IndexedEntry;
  family?: FamilyInfo;
  /** Zero-based line, and UTF-16 column within it. */
  line: number;
  character: number;
}

export const STREAM_CHUNK = 4 * 1024 * 1024;

/** A file whose first 8 KiB hold a NUL byte is binary (as git decides). */
export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, 8192).includes(0);
}

/**
 * Calls `onHit` for every documented or well-formed unknown code, in order. Returns the
 * bytes read, or -1 when the stream turned out to be binary (nothing is reported then).
 */
export async function scanStream(stream: AsyncIterable<Uint8Array | string>, index: CatalogIndex, onHit: (hit: StreamHit) => void): Promise<number> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let lineBase = 0;
  let bytes = 0;
  let first = true;
  const scanChunk = (text: string) => {
    // Hits come in order: one cursor walks the line breaks once per chunk.
    let line = lineBase;
    let lineStart = 0;
    let cursor = text.indexOf('\n');
    findCodes(text, 0, text.length, index, false, (start, _end, token, kind, entry, family) => {
      if (kind !== 'exact' && kind !== 'unknown') return;
      while (cursor >= 0 && cursor < start) {
        line++;
        lineStart = cursor + 1;
        cursor = text.indexOf('\n', lineStart);
      }
      onHit({ token, kind, entry, family, line, character: start - lineStart });
    });
    while (cursor >= 0) { line++; cursor = text.indexOf('\n', cursor + 1); }
    lineBase = line;
  };
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
    if (first) {
      first = false;
      if (looksBinary(chunk)) return -1;
    }
    bytes += chunk.length;
    const text = carry + decoder.decode(chunk, { stream: true });
    const cut = text.lastIndexOf('\n');
    // A very long line is scanned in pieces rather than held whole.
    if (cut < 0 && text.length < STREAM_CHUNK * 4) { carry = text; continue; }
    const upto = cut < 0 ? text.length : cut + 1;
    scanChunk(text.slice(0, upto));
    carry = text.slice(upto);
  }
  carry += decoder.decode();
  if (carry) scanChunk(carry);
  return bytes;
}
