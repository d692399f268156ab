// Fuzzing the two readers of untrusted files: the importer (a vendor page a user hands over)
// and the catalog loader (a user's catalog, JSON or YAML). Each must answer with a result or
// its own documented error naming where the problem is (ImportError: file and line;
// CatalogError / a catalog-file problem: file and place), never with any other exception, and
// a page the importer reads must give a catalog the loader accepts. Seeds and settings: fuzz.ts.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { parseCatalogFile } from '../../server/src/catalog/catalogFile';
import { CatalogError, catalogFromData, parseCatalog } from '../../server/src/catalog/load';
import type { Layout } from '../../server/src/catalog/types';
import { assembleCatalog, ImportError, importPage, LAYOUTS, parseTables, serializeCatalog } from '../../server/src/importer';
import { mutate, mutation, params } from './fuzz';
import { CATALOG_DIR } from '../support/root';

const source = (name: string) => readFileSync(path.join(CATALOG_DIR, 'sources', name), 'utf8');

/** Small pages of each layout, and a slice of each real vendor page (whole pages make slow cases). */
const PAGES: { file: string; text: string }[] = [
  {
    file: 'demo.md',
    text: '# Codes\n\n| Status Code | Error Code | Error Message | Handling |\n| --- | --- | --- | --- |\n| 400 | DEMO.0001 | **name** is `bad`. | Fix <br> it. |\n| 404 | DEMO.0002 | Not found &amp; gone. | \\| retry |\n',
  },
  {
    file: 'demo.rst',
    text: '+-------------+------------+-------------+\n| Status Code | Error Code | Description |\n+=============+============+=============+\n| 400         | DEMO.0001  | **x** bad   |\n|             |            | ``y`` too.  |\n+-------------+------------+-------------+\n',
  },
  {
    file: 'demo.html',
    text: '<table><thead><tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr></thead><tbody><tr><td>400</td><td>DEMO.0001</td><td><p>Bad <code>x</code>.</p></td></tr><tr><td>500</td><td>DEMO.0002</td><td>Oops<br/>again</td></tr></tbody></table>\n',
  },
  {
    file: 'demo.txt',
    text: 'Status Code\n\nError Code\n\nError Message\n\nHandling Measure\n\n400\n\nDEMO.0001\n\nBad request.\n\nFix it.\n\n404\n\nDEMO.0002\n\nNot found.\n\n• check\n• retry\n',
  },
  ...['swr-en.rst', 'swr-zh-new.md', 'swr-zh-old.md', 'ims-en.txt', 'cce-addonmgr-en.txt'].map((name) => {
    const text = source(name);
    // From a little before the table's header to a few rows in: real markup, fast to read.
    const at = Math.max(0, Math.min(...['Status Code', '状态码', '<table'].map((h) => text.indexOf(h)).filter((i) => i >= 0)) - 400);
    return { file: name, text: text.slice(at, at + 6000) };
  }),
];

const TABLE_NOISE = [
  '|',
  '+',
  '-',
  '=',
  '+---+',
  '| --- |',
  '<table>',
  '</table>',
  '<tr>',
  '<td>',
  '</td>',
  '<th>',
  '<td colspan="2">',
  '<b>',
  '</b>',
  '&amp;',
  '&#x1F600;',
  '**',
  '``',
  '`',
  '\\',
  '\n',
  '\r\n',
  '\n\n',
  '   ',
  '400',
  '999',
  'DEMO.0003',
  'Status Code',
  'Error Code',
  '错误码',
  '\ud800',
  '\0',
];

const mutatedPage = fc
  .tuple(
    fc.constantFrom(...PAGES),
    fc.array(fc.oneof(mutation, fc.record({ op: fc.constant('insert' as const), at: fc.nat({ max: 1_000_000 }), piece: fc.constantFrom(...TABLE_NOISE) })), {
      maxLength: 10,
    }),
  )
  .map(([p, ms]) => ({ file: p.file, text: mutate(p.text, ms) }));

function lineCount(text: string): number {
  return text.split('\n').length;
}

function assertImportError(err: unknown, file: string, text: string): void {
  if (!(err instanceof ImportError)) throw err;
  assert.equal(err.file, file);
  assert.ok(Number.isInteger(err.line) && err.line >= 0 && err.line <= lineCount(text) + 1, `line ${err.line} of a ${lineCount(text)}-line page`);
  assert.ok(err.expected.length > 0);
}

