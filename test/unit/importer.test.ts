// The importer on small pages written here: each layout, its inline markup, header
// guessing, merging, and the errors a malformed page must give (file, line, what was expected).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Entry } from '../../server/src/catalog/types';
import {
  ImportError,
  assembleCatalog,
  detectLayout,
  embeddedStatus,
  guessBodyPaths,
  guessColumns,
  importPage,
  mergeEntries,
  mergeIntoCatalog,
  parseRecipe,
  requireNoProblems,
  serializeCatalog,
  splitCatalogCode as splitCode,
} from '../../server/src/importer';
import { buildCatalogs, writeCatalogs } from '../../server/src/node/recipeFiles';
import type { PageImport, SourcedPage } from '../../server/src/importer';

/** Pages are written with a leading newline for readability; the importer sees them from their first real line. */
const page = (text: string): string => text.replace(/^\n/, '');

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `sample lacks ${needle}`);
  return text.slice(0, index).split('\n').length;
}

function expectImportError(fn: () => unknown, file: string, line: number, expected: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ImportError, `expected an ImportError, got ${String(err)}`);
    assert.equal(err.file, file);
    assert.equal(err.line, line, err.message);
    assert.match(err.expected, expected);
    assert.ok(err.message.startsWith(line > 0 ? `${file}:${line}:` : `${file}:`), err.message);
    return true;
  });
}

const RST = page(`
Title
=====

.. code-block::

   {"error_code": "DEMO.0001", "error_msg": "x"}

+-------------+-----------------+---------------------------------+
| Status Code | Error Code      | Description                     |
+=============+=================+=================================+
| 400         | DEMO.SVC.4000001| **is_public** must be set to    |
|             |                 | **true** or *false*.            |
+-------------+-----------------+---------------------------------+
| 404         | DEMO.SVC.4040002| The \`\`name\`\` is unknown.        |
+-------------+-----------------+---------------------------------+

After the table.
`);

const HTML = page(`
# 错误码<a name="x"></a>

<table><thead align="left"><tr><th><p>状态码</p></th><th><p>错误码</p></th><th><p>描述</p></th></tr></thead>
<tbody><tr><td><p><a name="a"></a>400</p></td>
<td><p>DEMO.SVC.4000001</p></td>
<td><p>参数<span class="parmname">“is_public”</span>应该为<strong>true</strong>&nbsp;或 <code>false</code>&amp;其他&lt;值&gt;。</p></td>
</tr>
<tr><td>500</td><td>DEMO.SVC.5000002</td><td>第一行<br>第二行</td></tr>
</tbody>
</table>
`);

const PIPE = page(`
# Codes

\`\`\`
|not|a|table|
|--|--|--|
\`\`\`

| Status Code | Error Code | Error Message | Description | Solution |
|---|---|---|:--|--|
| 400 | DEMO.0001 | **name** is a\\|b &amp; c | Say <b>why</b><br>twice | Fix [it](https://example.invalid) |
| 500 | DEMO.0002 | Internal error. | The server failed. | Retry. |

Text after the table.
`);

const CELLS = page(`
Error Codes

Status Code

Error Code

Message

Description

Handling Measure

400

DEMO.0001

Bad name.

The name is bad.

Ensure that the name meets these requirements:

  • It is short.
  • It has letters only.

500

DEMO.0002

Internal error.

The server failed.

Retry later.

Parent topic: API reference
`);

describe('layout detection', () => {
  it('tells the four layouts apart and finds no table in prose', () => {
    assert.equal(detectLayout(RST), 'rst-grid');
    assert.equal(detectLayout(HTML), 'html-table');
    assert.equal(detectLayout(PIPE), 'pipe-table');
    assert.equal(detectLayout(CELLS), 'cell-lines');
    assert.equal(detectLayout('Just a paragraph.\n\nAnd another | with a pipe.\n'), undefined);
  });
});

