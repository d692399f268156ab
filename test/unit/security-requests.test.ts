// Edits out of range, as LSP clients send them: a range past the document's last line or a
// line's end, backwards, negative, at line 1e8. The server's documents (server/src/document.ts)
// take a line past the end as the end and a character past a line's end as the line's end,
// as vscode-languageserver-textdocument's offsets do; unlike the library, they keep their
// line table right while doing so (the library fills it up to the line asked for).
// And the watch on the bytes of stdin (server/src/framing.ts): it lets every well-framed
// stream through, and names the first broken header, wherever the stream is cut into chunks.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { PiecedDocument } from '../../server/src/document';
import { FramingWatch, MAX_CONTENT_LENGTH, MAX_HEADER } from '../../server/src/framing';
import { params } from './fuzz';

/** The library's document given the range as its own offsets take it, so that it stays whole. */
function applyClamped(doc: TextDocument, change: { range: Range; text: string }, version: number): void {
  const at = (p: Position) => doc.positionAt(doc.offsetAt(p));
  TextDocument.update(doc, [{ range: { start: at(change.range.start), end: at(change.range.end) }, text: change.text }], version);
}

function assertSame(mine: PiecedDocument, theirs: TextDocument, what: string): void {
  const text = theirs.getText();
  assert.equal(mine.getText(), text, `${what}: text`);
  assert.equal(mine.lineCount, theirs.lineCount, `${what}: line count`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    assert.deepEqual(mine.getLineRange(line), theirs.getLineRange(line), `${what}: getLineRange(${line})`);
  }
  for (let offset = 0; offset <= text.length; offset += Math.max(1, Math.floor(text.length / 50))) {
    const p = theirs.positionAt(offset);
    assert.deepEqual(mine.positionAt(offset), p, `${what}: positionAt(${offset})`);
    assert.equal(mine.offsetAt(p), theirs.offsetAt(p), `${what}: offsetAt(${JSON.stringify(p)})`);
  }
  assert.deepEqual(mine.positionAt(text.length), theirs.positionAt(text.length), `${what}: the end's position`);
}

const piece = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '中', '😀', 'SVCSTG.SWR.4001048'), { maxLength: 12 }).map((p) => p.join(''));
/** A line: inside the text, just past it, far past it (up to 2^31 - 1, LSP's largest), or negative. */
const line = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 8, max: 40 }), fc.constantFrom(100_000_000, 2 ** 31 - 1, -1, -100_000_000));
const character = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(1_000, 100_000_000, 2 ** 31 - 1, -1));
const position = fc.record({ line, character });
const edit = fc.record({ range: fc.record({ start: position, end: position }), text: piece });

describe('edits out of range', () => {
  it("keep the document equal to the library's after each edit, with the range taken as the library's offsets take it", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 6 }).map((p) => p.join('\n')),
        fc.array(edit, { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        (text, edits, together) => {
          const theirs = TextDocument.create('file:///a.ts', 'typescript', 1, text);
          const mine = new PiecedDocument('file:///a.ts', 'typescript', 1, text);
          if (together) {
            // One didChange of several changes: each applies to the text the one before left.
            mine.update(edits, 2);
            for (const e of edits) applyClamped(theirs, e, 2);
            assertSame(mine, theirs, 'after one update of all the edits');
          } else {
            edits.forEach((e, k) => {
              mine.update([e], k + 2);
              applyClamped(theirs, e, k + 2);
              assertSame(mine, theirs, `after edit ${k + 1} (${JSON.stringify(e)})`);
            });
          }
        },
      ),
      params(300),
    );
  });

  it("at line 1e8 keeps the line table the text's size: later positions are numbers and later edits are cheap", () => {
    const mine = new PiecedDocument('file:///a.ts', 'typescript', 1, 'a\nb');
    // The library's own line table after the same change: 1e8 + 2 entries, nearly all holes.
    mine.update([{ range: { start: { line: 1e8, character: 0 }, end: { line: 1e8 + 1, character: 0 } }, text: 'x\n' }], 2);
    assert.equal(mine.getText(), 'a\nbx\n');
    assert.equal(mine.lineCount, 3);
    assert.deepEqual(mine.positionAt(4), { line: 1, character: 2 });
    assert.deepEqual(mine.positionAt(5), { line: 2, character: 0 });
    for (let v = 3; v < 200; v++) mine.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'y' }], v);
    assert.equal(mine.lineCount, 3);
    assert.deepEqual(mine.positionAt(mine.getText().length), { line: 2, character: 0 });
  });

  it('refuse a didChange with a range that is not numbers, whole, leaving the text and version as they were', () => {
    const mine = new PiecedDocument('file:///a.ts', 'typescript', 1, 'abc\ndef');
    const good = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'X' };
    for (const bad of [
      { start: { line: '0', character: 0 }, end: { line: 0, character: 0 } },
      { start: { line: 0.5, character: 0 }, end: { line: 0, character: 0 } },
      { start: { line: 0, character: null }, end: { line: 0, character: 0 } },
      { start: { line: 0, character: 0 } },
      null,
    ]) {
      const change = { range: bad, text: 'Y' } as unknown as TextDocumentContentChangeEvent;
      assert.throws(
        () => mine.update([good, change], 2),
        (e: Error) => /file:\/\/\/a\.ts/.test(e.message) && /range/.test(e.message),
        JSON.stringify(bad),
      );
      assert.equal(mine.getText(), 'abc\ndef', `text after ${JSON.stringify(bad)}`);
      assert.equal(mine.version, 1);
    }
  });
});

