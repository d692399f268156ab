// Open documents as the server keeps them: the text in pieces of a few KiB rather than one
// string. An edit rewrites the piece it falls in; the whole text is joined only when a
// reader asks for all of it (a check of the whole document), once per version.
//
// Why: vscode-languageserver-textdocument keeps one string and, at each edit, cuts and joins
// it; reading it after that copies the whole text. In a 1 MB file each keystroke cost the
// server 1–3 ms and a fresh megabyte of garbage (the bench's load section: 390 ms of its
// run in `update`, and collector pauses), while hover and completion need a few KiB around
// the caret. Every answer is the library's: same offsets, positions, line counts and texts,
// with the same handling of CR LF, ranges given backwards and positions past a line's end
// (test/unit/document.test.ts edits both side by side).
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';

/** Pieces are about this long (characters): an edit copies about one. */
const PIECE = 8 * 1024;

const CR = 13;
const LF = 10;
const isEOL = (c: number) => c === CR || c === LF;

export class PiecedDocument implements TextDocument {
  private pieces: string[] = [];
  /** Where each piece starts; one more entry, the text's length. */
  private starts: number[] = [];
  /** Where each line starts, computed when first needed and kept up to date through edits. */
  private lineOffsets: number[] | undefined;
  /** The whole text, once asked for, until the next edit. */
  private whole: string | undefined;
  private currentVersion: number;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    text: string,
  ) {
    this.currentVersion = version;
    this.setText(text);
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  private get length(): number {
    return this.starts[this.pieces.length];
  }

  getText(range?: Range): string {
    if (range) {
      const a = this.offsetAt(range.start);
      const b = this.offsetAt(range.end);
      return a <= b ? this.slice(a, b) : this.slice(b, a);
    }
    if (this.whole === undefined) {
      const whole = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
      this.whole = whole;
      // The pieces become views into the joined text: the old ones can go.
      if (this.pieces.length > 1) for (let i = 0; i < this.pieces.length; i++) this.pieces[i] = whole.slice(this.starts[i], this.starts[i + 1]);
    }
    return this.whole;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: offset };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (lineOffsets[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    offset = this.beforeEOL(offset, lineOffsets[line]);
    return { line, character: offset - lineOffsets[line] };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.length;
    if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line];
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this.length;
    return this.beforeEOL(Math.min(lineOffset + position.character, next), lineOffset);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const last = lineOffsets.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - lineOffsets[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = lineOffsets[line];
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeEOL(next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length || line < 0) return '';
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.length;
    return this.slice(this.beforeEOL(next, lineOffsets[line]), next);
  }

  /** Applies a didChange's changes in order, as `TextDocument.update` does. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    // All or nothing: a malformed change found after others were applied would leave a text
    // that is neither the old one nor the client's.
    for (const change of changes) {
      if (isIncremental(change)) {
        if (!isRange(change.range))
          throw new Error(
            `A change to ${this.uri} was refused: its range is not whole numbers of lines and characters: ${JSON.stringify(change.range)?.slice(0, 200)}`,
          );
      } else if (!isFull(change)) {
        throw new Error(`Unknown change event received for ${this.uri}`);
      }
    }
    for (const change of changes) {
      if (isIncremental(change)) {
        const range = wellFormed(change.range);
        // A line past the end is taken as the end, as the text's offsets take it (the library
        // kept the line number itself, and filled its line table up to it: a range at line 1e8
        // made every later edit walk 1e8 entries).
        const last = this.getLineOffsets().length - 1;
        const startLine = Math.min(Math.max(range.start.line, 0), last);
        const endLine = Math.min(Math.max(range.end.line, 0), last);
        const startOffset = this.offsetAt(range.start);
        const endOffset = this.offsetAt(range.end);
        this.replace(startOffset, endOffset, change.text);
        const insertedEnd = startOffset + change.text.length;
        // A CR LF pair made across the edit's ends: the line starts are worked out again when needed.
        if (
          (this.charAt(startOffset - 1) === CR && this.charAt(startOffset) === LF) ||
          (this.charAt(insertedEnd - 1) === CR && this.charAt(insertedEnd) === LF)
        ) {
          this.lineOffsets = undefined;
          continue;
        }
        let lineOffsets = this.lineOffsets!;
        const added = lineStarts(change.text, startOffset);
        if (endLine - startLine === added.length) {
          for (let i = 0; i < added.length; i++) lineOffsets[i + startLine + 1] = added[i];
        } else if (added.length < 10_000) {
          lineOffsets.splice(startLine + 1, endLine - startLine, ...added);
        } else {
          this.lineOffsets = lineOffsets = lineOffsets.slice(0, startLine + 1).concat(added, lineOffsets.slice(endLine + 1));
        }
        const diff = change.text.length - (endOffset - startOffset);
        if (diff !== 0) for (let i = startLine + 1 + added.length; i < lineOffsets.length; i++) lineOffsets[i] += diff;
      } else {
        this.setText(change.text);
        this.lineOffsets = undefined;
      }
    }
    this.currentVersion = version;
  }

  private setText(text: string): void {
    this.whole = text;
    this.pieces = [];
    this.starts = [];
    for (let at = 0; at < text.length || this.pieces.length === 0; at += PIECE) {
      this.starts.push(at);
      this.pieces.push(text.length <= PIECE ? text : text.slice(at, at + PIECE));
    }
    this.starts.push(text.length);
  }

  private getLineOffsets(): number[] {
    if (this.lineOffsets === undefined) {
      const offsets = [0];
      /** Where the last CR was: an LF right after it ends the same line (across pieces too). */
      let cr = -2;
      for (let p = 0; p < this.pieces.length; p++) {
        const piece = this.pieces[p];
        const base = this.starts[p];
        for (let i = 0; i < piece.length; i++) {
          const c = piece.charCodeAt(i);
          if (c === CR) {
            cr = base + i;
            offsets.push(cr + 1);
          } else if (c === LF) {
            if (cr === base + i - 1) offsets[offsets.length - 1] = base + i + 1;
            else offsets.push(base + i + 1);
          }
        }
      }
      this.lineOffsets = offsets;
    }
    return this.lineOffsets;
  }

  /** The index of the piece holding `offset` (the last piece for the text's end). */
  private pieceAt(offset: number): number {
    let low = 0;
    let high = this.pieces.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The character code at `offset`, NaN outside the text (as `charCodeAt`). */
  private charAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    if (this.whole !== undefined) return this.whole.charCodeAt(offset);
    const p = this.pieceAt(offset);
    return this.pieces[p].charCodeAt(offset - this.starts[p]);
  }

  private beforeEOL(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isEOL(this.charAt(offset - 1))) offset--;
    return offset;
  }

  /** The text of [a, b), 0 ≤ a ≤ b ≤ length. */
  private slice(a: number, b: number): string {
    if (this.whole !== undefined) return this.whole.substring(a, b);
    const i = this.pieceAt(a);
    if (b <= this.starts[i + 1]) return this.pieces[i].substring(a - this.starts[i], b - this.starts[i]);
    const parts = [this.pieces[i].substring(a - this.starts[i])];
    let j = i + 1;
    for (; this.starts[j + 1] < b; j++) parts.push(this.pieces[j]);
    parts.push(this.pieces[j].substring(0, b - this.starts[j]));
    return parts.join('');
  }

  /** Replaces [a, b) with `text`: the pieces it touches become one, cut again if it grew long. */
  private replace(a: number, b: number, text: string): void {
    this.whole = undefined;
    let i = this.pieceAt(a);
    let j = this.pieceAt(b);
    // An end at a piece's start leaves that piece as it is.
    if (j > i && b === this.starts[j]) j--;
    let joined = this.pieces[i].substring(0, a - this.starts[i]) + text + this.pieces[j].substring(b - this.starts[j]);
    // A short piece goes with a neighbour, so edits cannot leave the text in crumbs.
    if (joined.length < PIECE / 4 && this.pieces.length > j - i + 1) {
      if (i > 0) joined = this.pieces[--i] + joined;
      else joined = joined + this.pieces[++j];
    }
    const start = this.starts[i];
    const made: string[] = [];
    if (joined.length <= 2 * PIECE) made.push(joined);
    else {
      const n = Math.ceil(joined.length / PIECE);
      const size = Math.ceil(joined.length / n);
      for (let at = 0; at < joined.length; at += size) made.push(joined.slice(at, at + size));
    }
    // Each piece flat now (a concatenation is its parts until read), so reading it later copies nothing.
    for (const piece of made) piece.charCodeAt(0);
    this.pieces.splice(i, j - i + 1, ...made);
    const starts = this.starts;
    starts.length = i;
    let at = start;
    for (let k = i; k < this.pieces.length; k++) {
      starts.push(at);
      at += this.pieces[k].length;
    }
    starts.push(at);
  }
}