describe('RST grid tables', () => {
  it('joins a wrapped cell into one line and turns bold names into literal names', () => {
    const p = importPage(RST, 'demo.rst');
    assert.deepEqual(p.problems, []);
    assert.equal(p.entries.length, 2);
    assert.equal(p.entries[0].message, '`is_public` must be set to `true` or false.');
    assert.equal(p.entries[0].line, lineOf(RST, '| 400'));
    assert.equal(p.entries[1].message, 'The `name` is unknown.');
    assert.equal(p.entries[1].httpStatus, 404);
  });

  it('reports a table cut short inside a row, at the line where the row should go on', () => {
    const cut = RST.slice(0, RST.indexOf('|             |'));
    expectImportError(() => importPage(cut, 'cut.rst'), 'cut.rst', lineOf(RST, '|             |'), /expected a cell line .* or a border line .*cut short/);
    const noEnd = RST.slice(0, RST.indexOf('+', RST.indexOf('| 404')));
    expectImportError(() => importPage(noEnd.trimEnd(), 'noend.rst'), 'noend.rst', lineOf(RST, '| 404'), /expected a border line .*page ends first/);
  });

  it('reports a row whose cell edge is missing', () => {
    const broken = RST.replace('| 404         | DEMO.SVC.4040002|', '| 404         DEMO.SVC.4040002  |');
    expectImportError(() => importPage(broken, 'edge.rst'), 'edge.rst', lineOf(broken, '| 404'), /expected "\|" at column 15/);
  });
});

describe('HTML tables', () => {
  it('decodes entities, drops anchors and turns name markup into literal names', () => {
    const p = importPage(HTML, 'demo.md');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.columns.names, ['状态码', '错误码', '描述']);
    assert.equal(p.entries[0].code, 'DEMO.SVC.4000001');
    assert.equal(p.entries[0].message, '参数`is_public`应该为`true` 或 `false`&其他<值>。');
    assert.equal(p.entries[1].message, '第一行\n第二行');
    assert.equal(p.entries[1].line, lineOf(HTML, '<tr><td>500'));
  });

  it('reports a table that is never closed', () => {
    const cut = HTML.slice(0, HTML.indexOf('</tbody>'));
    expectImportError(() => importPage(cut, 'open.md'), 'open.md', cut.split('\n').length, /expected <\/table>.*starts at line 3/);
  });

  it('reports a row with a missing cell as a problem of that row', () => {
    const short = HTML.replace('<td>DEMO.SVC.5000002</td>', '');
    const p = importPage(short, 'short.md');
    assert.equal(p.entries.length, 1);
    assert.equal(p.problems.length, 1);
    assert.equal(p.problems[0].line, lineOf(short, '<tr><td>500'));
    assert.match(p.problems[0].expected, /expected 3 cells .* found 2: a cell is missing/);
    expectImportError(() => requireNoProblems(p), 'short.md', p.problems[0].line, /cell is missing/);
  });
});

describe('Markdown pipe tables', () => {
  it('reads cells with bold, escaped pipes, entities, inline HTML and links, and skips fenced blocks', () => {
    const p = importPage(PIPE, 'demo.md');
    assert.equal(p.table.line, lineOf(PIPE, '| Status Code'));
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.entries[0], {
      code: 'DEMO.0001',
      httpStatus: 400,
      line: lineOf(PIPE, '| 400'),
      message: '`name` is a|b & c',
      description: 'Say `why`\ntwice',
      handling: 'Fix it',
    });
    assert.equal(p.entries.length, 2);
  });

  it('reports a row cut short and a row with a missing cell', () => {
    const cut = PIPE.replace('| Retry. |', '| Ret');
    expectImportError(() => importPage(cut, 'cut.md'), 'cut.md', lineOf(cut, '| 500'), /end with "\|"/);
    const missing = PIPE.replace('| Internal error. ', '');
    const p = importPage(missing, 'missing.md');
    assert.equal(p.problems[0].line, lineOf(missing, '| 500'));
    assert.match(p.problems[0].expected, /expected 5 cells/);
  });
});

describe('one cell per line', () => {
  it('keeps a bullet list that goes on from a cell, and stops at the text after the table', () => {
    const p = importPage(CELLS, 'demo.txt');
    assert.deepEqual(p.problems, []);
    assert.equal(p.entries.length, 2);
    assert.equal(p.entries[0].handling, 'Ensure that the name meets these requirements:\n\n  • It is short.\n  • It has letters only.');
    assert.equal(p.entries[1].handling, 'Retry later.');
    assert.equal(p.entries[1].line, lineOf(CELLS, '500'));
  });

  it('reports a row with a missing cell at that row', () => {
    const missing = CELLS.replace('The name is bad.\n\n', '');
    const p = importPage(missing, 'missing.txt');
    assert.equal(p.problems.length, 1);
    assert.equal(p.problems[0].line, lineOf(missing, '400'));
    assert.match(p.problems[0].expected, /expected 5 cells .*found 4/);
  });

  it('reports a header not followed by a row', () => {
    const noRow = CELLS.replace('400\n\nDEMO.0001', 'four hundred\n\nDEMO.0001');
    expectImportError(() => importPage(noRow, 'norow.txt'), 'norow.txt', lineOf(noRow, 'four hundred'), /first row right after the header/);
  });
});