describe('fuzz: importer', () => {
  it('a mutated page gives entries or an ImportError naming the page and a line in it (600 pages)', () => {
    fc.assert(
      fc.property(mutatedPage, ({ file, text }) => {
        try {
          const page = importPage(text, file);
          for (const e of page.entries) {
            assert.match(e.code, /^[A-Za-z0-9_.-]+$/);
            // A table without a status column gives none; any status given is an HTTP status.
            assert.ok(e.httpStatus === undefined || (e.httpStatus >= 100 && e.httpStatus <= 599));
            assert.ok(e.line >= 1 && e.line <= lineCount(text));
          }
          for (const p of page.problems) assert.ok(p.line >= 1 && p.line <= lineCount(text), `problem line ${p.line}`);
        } catch (err) {
          assertImportError(err, file, text);
        }
      }),
      params(600),
    );
  });

  it('any layout forced on any page gives tables or an ImportError (4 × 300 pages)', () => {
    fc.assert(
      fc.property(mutatedPage, fc.constantFrom<Layout>(...LAYOUTS), ({ file, text }, layout) => {
        try {
          for (const t of parseTables(text, file, layout)) assert.ok(t.line >= 1 && t.line <= lineCount(text));
        } catch (err) {
          assertImportError(err, file, text);
        }
      }),
      params(1200),
    );
  });

  it('what the importer reads from a page becomes a catalog the loader accepts, or an ImportError (the import command writes it)', () => {
    fc.assert(
      fc.property(mutatedPage, ({ file, text }) => {
        let catalog;
        try {
          const page = importPage(text, file);
          catalog = assembleCatalog({ id: 'fuzz', service: { en: 'Fuzz' } }, [
            { source: { id: 'fuzz-en', file, locale: 'en', title: file, origin: 'fuzz', layout: page.layout }, priority: 0, page },
          ]);
        } catch (err) {
          assertImportError(err, file, text);
          return;
        }
        const out = serializeCatalog(catalog);
        assert.doesNotThrow(() => parseCatalog(out, 'fuzz.json'), 'the importer wrote a catalog the loader refuses');
      }),
      params(600),
    );
  });

  it('a page whose every row is unreadable is an ImportError at its table, not a catalog the loader refuses (the import command died with "families: expected at least one family")', () => {
    const text = '# Codes\n\n| Status Code | Error Code | Error Message |\n| --- | --- | --- |\n| 400 | DEMO.0001 | a | b |\n';
    const page = importPage(text, 'bad.md');
    assert.equal(page.entries.length, 0);
    assert.throws(
      () =>
        assembleCatalog({ id: 'bad', service: { en: 'Bad' } }, [
          { source: { id: 'bad-en', file: 'bad.md', locale: 'en', title: 'bad', origin: 'test', layout: page.layout }, priority: 0, page },
        ]),
      (err: unknown) =>
        err instanceof ImportError && err.file === 'bad.md' && err.line === 3 && /at least one row/.test(err.expected) && /found 4/.test(err.expected),
    );
  });

  it('a row the loader could not take (a text over 4,000 characters, a NUL, a code of two letters) is a row problem, and the other rows are imported', () => {
    const rows = ['| 400 | DEMO.0001 | fine |', `| 400 | DEMO.0002 | ${'x'.repeat(4001)} |`, '| 400 | DEMO.0003 | a\u0000b |', '| 400 | D1 | short code |'];
    const text = ['| Status Code | Error Code | Error Message |', '| --- | --- | --- |', ...rows].join('\n') + '\n';
    const page = importPage(text, 'edge.md');
    assert.deepEqual(
      page.entries.map((e) => e.code),
      ['DEMO.0001'],
    );
    assert.deepEqual(
      page.problems.map((p) => [p.line, /4000 characters|control characters|3 to 100 characters/.test(p.expected)]),
      [
        [4, true],
        [5, true],
        [6, true],
      ],
    );
    const catalog = assembleCatalog({ id: 'edge', service: { en: 'Edge' } }, [
      { source: { id: 'edge-en', file: 'edge.md', locale: 'en', title: 'edge', origin: 'test', layout: page.layout }, priority: 0, page },
    ]);
    assert.equal(parseCatalog(serializeCatalog(catalog), 'edge.json').codes.length, 1);
  });

  it('wide and busy cells are read right (regressions for quadratic reading: a border checked per column, a literal cut out of its cell, an unclosed ** searched to the cell end)', () => {
    const columns = 3000;
    const border = '+' + '---+'.repeat(columns);
    const header = ['Status Code', 'Error Code', 'Description', ...Array.from({ length: columns - 3 }, (_, i) => `x${i}`)];
    const width = (text: string) => ` ${text.padEnd(2).slice(0, 2)}|`;
    const rst = [border, '|' + header.map((h, i) => (i < 3 ? ` ${h.slice(0, 2)}|` : width(''))).join(''), border.replace(/-/g, '=')].join('\n');
    const tables = parseTables(
      `${rst}\n|${[' 40|', ' D1|', ' ok|', ...Array.from({ length: columns - 3 }, () => '   |')].join('')}\n${border}\n`,
      'wide.rst',
      'rst-grid',
    );
    assert.equal(tables[0].header.length, columns);
    assert.equal(tables[0].rows[0].cells[2].text, 'ok');

    const busy = `a **real bold** and ${'**a '.repeat(900)}`;
    const md = importPage(`| Status Code | Error Code | Error Message |\n| --- | --- | --- |\n| 400 | DEMO.0001 | ${busy} |\n`, 'busy.md');
    assert.equal(md.entries[0].message, `a \`real bold\` and ${'**a '.repeat(900).trim()}`);
    const cell = importPage(`| Status Code | Error Code | Error Message |\n| --- | --- | --- |\n| 400 | DEMO.0001 | a **b** c |\n`, 'bold.md');
    assert.equal(cell.entries[0].message, 'a `b` c');

    const html = `<table><tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr><tr><td>400</td><td>DEMO.0001</td><td>${'<code>x</code> '.repeat(900)}<b>  y  </b>.</td></tr></table>`;
    const message = importPage(html, 'runs.html').entries[0].message;
    assert.equal(message, `${'`x` '.repeat(900)}\`y\` .`);
  });

  it('generated pipe tables with random cells: every well-formed row is read back exactly', () => {
    const cell = fc
      .string({ unit: fc.constantFrom('a', 'B', ' ', '.', '错', '\ud83d\ude00', 'e\u0301', '-', '1'), minLength: 1, maxLength: 12 })
      .filter((s) => s.trim() !== '');
    const row = fc.record({ status: fc.integer({ min: 100, max: 599 }), code: fc.integer({ min: 0, max: 9999 }), message: cell });
    fc.assert(
      fc.property(fc.uniqueArray(row, { minLength: 1, maxLength: 20, selector: (r) => r.code }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const text =
          [
            '| Status Code | Error Code | Error Message |',
            '| --- | --- | --- |',
            ...rows.map((r) => `| ${r.status} | DEMO.${String(r.code).padStart(4, '0')} | ${r.message} |`),
          ].join(eol) + eol;
        const page = importPage(text, 'gen.md');
        assert.deepEqual(page.problems, []);
        assert.deepEqual(
          page.entries.map((e) => [e.httpStatus, e.code, e.message]),
          rows.map((r) => [r.status, `DEMO.${String(r.code).padStart(4, '0')}`, r.message.trim()]),
        );
      }),
      params(300),
    );
  });
});

