// Huge and hostile input: the command line on binary, non-UTF-8 and oversized files and on
// files of 100,000 codes; the language service's bounds on a document's problems; users'
// catalogs that are deep, huge, duplicated, or carry links, HTML and terminal escapes.
// Each file is made in the temp folder and removed; sizes stay moderate (figures: `npm run bench -- --only hostile`).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCatalogFile, MAX_CATALOG_BYTES } from '../../server/src/catalog/catalogFile';
import { CatalogStore } from '../../server/src/catalogStore';
import { fixAllEdits } from '../../server/src/features/actions';
import { catalogMarkdown } from '../../server/src/features/catalogView';
import { resolveCompletion } from '../../server/src/features/completion';
import { diagnose, MAX_PROBLEMS } from '../../server/src/features/diagnostics';
import { explanationMarkdownOf } from '../../server/src/features/explain';
import { hover } from '../../server/src/features/hover';
import { DEFAULT_SETTINGS } from '../../protocol';
import { runCli } from '../support/cli';
import { tempProject } from '../support/files';
import { goodCatalog } from '../support/fixtures';
import { CATALOG_DIR } from '../support/root';
import { context, document } from '../support/service';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string | Buffer>): string {
  const dir = tempProject(files, 'error-codes-hostile-');
  dirs.push(dir);
  return dir;
}

const run = (args: string[], cwd: string) => runCli(args, cwd);

/** Bytes that are not text: a NUL early, codes later (which must not be counted). */
function binary(): Buffer {
  const b = Buffer.alloc(64 * 1024);
  for (let i = 0; i < b.length; i++) b[i] = (i * 7919) & 0xff;
  b.write('\nSVCSTG.SWR.4001048\n', 20_000, 'latin1');
  return b;
}

/** `n` misspelled case labels (SRW for SWR), one a line: about 43 bytes each. */
function manyMisspellings(n: number): string {
  const lines = ['switch (code) {'];
  for (let i = 0; i < n; i++) lines.push(`  case "SVCSTG.SRW.4040010": return ${i};`);
  lines.push('}', '');
  return lines.join('\n');
}

