// The bundled catalogs: complete, faithful to the pages, free of markup, valid against the
// schema, and exactly what the importer makes of catalogs/sources/ today.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parseFamilyPattern } from '../../server/src/catalog/load';
import { fitsFamily } from '../../server/src/catalog/family';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import type { Catalog, Entry, LocalizedText } from '../../server/src/catalog/types';
import { LOCALES } from '../../server/src/catalog/types';
import { importPage, parseRecipe } from '../../server/src/importer';
import { buildCatalogs } from '../../server/src/node/recipeFiles';
import { CATALOG_DIR as CATALOGS } from '../support/root';
const catalogs = bundledCatalogs(CATALOGS);

function catalog(id: string): Catalog {
  const c = catalogs.find((x) => x.id === id);
  assert.ok(c, `no bundled catalog "${id}"`);
  return c;
}

function entry(id: string, code: string): Entry {
  const e = catalog(id).codes.find((x) => x.code === code);
  assert.ok(e, `${id} lacks ${code}`);
  return e;
}

function* texts(c: Catalog): Generator<[string, string]> {
  const each = function* (where: string, t: LocalizedText | undefined): Generator<[string, string]> {
    for (const locale of LOCALES) if (t?.[locale] !== undefined) yield [`${where}.${locale}`, t[locale] as string];
  };
  yield* each('service', c.service);
  for (const e of c.codes) {
    yield* each(`${e.code}.message`, e.message);
    yield* each(`${e.code}.description`, e.description);
    yield* each(`${e.code}.handling`, e.handling);
  }
}

describe('bundled catalogs: counts and codes', () => {
  it('has one catalog per service with the documented number of codes', () => {
    // The three seed services and the 60 services of the Open Telekom Cloud pages (SWR and IMS are in both).
    assert.equal(catalogs.length, 61);
    for (const id of ['swr', 'ims', 'cce-addonmgr', 'ecs', 'vpc', 'rds', 'elb', 'iam', 'obs', 'dcs', 'kms', 'dms']) assert.ok(catalog(id), id);
    // SWR and IMS: the seed pages' 189 and 166 codes, and the codes only the OTC pages document.
    assert.equal(catalog('swr').codes.length, 190);
    assert.equal(catalog('ims').codes.length, 177);
    assert.equal(catalog('cce-addonmgr').codes.length, 10);
    assert.equal(
      catalogs.reduce((n, c) => n + c.codes.length, 0),
      8233,
    );
  });

  it('has codes unique within each service, each matching one of its families', () => {
    for (const c of catalogs) {
      const shapes = c.families.map((f) => parseFamilyPattern(f.pattern));
      for (const s of shapes) assert.notEqual(typeof s, 'string', `${c.id}: ${String(s)}`);
      assert.equal(new Set(c.codes.map((e) => e.code)).size, c.codes.length, `${c.id} repeats a code`);
      for (const e of c.codes) {
        const fits = shapes.some((s) => {
          if (typeof s === 'string' || !fitsFamily(e.code, s)) return false;
          const digits = e.code.length - s.prefix.length;
          return s.kind === 'name' || (digits >= s.minDigits && digits <= s.maxDigits);
        });
        assert.ok(fits, `${c.id}: ${e.code} matches none of ${c.families.map((f) => f.pattern).join(', ')}`);
      }
    }
  });

  it('keeps the SWR family of the one S2I code and the code only the newer Chinese page has', () => {
    assert.deepEqual(
      catalog('swr')
        .families.map((f) => f.pattern)
        .sort(),
      ['SVCSTG\\.S2I\\.[0-9]{7}', 'SVCSTG\\.SWR\\.[0-9]{7}'],
    );
    assert.equal(entry('swr', 'SVCSTG.S2I.4019000').httpStatus, 401);
    // Of the seed pages only the newer Chinese one has it; the OTC page gives it in English.
    const only = entry('swr', 'SVCSTG.SWR.4060074');
    assert.ok(only.message['zh-CN']);
    assert.equal(only.origin?.['message.en'], 'swr-otc-en');
    assert.equal(only.notes?.some((n) => n.kind === 'singleLocale') ?? false, false);
  });
});

