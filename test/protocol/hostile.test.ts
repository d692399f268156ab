// Huge and hostile input through the real server over stdio: documents over the size limit,
// of 100,000 problems, with a 10 MB string literal; hostile catalogs in the workspace. After
// each the server is still up and answers hover. Figures: `npm run bench -- --only hostile`.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf } from './client';
import { tempProject } from '../support/files';
import { goodCatalog } from '../support/fixtures';

let server: LspClient | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string | Buffer>): string {
  const dir = tempProject(files, 'error-codes-hostile-');
  dirs.push(dir);
  return dir;
}

const TAIL = '\nif (c === "SVCSTG.SRW.4040010") {}\nif (c === "SVCSTG.SWR.4001048") {}\n';

async function hoverAt(s: LspClient, uri: string, text: string, needle: string): Promise<string> {
  return (await s.hoverText(uri, positionOf(text, needle, 3, text.split(needle).length - 2))) ?? '';
}

describe('huge documents over stdio', () => {
  test('a document over errorCodes.maxFileSize gets one note saying why it is not checked; hover still works', async () => {
    server = await LspClient.start({ settings: { maxFileSize: 1000 } });
    const text = `// ${'x'.repeat(2000)}${TAIL}`;
    await server.open('file:///big.ts', 'typescript', text);
    const { diagnostics } = await server.diagnostics('file:///big.ts', { version: 1 });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'notChecked');
    assert.match(String(diagnostics[0].message), /not checked: it has 2074 characters, more than errorCodes\.maxFileSize \(1000\)/);
    assert.match(await hoverAt(server, 'file:///big.ts', text, 'SVCSTG.SWR.4001048'), /Failed to obtain the token/);
  });

  test('100,000 misspelled codes: 1,000 problems and a note of the 99,000 more, where they begin; hover on the last answers', async () => {
    server = await LspClient.start({ deadlineMs: 60_000 });
    const lines = ['switch (code) {'];
    for (let i = 0; i < 100_000; i++) lines.push(`  case "SVCSTG.SRW.4040010": return ${i};`);
    const text = `${lines.join('\n')}\n}\n`;
    await server.open('file:///many.ts', 'typescript', text);
    const { diagnostics } = await server.diagnostics('file:///many.ts', { version: 1 });
    assert.equal(diagnostics.length, 1001);
    assert.equal(diagnostics[999].code, 'misspelled');
    const note = diagnostics[1000];
    assert.equal(note.code, 'tooManyProblems');
    assert.match(String(note.message), /^99000 more error-code problems in this file are not listed \(at most 1000 per file\)/);
    assert.deepEqual(note.range.start, { line: 1001, character: 8 });
    assert.match((await server.hoverText('file:///many.ts', { line: 100_000, character: 12 })) ?? '', /SVCSTG\.SRW\.4040010\*\* is not a known SWR error code/);
  });

  test('a 10 MB string literal: over the size limit it is noted; within a raised one the code after it is checked; hovers answer', async () => {
    const text = `const blob = "${'a.b SVCSTG '.repeat(1_000_000)}";${TAIL}`;
    server = await LspClient.start({ deadlineMs: 60_000 });
    await server.open('file:///blob.ts', 'typescript', text);
    const first = await server.diagnostics('file:///blob.ts', { version: 1 });
    assert.deepEqual(
      first.diagnostics.map((d) => d.code),
      ['notChecked'],
    );
    assert.match(await hoverAt(server, 'file:///blob.ts', text, 'SVCSTG.SWR.4001048'), /Failed to obtain the token/);
    await server.shutdown();

    server = await LspClient.start({ deadlineMs: 60_000, settings: { maxFileSize: 20_000_000 } });
    await server.open('file:///blob.ts', 'typescript', text);
    const checked = await server.diagnostics('file:///blob.ts', { version: 1 });
    assert.deepEqual(
      checked.diagnostics.map((d) => [d.code, d.range.start.line]),
      [['misspelled', 1]],
    );
    assert.match((await server.hoverText('file:///blob.ts', { line: 0, character: 5_000_000 })) ?? '', /^$/);
    assert.match(await hoverAt(server, 'file:///blob.ts', text, 'SVCSTG.SWR.4001048'), /Failed to obtain the token/);
  });
});

const SOURCE = 'if (code === "APIGW.0301" || code === "SVCSTG.SWR.4001048") {}\n';