describe('command line on hostile files', () => {
  test('a binary file renamed .log: scan and check skip it, say so, and count nothing of it', () => {
    const dir = project({ 'app.log': binary(), 'ok.log': 'ERROR SVCSTG.SWR.4001048\n' });
    const scan = run(['scan', '--format', 'json', 'app.log', 'ok.log'], dir);
    assert.equal(scan.code, 0);
    assert.match(scan.err, /skipped app\.log: binary file \(a NUL byte in its first 8 KiB\): not scanned/);
    const out = JSON.parse(scan.out) as { files: number; codes: { code: string; count: number }[] };
    assert.equal(out.files, 1, 'only the text log counts as scanned');
    assert.deepEqual(
      out.codes.map((c) => [c.code, c.count]),
      [['SVCSTG.SWR.4001048', 1]],
    );

    const check = run(['check', 'app.log'], dir);
    assert.equal(check.code, 0);
    assert.match(check.err, /skipped app\.log: a log or text file: `check` checks codes used in source code; `scan` counts the codes in logs/);
    const source = project({ 'h.ts': binary() });
    assert.match(run(['check', '.'], source).err, /skipped h\.ts: binary file \(a NUL byte at byte 1\): not checked/);
  });

  test('Latin-1 and GBK logs: scan finds the ASCII codes on their lines; check names the first byte that is not UTF-8', () => {
    const gbk = (s: string) => Buffer.from(s, 'latin1');
    const dir = project({
      'latin1.log': Buffer.from('Café: erreur\nrésumé SVCSTG.SWR.4001048 à côté\n', 'latin1'),
      // 镜像不存在 and 错误 in GBK, then the codes.
      'gbk.log': Buffer.concat([gbk('\xbe\xb5\xcf\xf1\xb2\xbb\xb4\xe6\xd4\xda\n'), gbk('\xb4\xed\xce\xf3 IMG.0024\n'), Buffer.from('ok SVCSTG.SWR.4040010\n')]),
      'gbk.ts': Buffer.concat([Buffer.from('if (c === "SVCSTG.SRW.4040010") {}\n// '), gbk('\xb4\xed\xce\xf3\n')]),
    });
    const scan = run(['scan', '--format', 'json', 'latin1.log', 'gbk.log'], dir);
    assert.equal(scan.code, 0);
    const codes = (JSON.parse(scan.out) as { codes: { code: string; first: { file: string; line: number } }[] }).codes;
    const first = Object.fromEntries(codes.map((c) => [c.code, c.first]));
    assert.deepEqual(first['SVCSTG.SWR.4001048'], { file: 'latin1.log', line: 2 });
    assert.deepEqual(first['IMG.0024'], { file: 'gbk.log', line: 2 });
    assert.deepEqual(first['SVCSTG.SWR.4040010'], { file: 'gbk.log', line: 3 });

    const check = run(['check', 'gbk.ts'], dir);
    assert.equal(check.code, 2, 'a file named and not checked is an input error');
    assert.equal(check.out, '', 'no problem is reported at a position that could be wrong');
    assert.match(check.err, /skipped gbk\.ts: not UTF-8 \(byte 0xB4 at line 2, byte 4 of the line\): not checked.*save it as UTF-8/);
  });

  test('a single-line file over errorCodes.maxFileSize is skipped by check with the setting named; scan reads it', () => {
    const line = `function f(a){return a==="SVCSTG.SRW.4040010"};`.repeat(4000);
    const dir = project({ 'min.js': line, '.error-codes.json': JSON.stringify({ maxFileSize: 100_000 }) });
    const check = run(['check', 'min.js'], dir);
    assert.equal(check.code, 2, 'a file named and not checked is an input error');
    assert.match(check.err, /skipped min\.js: larger than 100000 bytes \(errorCodes\.maxFileSize\)/);
    const scan = run(['scan', '--format', 'json', 'min.js'], dir);
    assert.equal((JSON.parse(scan.out) as { files: number }).files, 1);
  });

  test('100,000 misspelled codes: check lists every one at its line (no editor cap), exit 1; scan counts them all', () => {
    const n = 100_000;
    const dir = project({ 'h.ts': manyMisspellings(n), 'codes.log': 'E SVCSTG.SWR.4001048\n'.repeat(n) });
    const check = run(['check', '--format', 'json', 'h.ts'], dir);
    assert.equal(check.code, 1);
    const found = JSON.parse(check.out) as { line: number; column: number; code: string }[];
    assert.equal(found.length, n);
    assert.deepEqual([found[0].line, found[0].column], [2, 9]);
    assert.deepEqual([found[n - 1].line, found[n - 1].column, found[n - 1].code], [n + 1, 9, 'SVCSTG.SRW.4040010']);
    const scan = JSON.parse(run(['scan', '--format', 'json', 'codes.log'], dir).out) as { codes: { count: number }[] };
    assert.equal(scan.codes[0].count, n);
  });

  test('a catalog problem quoting escapes and links prints them inert', () => {
    const dir = project({
      '.vscode/error-codes/bad.json': JSON.stringify({
        id: 'bad',
        service: { en: 'Bad' },
        families: [{ pattern: 'APIGW\\.[0-9]{4}', name: 'APIGW' }],
        codes: [{ code: 'APIGW.0001', httpStatus: '[Run](command:workbench.action.terminal.new)\u001b[2J', message: { en: 'x' } }],
      }),
    });
    const r = run(['explain', 'IMG.0024'], dir);
    assert.equal(r.code, 0, 'the bundled catalogs still explain');
    assert.match(r.err, /bad\.json:1:\d+: codes\[0\] \(APIGW\.0001\)\.httpStatus: expected an integer/);
    assert.doesNotMatch(r.err, /\u001b/);
    assert.doesNotMatch(r.err, /\]\(command:/);
  });
});

