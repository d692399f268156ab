// `error-codes scan` with every service's catalogs: what the log scan does per code found, per
// code field and per distinct code is cut down, and none of it may change what is found. The
// streams (SIMD and JavaScript searches) are held to the editor's scanText on logs made of
// code keys, the bytes between a key and its value, and values of every kind.
import { describe, it } from 'node:test';
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogIndex } from '../../server/src/catalog/index';
import type { Catalog } from '../../server/src/catalog/types';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import { scanText } from '../../server/src/scan/scanner';
import { LogScan } from '../../server/src/scan/stream';
import { params } from './fuzz';
import { CATALOG_DIR, CLI_JS } from '../support/root';
import { tempProject } from '../support/files';

/** A name family one of whose codes has a dot and ends in a digit: such a value must be looked up, not passed over. */
const dotted: Catalog = {
  id: 'dotted-test',
  service: { en: 'Dotted names' },
  families: [{ pattern: '[A-Za-z][A-Za-z0-9.]*', name: 'DOT' }],
  sources: [],
  codes: [
    { code: 'Quota.V2', httpStatus: 400, message: { en: 'A dotted name with a digit.' } },
    { code: 'EVS.2034', httpStatus: 400, message: { en: 'A name that looks like a prefix-and-digits code.' } },
  ],
};

const bundled = bundledCatalogs(CATALOG_DIR).map((catalog) => ({ catalog, origin: 'bundled' }));
const indexes: [string, CatalogIndex][] = [
  ['bundled catalogs', new CatalogIndex(bundled)],
  ['bundled catalogs and a dotted name family', new CatalogIndex([...bundled, { catalog: dotted, origin: '/work/dotted.json' }])],
];

function streamHits(text: string, index: CatalogIndex, simd: boolean, piece: number): string[] {
  const out: string[] = [];
  const scan = new LogScan(
    index,
    (token, _entry, _family, place) => {
      const at = place.where();
      out.push(`${token}@${at.line}:${at.character}`);
    },
    { simd },
  );
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += piece) scan.push(bytes.subarray(at, at + piece));
  scan.end();
  return out;
}

function textHits(text: string, index: CatalogIndex): string[] {
  const doc = TextDocument.create('file:///s.log', 'log', 1, text);
  return scanText(text, 'log', index)
    .filter((h) => h.kind === 'exact' || h.kind === 'unknown')
    .map((h) => {
      const p = doc.positionAt(h.start);
      return `${h.text}@${p.line}:${p.character}`;
    });
}

const key = fc.constantFrom('"error_code"', "'code'", 'errorCode', 'ErrorCode', 'err_code', 'CODE', '<Code>', 'http_code', 'decoded', 'code');
const gap = fc.constantFrom('', '"', "'", ': ', ':', '=', ' = ', '": "', "': '", ':\t"', '>', '=>', '  :  "', '":"', ': : ', '"'.repeat(3), ' '.repeat(12));
const value = fc.constantFrom(
  'EVS.2034',
  'EVS.2034.',
  'EVS.2034..',
  'EVS.2034x',
  'SVCSTG.SWR.4001048',
  'SVCSTG.SWR.4001048.5',
  'IMG.0024',
  'Quota.V2',
  'Quota.V2.',
  'NoSuchBucket',
  'NoSuchBucket.',
  'AccessDenied',
  'OperationAborted',
  '1100',
  '0180',
  '12.5',
  'a.1',
  'x',
  '',
  'A'.repeat(70) + '.1',
);
const after = fc.constantFrom('"', "'", '</Code>', ',', ' ', '\n', '.', '..x', '_x', '/x', '}', '"}\n', '');
const field = fc.tuple(key, gap, value, after).map((parts) => parts.join(''));
const filler = fc.constantFrom(' ', '\n', '\r\n', 'INFO ', '错误 ', '{', 'x', '. ', 'IMG.0024 ', '"');
const log = fc.array(fc.oneof({ arbitrary: field, weight: 4 }, { arbitrary: filler, weight: 1 }), { maxLength: 30 }).map((parts) => parts.join(''));

