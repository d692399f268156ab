// The server's open documents (server/src/document.ts) keep their text in pieces; every
// answer must be vscode-languageserver-textdocument's. Both are edited side by side, with
// edits of every kind (CR, LF and CR LF made and broken across an edit's ends and across
// pieces, ranges given backwards, positions past a line's end or the text's, whole-text
// changes, several changes in one update), and asked the same questions after each.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { PiecedDocument } from '../../server/src/document';
import { complete } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { generateSource, readCodes, rng } from '../bench/generate';
import { CATALOG_DIR } from '../support/root';
import { context } from '../support/service';

const ALPHABET = ['a', 'b', 'x', ' ', '.', '\n', '\r', '\r\n', '"', '中', '😀'];

function words(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

/**
 * A position to ask about or edit at. Edits go past the last line too (clients send them):
 * the library is given those clamped to the text (`clamped`), since with the line itself it
 * leaves its line starts with holes.
 */
function position(r: () => number, doc: TextDocument, forEdit = false): Position {
  const roll = r();
  if (roll < 0.05) return { line: -1, character: 3 };
  if (roll < 0.1) return { line: doc.lineCount + Math.floor(r() * (forEdit ? 3_000 : 3)), character: Math.floor(r() * 5) };
  const line = Math.floor(r() * doc.lineCount);
  // Past the line's end now and then, and on the CR of a CR LF.
  return { line, character: Math.floor(r() * (r() < 0.2 ? 40 : 12)) };
}

function same(mine: PiecedDocument, theirs: TextDocument, r: () => number, what: string): void {
  assert.equal(mine.getText(), theirs.getText(), `${what}: text`);
  assert.equal(mine.lineCount, theirs.lineCount, `${what}: line count`);
  assert.equal(mine.version, theirs.version, `${what}: version`);
  const length = theirs.getText().length;
  for (let k = 0; k < 30; k++) {
    const offset = Math.floor(r() * (length + 4)) - 2;
    assert.deepEqual(mine.positionAt(offset), theirs.positionAt(offset), `${what}: positionAt(${offset})`);
    const p = position(r, theirs);
    assert.equal(mine.offsetAt(p), theirs.offsetAt(p), `${what}: offsetAt(${JSON.stringify(p)})`);
    const range = { start: p, end: position(r, theirs) };
    assert.equal(mine.getText(range), theirs.getText(range), `${what}: getText(${JSON.stringify(range)})`);
    const line = Math.floor(r() * (theirs.lineCount + 2)) - 1;
    assert.deepEqual(mine.getLineRange(line), theirs.getLineRange(line), `${what}: getLineRange(${line})`);
    assert.equal(mine.getEOLCharacters(line), theirs.getEOLCharacters(line), `${what}: getEOLCharacters(${line})`);
  }
}

/** The change with its range's ends as the library's own offsets take them (a line past the end is the end). */
function clamped(doc: TextDocument, change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent {
  if (!('range' in change) || !change.range) return change;
  const at = (p: Position) => doc.positionAt(doc.offsetAt(p));
  return { ...change, range: { start: at(change.range.start), end: at(change.range.end) } };
}

describe("the server's documents", () => {
  for (let seed = 1; seed <= 12; seed++) {
    test(`answer as vscode-languageserver-textdocument's through edits (seed ${seed})`, () => {
      const r = rng(seed * 977 + 1);
      // Small pieces are met with large edits, large documents with small ones.
      const size = [0, 10, 3_000, 40_000][seed % 4];
      const text = words(r, size);
      const theirs = TextDocument.create('file:///a.ts', 'typescript', 1, text);
      const mine = new PiecedDocument('file:///a.ts', 'typescript', 1, text);
      same(mine, theirs, r, `seed ${seed}, opened`);
      for (let v = 2; v < 150; v++) {
        const changes: TextDocumentContentChangeEvent[] = [];
        const count = r() < 0.8 ? 1 : 1 + Math.floor(r() * 4);
        for (let c = 0; c < count; c++) {
          const roll = r();
          if (roll < 0.03) changes.push({ text: words(r, Math.floor(r() * 20_000)) });
          else {
            const start = position(r, theirs, true);
            // Backwards now and then; sometimes a long stretch (across pieces) goes.
            const end = r() < 0.2 ? { line: Math.min(theirs.lineCount - 1, start.line + Math.floor(r() * 2_000)), character: 0 } : position(r, theirs, true);
            const insert = roll < 0.1 ? words(r, 5_000 + Math.floor(r() * 30_000)) : words(r, Math.floor(r() * 6));
            changes.push({ range: r() < 0.5 ? { start, end } : { start: end, end: start }, text: insert, ...(r() < 0.3 ? { rangeLength: 0 } : {}) });
          }
        }
        for (const change of changes) TextDocument.update(theirs, [clamped(theirs, change)], v);
        mine.update(changes, v);
        // Asked before the whole text now and then: the pieces are read alone, then joined.
        if (r() < 0.5) same(mine, theirs, r, `seed ${seed}, version ${v}`);
        else assert.equal(mine.getText(), theirs.getText(), `seed ${seed}, version ${v}: text`);
      }
    });
  }

  test('refuse a change that is neither incremental nor full, as the library does', () => {
    const mine = new PiecedDocument('file:///a.ts', 'typescript', 1, 'abc');
    assert.throws(() => mine.update([{ text: 1 } as unknown as TextDocumentContentChangeEvent], 2), /Unknown change event/);
  });

  test('hover and completion read only the text near the caret, and answer as if they read all of it', () => {
    const codes = readCodes(CATALOG_DIR);
    const ctx = context();
    const r = rng(41);
    // Handlers, with long lines among them: logged responses padded on either side, so the
    // line's ends, the logged message and the code fall near the edges of what is read.
    const source = generateSource(codes, 150_000, 7).text.split('\n');
    const lines: string[] = [];
    for (const line of source) {
      lines.push(line);
      if (r() < 0.02) {
        const code = codes[Math.floor(r() * codes.length)].code;
        const pad = (n: number) => 'x'.repeat(Math.floor(r() * n));
        lines.push(`log(${pad(9_000)} '{"error_code":"${code}","error_msg":"${pad(30)}"}' ${pad(9_000)}) // ${code}${r() < 0.5 ? '\r' : ''}`);
      }
    }
    const text = lines.join('\n');
    const whole = TextDocument.create('file:///h.ts', 'typescript', 1, text);
    const pieced = new PiecedDocument('file:///h.ts', 'typescript', 1, text);
    const spots: number[] = [];
    for (const m of text.matchAll(/[A-Z][A-Z0-9]*\.[A-Z0-9.]+/g)) spots.push(m.index + Math.floor(r() * (m[0].length + 1)));
    for (let k = 0; k < 300; k++) spots.push(Math.floor(r() * text.length));
    let answered = 0;
    for (const offset of spots) {
      const position = whole.positionAt(offset);
      const expected = hover(whole, position, ctx, Infinity);
      if (expected) answered++;
      assert.deepEqual(hover(pieced, position, ctx), expected, `hover at ${offset}`);
      assert.deepEqual(
        complete(pieced, position, ctx, { itemDefaults: true }),
        complete(whole, position, ctx, { itemDefaults: true, reach: Infinity }),
        `completion at ${offset}`,
      );
    }
    assert.ok(answered > 100, `only ${answered} hovers answered: the test aims badly`);
  });
});
