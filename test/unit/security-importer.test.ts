// Hostile pages for the importer, and hostile codes for "Add to catalog". The pages that took
// minutes before (quadratic in a cell of unclosed tags, in nested elements, in unclosed
// links and references, in a page of `{` or `::` lines) are imported through the command
// line in a child that is killed after a generous minute: the old code is still at work
// then, the new one long done. What they import is checked, not how fast.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCatalogFile } from '../../server/src/catalog/catalogFile';
import { CatalogStore } from '../../server/src/catalogStore';
import { addableCodeProblem, addCodeToCatalog } from '../../server/src/features/addToCatalog';
import { importPage, ImportError } from '../../server/src/importer';
import { MAX_HTML_DEPTH } from '../../server/src/importer/htmlTable';
import { runCli } from '../support/cli';
import { CATALOG_DIR, CLI_JS as CLI, ROOT } from '../support/root';
const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const rep = (s: string, size: number): string => s.repeat(Math.ceil(size / s.length));

const HTML_HEAD = '<table><tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr>\n';
const htmlRow = (code: string, message: string) => `<tr><td>400</td><td>${code}</td><td>${message}</td></tr>\n`;
const PIPE_HEAD = '| Status Code | Error Code | Error Message |\n| --- | --- | --- |\n';
const pipeRow = (code: string, message: string) => `| 400 | ${code} | ${message} |\n`;

function rstTable(rows: [string, string][]): string {
  const width = Math.max('Error Message'.length, ...rows.map(([, m]) => m.length));
  const border = (fill: string) => `+${fill.repeat(13)}+${fill.repeat(12)}+${fill.repeat(width + 2)}+\n`;
  const line = (a: string, b: string, c: string) => `| ${a.padEnd(11)} | ${b.padEnd(10)} | ${c.padEnd(width)} |\n`;
  return (
    border('-') + line('Status Code', 'Error Code', 'Error Message') + border('=') + rows.map(([code, m]) => line('400', code, m) + border('-')).join('') + '\n'
  );
}

/** `error-codes import PAGE --service demo` on a page of that text, killed after a minute. */
function importCli(name: string, text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-import-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, name), text);
  const r = runCli(['import', name, '--service', 'demo'], dir, { env: process.env, timeout: 60_000 });
  return { status: r.code, signal: r.signal, out: r.out, err: r.err };
}

describe('hostile HTML: nesting is bounded', () => {
  test('a 4 MB cell of unclosed inline tags is refused at once, naming the page, the line and the tag', () => {
    const page = HTML_HEAD + htmlRow('DEMO.0001', 'Fine.') + `\n<tr><td>400</td><td>DEMO.0002</td><td>${rep('<span>x ', 4_000_000)}</td></tr></table>\n`;
    const r = importCli('page.html', page);
    assert.equal(r.signal, null, 'the import finished');
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, new RegExp(`page\\.html:4: expected HTML elements nested at most ${MAX_HTML_DEPTH} deep; <span> here opens one more`));
  });

  test('4 MB of nested <div>s in a cell is refused the same way', () => {
    const r = importCli('page.html', HTML_HEAD + htmlRow('DEMO.0001', `${rep('<div>', 2_000_000)}x${rep('</div>', 2_000_000)}`) + '</table>\n');
    assert.equal(r.signal, null, 'the import finished');
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /page\.html:2: expected HTML elements nested at most \d+ deep; <div> here/);
  });

  test('a Markdown cell of unclosed inline tags is refused at its row', () => {
    const r = importCli('page.md', PIPE_HEAD + pipeRow('DEMO.0001', 'Fine.') + pipeRow('DEMO.0002', rep('<b>x ', 4_000_000)));
    assert.equal(r.signal, null, 'the import finished');
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /page\.md:4: expected HTML elements nested at most \d+ deep; <b> here/);
  });

  test('nesting up to the limit still imports, and unclosed tags close with their cell', () => {
    const depth = MAX_HTML_DEPTH - 10;
    const deep = `<div>${'<div>'.repeat(depth - 10)}${HTML_HEAD}${htmlRow('DEMO.0001', '<b>Bold <i>and <span>open')}${htmlRow('DEMO.0002', 'Second.')}</table>${'</div>'.repeat(depth - 9)}`;
    const page = importPage(deep, 'deep.html');
    assert.deepEqual(
      page.entries.map((e) => [e.code, e.message]),
      [
        ['DEMO.0001', '`Bold and open`'],
        ['DEMO.0002', 'Second.'],
      ],
    );
    // Every cell may hold nearly the limit of unclosed tags: the count starts again at each cell.
    const sloppy =
      HTML_HEAD +
      Array.from({ length: 50 }, (_, i) => htmlRow(`DEMO.${String(i).padStart(4, '0')}`, `${'<span>'.repeat(MAX_HTML_DEPTH - 10)}Row ${i}.`)).join('') +
      '</table>';
    const rows = importPage(sloppy, 'sloppy.html').entries;
    assert.equal(rows.length, 50);
    assert.equal(rows[49].message, 'Row 49.');
  });

  test('the first problem of the page wins over the nesting', () => {
    const page = `${HTML_HEAD}<td>400</td>${rep('<b>', MAX_HTML_DEPTH * 2)}</table>`;
    assert.throws(
      () => importPage(page, 'p.html'),
      (err: unknown) => err instanceof ImportError && /expected <td> inside a <tr>/.test(err.message),
    );
  });
});