describe("bounds on a document's problems", () => {
  test(`an editor is given at most ${MAX_PROBLEMS} problems and a note of the rest, where the first left out stands`, () => {
    const doc = document(manyMisspellings(1500));
    const found = diagnose(doc, context());
    assert.equal(found.length, MAX_PROBLEMS + 1);
    const last = found[found.length - 1];
    assert.equal(last.code, 'tooManyProblems');
    assert.match(String(last.message), /^500 more error-code problems in this file are not listed \(at most 1000 per file\), starting here\.$/);
    assert.deepEqual(last.range.start, { line: MAX_PROBLEMS + 1, character: 8 });
    assert.equal(fixAllEdits(doc, context()).length, 1500, 'fix-all still fixes every one');
  });

  test('past 100,000 codes the check stops, and says where, rather than dropping a later misspelling silently', () => {
    const text = `const all = "${'SVCSTG.SWR.4040010 '.repeat(100_000)}";\nif (c === "SVCSTG.SRW.4040010") {}\n`;
    const found = diagnose(document(text), context({ maxFileSize: 10_000_000 }));
    assert.equal(found.length, 1);
    assert.equal(found[0].code, 'notChecked');
    assert.match(String(found[0].message), /stopped here, after 100000 codes: the rest of this file is not checked/);
    assert.deepEqual(found[0].range.start, { line: 1, character: 11 }, 'at the first code left unchecked');
  });
});

