// The catalog loader trusts nothing: each malformed part gives an error naming the file and
// the place, and only known fields reach the result.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCatalog, parseFamilyPattern } from '../../server/src/catalog/load';
import { bundledCatalogs, loadCatalogFile } from '../../server/src/node/catalogFiles';

const minimal = () => ({
  $schema: './schema.json',
  id: 'demo',
  service: { en: 'Demo' },
  families: [{ pattern: 'DEMO\\.[0-9]{4}', name: 'DEMO' }],
  sources: [],
  codes: [{ code: 'DEMO.0001', httpStatus: 400, message: { en: 'Bad.' } }],
});

function rejects(mutate: (c: ReturnType<typeof minimal> & Record<string, unknown>) => void, expected: RegExp): void {
  const c = minimal() as ReturnType<typeof minimal> & Record<string, unknown>;
  mutate(c);
  assert.throws(
    () => parseCatalog(JSON.stringify(c), 'user.json'),
    (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.ok(err.message.startsWith('user.json: '), err.message);
      assert.match(err.message, expected);
      return true;
    },
  );
}

describe('parseCatalog', () => {
  it('reads a minimal catalog and drops keys it does not know', () => {
    const c = parseCatalog(JSON.stringify({ ...minimal(), extra: 1, codes: [{ ...minimal().codes[0], surprise: true }] }), 'user.json');
    assert.equal(c.id, 'demo');
    assert.equal((c as unknown as Record<string, unknown>).extra, undefined);
    assert.deepEqual(c.codes, [{ code: 'DEMO.0001', httpStatus: 400, message: { en: 'Bad.' } }]);
  });

  it('names the file and the place of each problem', () => {
    assert.throws(() => parseCatalog('{', 'user.json'), /^CatalogError: user\.json: expected JSON/);
    rejects((c) => delete (c as Record<string, unknown>).id, /id: expected a string, found nothing/);
    rejects((c) => (c.families[0].pattern = 'DEMO\\..*'), /families\[0\]\.pattern: pattern "DEMO\\\.\.\*" is not of the form/);
    rejects((c) => (c.families = []), /families: expected at least one family/);
    rejects((c) => (c.codes[0].httpStatus = 999), /codes\[0\] \(DEMO\.0001\)\.httpStatus: expected an integer from 100 to 599, found 999/);
    rejects((c) => (c.codes[0].message = {} as never), /message: expected a text in at least one locale/);
    rejects((c) => (c.codes[0].message = { fr: 'x' } as never), /message\.fr: expected a locale/);
    rejects((c) => c.codes.push({ ...c.codes[0] }), /codes\[1\]\.code: expected each code once/);
    rejects((c) => ((c.codes[0] as Record<string, unknown>).notes = [{ kind: 'guess' }]), /notes\[0\]\.kind: expected one of/);
    rejects((c) => (c.codes[0].message = { en: 'x'.repeat(5000) }), /message\.en: expected at most 4000 characters/);
  });

  it('loads files by path and a folder of catalogs without its schema', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'error-codes-load-'));
    try {
      writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ ...minimal(), id: 'b' }));
      writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ ...minimal(), id: 'a' }));
      writeFileSync(path.join(dir, 'schema.json'), '{"not": "a catalog"}');
      assert.deepEqual(
        bundledCatalogs(dir).map((c) => c.id),
        ['a', 'b'],
      );
      assert.throws(() => loadCatalogFile(path.join(dir, 'missing.json')), /missing\.json: cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseFamilyPattern', () => {
  it('accepts only a literal prefix and a digit run, a bare number, or a name', () => {
    assert.deepEqual(parseFamilyPattern('SVCSTG\\.SWR\\.[0-9]{7}'), { prefix: 'SVCSTG.SWR.', minDigits: 7, maxDigits: 7 });
    assert.deepEqual(parseFamilyPattern('IMG\\.[0-9]{3,4}'), { prefix: 'IMG.', minDigits: 3, maxDigits: 4 });
    assert.deepEqual(parseFamilyPattern('[0-9]{4,9}'), { prefix: '', minDigits: 4, maxDigits: 9, kind: 'number' });
    assert.deepEqual(parseFamilyPattern('[A-Za-z][A-Za-z0-9.]*'), { prefix: '', minDigits: 0, maxDigits: 0, kind: 'name' });
    assert.deepEqual(parseFamilyPattern('KMS\\.[A-Za-z][A-Za-z0-9.]*'), { prefix: 'KMS.', minDigits: 0, maxDigits: 0, kind: 'name' });
    for (const bad of ['SVCSTG.SWR.[0-9]{7}', 'A\\.[0-9]+', '(A|B)\\.[0-9]{4}', 'A\\.[0-9]{4}$', 'A\\.[0-9]{5,2}', '[A-Z]+', 'A\\.[A-Za-z]+', '[0-9]{4}|x']) {
      assert.equal(typeof parseFamilyPattern(bad), 'string', bad);
    }
  });
});