describe('bundled catalogs: texts', () => {
  it('shows RST bold names as literal names', () => {
    assert.equal(entry('swr', 'SVCSTG.SWR.4001009').message.en, '`is_public` must be set to `true` or `false`.');
  });

  it('keeps the IMG.0075 handling measure as a multi-line text with its bullet list', () => {
    const handling = entry('ims', 'IMG.0075').handling?.en ?? '';
    const lines = handling.split('\n');
    assert.match(lines[0], /^Ensure that the image file name meets the following requirements:$/);
    const bullets = lines.filter((l) => l.trim().startsWith('•'));
    assert.ok(bullets.length >= 5, handling);
    assert.ok(
      bullets.some((l) => l.includes('Special characters')),
      handling,
    );
  });

  it('leaves no markup, entity, or stray whitespace at the edges of any text', () => {
    // A page's own placeholder such as `<key>` is text; the tags of the HTML page layouts are markup.
    // A bold run (`**x**`) is markup; a lone `**` is the page's own placeholder (EIP: "Rules on xx by **").
    const markup =
      /\*\*(?=\S)[^*]+?\*\*|(?<!\w)__(?=\S)[^_]+?__(?!\w)|<\/?(?:a|b|i|p|br|em|strong|code|span|div|table|tr|td|th|ul|ol|li|sup|sub)\b[^>]*>|&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);|``|\u00a0|\\[*_|`]/;
    for (const c of catalogs) {
      for (const [where, text] of texts(c)) {
        // Inside a back-quoted run the page's characters are literal (`__system__server_id`).
        assert.doesNotMatch(text.replace(/`[^`]*`/g, ''), markup, `${c.id} ${where}: ${text}`);
        assert.equal(text, text.trim(), `${c.id} ${where} has whitespace at an edge`);
        assert.notEqual(text, '', `${c.id} ${where} is empty`);
        // The one exception: DMS lists the special characters a password may hold, back-quote among
        // them, and the catalog convention has no way to write a back-quote inside a literal run.
        if (!text.includes('`~!@#$%^&*()')) assert.equal((text.match(/`/g) ?? []).length % 2, 0, `${c.id} ${where} has an unpaired back-quote`);
      }
    }
  });

  it('maps each page column to the right field: SWR has messages only, IMS and CCE have all three', () => {
    // The seed pages give SWR messages only; descriptions and handling come from the OTC page alone.
    assert.ok(
      catalog('swr').codes.every((e) =>
        [e.description?.en, e.handling?.en].every((t, i) => t === undefined || e.origin?.[`${['description', 'handling'][i]}.en`] === 'swr-otc-en'),
      ),
    );
    for (const id of ['ims', 'cce-addonmgr']) {
      assert.ok(
        catalog(id).codes.every((e) => e.message.en && e.description?.en && e.handling?.en),
        id,
      );
    }
    assert.equal(entry('cce-addonmgr', 'SVCSTG.CCE-ADDONMGR.4000003').message.en, 'Request Body Error');
  });
});

describe('bundled catalogs: faithful to their pages', () => {
  const recipeFile = path.join(CATALOGS, 'sources', 'recipe.json');
  const recipe = parseRecipe(readFileSync(recipeFile, 'utf8'), recipeFile);

  for (const spec of recipe.catalogs) {
    it(`${spec.id}: every row of every page is in the catalog, and each text is the best-ranked page's`, () => {
      const c = catalog(spec.id);
      const pages = spec.pages.map((p) => ({ spec: p, page: importPage(readFileSync(path.join(CATALOGS, 'sources', p.file), 'utf8'), p.file) }));
      const pageCodes = new Set(pages.flatMap((p) => p.page.entries.map((e) => e.code)));
      assert.deepEqual(new Set(c.codes.map((e) => e.code)), pageCodes, 'nothing invented, nothing dropped');
      for (const e of c.codes) {
        for (const field of ['message', 'description', 'handling'] as const) {
          for (const locale of LOCALES) {
            const offers = pages
              .filter((p) => p.spec.locale === locale)
              .map((p) => ({ id: p.spec.id, priority: p.spec.priority, text: p.page.entries.find((x) => x.code === e.code)?.[field] }))
              .filter((o) => o.text !== undefined);
            const best = offers.reduce<(typeof offers)[number] | undefined>((b, o) => (!b || o.priority > b.priority ? o : b), undefined);
            assert.equal(e[field]?.[locale], best?.text, `${e.code} ${field}.${locale}`);
            assert.equal(e.origin?.[`${field}.${locale}`], best?.id, `${e.code} origin of ${field}.${locale}`);
          }
        }
      }
    });
  }

  it('orders SWR codes as the English page does, then the codes only the other pages have', () => {
    const en = importPage(readFileSync(path.join(CATALOGS, 'sources', 'swr-en.rst'), 'utf8'), 'swr-en.rst').entries.map((e) => e.code);
    const codes = catalog('swr').codes.map((e) => e.code);
    assert.deepEqual(codes.slice(0, en.length), en);
    assert.ok(codes.slice(en.length).every((code) => !en.includes(code)));
  });
});

describe('bundled catalogs: notes and response bodies', () => {
  it('notes every documented status that contradicts the status in a seven-digit code, and only those', () => {
    assert.deepEqual(entry('cce-addonmgr', 'SVCSTG.CCE-ADDONMGR.4040204').notes, [{ kind: 'statusMismatch', documented: 400, embedded: 404 }]);
    for (const c of catalogs) {
      for (const e of c.codes) {
        const digits = /([0-9]+)$/.exec(e.code)?.[1] ?? '';
        const embedded = digits.length === 7 ? Number(digits.slice(0, 3)) : undefined;
        const expected = embedded !== undefined && embedded !== e.httpStatus;
        const note = e.notes?.find((n) => n.kind === 'statusMismatch');
        assert.equal(note !== undefined, expected, `${e.code}: documented ${e.httpStatus}`);
      }
    }
    assert.ok(catalog('ims').codes.every((e) => !e.notes?.some((n) => n.kind === 'statusMismatch')));
  });

  it('carries the reviewed description notes, the first being IMG.0004', () => {
    const note = entry('ims', 'IMG.0004').notes?.find((n) => n.kind === 'descriptionDiffers');
    assert.ok(note && note.kind === 'descriptionDiffers' && note.text.en);
    for (const c of catalogs) {
      for (const e of c.codes) {
        if (e.notes?.some((n) => n.kind === 'descriptionDiffers'))
          assert.notEqual(e.description?.en, e.message.en, `${e.code}: the note needs a description that differs`);
      }
    }
  });

  it('records each response body shape and flags the CCE sample from another service', () => {
    const shape = (id: string) => {
      const b = catalog(id).responseBody;
      return b && { codePath: b.codePath, messagePath: b.messagePath, otherPaths: b.otherPaths ?? [] };
    };
    assert.deepEqual(shape('swr'), { codePath: '[].errorCode', messagePath: '[].errorMessage', otherPaths: ['[].detail'] });
    assert.deepEqual(shape('ims'), { codePath: 'error.code', messagePath: 'error.message', otherPaths: [] });
    assert.deepEqual(shape('cce-addonmgr'), { codePath: 'error_code', messagePath: 'error_msg', otherPaths: [] });
    for (const c of catalogs) {
      const body = c.responseBody;
      if (!body) continue;
      assert.ok(
        c.sources.some((s) => s.id === body.source),
        c.id,
      );
      assert.doesNotThrow(() => JSON.parse(body.sample), `${c.id}: the sample is the JSON the page prints, nothing else`);
    }
    // Three services' pages print a sample that is no JSON the paths can be read from: their catalogs say so.
    const unreadable = (c: Catalog) =>
      c.notes?.some((n) => n.kind === 'editorial' && /sample error response body .* from which no code key/.test(n.text.en ?? ''));
    assert.deepEqual(
      catalogs.filter(unreadable).map((c) => c.id),
      ['cce', 'ces', 'csbs'],
    );
    for (const c of catalogs.filter(unreadable)) assert.equal(c.responseBody, undefined);
    assert.deepEqual(catalog('cce-addonmgr').notes, [{ kind: 'foreignSample', code: 'AS.0001' }]);
    assert.equal(catalog('swr').notes, undefined);
    assert.equal(catalog('ims').notes, undefined);
  });
});

describe('bundled catalogs: generated and valid', () => {
  it('are exactly what the importer builds from catalogs/sources/', () => {
    const built = buildCatalogs(CATALOGS);
    assert.equal(built.length, catalogs.length);
    for (const b of built) assert.equal(readFileSync(b.path, 'utf8'), b.text, `${path.basename(b.path)} is stale: run npm run catalogs`);
  });

  it('validate against catalogs/schema.json', () => {
    const schema = JSON.parse(readFileSync(path.join(CATALOGS, 'schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    for (const name of ['swr.json', 'ims.json', 'cce-addonmgr.json']) {
      const text = readFileSync(path.join(CATALOGS, name), 'utf8');
      assert.ok(validate(JSON.parse(text)), `${name}: ${JSON.stringify(validate.errors, null, 1)}`);
      const data: Record<string, unknown> = JSON.parse(text);
      assert.deepEqual(Object.entries(data)[0], ['$schema', './schema.json']);
      assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'), `${name} ends with one newline`);
      assert.equal(text, `${JSON.stringify(data, null, 2)}\n`, `${name} is 2-space JSON`);
    }
  });

  it('the schema rejects what the importer must never write', () => {
    const schema = JSON.parse(readFileSync(path.join(CATALOGS, 'schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    const good = JSON.parse(readFileSync(path.join(CATALOGS, 'cce-addonmgr.json'), 'utf8'));
    const badPattern = structuredClone(good);
    badPattern.families[0].pattern = 'SVCSTG\\.CCE-ADDONMGR\\.(a+)+[0-9]{7}';
    assert.equal(validate(badPattern), false);
    const badStatus = structuredClone(good);
    badStatus.codes[0].httpStatus = 700;
    assert.equal(validate(badStatus), false);
  });
});
