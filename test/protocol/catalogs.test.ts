// Users' catalogs through the real server: picked up from the workspace, reloaded live,
// broken ones reported without losing their last good version, trust honoured, and the
// add-to-catalog quick fix writing a catalog the server then loads.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, ExecuteCommandRequest, FileChangeType, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf } from './client';
import { tempProject } from '../support/files';

const catalog = (message: string, extra: object[] = []) =>
  JSON.stringify(
    {
      id: 'team',
      service: { en: 'Team additions' },
      families: [{ pattern: 'TEAMGW\\.[0-9]{4}', name: 'TEAMGW' }],
      codes: [{ code: 'TEAMGW.0301', httpStatus: 401, message: { en: message } }, ...extra],
    },
    null,
    2,
  );

const SOURCE = 'if (body.error_code === "TEAMGW.0301") { reauth(); }\n';

let server: LspClient | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

async function hoverOn(s: LspClient, uri: string): Promise<string> {
  return (await s.hoverText(uri, positionOf(SOURCE, 'TEAMGW.0301', 2))) ?? '';
}

async function fileChanged(s: LspClient, file: string, type: FileChangeType): Promise<void> {
  await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(file).href, type }] });
}

describe("users' catalogs", () => {
  test('a workspace catalog is picked up without configuration and reloaded when it changes on disk', async () => {
    const dir = tempProject({ '.vscode/error-codes/team.json': catalog('Incorrect IAM authentication information.') });
    const file = path.join(dir, '.vscode/error-codes/team.json');
    server = await LspClient.start({ workspaceFolders: [dir] });
    const uri = pathToFileURL(path.join(dir, 'src/h.ts')).href;
    await server.open(uri, 'typescript', SOURCE);
    const s = server;
    await s.eventually('the team catalog in the hover', async () => (await hoverOn(s, uri)).includes('Incorrect IAM') || undefined);
    assert.match(await hoverOn(s, uri), /team\.json/);
    assert.ok(
      s.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'),
      'the server watches catalog files',
    );

    fs.writeFileSync(file, catalog('Token expired; sign in again.'));
    await fileChanged(s, file, FileChangeType.Changed);
    await s.eventually('the new text in the hover', async () => (await hoverOn(s, uri)).includes('Token expired') || undefined);
  });

  test('a broken catalog is reported on its line, once, and its last good version stays in force', async () => {
    const dir = tempProject({ '.vscode/error-codes/team.json': catalog('Good text.') });
    const file = path.join(dir, '.vscode/error-codes/team.json');
    const catalogUri = pathToFileURL(file).href;
    server = await LspClient.start({ workspaceFolders: [dir] });
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    await server.open(uri, 'typescript', SOURCE);
    const s = server;
    await s.eventually('the catalog loaded', async () => (await hoverOn(s, uri)).includes('Good text') || undefined);

    const broken = catalog('Good text.').replace('"httpStatus": 401', '"httpStatus": "401"');
    fs.writeFileSync(file, broken);
    const mark = s.mark();
    await fileChanged(s, file, FileChangeType.Changed);
    const published = await s.diagnostics(catalogUri, { after: mark });
    assert.equal(published.diagnostics.length, 1);
    const d = published.diagnostics[0];
    assert.match(String(d.message), /codes\[0\].*httpStatus: expected an integer/);
    assert.match(String(d.message), /last good version stays in use/);
    assert.match(broken.split('\n')[d.range.start.line], /"httpStatus": "401"/);
    const shown = await s.message('the catalog problem', (m) => m.message.includes('team.json'));
    assert.match(shown.message, /team\.json:\d+:/);
    assert.match(await hoverOn(s, uri), /Good text/, 'last good version still explains the code');
    assert.match((await s.hoverText(uri, positionOf(SOURCE, 'TEAMGW', 0))) ?? '', /TEAMGW/);

    await fileChanged(s, file, FileChangeType.Changed);
    assert.equal(s.shown.filter((m) => m.message.includes('team.json')).length, 1, 'reported once, not again');
  });

  test('unsaved edits of an open catalog take effect as typed; a deleted catalog goes away', async () => {
    const dir = tempProject({ '.vscode/error-codes/team.json': catalog('On disk.') });
    const file = path.join(dir, '.vscode/error-codes/team.json');
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    await s.open(uri, 'typescript', SOURCE);
    await s.eventually('the catalog loaded', async () => (await hoverOn(s, uri)).includes('On disk') || undefined);
    const catalogUri = pathToFileURL(file).href;
    await s.open(catalogUri, 'json', catalog('On disk.'));
    const text = s.text(catalogUri);
    const at = text.indexOf('On disk.');
    const doc = s.document(catalogUri);
    await s.change(catalogUri, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + 'On disk.'.length) }, text: 'Typed, not saved.' }]);
    await s.eventually('the typed text in the hover', async () => /Typed.*not saved/.test(await hoverOn(s, uri)) || undefined);
    await s.close(catalogUri);

    fs.unlinkSync(file);
    await fileChanged(s, file, FileChangeType.Deleted);
    await s.eventually('no hover once the catalog is gone', async () => ((await hoverOn(s, uri)) === '' ? true : undefined));
  });

  test('errorCodes.catalogs names files relative to the workspace folder, YAML included', async () => {
    const dir = tempProject({
      'errors/gateway.yaml':
        'id: gw\nservice: { en: Gateway }\nfamilies: [{ pattern: "TEAMGW\\\\.[0-9]{4}", name: TEAMGW }]\ncodes:\n  - { code: TEAMGW.0301, httpStatus: 401, message: { en: From YAML. } }\n',
    });
    server = await LspClient.start({ workspaceFolders: [dir], settings: { catalogs: ['errors/gateway.yaml'] } });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    await s.open(uri, 'typescript', SOURCE);
    await s.eventually('the YAML catalog in the hover', async () => (await hoverOn(s, uri)).includes('From YAML') || undefined);
  });

  test('an untrusted workspace loads its catalogs only once trusted', async () => {
    const dir = tempProject({ '.vscode/error-codes/team.json': catalog('Trusted text.') });
    server = await LspClient.start({ workspaceFolders: [dir], initializationOptions: { workspaceTrusted: false } });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    await s.open(uri, 'typescript', SOURCE);
    await s.diagnostics(uri, { version: 1 });
    assert.equal(await hoverOn(s, uri), '');
    await s.connection.sendNotification('errorCodes/workspaceTrust', { trusted: true });
    await s.eventually('the catalog once trusted', async () => (await hoverOn(s, uri)).includes('Trusted text') || undefined);
  });

  test("a document opened while the workspace catalogs load: its last pushed problems are the loaded catalogs' (a client without pull)", async () => {
    const custom = JSON.stringify({
      id: 'custom',
      service: { en: 'Custom' },
      families: [{ pattern: 'IMG\\.[0-9]{4}', name: 'IMG' }],
      codes: [{ code: 'IMG.0999', httpStatus: 400, message: { en: 'Defined by the team.' } }],
    });
    const dir = tempProject({ '.vscode/error-codes/custom.json': custom });
    const text = 'if (err.code === "IMG.0999") { retry(); }\n';
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    // Right at initialize: the workspace's catalogs are still being found and read.
    await s.open(uri, 'typescript', text);
    await s.eventually(
      'the custom catalog in the hover',
      async () => ((await s.hoverText(uri, positionOf(text, 'IMG.0999', 2))) ?? '').includes('Defined by the team') || undefined,
    );
    const lastPushed = () => s.published.filter((p) => p.params.uri === uri).at(-1)?.params;
    const reportsIt = () =>
      lastPushed()?.diagnostics.some((d) => String(d.message).includes('IMG.0999') || (d.data as { token?: string } | undefined)?.token === 'IMG.0999') ?? true;
    await s.eventually('pushed problems without IMG.0999', async () => (reportsIt() ? undefined : true), 6_000);
    // Nothing older arrives after it.
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(reportsIt(), false, JSON.stringify(lastPushed()));
  });

  test('a catalog added while the workspace is open reaches the pushed problems of a file never opened (a client without pull)', async () => {
    const custom = JSON.stringify({
      id: 'custom',
      service: { en: 'Custom' },
      families: [{ pattern: 'IMG\\.[0-9]{4}', name: 'IMG' }],
      codes: [{ code: 'IMG.0999', httpStatus: 400, message: { en: 'Defined by the team.' } }],
    });
    const dir = tempProject({ 'src/closed.ts': 'if (err.code === "IMG.0999") { retry(); }\n' });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'src/closed.ts')).href;
    const lastPushed = () => s.published.filter((p) => p.params.uri === uri).at(-1)?.params;
    const reportsIt = () => lastPushed()?.diagnostics.some((d) => String(d.message).includes('IMG.0999')) ?? false;
    await s.eventually("the scan's problem on IMG.0999, not in the IMG catalog yet", async () => (reportsIt() ? true : undefined));

    const file = path.join(dir, '.vscode/error-codes/custom.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, custom);
    await fileChanged(s, file, FileChangeType.Created);
    await s.eventually("the closed file's problem withdrawn once the catalog documents the code", async () => (reportsIt() ? undefined : true));
  });

  test('"Add to the workspace catalog" creates the catalog, opens it at the message, and the code is known', async () => {
    const dir = tempProject({});
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    const text = 'if (code === "SVCSTG.SWR.4000306") {}\n';
    await s.open(uri, 'typescript', text);
    const { diagnostics } = await s.diagnostics(uri, { version: 1 });
    assert.equal(diagnostics[0].code, 'unknown');
    const actions = await s.codeActions(uri, diagnostics[0].range, diagnostics);
    const add = actions.find((a) => a.title === 'Add SVCSTG.SWR.4000306 to the workspace catalog');
    assert.ok(add?.command, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    await s.connection.sendRequest(ExecuteCommandRequest.type, { command: add.command.command, arguments: add.command.arguments });

    const edit = await s.waitFor('the workspace edit', () => s.editsAsked[0]);
    const target = path.join(dir, '.vscode', 'error-codes', 'workspace.json');
    const changes = edit.documentChanges ?? [];
    assert.deepEqual(changes[0], { kind: 'create', uri: pathToFileURL(target).href, options: { ignoreIfExists: true } });
    const written = ((changes[1] as TextDocumentEdit).edits[0] as { newText: string }).newText;
    assert.match(written, /"code": "SVCSTG.SWR.4000306"/);
    const shown = await s.waitFor('the catalog opened', () => s.documentsShown[0]);
    assert.equal(shown.uri, pathToFileURL(target).href);

    // Play VS Code: it creates the file empty, opens it with the new text, and saves later.
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, '');
    const mark = s.mark();
    await fileChanged(s, target, FileChangeType.Created);
    await s.open(pathToFileURL(target).href, 'json', written);
    // The code is known as soon as the catalog is open, before it is saved.
    await s.waitFor('the unknown-code warning withdrawn', () =>
      s.published.find((p) => p.seq > mark && p.params.uri === uri && p.params.diagnostics.length === 0),
    );
    assert.deepEqual(
      s.shown.filter((m) => /workspace\.json/.test(m.message)),
      [],
      'an empty new catalog is not reported as broken',
    );
  });
});
