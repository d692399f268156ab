// Start-up with 61 bundled catalogs: `explain CODE` reads only the catalogs whose families
// could hold the code (catalogs/families.tsv, written by build-catalogs), and explains it
// exactly as with every catalog read; anything else (a near miss, a prefix, a manifest out of
// step with the folder) reads them all.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CatalogIndex } from '../../server/src/catalog/index';
import { formatManifest, MANIFEST_FILE, mayDocument, parseManifest } from '../../server/src/catalog/manifest';
import { CatalogStore } from '../../server/src/catalogStore';
import type { ServiceContext } from '../../server/src/features/context';
import { explainCodePlain, namesOneEntry } from '../../server/src/features/explainCode';
import { bundledCatalogs, bundledManifest } from '../../server/src/node/catalogFiles';
import { buildCatalogs, builtManifest } from '../../server/src/node/recipeFiles';
import { DEFAULT_SETTINGS } from '../../protocol';
import { runCli } from '../support/cli';
import { CATALOG_DIR } from '../support/root';

const all = bundledCatalogs(CATALOG_DIR, { trusted: true });
const ctxOf = (index: CatalogIndex): ServiceContext => ({ index, settings: { ...DEFAULT_SETTINGS, language: 'en' } });
const fullCtx = ctxOf(new CatalogIndex(all.map((catalog) => ({ catalog, origin: 'bundled' }))));

function partialStore(codes: string[], dir = CATALOG_DIR): CatalogStore {
  const store = new CatalogStore(() => {}, dir);
  store.load({ codes });
  return store;
}

describe('the bundled catalogs manifest', () => {
  it('is what build-catalogs writes for the committed catalogs (build-catalogs --check fails otherwise)', () => {
    const manifest = builtManifest(CATALOG_DIR, buildCatalogs(CATALOG_DIR));
    assert.equal(readFileSync(path.join(CATALOG_DIR, MANIFEST_FILE), 'utf8'), manifest.text, `${MANIFEST_FILE} is stale: run npm run catalogs`);
  });

  it('names every bundled catalog, in the order they are read, with its families', () => {
    const entries = bundledManifest(CATALOG_DIR);
    assert.ok(entries, 'the manifest is read and in step with the folder');
    assert.deepEqual(
      entries.map((e) => e.id),
      all.map((c) => c.id),
    );
    for (const [i, e] of entries.entries()) assert.equal(e.families.length, all[i].families.length, e.id);
  });

  it('is refused when a line is not one build-catalogs writes', () => {
    assert.deepEqual(parseManifest('# a comment\necs\tecs.json\tEcs\\.[0-9]{4}\n'), [
      { id: 'ecs', file: 'ecs.json', families: [{ prefix: 'Ecs.', minDigits: 4, maxDigits: 4 }] },
    ]);
    assert.equal(parseManifest('ecs\tecs.json\n'), undefined, 'no family');
    assert.equal(parseManifest('ecs\tecs.txt\tEcs\\.[0-9]{4}\n'), undefined, 'not a catalog file');
    assert.equal(parseManifest('ecs\tecs.json\t(a+)+$\n'), undefined, 'a pattern of no allowed form');
  });
});

describe('explain reads only the catalogs that could hold its codes', () => {
  it('reads the catalogs whose families fit the code, whatever its letter case, and no other', () => {
    const manifest = bundledManifest(CATALOG_DIR)!;
    for (const code of ['IMG.0024', 'img.0024', 'VPC.0101', 'Ecs.0001', '1100', 'NoSuchBucket']) {
      const store = partialStore([code]);
      assert.equal(store.partial, true, code);
      const read = store.loaded.map((l) => l.catalog.id);
      const fitting = manifest.filter((m) => mayDocument(m, code)).map((m) => m.id);
      assert.deepEqual(read, fitting, code);
      assert.ok(read.length > 0 && read.length < all.length / 2, `${code}: ${read.length} of ${all.length} catalogs read`);
      // The services setting still knows every bundled catalog, read or not.
      assert.deepEqual(
        store.bundledIds(),
        manifest.map((m) => m.id),
      );
    }
  });

  it('explains a code of every catalog exactly as with every catalog read', () => {
    for (const catalog of all) {
      // The first, a middle and the last code, and one in other letter case.
      const codes = [catalog.codes[0], catalog.codes[Math.floor(catalog.codes.length / 2)], catalog.codes[catalog.codes.length - 1]].map((e) => e.code);
      for (const code of [...codes, codes[0].toLowerCase()]) {
        const store = partialStore([code]);
        const partial = ctxOf(store.index);
        const full = explainCodePlain(code, fullCtx);
        if (namesOneEntry(code, partial)) assert.deepEqual(explainCodePlain(code, partial), full, `${catalog.id}: ${code}`);
        // Else the command reads every catalog (loadContext); the answer is then the full one by construction.
        else assert.equal(namesOneEntry(code, fullCtx), false, `${catalog.id}: ${code} is one entry with every catalog but not with those read`);
      }
    }
  });

  it('reads every catalog when the manifest is missing or out of step with the folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ec-manifest-'));
    try {
      for (const f of ['ims.json', 'vpc.json']) copyFileSync(path.join(CATALOG_DIR, f), path.join(dir, f));
      assert.equal(partialStore(['IMG.0024'], dir).partial, false, 'no manifest');
      assert.equal(partialStore(['IMG.0024'], dir).loaded.length, 2);
      // A manifest naming one of the two files: the other could hold the code, so it is not trusted.
      const ims = all.find((c) => c.id === 'ims')!;
      writeFileSync(path.join(dir, MANIFEST_FILE), formatManifest([{ file: 'ims.json', catalog: ims }]));
      const store = partialStore(['VPC.0101'], dir);
      assert.equal(store.partial, false);
      assert.deepEqual(
        store.loaded.map((l) => l.catalog.id),
        ['ims', 'vpc'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the command still ranks a near miss against every catalog and lists a prefix of them all', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'ec-explain-'));
    try {
      const near = runCli(['explain', 'IMG.00244'], cwd);
      assert.equal(near.code, 1);
      assert.deepEqual(near.out, `${explainCodePlain('IMG.00244', fullCtx).text}\n`);
      const prefix = runCli(['explain', 'VPC.01'], cwd);
      assert.equal(prefix.code, 0);
      assert.deepEqual(prefix.out, `${explainCodePlain('VPC.01', fullCtx).text}\n`);
      const found = runCli(['explain', 'VPC.0101', 'Ecs.0001'], cwd);
      assert.equal(found.code, 0);
      assert.equal(found.out, `${explainCodePlain('VPC.0101', fullCtx).text}\n\n${explainCodePlain('Ecs.0001', fullCtx).text}\n`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
