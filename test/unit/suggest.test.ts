import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseDigits } from '../../server/src/shapes/codeParts';
import { digitDistance, osaDistance } from '../../server/src/shapes/distance';
import { suggest } from '../../server/src/suggest/rank';
import { realIndex } from '../support/service';

describe('distances', () => {
  test('a swapped pair of neighbours and a doubled digit cost half an ordinary edit', () => {
    assert.equal(digitDistance('4001408', '4001048'), 0.5);
    assert.equal(digitDistance('404010', '4040010'), 0.5);
    assert.equal(digitDistance('40400010', '4040010'), 0.5);
    assert.equal(digitDistance('4041010', '4040010'), 1);
    assert.equal(digitDistance('4040010', '4040010'), 0);
  });

  test('OSA distance counts a transposition as one edit', () => {
    assert.equal(osaDistance('SVCSTG.SRW', 'SVCSTG.SWR'), 1);
    assert.equal(osaDistance('IMG', 'APIGW'), 4);
    assert.equal(osaDistance('abc', 'abc'), 0);
  });

  test('letters that look like digits are read as digits', () => {
    assert.deepEqual(normaliseDigits('4O4l0I0'), { digits: '4041010', fixes: 3 });
    assert.equal(normaliseDigits('40x'), undefined);
  });
});

describe('ranked suggestions', () => {
  const top = (token: string) => suggest(realIndex(), token);

  test('a mistyped family prefix is corrected and preferred', () => {
    const s = top('SVCSTG.SRW.4040010');
    assert.equal(s.candidates[0].entry.entry.code, 'SVCSTG.SWR.4040010');
    assert.equal(s.preferred?.entry.entry.code, 'SVCSTG.SWR.4040010');
  });

  test('a dropped doubled digit is corrected and preferred', () => {
    assert.equal(top('SVCSTG.SWR.404010').preferred?.entry.entry.code, 'SVCSTG.SWR.4040010');
  });

  test('letter O for zero is corrected and preferred', () => {
    assert.equal(top('SVCSTG.SWR.4O40010').preferred?.entry.entry.code, 'SVCSTG.SWR.4040010');
  });

  test('a case-only difference is the best possible candidate', () => {
    const s = top('img.0024');
    assert.equal(s.preferred?.entry.entry.code, 'IMG.0024');
  });

  test('candidates come best first and stay in the family', () => {
    const s = top('SVCSTG.SWR.4001408');
    assert.ok(s.candidates.length > 0);
    assert.equal(s.candidates[0].entry.entry.code, 'SVCSTG.SWR.4001048');
    for (let i = 1; i < s.candidates.length; i++) assert.ok(s.candidates[i - 1].score <= s.candidates[i].score);
    for (const c of s.candidates) assert.ok(c.entry.entry.code.startsWith('SVCSTG.'));
  });

  test('no single fix is preferred when two candidates are equally close', () => {
    // 4000013 and 4000031? Build the ambiguity from the catalog itself: a number one substitution away from two codes.
    const index = realIndex();
    const swr = index.get('SVCSTG.SWR.4040010')!.family.codes.map((e) => e.number);
    let ambiguous: string | undefined;
    outer: for (const a of swr) {
      for (let i = 0; i < a.length; i++) {
        for (const d of '0123456789') {
          const t = a.slice(0, i) + d + a.slice(i + 1);
          if (swr.includes(t)) continue;
          const near = swr.filter((b) => digitDistance(t, b) === 1);
          if (near.length >= 2 && swr.every((b) => digitDistance(t, b) >= 1)) {
            ambiguous = t;
            break outer;
          }
        }
      }
    }
    assert.ok(ambiguous, 'the SWR catalog has numbers one edit from two codes');
    const s = top(`SVCSTG.SWR.${ambiguous}`);
    assert.ok(s.candidates.length >= 2);
    assert.equal(s.preferred, undefined);
  });

  test('something far from every code gets no candidates', () => {
    assert.deepEqual(
      top('SVCSTG.SWR.9999999').candidates.filter((c) => c.score <= 1),
      [],
    );
  });
});
