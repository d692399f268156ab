// Every bundled service, one code of each: what a user of that service meets in the editor.
// The code is taken from the catalog, the typo is made from it here, and each feature is asked
// as a user would ask it (inline text, a caret), so a service whose codes the engine cannot
// recognise, complete, check or look up fails by its name.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { CatalogIndex, type IndexedEntry, pickText } from '../../server/src/catalog/index';
import { codeActions } from '../../server/src/features/actions';
import { catalogMarkdown } from '../../server/src/features/catalogView';
import { complete } from '../../server/src/features/completion';
import { diagnose } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { lookup } from '../../server/src/features/summary';
import { warmSearch } from '../../server/src/features/serviceSearch';
import { context, realIndex, withCaret } from '../support/service';

const ctx = context();
const STATS = { misspelled: 0, meantOffered: 0 };
const index = realIndex();

/** A code of the service that is told from text by its shape, and whose number follows a dot (a typo is made in its digits). */
function sampleCode(catalogId: string): IndexedEntry | undefined {
  // A code several services document is one entry with peers: each service's wording is its own.
  const own = [...index.entries()].flatMap((e) => [e, ...e.peers]).filter((e) => e.catalog.catalog.id === catalogId && e.family.kind === 'digits');
  return own.find((e) => e.family.prefix.endsWith('.')) ?? own[0];
}

/**
 * A slip a person makes that leaves no well-formed code (a well-formed undocumented code is
 * `unknown`: services do return some, so it is never "fixed"): a letter O for a zero, else the
 * last digit typed twice.
 */
function slipOf(code: string): string {
  const zero = code.lastIndexOf('0');
  const numberStart = code.length - (/[0-9]+$/.exec(code)?.[0].length ?? 0);
  if (zero >= numberStart) return `${code.slice(0, zero)}O${code.slice(zero + 1)}`;
  return code + code[code.length - 1];
}