describe('pages without a usable table', () => {
  it('names the page when there is no table at all', () => {
    expectImportError(() => importPage('# Title\n\nNothing here.\n', 'empty.md'), 'empty.md', 0, /expected a table/);
  });

  it('names the header line when a table has no code column', () => {
    const text = '| Name | Value |\n|---|---|\n| a | b |\n';
    expectImportError(() => importPage(text, 'params.md'), 'params.md', 1, /header row naming .*error code/);
  });
});

describe('header guessing', () => {
  const cells = (...names: string[]) => names.map((text) => ({ text, line: 1 }));
  it('knows English and Chinese names and maps a lone description to the message', () => {
    const zh = guessColumns(cells('状态码', '错误码', '错误信息', '描述', '处理措施'), 'f', 1);
    assert.deepEqual(zh.index, { status: 0, code: 1, message: 2, description: 3, handling: 4 });
    const swr = guessColumns(cells('Status Code', 'Error Code', 'Description'), 'f', 1);
    assert.deepEqual(swr.index, { status: 0, code: 1, message: 2 });
    const extra = guessColumns(cells('Error Code', 'HTTP Status', 'Error Message', 'Remarks'), 'f', 1);
    assert.deepEqual(extra.index, { code: 0, status: 1, message: 2 });
    assert.deepEqual(extra.ignored, ['Remarks']);
  });

  it('refuses two columns of one kind', () => {
    assert.throws(() => guessColumns(cells('Status Code', 'Error Code', 'Message', 'Error Message'), 'f', 7), /f:1: expected one message column/);
  });
});

describe('response body samples', () => {
  it('finds where the code and the message sit, for the three shapes the services use', () => {
    assert.deepEqual(guessBodyPaths('[{"errorCode": "A.1", "errorMessage": "m", "detail": ""}]'), {
      codePath: '[].errorCode',
      messagePath: '[].errorMessage',
      otherPaths: ['[].detail'],
      sampleCode: 'A.1',
    });
    assert.deepEqual(guessBodyPaths('{"error": {"message": "m", "code": "IMG.0024"}}'), {
      codePath: 'error.code',
      messagePath: 'error.message',
      otherPaths: [],
      sampleCode: 'IMG.0024',
    });
    assert.equal(guessBodyPaths('{"error_msg": "m", "error_code": "AS.0001"}')?.codePath, 'error_code');
    assert.equal(guessBodyPaths('not json'), undefined);
  });

  it('takes the sample from an RST literal block', () => {
    assert.equal(importPage(RST, 'demo.rst').sample?.text, '{"error_code": "DEMO.0001", "error_msg": "x"}');
  });
});

describe('families and statuses', () => {
  it('splits a code after its last non-digit and reads the status only from seven digits', () => {
    assert.deepEqual(splitCode('SVCSTG.S2I.4019000'), { prefix: 'SVCSTG.S2I.', digits: '4019000' });
    assert.equal(splitCode('NODIGITS'), undefined);
    const seven = { prefix: 'X.', minDigits: 7, maxDigits: 7 };
    assert.equal(embeddedStatus('X.4040204', seven), 404);
    assert.equal(embeddedStatus('X.0040204', seven), undefined);
    assert.equal(embeddedStatus('IMG.0404', { prefix: 'IMG.', minDigits: 4, maxDigits: 4 }), undefined);
  });
});

function sourced(text: string, file: string, id: string, locale: 'en' | 'zh-CN', priority: number): SourcedPage {
  const imported: PageImport = importPage(text, file);
  return { source: { id, file, locale, title: id, origin: 'test', layout: imported.layout }, priority, page: imported };
}

