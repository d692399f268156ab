// The log scan (server/src/scan/stream.ts and its SIMD search, scan/simd.ts) against a plain
// reference: a regular expression with look-around saying the same rules, run over the whole
// text at once. Both searches (WebAssembly SIMD and the JavaScript fallback), fed whole, in
// pieces of every awkward size, and from a file; codes across the search's chunk boundary, at
// the very start and end, after CRLF and a lone CR (LSP's line breaks), on lines longer than a
// chunk, after multibyte text, followed by full stops that run on past a chunk.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CatalogIndex } from '../../server/src/catalog/index';
import type { Catalog } from '../../server/src/catalog/types';
import { scanFile, scanFileSync } from '../../server/src/node/logFiles';
import { LogScan, scanStream, SEARCH_CHUNK, StreamPosition } from '../../server/src/scan/stream';
import { realIndex } from '../support/service';

interface Found {
  token: string;
  at: StreamPosition;
}

/** Families of a user's catalog that stretch the search: a one-letter anchor, anchors without a dot, one a prefix of another, digit ranges. */
function oddIndex(): CatalogIndex {
  const catalog: Catalog = {
    id: 'odd',
    service: { en: 'Odd' },
    sources: [],
    families: [
      { pattern: 'Q[0-9]{2,3}', name: 'Q' },
      { pattern: 'AB[0-9]{2,4}', name: 'AB' },
      { pattern: 'AB\\.CD\\.[0-9]{3}', name: 'ABCD' },
      { pattern: 'AB\\.[0-9]{1,2}', name: 'AB-short' },
      { pattern: 'Ecs\\.[0-9]{4}', name: 'ECS' },
      { pattern: 'X-Y_Z\\.[0-9]{1,20}', name: 'XYZ' },
    ],
    codes: [{ code: 'Ecs.0114', httpStatus: 404, message: { en: 'The ECS does not exist.' } }],
  };
  return new CatalogIndex([...realIndex().catalogs, { catalog, origin: 'test' }]);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/** The rules said over the whole text at once, as strings: every code, with its line and UTF-16 column. */
function reference(bytes: Buffer, index: CatalogIndex): Found[] {
  // One anchor per prefix up to its first dot; of an anchor's families only the longest prefix standing there is tried.
  const anchors = new Map<string, string[]>();
  for (const f of index.families) {
    const dot = f.prefix.indexOf('.');
    const anchor = dot > 0 ? f.prefix.slice(0, dot + 1) : f.prefix;
    anchors.set(anchor, [...(anchors.get(anchor) ?? []), f.prefix]);
  }
  const text = bytes.toString('latin1');
  const out: { at: number; token: string }[] = [];
  for (const [anchor, prefixes] of anchors) {
    prefixes.sort((a, b) => b.length - a.length);
    const re = new RegExp(`(?<![A-Za-z0-9_.\\-/\\\\@$%])${escape(anchor)}`, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      re.lastIndex = m.index + 1;
      const prefix = prefixes.find((p) => text.startsWith(p, m!.index));
      if (!prefix) continue;
      const family = index.familyByPrefix(prefix)!;
      const digits = /^[0-9]*/.exec(text.slice(m.index + prefix.length, m.index + prefix.length + 200))![0];
      const after = text.slice(m.index + prefix.length + digits.length);
      // Full stops may follow a code, then nothing that continues a token or glues one on.
      if (digits.length < family.minDigits || digits.length > family.maxDigits || /^\.*[A-Za-z0-9_\-/\\@$%]/.test(after)) continue;
      out.push({ at: m.index, token: prefix + digits });
    }
  }
  out.sort((a, b) => a.at - b.at);
  // Lines as LSP counts them: LF, CRLF and a CR alone each end one.
  const breaks = [...text.matchAll(/\r\n|\r|\n/g)].map((m) => m.index! + m[0].length);
  let line = 0;
  let lineStart = 0;
  let column = { at: 0, character: 0 };
  return out.map(({ at, token }) => {
    for (; line < breaks.length && breaks[line] <= at; line++) lineStart = breaks[line];
    if (column.at < lineStart) column = { at: lineStart, character: 0 };
    column = { at, character: column.character + bytes.toString('utf8', column.at, at).length };
    return { token, at: { line, character: column.character } };
  });
}

function collect(): { found: Found[]; onHit: Parameters<typeof scanFileSync>[2] } {
  const found: Found[] = [];
  return { found, onHit: (token, _e, _f, place) => found.push({ token, at: place.where() }) };
}

async function* pieces(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  for (let o = 0, i = 0; o < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    yield bytes.subarray(o, o + n);
    o += n;
  }
}

const dirs: string[] = [];
function tempFile(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-stream-'));
  dirs.push(dir);
  const file = path.join(dir, 'x.log');
  fs.writeFileSync(file, bytes);
  return file;
}

/** Every way in, with SIMD and without, must find exactly what the reference finds. */
async function agrees(bytes: Buffer, index: CatalogIndex, what: string): Promise<Found[]> {
  const want = reference(bytes, index);
  const file = tempFile(bytes);
  for (const simd of [true, false]) {
    const label = `${what} (${simd ? 'SIMD' : 'JavaScript'})`;
    const a = collect();
    assert.equal(scanFileSync(file, index, a.onHit, 'follow', { simd }), bytes.length, label);
    assert.deepEqual(a.found, want, `${label}: scanFileSync`);
    const b = collect();
    assert.equal(await scanFile(file, index, b.onHit, 'follow', { simd }), bytes.length);
    assert.deepEqual(b.found, want, `${label}: scanFile`);
    for (const sizes of [[bytes.length || 1], ...(bytes.length < 100_000 ? [[1]] : []), [7, 4093, 1], [65536], [SEARCH_CHUNK - 3, 5]]) {
      const c = collect();
      assert.equal(await scanStream(pieces(bytes, sizes), index, c.onHit, { simd }), bytes.length);
      assert.deepEqual(c.found, want, `${label}: pieces of ${sizes.join(', ')}`);
    }
  }
  return want;
}

/** A little random text: words, digits, punctuation, line breaks (LF, CRLF, CR), Chinese, and codes good and bad. */
function noise(seed: number, length: number, index: CatalogIndex): Buffer {
  let s = seed >>> 0;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const prefixes = index.families.map((f) => f.prefix);
  const bits = ['a', 'Z', '0', '9', '.', '..', '-', '/', '\\', '@', '$', '%', '_', ' ', '"', ':', '\n', '\r\n', '\r', '错误码', 'é', '😀', '\t', ','];
  const parts: string[] = [];
  let n = 0;
  while (n < length) {
    const r = rnd(10);
    let p: string;
    if (r < 3) {
      const prefix = prefixes[rnd(prefixes.length)];
      p = prefix.slice(0, rnd(4) === 0 ? rnd(prefix.length + 1) : prefix.length) + String(rnd(10 ** (1 + rnd(9)))).padStart(rnd(9), '0');
    } else p = bits[rnd(bits.length)];
    parts.push(p);
    n += Buffer.byteLength(p);
  }
  return Buffer.from(parts.join(''), 'utf8');
}

describe('log scan', () => {
  test('codes at the very start and end, with and without a final line break', async () => {
    const index = realIndex();
    for (const text of [
      'IMG.0024',
      'IMG.0024\n',
      'IMG.0024.',
      'IMG.0024 x\nSVCSTG.SWR.4001048',
      'x\nSVCSTG.SWR.4001048.',
      'SVCSTG.SWR.400104',
      'IMG.00245',
      '',
    ]) {
      await agrees(Buffer.from(text), index, JSON.stringify(text));
    }
    const found = await agrees(Buffer.from('IMG.0024 x\r\ny\r\nSVCSTG.SWR.4001048'), index, 'CRLF');
    assert.deepEqual(found, [
      { token: 'IMG.0024', at: { line: 0, character: 0 } },
      { token: 'SVCSTG.SWR.4001048', at: { line: 2, character: 0 } },
    ]);
  });

  test("the rules at a code's edges: what may come before and after", async () => {
    const index = realIndex();
    const cases = [
      'a IMG.0024 b',
      'aIMG.0024',
      '_IMG.0024',
      '.IMG.0024',
      '-IMG.0024',
      '/IMG.0024',
      '\\IMG.0024',
      '@IMG.0024',
      '$IMG.0024',
      '%IMG.0024',
      '"IMG.0024"',
      '错误码IMG.0024：',
      'IMG.0024.png',
      'IMG.0024._',
      'IMG.0024. ',
      'IMG.0024-base',
      'IMG.0024/x',
      'IMG.0024a',
      'IMG.0024_',
      'IMG.002',
      'IMG.00240',
    ];
    const found = await agrees(Buffer.from(cases.join('\n')), index, 'edges');
    assert.deepEqual(
      found.map((f) => f.at.line),
      [0, 10, 11, 14],
    );
  });

  test("full stops after a code: a sentence's end, unless a token goes on after them or glue follows (as the editor reads it)", async () => {
    const index = realIndex();
    // [text, is IMG.0024 a code there]
    const cases: [string, boolean][] = [
      ['IMG.0024.', true],
      ['IMG.0024..', true],
      ['IMG.0024... next', true],
      ['IMG.0024.\t', true],
      ['IMG.0024."', true],
      ['IMG.0024.)', true],
      ['IMG.0024.,', true],
      ['IMG.0024.:', true],
      ['IMG.0024.。', true],
      ['IMG.0024.é', true],
      ['IMG.0024.\r', true],
      ['IMG.0024./x', false],
      ['IMG.0024.\\x', false],
      ['IMG.0024.@x', false],
      ['IMG.0024.$x', false],
      ['IMG.0024.%x', false],
      ['IMG.0024._x', false],
      ['IMG.0024.-x', false],
      ['IMG.0024..5', false],
      ['IMG.0024..x', false],
      ['IMG.0024...png', false],
      ['IMG.0024.png', false],
      ['IMG.0024.5', false],
      ['IMG.0024._', false],
      ['IMG.0024.-', false],
      ['IMG.0024../', false],
    ];
    const found = await agrees(Buffer.from(cases.map(([t]) => t).join('\n')), index, 'full stops');
    assert.deepEqual(
      found.map((f) => f.at.line),
      cases.flatMap(([, code], i) => (code ? [i] : [])),
    );
    // The same at the very end of the input, whatever follows nothing.
    for (const [text, code] of cases) {
      const last = await agrees(Buffer.from(`x ${text}`), index, JSON.stringify(text));
      assert.equal(last.length, code ? 1 : 0, JSON.stringify(text));
    }
  });

  test('full stops after a code running on past a search, and past several: the bytes after them decide', async () => {
    const index = oddIndex();
    for (const run of [1, 200, SEARCH_CHUNK + 77, 2 * SEARCH_CHUNK + 5]) {
      for (const after of ['', ' ', '\n', 'x', '/', '_', 'é']) {
        for (const shift of [-30, -3, 0, 5]) {
          const head = 'y'.repeat(SEARCH_CHUNK + shift);
          const bytes = Buffer.from(`${head} IMG.0024${'.'.repeat(run)}${after} AB.CD.123`, 'utf8');
          const found = await agrees(bytes, index, `${run} full stops then ${JSON.stringify(after)}, shift ${shift}`);
          assert.equal(found.length, ['', ' ', '\n', 'é'].includes(after) ? 2 : 1);
        }
      }
      // Full stops up to the very end of the input: a sentence's end.
      const found = await agrees(Buffer.from(`${'y'.repeat(SEARCH_CHUNK - 20)} IMG.0024${'.'.repeat(run)}`), index, `${run} full stops at the end`);
      assert.equal(found.length, 1);
    }
  });

  test("lines end at LF, CRLF and a CR alone, as LSP counts them: a progress bar's CRs", async () => {
    const index = realIndex();
    const text = 'a\rIMG.0024\r\rSVCSTG.SWR.4001048\r\nx\n\rIMG.0045 错误\rIMG.0001\n\r\n\rIMG.0024\r';
    const found = await agrees(Buffer.from(text), index, 'lone CR');
    assert.deepEqual(found, [
      { token: 'IMG.0024', at: { line: 1, character: 0 } },
      { token: 'SVCSTG.SWR.4001048', at: { line: 3, character: 0 } },
      { token: 'IMG.0045', at: { line: 6, character: 0 } },
      { token: 'IMG.0001', at: { line: 7, character: 0 } },
      { token: 'IMG.0024', at: { line: 10, character: 0 } },
    ]);
    const bar = Array.from({ length: 400 }, (_, i) => `\rDownloading ${'#'.repeat(i % 60)} ${i}%${i % 37 === 0 ? ' IMG.0024' : ''}`).join('');
    await agrees(Buffer.from(`${bar}\nerror: SVCSTG.SWR.4001048 ${bar}\r\n`), index, 'progress bar');
  });

  test('a CR at the end of one search or block and its LF at the start of the next count once', async () => {
    const index = realIndex();
    for (let shift = -70; shift <= 70; shift++) {
      const head = 'x'.repeat(SEARCH_CHUNK + shift);
      const bytes = Buffer.from(`${head}\r\nIMG.0024 \r IMG.0045\r\r\nIMG.0001 ${'z'.repeat(200)}\r\nIMG.0024`, 'utf8');
      const found = await agrees(bytes, index, `CR at shift ${shift}`);
      assert.deepEqual(
        found,
        [
          { line: 1, character: 0 },
          { line: 2, character: 1 },
          { line: 4, character: 0 },
          { line: 5, character: 0 },
        ].map((at, i) => ({ token: ['IMG.0024', 'IMG.0045', 'IMG.0001', 'IMG.0024'][i], at })),
        `shift ${shift}`,
      );
    }
  });

  test('a code across the boundary of two searches, at every offset near it', async () => {
    const index = oddIndex();
    const code = 'SVCSTG.CCE-ADDONMGR.4000001';
    for (let shift = -40; shift <= 40; shift += 3) {
      const head = 'x'.repeat(SEARCH_CHUNK + shift - 1);
      const bytes = Buffer.from(`${head} ${code} AB.CD.123 Q12 ${'é'.repeat(20)} ${code}\n`, 'utf8');
      const found = await agrees(bytes, index, `shift ${shift}`);
      assert.equal(found.length, 4);
    }
  });

  test('lines and columns on a line longer than a search, after multibyte text', async () => {
    const index = realIndex();
    const line = `${'错误码 😀 é '.repeat(40_000)}IMG.0024 ${'x'.repeat(SEARCH_CHUNK)} SVCSTG.SWR.4001048\n`;
    const found = await agrees(Buffer.from(`first\n${line}IMG.0045`), index, 'long line');
    assert.deepEqual(
      found.map((f) => f.at),
      [
        { line: 1, character: '错误码 😀 é '.length * 40_000 },
        { line: 1, character: '错误码 😀 é '.length * 40_000 + 9 + SEARCH_CHUNK + 1 },
        { line: 2, character: 0 },
      ],
    );
  });

  test('random text with codes good and bad agrees with the reference, families of all shapes', async () => {
    const index = oddIndex();
    for (let seed = 1; seed <= 6; seed++) await agrees(noise(seed, seed === 6 ? 3 * SEARCH_CHUNK : 20_000, index), index, `seed ${seed}`);
  });

  test('many codes close together: more than the search records at once', async () => {
    const index = realIndex();
    const n = Math.floor(SEARCH_CHUNK / 9) + 100;
    const found = await agrees(Buffer.from('IMG.0024 '.repeat(n)), index, 'dense');
    assert.equal(found.length, n);
  });

  test('a file with a NUL in its first 8 KiB is binary; LogScan fed by hand', () => {
    const index = realIndex();
    const file = tempFile(Buffer.concat([Buffer.from('IMG.0024 '), Buffer.alloc(16), Buffer.from(' IMG.0024')]));
    let hits = 0;
    assert.equal(
      scanFileSync(file, index, () => hits++),
      -1,
    );
    assert.equal(hits, 0);
    const scan = new LogScan(index, () => hits++);
    const room = scan.room();
    const n = new TextEncoder().encodeInto('IMG.0024 and IMG.0045\n', room).written;
    scan.wrote(n);
    assert.equal(scan.end(), n);
    assert.equal(hits, 2);
  });

  test('a search reused from an earlier scan reads nothing the earlier scan left behind', async () => {
    const index = realIndex();
    // Letters right up to where the next, short input ends: read as data they would glue onto its last code.
    const long = Buffer.from('x'.repeat(SEARCH_CHUNK + 5000));
    const short = Buffer.from('IMG.0024');
    for (const input of [long, Buffer.concat([Buffer.from('IMG.0024 '), Buffer.alloc(8)]), long]) {
      await scanStream(pieces(input, [input.length]), index, () => undefined);
      const c = collect();
      assert.equal(await scanStream(pieces(short, [short.length]), index, c.onHit), short.length);
      assert.deepEqual(
        c.found.map((f) => f.token),
        ['IMG.0024'],
      );
    }
  });

  test('clean up', () => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
});