describe('every bundled service, in the editor', () => {
  const ids = index.catalogs.map((c) => c.catalog.id);

  test('the bundle holds the services the issue names', () => {
    for (const id of ['ecs', 'vpc', 'rds', 'elb', 'iam', 'dms', 'dcs', 'kms', 'obs', 'swr', 'ims']) assert.ok(ids.includes(id), id);
  });

  for (const id of ids) {
    const sample = sampleCode(id);
    const service = index.catalogs.find((c) => c.catalog.id === id)!.catalog;
    const serviceName = service.service.en ?? id;

    test(`${id}: look-up by code and by service name, and the catalog page`, () => {
      const code = sample?.entry.code ?? service.codes[0].code;
      assert.ok(
        lookup(code, ctx).some((i) => i.code === code && i.catalog === id),
        `look-up of ${code} finds it in ${id}`,
      );
      assert.ok(
        lookup(id, ctx, 10_000).some((i) => i.catalog === id),
        `look-up by the id ${id} finds its codes`,
      );
      const page = catalogMarkdown(
        index.catalogs.find((c) => c.catalog.id === id)!,
        'en',
      );
      assert.ok(page.includes(code), `the catalog page of ${id} lists ${code}`);
    });

    // OBS's codes are all names, recognised in code fields (tested below): every other service has a code told by its shape.
    if (!sample) {
      test(`${id}: has only codes recognised in code fields`, () => assert.equal(id, 'obs'));
      continue;
    }
    const code = sample.entry.code;

    test(`${id}: hover, completion and a typo's fix for ${code}`, () => {
      const at = code.length - 2;
      const { doc, position } = withCaret(`if (err.code === "${code.slice(0, at)}‸${code.slice(at)}") {}`);
      const md = (hover(doc, position, ctx)?.contents as MarkupContent | undefined)?.value ?? '';
      assert.ok(md.includes(code), `the hover names ${code}`);
      const message = pickText(sample.entry.message, 'en')?.text ?? '';
      assert.ok(
        md.includes(message.slice(0, 20).replace(/`/g, '')) || md.includes(serviceName) || md.length > code.length + 20,
        `the hover of ${code} explains it`,
      );
      // The explanation is this service's: its name stands in the hover (a code several services share names each).
      assert.ok(md.replace(/\\(.)/g, '$1').includes(serviceName), `the hover of ${code} names ${serviceName}: ${md.slice(0, 300)}`);

      const typed = withCaret(`switch (err.code) { case "${code.slice(0, -1)}‸") }`);
      const items = complete(typed.doc, typed.position, ctx).items;
      assert.ok(
        items.some((i) => i.label === code),
        `completion after ${code.slice(0, -1)} offers ${code}`,
      );

      const slip = slipOf(code);
      const source = withCaret(`if (err.code === "${slip}‸") { retry(); }`);
      const diagnostics = diagnose(source.doc, ctx);
      const problem = diagnostics.find((d) => d.code === 'misspelled');
      assert.ok(problem, `${slip} (a slip of ${code}) is reported as misspelled: ${JSON.stringify(diagnostics.map((d) => d.code))}`);
      const fixes = codeActions(source.doc, [problem], undefined, ctx).filter((a) => a.edit);
      const written = fixes.flatMap((a) => (a.edit!.changes![source.doc.uri] as TextEdit[]).map((e) => e.newText));
      for (const w of written) assert.ok(index.get(w), `a fix writes only documented codes, not ${w}`);
      {
        assert.ok(written.length > 0, `${slip} has a fix`);
        // The fix stays in the service: the preferred one has the slip's prefix; any other offered differs
        // from it at most in case (VBS's `common.` beside ECS's `Common.`).
        const preferred = fixes.find((a) => a.isPreferred);
        assert.ok(preferred, `${slip} has a preferred fix: ${fixes.map((a) => a.title).join(' | ')}`);
        assert.ok((preferred.edit!.changes![source.doc.uri] as TextEdit[])[0].newText.startsWith(sample.family.prefix), preferred.title);
        for (const w of written) assert.ok(w.toUpperCase().startsWith(sample.family.prefix.toUpperCase()), `${w} is offered for ${slip}`);
        STATS.misspelled++;
        if (written.includes(code)) STATS.meantOffered++;
      }
    });
  }
});

describe('every bundled service: the code meant is among the fixes', () => {
  test('for most slips the code the slip was made from is offered', () => {
    // Runs after the per-service tests above (node:test runs suites in order). A slip is as
    // close to some other codes as to the one it came from, so not every slip can name it.
    assert.ok(STATS.misspelled >= 55, `${STATS.misspelled} slips were read as misspellings`);
    assert.ok(STATS.meantOffered / STATS.misspelled >= 0.9, `${STATS.meantOffered} of ${STATS.misspelled} slips offer the code meant`);
  });
});

describe('look-up with every service bundled', () => {
  test('words typed rank the codes whose message says them first, ahead of codes whose description does', () => {
    const items = lookup('obtain the token', ctx, 50);
    assert.ok(items.length > 5);
    // Every message that holds the words as typed comes before any that does not.
    const says = items.map((i) => i.message.toLowerCase().includes('obtain the token'));
    const firstNot = says.indexOf(false);
    assert.ok(says[0], `the first result's message does not say it: ${items[0].code} ${items[0].message}`);
    assert.ok(firstNot < 0 || says.slice(firstNot).every((s) => !s), says.join(','));
    assert.ok(items.some((i) => i.code === 'SVCSTG.SWR.4001048'));
  });
});

describe('bare numbers and names of the bundled services, where a code field puts them', () => {
  const hoverOf = (text: string, languageId: string) => {
    const { doc, position } = withCaret(text, languageId);
    return (hover(doc, position, ctx)?.contents as MarkupContent | undefined)?.value;
  };

  test('IAM, DCS and MRS numbers and OBS names are explained in a response body, each by its service', () => {
    for (const [text, languageId, code, service] of [
      ['{"error_code": "11‸00", "error_msg": "x"}', 'json', '1100', 'Identity and Access Management'],
      ['2026-12-06 ERROR {"code":"1114‸00002"}', 'log', '111400002', 'Distributed Cache Service'],
      ['2026-12-06 ERROR error_code=1200‸0002', 'log', '12000002', 'MapReduce Service'],
      ['<Error><Code>NoSuch‸Bucket</Code></Error>', 'log', 'NoSuchBucket', 'Object Storage Service'],
    ] as const) {
      const md = hoverOf(text, languageId) ?? '';
      assert.ok(md.includes(code), `${code}: ${md.slice(0, 200)}`);
      assert.ok(md.includes(service), `${code} is explained by ${service}: ${md.slice(0, 300)}`);
    }
  });

  test('the same numbers and names elsewhere are left alone', () => {
    assert.equal(hoverOf('took 11‸00 ms and NoSuchBucket in a sentence', 'log'), undefined);
    assert.equal(hoverOf('const timeout = 11‸00;', 'typescript'), undefined);
    assert.equal(hoverOf('log("NoSuch‸Bucket seen");', 'typescript'), undefined);
  });

  test('a misspelled OBS name compared with a code field is fixed to the documented one', () => {
    const source = withCaret('if (err.Code === "NoSuchBuckte‸") { create(); }');
    const problem = diagnose(source.doc, ctx).find((d) => d.code === 'misspelled');
    assert.ok(problem);
    const preferred = codeActions(source.doc, [problem], undefined, ctx).find((a) => a.isPreferred);
    assert.equal((preferred?.edit?.changes?.[source.doc.uri] as TextEdit[] | undefined)?.[0].newText, 'NoSuchBucket');
  });
});

describe('an index warmed ahead of the first keystroke', () => {
  test('answers case-blind look-ups, prefixes and searches exactly as one made on demand', () => {
    const cold = new CatalogIndex(index.catalogs);
    const warm = new CatalogIndex(index.catalogs);
    warm.warm();
    warmSearch(warm);
    for (const q of ['common.0011', 'ENDPOINT.0004', 'svcstg.swr.40', 'vpc.01', 'dbs.2000', 'Ecs.']) {
      assert.deepEqual(
        warm.allIgnoreCase(q).map((e) => [e.entry.code, e.catalog.catalog.id]),
        cold.allIgnoreCase(q).map((e) => [e.entry.code, e.catalog.catalog.id]),
        q,
      );
      assert.deepEqual(
        warm.withPrefix(q).map((e) => e.entry.code),
        cold.withPrefix(q).map((e) => e.entry.code),
        q,
      );
    }
    const search = (ix: CatalogIndex) => lookup('quota exceeded', { ...ctx, index: ix }, 40).map((i) => `${i.catalog} ${i.code}`);
    assert.deepEqual(search(warm), search(cold));
  });
});