describe('hostile catalogs over stdio', () => {
  test('deep, bomb, duplicate and huge catalogs are each reported by file; the bundled ones and a good one keep serving', async () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0; i < 9; i++) {
      const p = String.fromCharCode(97 + i);
      const q = String.fromCharCode(98 + i);
      bomb += `${q}: &${q} [${Array(9).fill(`*${p}`).join(', ')}]\n`;
    }
    const dup = JSON.parse(goodCatalog('dup'));
    dup.id = 'dup';
    dup.codes.push(dup.codes[0]);
    const dir = workspace({
      '.vscode/error-codes/a-deep.json': `{"id": "deep", "codes": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      '.vscode/error-codes/b-bomb.yaml': bomb,
      '.vscode/error-codes/c-dup.json': JSON.stringify(dup),
      '.vscode/error-codes/d-huge.json': `{"pad": "${'x'.repeat(21 * 1024 * 1024)}"}`,
      '.vscode/error-codes/e-link.json': goodCatalog('m').replace('APIGW\\\\.[0-9]{4}', '[Run](command:workbench.action.terminal.new)'),
      // A name is the user's to choose, link syntax and all; the catalog in it is broken.
      '.vscode/error-codes/f-[Run](command:workbench.action.terminal.new).json': '{"id": ',
      '.vscode/error-codes/z-good.json': goodCatalog('<img src=x onerror=alert(1)> [click](command:workbench.action.terminal.new) <script>alert(1)</script>'),
    });
    server = await LspClient.start({ workspaceFolders: [dir], deadlineMs: 30_000 });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    await s.open(uri, 'typescript', SOURCE);
    const expected: [string, RegExp][] = [
      ['a-deep.json', /nested more than 64 levels deep/],
      ['b-bomb.yaml', /Excessive alias count/],
      ['c-dup.json', /codes\[1\]\.code: expected each code once/],
      ['d-huge.json', /larger than the 20971520 a catalog may have: not read/],
      ['e-link.json', /families\[0\]\.pattern: pattern "\[Run\] \(command:/],
      ['f-[Run] (command:workbench.action.terminal.new).json', /f-\[Run\] \(command:workbench\.action\.terminal\.new\)\.json:1: /],
    ];
    for (const [file, problem] of expected) {
      const shown = await s.message(`the problem of ${file}`, (m) => m.message.includes(file));
      assert.match(String(shown.message), problem);
      assert.doesNotMatch(shown.message, /\]\(/, 'no link syntax reaches a notification');
    }
    const good = await s.eventually('the good catalog in the hover', async () => {
      const h = (await s.hoverText(uri, positionOf(SOURCE, 'APIGW.0301', 2))) ?? '';
      return h.includes('click') ? h : undefined;
    });
    assert.doesNotMatch(good, /(?<!\\)<(?:img|script)|(?<!\\)\]\(/);
    assert.match((await s.hoverText(uri, positionOf(SOURCE, 'SVCSTG.SWR.4001048', 2))) ?? '', /Failed to obtain the token/);
  });

  test('a catalog overwritten with 100,000 nested arrays keeps its last good version in force', async () => {
    const dir = workspace({ '.vscode/error-codes/team.json': goodCatalog('Good text.') });
    const file = path.join(dir, '.vscode/error-codes/team.json');
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    await s.open(uri, 'typescript', SOURCE);
    await s.eventually(
      'the catalog loaded',
      async () => ((await s.hoverText(uri, positionOf(SOURCE, 'APIGW.0301', 2))) ?? '').includes('Good text') || undefined,
    );
    fs.writeFileSync(file, `{"codes": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const mark = s.mark();
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(file).href, type: FileChangeType.Changed }] });
    const published = await s.diagnostics(pathToFileURL(file).href, { after: mark });
    assert.match(String(published.diagnostics[0]?.message), /nested more than 64 levels deep.*last good version stays in use/);
    assert.match((await s.hoverText(uri, positionOf(SOURCE, 'APIGW.0301', 2))) ?? '', /Good text/);
  });
});

describe('hostile files in the workspace scan', () => {
  test("a binary .log and a GBK source do not stop the scan: the readable files' codes are listed, the binary one's are not", async () => {
    const bin = Buffer.alloc(32 * 1024);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) & 0xff;
    bin.write('\nSVCSTG.SWR.4000306\n', 10_000, 'latin1');
    const dir = workspace({
      'logs/app.log': bin,
      'logs/gbk.log': Buffer.concat([Buffer.from([0xb4, 0xed, 0xce, 0xf3]), Buffer.from(' IMG.0024\n')]),
      'src/gbk.ts': Buffer.concat([Buffer.from('// '), Buffer.from([0xb4, 0xed, 0xce, 0xf3]), Buffer.from('\nif (c === "SVCSTG.SRW.4040010") {}\n')]),
      'src/ok.ts': 'if (c === "SVCSTG.SWR.4001048") {}\n',
    });
    server = await LspClient.start({ workspaceFolders: [dir], deadlineMs: 30_000 });
    const s = server;
    assert.deepEqual(await s.scannedCodeCounts(), [
      ['IMG.0024', 1],
      ['SVCSTG.SWR.4001048', 1],
    ]);
  });
});
