// The importer on the 71 Open Telekom Cloud error-code pages (../shared/vendor-pages/otc):
// every row of every table is read or reported, counted here without the importer, and no
// entry is invented. Then each quirk of those pages on a small page written here.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseCatalog } from '../../server/src/catalog/load';
import { assembleCatalog, importPage, serializeCatalog } from '../../server/src/importer';
import type { PageImport, RowProblemReason, TableRead } from '../../server/src/importer';
import { ROOT } from '../support/root';

/** Beside the main checkout; a worktree elsewhere names the folder in ERROR_CODES_OTC_PAGES. */
const OTC = process.env.ERROR_CODES_OTC_PAGES ?? path.join(ROOT, '..', 'shared', 'vendor-pages', 'otc');

function otcPages(): string[] {
  return fs
    .readdirSync(OTC, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(OTC, d.name)).map((f) => path.join(d.name, f)))
    .sort();
}

/**
 * Data rows per table, counted from the page's lines alone: a grid table is a run of lines
 * starting with `+` or `|`, whose rows end at `+---+` borders (after the `+===+` header border,
 * or after the first row when there is none); a simple table is `=== ===` borders, and a row
 * is a line with text in its first column between the header border and the last one.
 */
function countTableRows(text: string): { line: number; rows: number }[] {
  const lines = text.split(/\r?\n/);
  const tables: { line: number; rows: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*\+(-+\+)+\s*$/.test(lines[i])) {
      const indent = lines[i].indexOf('+');
      let dashes = 0;
      let afterHeader = -1;
      let j = i + 1;
      for (; j < lines.length && /^[+|]/.test(lines[j].slice(indent)); j++) {
        if (/^\s*\+(=+\+)+\s*$/.test(lines[j])) afterHeader = 0;
        else if (/^\s*\+(-+\+)+\s*$/.test(lines[j])) {
          dashes++;
          if (afterHeader >= 0) afterHeader++;
        }
      }
      tables.push({ line: i + 1, rows: afterHeader >= 0 ? afterHeader : dashes - 1 });
      i = j - 1;
    } else if (/^\s*=+( +=+)+\s*$/.test(lines[i])) {
      const border = lines[i].trimEnd();
      const ends = [];
      for (let j = i + 1; j < lines.length && ends.length < 2; j++) {
        if (lines[j].trimEnd() !== border) continue;
        ends.push(j);
        if ((lines[j + 1] ?? '').trim() === '') break;
      }
      const first = ends.length === 2 ? ends[0] : i;
      const last = ends[ends.length - 1];
      const firstColumn = border.indexOf('=');
      const width = border.indexOf(' ', firstColumn) - firstColumn;
      let rows = 0;
      for (let j = first + 1; j < last; j++) if (lines[j].slice(firstColumn, firstColumn + width).trim() !== '') rows++;
      tables.push({ line: i + 1, rows: ends.length === 2 ? rows : rows - 1 });
      i = last;
    }
  }
  return tables.sort((a, b) => a.line - b.line);
}

function tally(page: PageImport): { rows: number; read: number; reported: number } {
  const code = page.tables.filter((t: TableRead) => t.columns);
  return {
    rows: code.reduce((n, t) => n + t.table.rows.length, 0),
    read: code.reduce((n, t) => n + t.read, 0),
    reported: code.reduce((n, t) => n + t.problems.length, 0),
  };
}