/** Line starts within `text` (not its own start), as offsets from `base`: CR LF is one line end. */
function lineStarts(text: string, base: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isEOL(c)) continue;
    if (c === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
    out.push(base + i + 1);
  }
  return out;
}

/** Whole numbers for lines and characters; the library took anything and answered NaN from then on. */
function isRange(range: unknown): range is Range {
  const r = range as { start?: unknown; end?: unknown } | null;
  return typeof r === 'object' && r !== null && isPosition(r.start) && isPosition(r.end);
}

function isPosition(position: unknown): position is Position {
  const p = position as { line?: unknown; character?: unknown } | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character);
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

type Change = TextDocumentContentChangeEvent;

function isIncremental(c: Change): c is { range: Range; rangeLength?: number; text: string } {
  const x = c as { range?: Range; rangeLength?: unknown; text?: unknown } | null | undefined;
  return (
    x !== undefined && x !== null && typeof x.text === 'string' && x.range !== undefined && (x.rangeLength === undefined || typeof x.rangeLength === 'number')
  );
}

function isFull(c: Change): c is { text: string } {
  const x = c as { range?: Range; rangeLength?: unknown; text?: unknown } | null | undefined;
  return x !== undefined && x !== null && typeof x.text === 'string' && x.range === undefined && x.rangeLength === undefined;
}

/** What `TextDocuments` needs to keep open documents as `PiecedDocument`s. */
export const piecedDocuments = {
  create: (uri: string, languageId: string, version: number, text: string): PiecedDocument => new PiecedDocument(uri, languageId, version, text),
  update: (doc: PiecedDocument, changes: TextDocumentContentChangeEvent[], version: number): PiecedDocument => {
    doc.update(changes, version);
    return doc;
  },
};