describe('the log scan with every service’s catalogs', () => {
  it('finds in code fields what the editor finds, at the same places, for every kind of value (SIMD and JavaScript searches, any cut)', () => {
    for (const [name, index] of indexes) {
      fc.assert(
        fc.property(log, fc.integer({ min: 1, max: 64 }), (text, piece) => {
          const expected = textHits(text, index);
          for (const simd of [true, false]) assert.deepEqual(streamHits(text, index, simd, piece), expected, `${name}, ${simd ? 'SIMD' : 'JavaScript'}`);
        }),
        params(300),
      );
    }
  });

  it('a code field’s dotted value that ends in a digit is still a hit when a name family documents it', () => {
    const text = '{"error_code": "EVS.2034"} {"code": "Quota.V2"} {"code": "Quota.V3"}\n';
    for (const simd of [true, false]) {
      assert.deepEqual(streamHits(text, indexes[1][1], simd, text.length), ['EVS.2034@0:16', 'Quota.V2@0:37']);
      assert.deepEqual(streamHits(text, indexes[0][1], simd, text.length), ['EVS.2034@0:16']);
    }
  });
});

describe('counting instead of telling every sighting', () => {
  it('with `repeats`, a code is told once per scan (at its first place) and its other sightings are counted, also across a held end', () => {
    const index = indexes[0][1];
    // Codes of several families, a code field, a code whose full stops run to a piece's end (held, then decided).
    const line = (i: number) => `${i} IMG.00${24 + (i % 3)} x SVCSTG.SWR.4001048. {"error_code": "1100"} CCE.0101000${i % 2}...`;
    // Full stops that run past a search's end hold a code until the next bytes decide: a repeat, then a first sighting.
    const held = `\nIMG.0025${'.'.repeat(300_000)} SVCSTG.SWR.4001049${'.'.repeat(300_000)}\n`;
    const text = Array.from({ length: 3000 }, (_, i) => line(i)).join('\n') + held + line(7) + '\nIMG.0024.';
    const bytes = new TextEncoder().encode(text);
    const everyHit = new Map<string, { count: number; first: string }>();
    const told: string[] = [];
    const counted = new Map<string, number>();
    for (const repeats of [undefined, (token: string, n: number) => counted.set(token, (counted.get(token) ?? 0) + n)]) {
      const scan = new LogScan(
        index,
        (token, _entry, _family, place) => {
          const at = place.where();
          if (repeats) told.push(`${token}@${at.line}:${at.character}`);
          else if (!everyHit.has(token)) everyHit.set(token, { count: 1, first: `${token}@${at.line}:${at.character}` });
          else everyHit.get(token)!.count++;
        },
        { repeats },
      );
      for (let at = 0; at < bytes.length; at += 4093) scan.push(bytes.subarray(at, at + 4093));
      scan.end();
    }
    const families = told.filter((t) => !t.startsWith('1100@'));
    // Each code of a family told once, at its first place; a code field's value at each sighting.
    assert.deepEqual(
      families,
      [...everyHit.entries()].filter(([token]) => token !== '1100').map(([, c]) => c.first),
    );
    assert.equal(told.length - families.length, everyHit.get('1100')!.count);
    for (const [token, c] of everyHit) if (token !== '1100') assert.equal(1 + (counted.get(token) ?? 0), c.count, token);
    assert.equal(counted.has('1100'), false);
  });
});

describe('the start of `scan`', () => {
  it('loads no module a scan does not use: node:crypto and the streams it brings are for writing files', () => {
    // A preloaded script lists, when the command exits, the Node modules loaded since it ran.
    const dir = tempProject({
      'probe.js':
        "const before = new Set(process.moduleLoadList); process.on('exit', () => require('fs').writeFileSync(process.env.PROBE_OUT, process.moduleLoadList.filter((m) => !before.has(m)).join('\\n')));",
      'app.log': 'INFO IMG.0024 and {"error_code": "1100"}\n',
    });
    try {
      const out = path.join(dir, 'modules.txt');
      const env = { ...process.env, LANG: 'C', XDG_CACHE_HOME: path.join(dir, 'cache'), ERROR_CODES_NO_COMPILE_CACHE: '', PROBE_OUT: out };
      // The first run writes the start-up cache (a random temporary name: node:crypto); the second reads it.
      for (let run = 0; run < 2; run++) {
        const r = spawnSync(process.execPath, ['-r', path.join(dir, 'probe.js'), CLI_JS, 'scan', 'app.log'], { cwd: dir, encoding: 'utf8', env });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /IMG\.0024/);
      }
      const loaded = fs.readFileSync(out, 'utf8').split('\n');
      assert.deepEqual(
        loaded.filter((m) => /crypto|stream/.test(m)),
        [],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
