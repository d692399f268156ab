// Start-up with every bundled catalog (issue 13): the catalogs of one page leave out the origin
// of each text, which that page implies, and nothing a user sees changes for it: links, hovers
// and explanations are those of the full loader, which writes the origin back in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogIndex, type LoadedCatalog } from '../../server/src/catalog/index';
import { parseCatalog } from '../../server/src/catalog/load';
import type { Catalog } from '../../server/src/catalog/types';
import type { ServiceContext } from '../../server/src/features/context';
import { explainCode, explainCodePlain } from '../../server/src/features/explainCode';
import { hover } from '../../server/src/features/hover';
import { entryPages } from '../../server/src/features/links';
import { assembleCatalog, importPage, mergeIntoCatalog, serializeCatalog, type SourcedPage } from '../../server/src/importer';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import { DEFAULT_SETTINGS } from '../../protocol';
import { runCli } from '../support/cli';
import { tempProject } from '../support/files';
import { withCaret } from '../support/service';
import { CATALOG_DIR } from '../support/root';

const trusted = bundledCatalogs(CATALOG_DIR, { trusted: true });
const checked = bundledCatalogs(CATALOG_DIR);
const onePage = trusted.filter((c) => c.sources.length === 1);

function ctxOf(catalogs: readonly Catalog[], displayLanguage = 'en'): ServiceContext {
  const loaded: LoadedCatalog[] = catalogs.map((catalog) => ({ catalog, origin: 'bundled' }));
  return { index: new CatalogIndex(loaded), settings: structuredClone(DEFAULT_SETTINGS), displayLanguage };
}

const PAGE_ONE = `
| Status Code | Error Code | Description |
|---|---|---|
| 400 | SVC.4000001 | Bad input. |
| 404 | SVC.4040002 | Not found. |
`;
const PAGE_TWO = `
| 状态码 | 错误码 | 描述 |
|---|---|---|
| 400 | SVC.4000001 | 输入有误。 |
| 500 | SVC.5000003 | 只有这页有。 |
`;

function sourced(text: string, file: string, id: string, locale: 'en' | 'zh-CN', url?: string): SourcedPage {
  const page = importPage(text, file);
  return { source: { id, file, locale, title: id, origin: 'test', layout: page.layout, ...(url ? { url } : {}) }, priority: 1, page };
}

describe('catalogs of one page leave out what the page implies', () => {
  test('the bundled catalogs of one page hold no origin; those of several pages keep theirs', () => {
    assert.ok(onePage.length > 40, `most bundled catalogs have one page (${onePage.length})`);
    for (const c of onePage) {
      const raw = JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, `${c.id}.json`), 'utf8')) as Catalog;
      assert.equal(raw.codes.filter((e) => e.origin !== undefined).length, 0, `${c.id}: entries with an origin`);
    }
    const several = trusted.filter((c) => c.sources.length > 1);
    assert.ok(several.length > 0);
    for (const c of several)
      assert.ok(
        c.codes.every((e) => e.origin !== undefined),
        `${c.id}: every entry says which page each text is from`,
      );
  });

  test('the full loader writes the origin back: every text of a one-page catalog is from that page', () => {
    for (const c of checked.filter((x) => x.sources.length === 1)) {
      const page = c.sources[0].id;
      for (const e of c.codes) {
        const keys = (['message', 'description', 'handling'] as const).flatMap((f) => Object.keys(e[f] ?? {}).map((l) => `${f}.${l}`));
        assert.deepEqual(e.origin, Object.fromEntries(keys.map((k) => [k, page])), `${c.id} ${e.code}`);
      }
    }
  });

  test('a catalog imported from one page is written without origins and reads back with them', () => {
    const catalog = assembleCatalog({ id: 'svc', service: { en: 'Service' } }, [sourced(PAGE_ONE, 'one.md', 'one-en', 'en')]);
    assert.deepEqual(catalog.codes[0].origin, { 'message.en': 'one-en' });
    const text = serializeCatalog(catalog);
    assert.doesNotMatch(text, /"origin": \{/);
    const again = parseCatalog(text, 'svc.json');
    assert.deepEqual(
      again.codes.map((e) => e.origin),
      catalog.codes.map((e) => e.origin),
    );
    assert.equal(serializeCatalog(again), text, 'reading and writing it again changes nothing');
  });

  test('an origin that says more than the one page implies is kept, and the loader takes it as it is', () => {
    const catalog = assembleCatalog({ id: 'svc', service: { en: 'Service' } }, [sourced(PAGE_ONE, 'one.md', 'one-en', 'en')]);
    // A text a user wrote by hand, from no page: the catalog says so.
    catalog.codes[1].origin = { 'message.en': 'by-hand' };
    const text = serializeCatalog(catalog);
    const loaded = parseCatalog(text, 'svc.json');
    assert.deepEqual(loaded.codes[1].origin, { 'message.en': 'by-hand' });
    assert.deepEqual(loaded.codes[0].origin, { 'message.en': 'one-en' });
    assert.equal((text.match(/"origin": \{/g) ?? []).length, 1);
  });

  test('a catalog with an origin on every entry still loads as it did', () => {
    const withOrigins = JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, 'vpc.json'), 'utf8')) as Catalog;
    for (const e of withOrigins.codes) e.origin = { 'message.en': withOrigins.sources[0].id };
    const loaded = parseCatalog(JSON.stringify(withOrigins), 'vpc.json');
    assert.equal(loaded.codes.length, withOrigins.codes.length);
    assert.ok(loaded.codes.every((e) => e.origin?.['message.en'] === withOrigins.sources[0].id && Object.keys(e.origin).length === 1));
  });
});