describe(
  'the OTC error-code pages, row for row',
  { skip: fs.existsSync(OTC) ? false : `${OTC} is absent: the vendor pages are not beside this checkout` },
  () => {
    const pages = fs.existsSync(OTC) ? otcPages() : [];

    it('holds the 71 pages', () => assert.equal(pages.length, 71));

    for (const rel of pages) {
      it(rel, () => {
        const text = fs.readFileSync(path.join(OTC, rel), 'utf8');
        const page = importPage(text, rel);
        // Every table of the page is one the importer saw, with as many data rows as the page's lines show.
        assert.deepEqual(
          page.tables.map((t) => ({ line: t.table.line, rows: t.table.rows.length })),
          countTableRows(text),
        );
        // Every row of every code table is read or reported, each table on its own.
        for (const t of page.tables.filter((x) => x.columns)) assert.equal(t.read + t.problems.length, t.table.rows.length, `table at line ${t.table.line}`);
        const { rows, read, reported } = tally(page);
        assert.equal(read + reported, rows);
        assert.equal(reported, page.problems.length);
        // Nothing invented: each code (or, when mended, the cell it was read from) is in the page.
        for (const e of page.entries) assert.ok(text.includes(e.asWritten ?? e.code), `${e.code} is not in the page`);
        for (const p of page.problems) assert.ok(p.line >= 1 && p.line <= text.split('\n').length && p.expected.length > 0);
        // What is read makes a catalog the loader takes (the families' code rule and pattern rule included).
        if (page.entries.length === 0) return;
        const catalog = assembleCatalog({ id: 'otc', service: { en: 'OTC' } }, [
          {
            source: { id: 'otc-en', file: rel, locale: 'en', title: rel, origin: 'test', layout: page.layout },
            priority: 0,
            page: { ...page, sample: undefined },
          },
        ]);
        assert.doesNotThrow(() => parseCatalog(serializeCatalog(catalog), `${rel}.json`));
      });
    }
  },
);

const BORDER = `+---------+${'-'.repeat(42)}+---------+\n`;
const GRID_HEAD = `${BORDER}| Status  | ${'Error Code'.padEnd(40)} | Message |\n${BORDER.replace(/-/g, '=')}`;
const gridRow = (status: string, code: string, message: string): string => `| ${status.padEnd(7)} | ${code.padEnd(40)} | ${message.padEnd(7)} |\n${BORDER}`;
/** A grid table of status, code and message; each row is two lines (the row, its border), from line 4. */
const grid = (...rows: [string, string, string][]): string => GRID_HEAD + rows.map((r) => gridRow(...r)).join('');

function reasons(page: PageImport): RowProblemReason[] {
  return page.problems.map((p) => p.reason);
}