describe('hostile inline markup: each unclosed construct is read once', () => {
  const cases: [string, string, (size: number) => string][] = [
    ['unclosed links [a](b', 'page.md', (n) => PIPE_HEAD + pipeRow('DEMO.0001', 'Fine.') + pipeRow('DEMO.0002', rep('[a](b ', n))],
    ['unclosed images ![a', 'page.md', (n) => PIPE_HEAD + pipeRow('DEMO.0001', 'Fine.') + pipeRow('DEMO.0002', rep('![a ', n))],
    ['a run of back-quotes', 'page.md', (n) => PIPE_HEAD + pipeRow('DEMO.0001', 'Fine.') + pipeRow('DEMO.0002', `${rep('`', n)}a`)],
    [
      'unclosed references `a <b',
      'page.rst',
      (n) =>
        rstTable([
          ['DEMO.0001', 'Fine.'],
          ['DEMO.0002', rep('`a <b ', n)],
        ]),
    ],
    [
      'a reference then blanks',
      'page.rst',
      (n) =>
        rstTable([
          ['DEMO.0001', 'Fine.'],
          ['DEMO.0002', `\`a${rep(' ', n)}x`],
        ]),
    ],
  ];
  for (const [what, name, make] of cases) {
    test(`a 1 MB cell of ${what} is read, and reported as too long`, () => {
      const r = importCli(name, make(1_000_000));
      assert.equal(r.signal, null, 'the import finished');
      assert.equal(r.status, 1, r.err);
      assert.match(
        r.err,
        new RegExp(`${name.replace('.', '\\.')}:\\d+: row not read: expected at most 4000 characters for DEMO\\.0002 in column "Error Message", found \\d{6,}`),
      );
      assert.deepEqual(
        JSON.parse(r.out).codes.map((c: { code: string }) => c.code),
        ['DEMO.0001'],
      );
    });
  }

  test('what the patterns still rewrite', () => {
    const md = importPage(
      PIPE_HEAD + pipeRow('DEMO.0001', 'See [the guide](https://e.example/a "t"), ![x](i.png), ``a `` and `` `b` ``') + pipeRow('DEMO.0002', '[a](b [c](d)'),
      'p.md',
    );
    assert.deepEqual(
      md.entries.map((e) => e.message),
      ['See the guide, x, `a` and `` `b` ``', '[a](b c'],
    );
    const rst = importPage(rstTable([['DEMO.0001', 'See `the guide <https://e.example>`_ and `other   <x>`__ and `a <b `c <d>`_']]), 'p.rst');
    assert.equal(rst.entries[0].message, 'See the guide and other and `a <b c');
  });
});

describe('hostile pages: the sample response body is found in one pass', () => {
  test('a page of 1 MB of unclosed { lines imports without a sample', () => {
    const r = importCli('page.md', PIPE_HEAD + pipeRow('DEMO.0001', 'Fine.') + '\n' + rep('{\n', 1_000_000));
    assert.equal(r.signal, null, 'the import finished');
    assert.equal(r.status, 0, r.err);
    assert.equal(JSON.parse(r.out).responseBody, undefined);
  });

  test('a page of 1 MB of indented :: lines imports without a sample', () => {
    const r = importCli('page.rst', rstTable([['DEMO.0001', 'Fine.']]) + rep(' a::\n', 1_000_000));
    assert.equal(r.signal, null, 'the import finished');
    assert.equal(r.status, 0, r.err);
    assert.equal(JSON.parse(r.out).responseBody, undefined);
  });

  test('the sample is still the first bracket that closes, after unclosed ones', () => {
    const sample = '{\n  "error_code": "DEMO.0001",\n  "error_msg": "x"\n}';
    const page = `${PIPE_HEAD}${pipeRow('DEMO.0001', 'Fine.')}\n{\n[\n${sample}\n`;
    assert.deepEqual(importPage(page, 'p.md').sample, { text: sample, line: 7 });
    const outer = `${PIPE_HEAD}${pipeRow('DEMO.0001', 'Fine.')}\n{ "a":\n${sample}\n}\n`;
    assert.deepEqual(importPage(outer, 'p.md').sample, { text: `{ "a":\n${sample}\n}`, line: 5 });
  });

  test('a sample block of 300,000 lines is read (the indentation was cut with a spread that overflowed the stack)', () => {
    const body = `{\n  "error_code": "DEMO.0001",\n  "error_msg": "x",\n  "pad": [\n${'    1,\n'.repeat(300_000)}    1\n  ]\n}`;
    const page = rstTable([['DEMO.0001', 'Fine.']]) + 'Example::\n\n' + body.replace(/^/gm, '    ') + '\n\nEnd.\n';
    const read = importPage(page, 'p.rst');
    assert.equal(read.sample?.text, body);
  });
});

describe('adding a hostile code to the workspace catalog', () => {
  const store = new CatalogStore(() => undefined, CATALOG_DIR);
  store.load();
  const bad: [string, unknown][] = [
    ['empty', ''],
    ['too short', 'ab'],
    ['a control character', 'SVC\u0000.0001'],
    ['a line break and markup', 'IMG.0001\n# Owned'],
    ['a prototype key', '__proto__'],
    ['another prototype key', 'constructor'],
    ['5 MB long', `IMG.${'1'.repeat(5_000_000)}`],
    ['without digits', 'NODIGITS'],
    ['digits only', '1234567'],
    ['not a string', { toString: () => 'IMG.0001' }],
  ];
  for (const [what, code] of bad) {
    test(`a code ${what} is refused with a short message, and no text is made`, () => {
      const problem = addableCodeProblem(code, store.index);
      assert.match(problem ?? '', /^expected /);
      assert.ok(problem!.length < 250, problem);
      assert.doesNotMatch(problem!, /[\u0000-\u001f]/);
      if (typeof code === 'string') {
        assert.equal(addCodeToCatalog(undefined, code, store.index), undefined);
        assert.equal(addCodeToCatalog('{ "codes": [] }', code, store.index), undefined);
      }
    });
  }

  test('a good code is accepted and what is written loads', () => {
    assert.equal(addableCodeProblem('DEMO-X.0001', store.index), undefined);
    const r = addCodeToCatalog(undefined, 'DEMO-X.0001', store.index);
    assert.ok(r && r !== 'present');
    assert.ok(parseCatalogFile(r.text, 'workspace.json').catalog);
  });
});

describe('the $schema of an imported catalog', () => {
  const page = PIPE_HEAD + pipeRow('DEMO.0001', 'Fine.');

  test('a catalog imported to standard output or to a file names no schema that is not beside it', () => {
    const r = importCli('page.md', page);
    assert.equal(r.status, 0, r.err);
    assert.equal('$schema' in JSON.parse(r.out), false);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-import-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'page.md'), page);
    const out = path.join('.vscode', 'error-codes', 'demo.json');
    const w = spawnSync(process.execPath, [CLI, 'import', 'page.md', '--service', 'demo', '--out', out], { cwd: dir, encoding: 'utf8' });
    assert.equal(w.status, 0, w.stderr);
    const written = JSON.parse(fs.readFileSync(path.join(dir, out), 'utf8'));
    assert.equal(written.$schema, undefined);
    assert.equal(written.codes[0].code, 'DEMO.0001');
  });

  test('--into drops the "./schema.json" earlier imports wrote when no schema is beside the file, and keeps any other', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-import-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'page.md'), PIPE_HEAD + pipeRow('DEMO.0002', 'More.'));
    const first = importCli('page.md', page);
    const catalog = JSON.parse(first.out);
    for (const [schema, kept] of [
      ['./schema.json', undefined],
      ['https://e.example/schema.json', 'https://e.example/schema.json'],
    ] as const) {
      fs.writeFileSync(path.join(dir, 'demo.json'), JSON.stringify({ $schema: schema, ...catalog }));
      const r = spawnSync(process.execPath, [CLI, 'import', 'page.md', '--into', 'demo.json'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const merged = JSON.parse(fs.readFileSync(path.join(dir, 'demo.json'), 'utf8'));
      assert.equal(merged.$schema, kept);
      assert.deepEqual(
        merged.codes.map((c: { code: string }) => c.code),
        ['DEMO.0001', 'DEMO.0002'],
      );
    }
  });
});

