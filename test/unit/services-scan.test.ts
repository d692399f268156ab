// The log scan with every service's families (issue 13): ~60 anchors and a hundred families
// must cost what a few do. The SIMD search tests each place with one filter, whatever the
// anchors (an anchor's last two bytes looked up in small tables), and decides byte by byte
// only where it passed; codes are found where their anchor's pair ends, so a code begun before
// a search's end, a block's or the record area's, is still found once, at its start.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogIndex } from '../../server/src/catalog/index';
import type { Catalog } from '../../server/src/catalog/types';
import { searchModule, type SearchAnchor } from '../../server/src/scan/simd';
import { LogScan, SEARCH_CHUNK, type StreamPosition } from '../../server/src/scan/stream';
import { realIndex } from '../support/service';

/** Every hit of a scan of `bytes` fed in pieces of `size`: token, line, column. */
function hits(bytes: Uint8Array, index: CatalogIndex, simd: boolean, size = bytes.length || 1): string[] {
  const out: string[] = [];
  const scan = new LogScan(
    index,
    (token, _entry, _family, place) => {
      const p: StreamPosition = place.where();
      out.push(`${token}@${p.line}:${p.character}`);
    },
    { simd },
  );
  for (let at = 0; at < bytes.length; at += size) scan.push(bytes.subarray(at, at + size));
  scan.end();
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/** The prefix-and-digits codes of `text` (ASCII) by the rules said as regular expressions, with line and column. */
function reference(text: string, index: CatalogIndex): string[] {
  const anchors = new Map<string, string[]>();
  for (const f of index.families) {
    const dot = f.prefix.indexOf('.');
    const anchor = dot > 0 ? f.prefix.slice(0, dot + 1) : f.prefix;
    anchors.set(anchor, [...(anchors.get(anchor) ?? []), f.prefix]);
  }
  const found: { at: number; token: string }[] = [];
  for (const [anchor, prefixes] of anchors) {
    prefixes.sort((a, b) => b.length - a.length);
    const re = new RegExp(`(?<![A-Za-z0-9_.\\-/\\\\@$%])${escape(anchor)}`, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      re.lastIndex = m.index + 1;
      const at = m.index;
      const prefix = prefixes.find((p) => text.startsWith(p, at));
      if (!prefix) continue;
      const family = index.familyByPrefix(prefix)!;
      const digits = /^[0-9]*/.exec(text.slice(at + prefix.length, at + prefix.length + 100))![0];
      const after = text.slice(at + prefix.length + digits.length, at + prefix.length + digits.length + 200);
      if (digits.length < family.minDigits || digits.length > family.maxDigits || /^\.*[A-Za-z0-9_\-/\\@$%]/.test(after)) continue;
      found.push({ at, token: prefix + digits });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return found.map(({ at, token }) => {
    const before = text.slice(0, at);
    const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
    const line = (before.match(/\r\n|\r|\n/g) ?? []).length;
    return `${token}@${line}:${at - lineStart}`;
  });
}

/**
 * A user's catalog of 120 families whose anchors look alike: two and three letters (`AB.`,
 * `ABC.`) sharing first bytes and lengths, lower case ending like English words (`bes.`),
 * anchors without a dot (`AB_`, `QQ`), one of a single byte (`Z`), and long ones
 * (`LongServiceNameNumber7.`) whose pair lies far from their start.
 */
function alikeIndex(): CatalogIndex {
  const families: { pattern: string; name: string }[] = [];
  const add = (prefix: string, digits: string) => families.push({ pattern: `${prefix.replace(/\./g, '\\.')}[0-9]{${digits}}`, name: prefix });
  for (const a of 'ABCDEFG') for (const b of 'ABCDEFGH') add(`${a}${b}.`, '4');
  for (const a of 'AB') for (const b of 'ABC') add(`${a}${b}C.`, '4,6');
  for (const w of ['bes', 'ces', 'des', 'common', 'Common', 'nt', 'ent', 'ment']) add(`${w}.`, '4');
  for (const w of ['AB_', 'QQ', 'Z', 'X-Y_']) add(w, '3');
  for (const n of [1, 2, 3, 4, 5, 6, 7]) add(`LongServiceNameNumber${n}.`, '4');
  add('AB.CD.', '3');
  add('SFS.TURBO.', '4');
  while (families.length < 120) add(`R${families.length}X.`, '5');
  const catalog: Catalog = { id: 'alike', service: { en: 'Look-alike families' }, sources: [], families, codes: [] };
  return new CatalogIndex([{ catalog, origin: 'test' }]);
}

/** Random ASCII text of codes good and bad of `index`'s families, words, glue and line breaks, from a seed. */
function noise(seed: number, length: number, index: CatalogIndex): string {
  let s = seed >>> 0;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const prefixes = index.families.map((f) => f.prefix);
  const bits = [
    'a',
    'Z',
    'B',
    '0',
    '9',
    '.',
    '..',
    '-',
    '/',
    '@',
    '_',
    ' ',
    '"',
    ':',
    '\n',
    '\r\n',
    '\r',
    '\t',
    'the moment.',
    'instances.',
    'Common',
    'code',
    'x',
  ];
  let text = '';
  while (text.length < length) {
    if (rnd(10) < 4) {
      const prefix = prefixes[rnd(prefixes.length)];
      const code = prefix.slice(0, rnd(5) === 0 ? rnd(prefix.length + 1) : prefix.length) + String(rnd(10 ** (1 + rnd(7)))).padStart(rnd(7), '0');
      // Mostly set apart, as a log's codes are; sometimes glued to what comes before or after.
      text += rnd(4) === 0 ? code : ` ${code}${[' ', '. ', '\n', ',', '"'][rnd(5)]}`;
    } else text += bits[rnd(bits.length)];
  }
  return text;
}

/** The size of the module's first function, the search that goes through every block of bytes. */
function searchFunctionSize(module: Uint8Array): number {
  let p = 8;
  const uleb = () => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = module[p++];
      n += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return n;
    }
  };
  while (p < module.length) {
    const id = module[p++];
    const size = uleb();
    if (id === 10) {
      uleb();
      return uleb();
    }
    p += size;
  }
  throw new Error('no code section');
}

describe('log scan with many families', () => {
  test("the code that goes through every block stays the same size from 10 anchors to 120: the search's cost does not grow with them", () => {
    const encode = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
    const anchors = (n: number): SearchAnchor[] =>
      Array.from({ length: n }, (_, i) => {
        const prefix = `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}${'S'.repeat(i % 3)}.`;
        return { bytes: encode(prefix), families: [{ prefix: encode(prefix), minDigits: 4, maxDigits: 4 }] };
      });
    const small = searchFunctionSize(searchModule(anchors(10), SEARCH_CHUNK));
    const large = searchFunctionSize(searchModule(anchors(120), SEARCH_CHUNK));
    // The filter's tables have a fixed size; only a constant or two may take another byte.
    assert.ok(large - small <= 8, `the search's code grew from ${small} bytes with 10 anchors to ${large} with 120`);
  });

  test('120 look-alike families (shared first bytes and lengths, lower case, no dot, one byte, long): SIMD, JavaScript and the rules agree', () => {
    const index = alikeIndex();
    assert.equal(index.families.length, 120);
    for (let seed = 1; seed <= 12; seed++) {
      const text = noise(seed, seed === 1 ? 3 * SEARCH_CHUNK : 8000, index);
      const bytes = Buffer.from(text, 'latin1');
      const want = reference(text, index);
      assert.ok(want.length >= 10, `seed ${seed}: the text holds ${want.length} codes`);
      for (const size of [bytes.length, 4093, 61]) {
        assert.deepEqual(hits(bytes, index, true, size), want, `seed ${seed}, SIMD, pieces of ${size}`);
        assert.deepEqual(hits(bytes, index, false, size), want, `seed ${seed}, JavaScript, pieces of ${size}`);
      }
    }
  });

  test("codes across a search's end, a block's and the record area's: each found once, at its start, with the bundled families", () => {
    const index = realIndex();
    // Long anchors whose pair lies far from their start, with code keys between them, so dense
    // that the record area fills many times a search and codes straddle every kind of end.
    for (const unit of ['BackupService.1234 ', 'SVCSTG.SWR.4001048\n', 'AS.0001 {"error_code": "1100"} ', 'VolumeBackup.0004\r\nSVCSTG_AMS_4000109 ']) {
      for (let shift = 0; shift < unit.length; shift++) {
        const text = 'x'.repeat(shift) + unit.repeat(Math.ceil((2 * SEARCH_CHUNK + 300) / unit.length));
        const bytes = Buffer.from(text, 'latin1');
        const simd = hits(bytes, index, true);
        assert.deepEqual(simd, hits(bytes, index, false), `${JSON.stringify(unit)} shifted ${shift}: SIMD and JavaScript`);
        const perUnit = unit.includes('1100') ? 2 : unit.split(/[ \n]/).filter((w) => /[0-9]/.test(w)).length;
        const whole = Math.floor(text.length / unit.length) * perUnit;
        // The first unit is glued to the shift's `x`, save its code key's value.
        assert.ok(simd.length >= whole - 1 && simd.length <= whole + perUnit, `${JSON.stringify(unit)} shifted ${shift}: ${simd.length} codes`);
        const tokens = new Set(simd.map((h) => h.slice(0, h.indexOf('@'))));
        assert.deepEqual([...tokens].sort(), unit.match(/[A-Za-z_.]+[0-9]+|1100/g)!.sort(), `${JSON.stringify(unit)} shifted ${shift}: what is found`);
      }
    }
  });
});