describe('the framing watch on stdin', () => {
  const message = (body: string, header = (n: number) => `Content-Length: ${n}\r\n\r\n`) =>
    Buffer.concat([Buffer.from(header(Buffer.byteLength(body))), Buffer.from(body)]);
  const bodies = fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constant('{"a":"中😀\\r\\n\\r\\n"}'), fc.constant('x'.repeat(20_000))), {
    minLength: 1,
    maxLength: 6,
  });
  /** The stream cut into chunks at the given places. */
  const cut = (stream: Buffer, at: number[]) => {
    const points = [...new Set(at.map((a) => a % (stream.length + 1)))].sort((a, b) => a - b);
    const out: Buffer[] = [];
    let from = 0;
    for (const p of points) {
      out.push(stream.subarray(from, p));
      from = p;
    }
    out.push(stream.subarray(from));
    return out;
  };
  const watched = (chunks: Buffer[]) => {
    const said: string[] = [];
    const watch = new FramingWatch((problem) => said.push(problem));
    for (const c of chunks) watch.feed(c);
    return said;
  };

  it('lets good messages through however the stream is cut, with headers of several fields and bodies holding blank lines', () => {
    fc.assert(
      fc.property(bodies, fc.array(fc.nat(), { maxLength: 30 }), fc.boolean(), (texts, at, typed) => {
        const header = (n: number) =>
          typed ? `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: ${n}\r\n\r\n` : `Content-Length: ${n}\r\n\r\n`;
        const stream = Buffer.concat(texts.map((t) => message(t, header)));
        assert.deepEqual(watched(cut(stream, at)), []);
      }),
      params(200),
    );
  });

  it('names the broken place once, however the stream is cut', () => {
    const broken: [string, RegExp, number][] = [
      ['Content-Length: 12abc\r\n\r\n', /Content-Length is not a number of bytes: "12abc"/, 0],
      ['Content-Length: -1\r\n\r\n', /not a number of bytes: "-1"/, 0],
      ['Content-Length : 5\r\n\r\nhello', /no Content-Length/, 0],
      ['\r\n\r\n', /header line is not "name: value": ""/, 0],
      [`Content-Length: ${MAX_CONTENT_LENGTH + 1}\r\n\r\n`, /more than a message can be/, 0],
      ['y'.repeat(MAX_HEADER + 100), new RegExp(`no header ends within ${MAX_HEADER} bytes`), MAX_HEADER],
    ];
    fc.assert(
      fc.property(bodies, fc.constantFrom(...broken), fc.array(fc.nat(), { maxLength: 30 }), (texts, [bad, said, past], at) => {
        const good = Buffer.concat(texts.map((t) => message(t)));
        const problems = watched(cut(Buffer.concat([good, Buffer.from(bad), message('{}')]), at));
        assert.equal(problems.length, 1, JSON.stringify(problems));
        assert.match(problems[0], said);
        assert.match(problems[0], new RegExp(`at byte ${good.length + past} of the input`));
      }),
      params(200),
    );
  });
});