describe('stack traces of the command line', () => {
  test('name the dist/cli.js that runs, not the copy that wrote the start-up cache', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-trace-'));
    dirs.push(root);
    fs.symlinkSync(path.join(ROOT, 'catalogs'), path.join(root, 'catalogs'));
    for (const copy of ['first', 'second']) {
      fs.mkdirSync(path.join(root, copy));
      fs.copyFileSync(CLI, path.join(root, copy, 'cli.js'));
    }
    // Writing the answer fails, so the command line prints the error with its stack.
    fs.writeFileSync(path.join(root, 'fail-output.js'), "process.stdout.write = () => { throw new Error('output refused'); };\n");
    const run = (copy: string) =>
      spawnSync(process.execPath, ['--require', path.join(root, 'fail-output.js'), path.join(root, copy, 'cli.js'), 'explain', 'IMG.0024'], {
        encoding: 'utf8',
        env: { ...process.env, LANG: 'C', XDG_CACHE_HOME: path.join(root, 'cache'), ERROR_CODES_NO_COMPILE_CACHE: '' },
      });
    const first = run('first');
    assert.match(first.stderr, /output refused/);
    assert.ok(first.stderr.includes(path.join(root, 'first', 'cli.js')), first.stderr);
    assert.equal(fs.readdirSync(path.join(root, 'cache', 'error-codes')).length, 1, 'the first run wrote its cache');
    const second = run('second');
    assert.match(second.stderr, /output refused/);
    assert.ok(second.stderr.includes(path.join(root, 'second', 'cli.js')), second.stderr);
    assert.ok(!second.stderr.includes(path.join(root, 'first')), second.stderr);
  });
});