describe('a catalog read without its implied origins answers as before', () => {
  test('every code of a one-page bundled catalog links to and explains as the fully loaded catalog', () => {
    const lean = ctxOf(trusted);
    const full = ctxOf(checked);
    let compared = 0;
    for (const c of onePage) {
      for (const e of c.codes) {
        const a = lean.index.get(e.code)!;
        const b = full.index.get(e.code)!;
        assert.deepEqual(entryPages(a, 'en'), entryPages(b, 'en'), e.code);
        assert.deepEqual(entryPages(a, 'zh-CN'), entryPages(b, 'zh-CN'), e.code);
        assert.equal(explainCodePlain(e.code, lean).text, explainCodePlain(e.code, full).text, e.code);
        compared++;
      }
    }
    assert.ok(compared > 5000, `${compared} codes compared`);
    // And every one of them links somewhere: the page the catalog was built from.
    for (const c of onePage.filter((x) => x.sources[0].url)) {
      const first = lean.index.get(c.codes[0].code)!;
      // Another service may document the code too: its own catalog's entry is among the peers.
      const own = [first, ...first.peers].find((x) => x.catalog.catalog === c)!;
      assert.equal(entryPages(own, 'en')[0]?.url, c.sources[0].url, c.id);
    }
  });

  test('the hover and the Markdown explanation of a code only VPC documents name its page, read either way', () => {
    const vpc = trusted.find((c) => c.id === 'vpc')!;
    const lean = ctxOf(trusted);
    const code = vpc.codes.map((e) => lean.index.get(e.code)!).find((e) => e.catalog.catalog === vpc && e.peers.length === 0)!.entry.code;
    for (const ctx of [lean, ctxOf(checked)]) {
      const { doc, position } = withCaret(`if (body.code === "${code.slice(0, 5)}‸${code.slice(5)}") retry();`);
      const md = (hover(doc, position, ctx)?.contents as { value: string }).value;
      assert.match(md, /\(https:\/\/docs\.otc\.t-systems\.com\/virtual-private-cloud\/api-ref\/appendix\/error_codes\.html\)/);
      assert.match(explainCode(code, ctx).markdown, /virtual-private-cloud\/api-ref\/appendix\/error_codes\.html/);
    }
  });

  test('a page folded into a one-page catalog read without origins: the old texts say they came from the first page', () => {
    const one = assembleCatalog({ id: 'svc', service: { en: 'Service' } }, [sourced(PAGE_ONE, 'one.md', 'one-en', 'en', 'https://docs.example.com/one.html')]);
    // As a trusted read gives it: the file's text parsed, the implied origins left out.
    const lean = JSON.parse(serializeCatalog(one)) as Catalog;
    assert.equal(lean.codes[0].origin, undefined);
    const merged = mergeIntoCatalog(lean, sourced(PAGE_TWO, 'two.md', 'two-zh', 'zh-CN', 'https://docs.example.cn/two.html'), { pageWins: false });
    const first = merged.codes.find((e) => e.code === 'SVC.4000001')!;
    assert.deepEqual(first.origin, { 'message.en': 'one-en', 'message.zh-CN': 'two-zh' });
    const ctx = ctxOf([merged]);
    assert.deepEqual(
      entryPages(ctx.index.get('SVC.4000001')!, 'en').map((p) => p.url),
      ['https://docs.example.com/one.html', 'https://docs.example.cn/two.html'],
    );
    // Written out, both pages' texts keep their page: the catalog has two now, so nothing is implied.
    assert.equal((serializeCatalog(merged).match(/"origin": \{/g) ?? []).length, merged.codes.length);
  });

  test('error-codes import writes one page without origins and --into adds a second page with them', () => {
    const dir = tempProject({ 'one.md': PAGE_ONE, 'two.md': PAGE_TWO });
    const first = runCli(['import', 'one.md', '--service', 'svc', '--out', 'svc.json'], dir);
    assert.equal(first.code, 0, first.err);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'svc.json'), 'utf8'), /"origin"\s*:\s*\{/);
    const second = runCli(['import', 'two.md', '--into', 'svc.json', '--locale', 'zh-CN'], dir);
    assert.equal(second.code, 0, second.err);
    const merged = parseCatalog(fs.readFileSync(path.join(dir, 'svc.json'), 'utf8'), 'svc.json');
    const ids = merged.sources.map((s) => s.id);
    assert.equal(ids.length, 2);
    assert.deepEqual(merged.codes.find((e) => e.code === 'SVC.4000001')?.origin, { 'message.en': ids[0], 'message.zh-CN': ids[1] });
    assert.deepEqual(merged.codes.find((e) => e.code === 'SVC.4040002')?.origin, { 'message.en': ids[0] });
  });
});