describe('merging pages', () => {
  const en = page(`
| Status Code | Error Code | Description |
|---|---|---|
| 400 | SVC.4000001 | Bad input. |
| 400 | SVC.4040002 | Not found. |
`);
  const zhOld = page(`
| 状态码 | 错误码 | 描述 |
|---|---|---|
| 400 | SVC.4000001 | 旧的。 |
| 400 | SVC.4040002 | 只有旧页有。 |
`);
  const zhNew = page(`
| 状态码 | 错误码 | 描述 |
|---|---|---|
| 400 | SVC.4000001 | 新的。 |
| 500 | SVC.5000003 | 只有新页有。 |
`);
  const pages = [sourced(en, 'en.md', 'p-en', 'en', 1), sourced(zhOld, 'old.md', 'p-old', 'zh-CN', 1), sourced(zhNew, 'new.md', 'p-new', 'zh-CN', 2)];
  const catalog = assembleCatalog({ id: 'svc', service: { en: 'Service' } }, pages);
  const byCode = (code: string): Entry => {
    const e = catalog.codes.find((c) => c.code === code);
    assert.ok(e, code);
    return e;
  };

  it('lets the higher priority win, keeps what only the lower has, and orders codes by first appearance', () => {
    assert.deepEqual(
      catalog.codes.map((c) => c.code),
      ['SVC.4000001', 'SVC.4040002', 'SVC.5000003'],
    );
    assert.deepEqual(byCode('SVC.4000001').message, { en: 'Bad input.', 'zh-CN': '新的。' });
    assert.deepEqual(byCode('SVC.4000001').origin, { 'message.en': 'p-en', 'message.zh-CN': 'p-new' });
    assert.equal(byCode('SVC.4040002').message['zh-CN'], '只有旧页有。');
    assert.equal(byCode('SVC.4040002').origin?.['message.zh-CN'], 'p-old');
  });

  it('computes status mismatches and single-locale codes', () => {
    assert.deepEqual(byCode('SVC.4040002').notes, [{ kind: 'statusMismatch', documented: 400, embedded: 404 }]);
    assert.deepEqual(byCode('SVC.5000003').notes, [{ kind: 'singleLocale', locale: 'zh-CN' }]);
    // The older Chinese page words SVC.4000001 differently: its wording is kept, naming the page.
    assert.deepEqual(byCode('SVC.4000001').notes, [{ kind: 'editorial', text: { 'zh-CN': '页面 p-old 的消息措辞不同：旧的。' } }]);
    assert.deepEqual(catalog.families, [{ pattern: 'SVC\\.[0-9]{7}', name: 'SVC' }]);
  });

  it('notes pages that disagree on a status', () => {
    const other = page(`
| Status Code | Error Code | Description |
|---|---|---|
| 404 | SVC.4000001 | Other. |
`);
    const merged = mergeEntries(
      [],
      [
        { id: 'a', locale: 'en', priority: 1, entries: importPage(en, 'a.md').entries },
        { id: 'b', locale: 'en', priority: 2, entries: importPage(other, 'b.md').entries },
      ],
    );
    assert.equal(merged[0].httpStatus, 404);
    assert.match(JSON.stringify(merged[0].notes), /400 \(a\), 404 \(b\)/);
  });

  it('folds a page into an existing catalog, filling gaps or overriding as asked', () => {
    const base = assembleCatalog({ id: 'svc', service: { en: 'Service' } }, [pages[0]]);
    const filled = mergeIntoCatalog(base, pages[2], { pageWins: false });
    assert.equal(filled.codes.length, 3);
    assert.equal(filled.sources.length, 2);
    assert.equal(filled.codes.find((c) => c.code === 'SVC.4040002')?.notes?.[0].kind, 'statusMismatch');
    const again = mergeIntoCatalog(filled, pages[2], { pageWins: true });
    assert.equal(serializeCatalog(again), serializeCatalog(filled), 'merging the same page twice changes nothing');
  });
});