describe('fuzz: catalog loader', () => {
  const real = ['swr.json', 'ims.json', 'cce-addonmgr.json'].map((name) => readFileSync(path.join(CATALOG_DIR, name), 'utf8'));
  const small = JSON.stringify(
    {
      id: 'demo',
      service: { en: 'Demo' },
      families: [{ pattern: 'DEMO\\.[0-9]{4}', name: 'DEMO' }],
      codes: [{ code: 'DEMO.0001', httpStatus: 400, message: { en: 'Bad.', 'zh-CN': '错误。' }, notes: [{ kind: 'singleLocale', locale: 'en' }] }],
    },
    null,
    2,
  );
  const seeds = [small, toYaml(JSON.parse(small)), real[2]];

  function assertParsed(text: string, file: string): void {
    const parsed = parseCatalogFile(text, file);
    if (parsed.catalog) {
      assert.ok(parsed.catalog.families.length > 0);
      return;
    }
    const { problem } = parsed;
    assert.equal(problem.file, file);
    assert.ok(problem.message.length > 0);
    const lines = text.split('\n');
    for (const p of [problem.range.start, problem.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.length, `problem on line ${p.line} of ${lines.length}`);
      assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `problem at character ${p.character} of a ${lines[p.line].length}-long line`);
    }
  }

  it('random JSON values: a catalog or a CatalogError, never another exception (1,000 values)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        try {
          catalogFromData(value, 'random.json');
        } catch (err) {
          if (!(err instanceof CatalogError)) throw err;
          assert.equal(err.file, 'random.json');
        }
      }),
      params(1000),
    );
  });

  it('a real catalog with one value anywhere in it replaced by a random one: a catalog or a CatalogError naming that place or one before it', () => {
    const base = JSON.parse(real[2]);
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, at: (string | number)[]) => {
      paths.push(at);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.filter((p) => p.length > 0)), fc.jsonValue({ maxDepth: 2 }), (at, value) => {
        const data = structuredClone(base);
        let parent = data;
        for (const key of at.slice(0, -1)) parent = parent[key];
        parent[at[at.length - 1]] = value;
        try {
          catalogFromData(data, 'cce.json');
        } catch (err) {
          if (!(err instanceof CatalogError)) throw err;
          assert.ok(err.where.length > 0 || at.length === 1, `no place named for a value at ${at.join('.')}`);
        }
      }),
      params(800),
    );
  });

  it('mutated catalog files, JSON and YAML: a catalog or a problem on a real line and column, never an exception (800 files)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (seed, ms, yaml) => {
        assertParsed(mutate(seed, ms), yaml ? 'user.error-codes.yaml' : 'user.error-codes.json');
      }),
      params(800),
    );
  });

  it('deep nesting, an alias bomb and odd documents are refused as problems, not crashes', () => {
    const odd = [
      `{"id": "x", "codes": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      `id: x\ncodes: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
      `id: x\ncodes:\n${Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i)}- `).join('\n')}\n`,
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
      '',
      '\ufeff',
      'null',
      '[]',
      '"x"',
      '---\n---\n',
      '\0',
      '{"__proto__": {"id": "x"}}',
    ];
    for (const text of odd) for (const file of ['odd.json', 'odd.yaml']) assertParsed(text, file);
  });
});
