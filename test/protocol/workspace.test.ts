// The workspace scan through the real server: files checked from disk without being
// opened, logs summarised, ignored places left alone, changes on disk picked up.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, WorkspaceDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import type { WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import type { CodeOccurrences } from '../../protocol';
import { LspClient } from './client';
import { tempProject } from '../support/files';
import { HANDLER } from '../support/fixtures';
const LOG = [
  '2026-11-20 ERROR [{"errorCode": "SVCSTG.SWR.4040010", "errorMessage": "The image does not exist."}]',
  '2026-11-20 ERROR {"error": {"message": "x", "code": "IMG.0024"}}',
  '2026-11-20 日志 错误 [{"errorCode": "SVCSTG.SWR.4040010"}] and SVCSTG.SWR.4000306',
].join('\n');

let server: LspClient | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

const uriOf = (dir: string, rel: string) => pathToFileURL(path.join(dir, rel)).href;

describe('workspace scan', () => {
  test('problems of files never opened are published; ignored places are not read', async () => {
    const dir = tempProject({
      'src/handler.ts': HANDLER,
      'node_modules/dep/index.ts': HANDLER,
      'build/gen.ts': HANDLER,
      '.gitignore': 'build/\n',
      'logs/app.log': LOG,
    });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const published = await server.diagnostics(uriOf(dir, 'src/handler.ts'));
    assert.equal(published.diagnostics.length, 1);
    assert.match(String(published.diagnostics[0].message), /did you mean `SVCSTG\.SWR\.4040010`/);
    await server.scannedCodes();
    const uris = new Set(server.published.map((p) => p.params.uri));
    assert.ok(!uris.has(uriOf(dir, 'node_modules/dep/index.ts')));
    assert.ok(!uris.has(uriOf(dir, 'build/gen.ts')));
  });

  test("the view data groups codes by service with counts and messages; a code's exact places are asked for apart", async () => {
    const dir = tempProject({ 'logs/app.log': LOG, 'src/handler.ts': HANDLER });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const codes = await server.scannedCodes();
    const swr = codes.services.find((x) => x.id === 'swr')!;
    assert.ok(swr, JSON.stringify(codes));
    const image = swr.codes.find((c) => c.code === 'SVCSTG.SWR.4040010')!;
    assert.equal(image.count, 2);
    assert.equal(image.httpStatus, 404);
    assert.equal(image.message, 'The image does not exist.');
    // The answer carries no places: they are fetched when the user opens the code.
    assert.ok(!('occurrences' in image), JSON.stringify(image));
    const places = await server.request<CodeOccurrences>('errorCodes/codeOccurrences', { code: 'SVCSTG.SWR.4040010' });
    assert.equal(places.length, 2);
    assert.deepEqual(places[1], { uri: uriOf(dir, 'logs/app.log'), line: 2, character: LOG.split('\n')[2].indexOf('SVCSTG') });
    assert.deepEqual(await server.request<CodeOccurrences>('errorCodes/codeOccurrences', { code: 'SVCSTG.SWR.9999999' }), []);
    const typo = await server.request<CodeOccurrences>('errorCodes/codeOccurrences', { code: 'SVCSTG.SRW.4040010' });
    assert.deepEqual(typo, [{ uri: uriOf(dir, 'src/handler.ts'), line: 1, character: HANDLER.split('\n')[1].indexOf('SVCSTG') }]);
    assert.equal(swr.codes.find((c) => c.code === 'SVCSTG.SWR.4000306')?.status, 'unknown');
    assert.equal(swr.codes.find((c) => c.code === 'SVCSTG.SRW.4040010')?.status, 'misspelled');
    assert.ok(codes.services.some((x) => x.id === 'ims' && x.codes[0].code === 'IMG.0024'));
  });

  test("a file fixed on disk loses its problem; closing an open file keeps the disk version's", async () => {
    const dir = tempProject({ 'src/a.ts': HANDLER, 'src/b.ts': HANDLER });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    await s.diagnostics(uriOf(dir, 'src/a.ts'));
    fs.writeFileSync(path.join(dir, 'src/a.ts'), HANDLER.replace('SRW', 'SWR'));
    let mark = s.mark();
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(dir, 'src/a.ts'), type: FileChangeType.Changed }] });
    assert.deepEqual((await s.diagnostics(uriOf(dir, 'src/a.ts'), { after: mark })).diagnostics, []);

    await s.diagnostics(uriOf(dir, 'src/b.ts'));
    await s.open(uriOf(dir, 'src/b.ts'), 'typescript', HANDLER);
    await s.diagnostics(uriOf(dir, 'src/b.ts'), { version: 1 });
    mark = s.mark();
    await s.close(uriOf(dir, 'src/b.ts'));
    const after = await s.diagnostics(uriOf(dir, 'src/b.ts'), { after: mark });
    assert.equal(after.diagnostics.length, 1, 'still listed after closing');
  });

  test('a large file is checked in slices: its problems and its codes are all there', async () => {
    const line = 'const a = "SVCSTG.SWR.4040010"; // padding padding padding padding\n';
    const big = line.repeat(2000) + HANDLER;
    assert.ok(big.length > 100_000);
    const dir = tempProject({ 'src/big.ts': big });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const published = await server.diagnostics(uriOf(dir, 'src/big.ts'));
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0].range.start.line, 2001);
    const codes = await server.scannedCodes();
    const swr = codes.services.find((x) => x.id === 'swr')!;
    assert.equal(swr.codes.find((c) => c.code === 'SVCSTG.SWR.4040010')?.count, 2000);
    assert.equal(swr.codes.find((c) => c.code === 'SVCSTG.SRW.4040010')?.status, 'misspelled');
    const places = await server.request<CodeOccurrences>('errorCodes/codeOccurrences', { code: 'SVCSTG.SWR.4040010' });
    assert.equal(places.length, 50, 'the first 50 places');
    assert.deepEqual(places[49], { uri: uriOf(dir, 'src/big.ts'), line: 49, character: line.indexOf('SVCSTG') });
  });

  test('a client that takes partial results gets a long workspace answer in pieces, each file once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`src/h${i}.ts`] = HANDLER;
    const dir = tempProject(files);
    server = await LspClient.start({ workspaceFolders: [dir], pullDiagnostics: true });
    const s = server;
    await s.scannedCodes();
    const pieces: WorkspaceDocumentDiagnosticReport[][] = [];
    const sub = s.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, 'pieces', (p) => {
      pieces.push(p.items);
    });
    const answer = await s.connection
      .sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [], partialResultToken: 'pieces' })
      .finally(() => sub.dispose());
    assert.deepEqual(answer.items, []);
    assert.ok(pieces.length >= 3 && pieces.every((p) => p.length <= 64), `pieces of ${pieces.map((p) => p.length).join(', ')}`);
    const uris = pieces.flat().map((r) => r.uri);
    assert.equal(new Set(uris).size, 150);
    assert.equal(uris.length, 150);
    assert.ok(pieces.flat().every((r) => r.kind === 'full' && r.items.length === 1));
    // Without a token, the same answer comes whole.
    const whole = await s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    assert.equal(whole.items.length, 150);
  });

  test('turning the scan off withdraws what it published', async () => {
    const dir = tempProject({ 'src/a.ts': HANDLER });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    await s.diagnostics(uriOf(dir, 'src/a.ts'));
    s.settings = { workspace: { scan: false } };
    const mark = s.mark();
    await s.configurationChanged();
    assert.deepEqual((await s.diagnostics(uriOf(dir, 'src/a.ts'), { after: mark })).diagnostics, []);
  });
});