describe('quirks of the OTC pages, each on a small page', () => {
  it('reads a simple (`===`) table, its header and its continuation lines', () => {
    const text = [
      'Codes',
      '=====',
      '',
      '=========== ========== ===============',
      'Status Code Error Code Error Message',
      '=========== ========== ===============',
      '400         DLI.0001   Parameter check',
      '                       errors occur.',
      '404         DLI.0023   Not found.',
      '=========== ========== ===============',
      '',
    ].join('\n');
    const page = importPage(text, 'dli.rst');
    assert.equal(page.layout, 'rst-grid');
    assert.deepEqual(
      page.entries.map((e) => [e.code, e.httpStatus, e.message, e.line]),
      [
        ['DLI.0001', 400, 'Parameter check errors occur.', 7],
        ['DLI.0023', 404, 'Not found.', 9],
      ],
    );
  });

  it('reads every code table of a page and tells tables without codes apart by their header', () => {
    const params = '+-------+------+\n| Name  | Type |\n+=======+======+\n| code  | str  |\n+-------+------+\n';
    const text = `${params}\n${grid(['400', 'RDS.0001', 'a'])}\n${grid(['400', 'DBS.200001', 'b'])}`;
    const page = importPage(text, 'rds.rst');
    assert.deepEqual(
      page.tables.map((t) => [t.table.line, !!t.columns, t.read]),
      [
        [1, false, 0],
        [7, true, 1],
        [13, true, 1],
      ],
    );
    assert.deepEqual(
      page.entries.map((e) => e.code),
      ['RDS.0001', 'DBS.200001'],
    );
  });

  it('keeps every message of a code on several rows: one entry, a note per further row', () => {
    const page = importPage(grid(['400', 'VPC.0101', 'first'], ['404', 'VPC.0101', 'second'], ['400', 'VPC.0101', 'first']), 'vpc.rst');
    assert.equal(page.entries.length, 1);
    assert.equal(page.tables[0].read, 3);
    const notes = (page.entries[0].notes ?? []).map((n) => (n.kind === 'editorial' ? n.text.en : ''));
    assert.deepEqual(notes, ['Line 6 of the page documents this code again, with HTTP status 404.\nmessage: second', 'Line 8 of the page repeats this row.']);
  });

  it('keeps several prefixes, prefixes of mixed case and codes with two dots, each as a family', () => {
    const page = importPage(
      grid(
        ['400', 'Ecs.0001', 'a'],
        ['400', 'Common.0002', 'b'],
        ['400', 'ces.0003', 'c'],
        ['400', 'EndPoint.0004', 'd'],
        ['400', 'Endpoint.0005', 'e'],
        ['400', 'SFS.TURBO.0001', 'f'],
        ['400', 'CCI.12.000001', 'g'],
      ),
      'mixed.rst',
    );
    assert.deepEqual(page.problems, []);
    const catalog = assembleCatalog({ id: 'mixed', service: { en: 'M' } }, [
      { source: { id: 'm-en', file: 'm', locale: 'en', title: 'm', origin: 't', layout: page.layout }, priority: 0, page },
    ]);
    assert.deepEqual(
      catalog.families.map((f) => f.pattern),
      ['Ecs\\.[0-9]{4}', 'Common\\.[0-9]{4}', 'ces\\.[0-9]{4}', 'EndPoint\\.[0-9]{4}', 'Endpoint\\.[0-9]{4}', 'SFS\\.TURBO\\.[0-9]{4}', 'CCI\\.12\\.[0-9]{6}'],
    );
    assert.doesNotThrow(() => parseCatalog(serializeCatalog(catalog), 'mixed.json'));
  });

  it('reads bare numbers and names, each kind a family of its own that the loader takes', () => {
    const page = importPage(
      grid(['400', '1100', 'a'], ['404', 'NoSuchBucket', 'b'], ['400', 'RMS.INTERNAL.ERROR', 'c'], ['400', 'IAM.0001', 'd'], ['400', '12000002', 'e']),
      'iam.rst',
    );
    assert.deepEqual(page.problems, []);
    assert.deepEqual(
      page.entries.map((e) => e.code),
      ['1100', 'NoSuchBucket', 'RMS.INTERNAL.ERROR', 'IAM.0001', '12000002'],
    );
    const catalog = assembleCatalog({ id: 'iam', service: { en: 'IAM' } }, [
      { source: { id: 'i-en', file: 'i', locale: 'en', title: 'i', origin: 't', layout: page.layout }, priority: 0, page },
    ]);
    assert.deepEqual(
      catalog.families.map((f) => f.pattern),
      ['[0-9]{4,8}', '[A-Za-z][A-Za-z0-9.]*', 'RMS\\.[A-Za-z][A-Za-z0-9.]*', 'IAM\\.[0-9]{4}'],
    );
    assert.doesNotThrow(() => parseCatalog(serializeCatalog(catalog), 'iam.json'));
  });

  it('reads a table without a status column: its entries have no HTTP status', () => {
    const border = `+${'-'.repeat(12)}+${'-'.repeat(12)}+\n`;
    const text = `${border}| Error Code | Message    |\n${border.replace(/-/g, '=')}| WAF.0001   | Blocked.   |\n${border}`;
    const page = importPage(text, 'waf.rst');
    assert.deepEqual(page.problems, []);
    assert.deepEqual(
      page.entries.map((e) => [e.code, e.httpStatus, e.message]),
      [['WAF.0001', undefined, 'Blocked.']],
    );
  });

  it('mends `DCS. 4855` and a status `400/404` with a note, and reports codes run together and a sentence', () => {
    const page = importPage(
      grid(
        ['400', 'DCS. 4855', 'a'],
        ['400/404', 'NAT.0105', 'b'],
        ['400', 'AOM.02001AOM.02001SVCSTG_AMS_4000115', 'c'],
        ['400', 'If other codes fail, call us.', 'd'],
      ),
      'dcs.rst',
    );
    assert.deepEqual(
      page.entries.map((e) => [e.code, e.httpStatus, e.asWritten, e.notes?.length]),
      [
        ['DCS.4855', 400, 'DCS. 4855', 1],
        ['NAT.0105', 400, undefined, 1],
      ],
    );
    assert.deepEqual(reasons(page), ['codesRunTogether', 'code']);
  });

  it('reads a row with an empty code cell as going on with the row above', () => {
    const page = importPage(grid(['400', 'ELB.8902', 'a'], ['', '', 'b'], ['', 'SYS.0401', 'c']), 'elb.rst');
    assert.deepEqual(
      page.entries.map((e) => [e.code, e.httpStatus, e.message]),
      [
        ['ELB.8902', 400, 'a\nb'],
        ['SYS.0401', 400, 'c'],
      ],
    );
    assert.equal(page.tables[0].read, 3);
  });
});