describe('hostile catalogs', () => {
  test('deep nesting, alias bombs, duplicates and control characters are problems with a place, never exceptions', () => {
    const deep = parseCatalogFile(`{"id": "x", "families": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'deep.json');
    assert.match(deep.problem?.message ?? '', /^nested more than 64 levels deep: not read/);
    assert.equal(deep.problem?.range.start.character, 24 + 63);
    const deepYaml = parseCatalogFile(`id: x\nfamilies: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'deep.yaml');
    assert.equal(deepYaml.problem?.range.start.line, 1);
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0; i < 9; i++) {
      const p = String.fromCharCode(97 + i);
      const q = String.fromCharCode(98 + i);
      bomb += `${q}: &${q} [${Array(9).fill(`*${p}`).join(', ')}]\n`;
    }
    assert.match(parseCatalogFile(bomb, 'bomb.yaml').problem?.message ?? '', /^invalid YAML: Excessive alias count/);
    const dup = parseCatalogFile(goodCatalog('m').replace('"httpStatus":401', '"httpStatus":401,"httpStatus":404'), 'dup.json');
    assert.match(dup.problem?.message ?? '', /the key "httpStatus" appears twice in one object/);
    assert.equal(dup.problem?.range.start.character, goodCatalog('m').indexOf('"httpStatus"') + '"httpStatus":401,'.length);
    const twice = JSON.parse(goodCatalog('m'));
    twice.codes.push(twice.codes[0]);
    assert.match(
      parseCatalogFile(JSON.stringify(twice), 't.json').problem?.message ?? '',
      /codes\[1\]\.code: expected each code once; APIGW\.0301 appears twice/,
    );
    const escape = parseCatalogFile(goodCatalog('\u001b]52;c;cHduZWQ=\u0007 copied'), 'esc.json');
    assert.match(escape.problem?.message ?? '', /message\.en: expected text without control characters, found U\+001B at character 1/);
  });

  test('what a problem quotes from the file is short and cannot become a link', () => {
    const longKey = parseCatalogFile(goodCatalog('m').replace('"en":"m"', `"${'k'.repeat(1_000_000)}":"m"`), 'key.json');
    assert.ok((longKey.problem?.message.length ?? Infinity) <= 500, `${longKey.problem?.message.length} characters`);
    assert.match(longKey.problem?.message ?? '', /message\."k+\.\.\.": expected a locale/);
    const link = parseCatalogFile(goodCatalog('m').replace('APIGW\\\\.[0-9]{4}', '[x](command:workbench.action.terminal.new)'), 'link.json');
    assert.match(link.problem?.message ?? '', /pattern "\[x\] \(command:workbench/);
    const huge = parseCatalogFile(goodCatalog('x'.repeat(5_000_000)), 'huge.json');
    assert.match(huge.problem?.message ?? '', /message\.en: expected at most 4000 characters, found 5000000/);
  });

  test('the store refuses a file over the size limit unread, and keeps the last good version of a broken one', () => {
    const dir = project({ 'team.json': goodCatalog('Good text.') });
    const file = path.join(dir, 'team.json');
    const reported: string[] = [];
    const store = new CatalogStore((m) => reported.push(m), CATALOG_DIR);
    store.load();
    store.setFiles([{ file, kind: 'configured' }]);
    assert.equal(store.index.get('APIGW.0301')?.entry.message.en, 'Good text.');
    fs.writeFileSync(file, `{"pad": "${'x'.repeat(MAX_CATALOG_BYTES)}"}`);
    store.refresh(file);
    assert.match(store.problems()[0]?.message ?? '', /^\d+ bytes, larger than the 20971520 a catalog may have: not read$/);
    assert.equal(store.index.get('APIGW.0301')?.entry.message.en, 'Good text.', 'the last good version stays');
    fs.writeFileSync(file, `{"codes": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    store.refresh(file);
    assert.match(store.problems()[0]?.message ?? '', /nested more than 64 levels deep/);
    assert.equal(store.index.get('APIGW.0301')?.entry.message.en, 'Good text.');
    assert.ok(store.index.get('SVCSTG.SWR.4001048'), 'the bundled catalogs are untouched');
  });

  test("links, images, HTML and scripts in a catalog's texts stay inert in hover, completion, explain and the catalog page", () => {
    const evil =
      '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> <script>alert(1)</script> ![i](https://e.example/x.png) <https://e.example>';
    const catalog = JSON.parse(goodCatalog(evil));
    catalog.service = { en: `Team ${evil}` };
    catalog.codes[0].description = { en: `\`code\` then ${evil}` };
    catalog.codes[0].handling = { en: evil };
    catalog.codes[0].notes = [{ kind: 'editorial', text: { en: evil } }];
    catalog.responseBody = {
      codePath: 'error_code` [x](command:workbench.action.terminal.new) `',
      messagePath: 'a\n\n<script>x</script>',
      sample: '```\n<script>alert(1)</script>\n```',
      source: 'page',
    };
    const parsed = parseCatalogFile(JSON.stringify(catalog), 'evil.json');
    assert.ok(parsed.catalog, parsed.problem?.message);
    const store = new CatalogStore(() => undefined, CATALOG_DIR);
    store.load();
    const dir = project({ 'evil.json': JSON.stringify(catalog) });
    store.setFiles([{ file: path.join(dir, 'evil.json'), kind: 'configured' }]);
    const ctx = { index: store.index, settings: structuredClone(DEFAULT_SETTINGS), displayLanguage: 'en' };
    const entry = store.index.get('APIGW.0301')!;
    const doc = document('if (code === "APIGW.0301") {}');
    const shown = [
      (hover(doc, { line: 0, character: 16 }, ctx)?.contents as { value: string }).value,
      (resolveCompletion({ label: 'APIGW.0301', data: 'en' }, store.index).documentation as { value: string }).value,
      explanationMarkdownOf(entry, 'en'),
      catalogMarkdown(store.loaded[store.loaded.length - 1], 'en'),
    ];
    for (const md of shown) {
      // Outside code spans and fences, every markup character is escaped.
      const prose = md.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      assert.doesNotMatch(prose, /(?<!\\)\]\(|(?<!\\)<(?:img|script|https)|(?<!\\)!\[/, md);
      assert.match(md, /click/);
    }
    assert.doesNotMatch(shown[3], /\n\n<script>/, 'a path cannot end its code span with a blank line');
  });
});