describe('build-catalogs on a folder of sources', () => {
  const good = page(`
| Status Code | Error Code | Description |
|---|---|---|
| 400 | SVC.4000001 | Bad input. |
`);
  const bad = page(`
| Status Code | Error Code | Description |
|---|---|---|
| 400 | SVC.4000001 | Bad input. |
| 500 | SVC.5000002 |
`);
  function folder(second: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'error-codes-importer-'));
    mkdirSync(path.join(dir, 'sources'));
    const pageEntry = (id: string, file: string) => ({ id, file, locale: 'en', priority: 1, title: id, origin: 'test' });
    const recipe = {
      catalogs: [
        { id: 'one', service: { en: 'One' }, pages: [pageEntry('one-en', 'one.md')] },
        { id: 'two', service: { en: 'Two' }, pages: [pageEntry('two-en', 'two.md')] },
      ],
    };
    writeFileSync(path.join(dir, 'sources', 'recipe.json'), JSON.stringify(recipe));
    writeFileSync(path.join(dir, 'sources', 'one.md'), good);
    writeFileSync(path.join(dir, 'sources', 'two.md'), second);
    return dir;
  }

  it('writes every catalog when every page imports, with no temporary file left', () => {
    const dir = folder(good);
    try {
      writeCatalogs(buildCatalogs(dir));
      assert.deepEqual(readdirSync(dir).sort(), ['one.json', 'sources', 'two.json']);
      assert.equal(JSON.parse(readFileSync(path.join(dir, 'one.json'), 'utf8')).codes.length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing when one page is malformed, and names its file and line', () => {
    const dir = folder(bad);
    try {
      writeFileSync(path.join(dir, 'one.json'), 'old content');
      const file = path.join(dir, 'sources', 'two.md');
      expectImportError(() => writeCatalogs(buildCatalogs(dir)), file, lineOf(bad, '| 500'), /expected 3 cells/);
      assert.equal(readFileSync(path.join(dir, 'one.json'), 'utf8'), 'old content');
      assert.equal(existsSync(path.join(dir, 'two.json')), false);
      assert.deepEqual(readdirSync(dir).sort(), ['one.json', 'sources']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an annotation for a code the pages do not document', () => {
    const dir = folder(good);
    try {
      const recipeFile = path.join(dir, 'sources', 'recipe.json');
      const recipe = JSON.parse(readFileSync(recipeFile, 'utf8'));
      writeFileSync(recipeFile, JSON.stringify({ ...recipe, annotations: 'annotations.json' }));
      const note = { kind: 'descriptionDiffers', text: { en: 'x' } };
      writeFileSync(path.join(dir, 'sources', 'annotations.json'), JSON.stringify({ one: { 'SVC.9999999': [note] } }));
      assert.throws(() => buildCatalogs(dir), /annotations\.json: one\.SVC\.9999999: expected a code of catalog "one"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the recipe', () => {
  const pageEntry = { id: 'p-en', file: 'p.md', locale: 'en', priority: 1, title: 'P', origin: 'test' };
  const recipe = (catalog: Record<string, unknown>) => JSON.stringify({ catalogs: [{ id: 'svc', service: { en: 'Svc' }, pages: [pageEntry], ...catalog }] });

  it('reads a valid recipe', () => {
    assert.deepEqual(parseRecipe(recipe({}), 'recipe.json').catalogs[0].pages, [pageEntry]);
  });

  it('says which entry of the recipe is wrong and what it should be', () => {
    assert.throws(() => parseRecipe('[]', 'recipe.json'), /recipe\.json: recipe: expected an object/);
    assert.throws(
      () => parseRecipe(recipe({ pages: [{ ...pageEntry, locale: 'fr' }] }), 'recipe.json'),
      /catalogs\[0\]\.pages\[0\]\.locale: expected one of en, zh-CN/,
    );
    assert.throws(
      () => parseRecipe(recipe({ pages: [{ ...pageEntry, file: '../../etc/passwd' }] }), 'recipe.json'),
      /pages\[0\]\.file: expected a file name inside the sources folder/,
    );
    assert.throws(
      () => parseRecipe(recipe({ responseBody: { from: 'nope' } }), 'recipe.json'),
      /responseBody\.from: expected the id of one of the catalog's pages/,
    );
    assert.throws(() => parseRecipe(recipe({ pages: [pageEntry, pageEntry] }), 'recipe.json'), /pages\[1\]\.id: expected a unique id/);
  });

  it('refuses a page file that starts at a root on any system, whatever system reads the recipe', () => {
    for (const file of ['/etc/passwd', '\\server\\share\\p.md', 'C:\\p.md', 'c:p.md']) {
      assert.throws(
        () => parseRecipe(recipe({ pages: [{ ...pageEntry, file }] }), 'recipe.json'),
        /pages\[0\]\.file: expected a file name inside the sources folder/,
        file,
      );
    }
    assert.equal(parseRecipe(recipe({ pages: [{ ...pageEntry, file: 'zh/p.md' }] }), 'recipe.json').catalogs[0].pages[0].file, 'zh/p.md');
  });
});
