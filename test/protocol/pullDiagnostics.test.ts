// Pulled diagnostics (LSP 3.17), as VS Code's client asks for them: open documents with
// textDocument/diagnostic after each change, closed files with workspace/diagnostic held
// open until something changes. Nothing is sent unasked to a client that pulls.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReport,
  DocumentDiagnosticRequest,
  FileChangeType,
  Position,
  PreviousResultId,
  WorkspaceDiagnosticReport,
  WorkspaceDiagnosticRequest,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf } from './client';
import { tempProject } from '../support/files';
import { HANDLER, TYPO_CODE as TYPO } from '../support/fixtures';

const CLEAN = HANDLER.replace('SRW', 'SWR');

let server: LspClient | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

const uriOf = (dir: string, rel: string) => pathToFileURL(path.join(dir, rel)).href;

/** Types `text` over the three characters at `at`, as a user fixing or making the family's misspelling would. */
function retype(s: LspClient, uri: string, at: Position, text: string): Promise<number> {
  return s.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, text }]);
}

function pullDocument(s: LspClient, uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
  return s.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId });
}

/** What a client holds after a workspace answer: the result id per file. */
function remember(held: Map<string, string>, items: WorkspaceDocumentDiagnosticReport[]): void {
  for (const item of items) if (item.resultId) held.set(item.uri, item.resultId);
}

function pullWorkspace(s: LspClient, held: Map<string, string>, token?: CancellationTokenSource): Promise<WorkspaceDiagnosticReport> {
  const previousResultIds: PreviousResultId[] = [...held].map(([uri, value]) => ({ uri, value }));
  return s.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds }, token?.token);
}

/** Pulls the workspace, as the client does, until `uri` is answered. */
async function untilReported(s: LspClient, held: Map<string, string>, uri: string): Promise<WorkspaceDocumentDiagnosticReport> {
  return s.eventually(`a workspace report for ${uri}`, async () => {
    const answer = await pullWorkspace(s, held);
    remember(held, answer.items);
    return answer.items.find((i) => i.uri === uri);
  });
}

describe('pulled diagnostics', () => {
  test('the server offers pulls to a client that can make them and be asked to pull again, and sends problems to others', async () => {
    server = await LspClient.start({ pullDiagnostics: true });
    assert.deepEqual(server.initializeResult?.capabilities.diagnosticProvider, {
      identifier: 'errorCodes',
      interFileDependencies: false,
      workspaceDiagnostics: true,
    });
    await server.shutdown();
    server = await LspClient.start();
    assert.equal(server.initializeResult?.capabilities.diagnosticProvider, undefined);
    await server.shutdown();
    // Pulled problems would go stale after a settings change if the client could not be told to pull again.
    server = await LspClient.start({ pullDiagnostics: 'without-refresh' });
    assert.equal(server.initializeResult?.capabilities.diagnosticProvider, undefined);
    await server.open('file:///pull/sent.ts', 'typescript', HANDLER);
    assert.equal((await server.diagnostics('file:///pull/sent.ts')).diagnostics.length, 1);
  });

  test("an open document's problems are answered to its pulls, unchanged ones by their id, and never sent unasked", async () => {
    server = await LspClient.start({ pullDiagnostics: true });
    const uri = 'file:///pull/handler.ts';
    await server.open(uri, 'typescript', HANDLER);
    const first = await pullDocument(server, uri);
    assert.equal(first.kind, 'full');
    assert.ok(first.kind === 'full' && first.resultId);
    assert.equal(first.items.length, 1);
    assert.match(String(first.items[0].message), /did you mean `SVCSTG\.SWR\.4040010`/);
    assert.deepEqual(first.items[0].range.start, positionOf(HANDLER, TYPO));

    const again = await pullDocument(server, uri, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });

    const start = positionOf(HANDLER, 'SRW');
    await retype(server, uri, start, 'SWR');
    const fixed = await pullDocument(server, uri, first.resultId);
    assert.equal(fixed.kind, 'full');
    assert.notEqual(fixed.resultId, first.resultId);
    assert.deepEqual(fixed.kind === 'full' && fixed.items, []);
    assert.equal(server.published.filter((p) => p.params.uri === uri).length, 0, 'diagnostics were sent to a client that pulls them');
  });

  test('a pull right after typing answers for the text as it is when the typing pauses', async () => {
    server = await LspClient.start({ pullDiagnostics: true });
    const uri = 'file:///pull/typing.ts';
    await server.open(uri, 'typescript', CLEAN);
    const at = positionOf(CLEAN, 'SWR');
    await retype(server, uri, at, 'SRW');
    const pending = pullDocument(server, uri);
    // Typed before the pull is answered: the answer is about this text, not the one it was asked for.
    await retype(server, uri, at, 'SWR');
    const answer = await pending;
    assert.deepEqual(answer.kind === 'full' && answer.items, []);
  });

  test('a log is answered without problems; a setting change asks the client to pull again and the new answer follows it', async () => {
    server = await LspClient.start({ pullDiagnostics: true });
    const log = 'file:///pull/app.log';
    await server.open(log, 'log', `ERROR ${TYPO} failed\n`);
    const logged = await pullDocument(server, log);
    assert.deepEqual(logged.kind === 'full' && logged.items, []);

    const uri = 'file:///pull/handler.ts';
    await server.open(uri, 'typescript', HANDLER);
    const before = await pullDocument(server, uri);
    assert.equal(before.kind === 'full' && before.items.length, 1);
    server.settings = { diagnostics: { misspelled: 'off' } };
    const refreshes = server.refreshes;
    await server.configurationChanged();
    await server.eventually('a refresh request', async () => (server!.refreshes > refreshes ? true : undefined));
    const after = await pullDocument(server, uri, before.resultId);
    assert.deepEqual(after.kind === 'full' && after.items, [], JSON.stringify(after));
  });

  test('closed files: answered once, then the pull is held until a file changes on disk', async () => {
    const dir = tempProject({ 'src/a.ts': HANDLER, 'src/b.ts': CLEAN });
    server = await LspClient.start({ pullDiagnostics: true, workspaceFolders: [dir] });
    const s = server;
    const held = new Map<string, string>();
    const a = uriOf(dir, 'src/a.ts');
    const report = await untilReported(s, held, a);
    assert.equal(report.kind === 'full' && report.items.length, 1);
    await s.scannedCodes();
    // Settle: whatever else the scan found has been answered.
    while ((await pullWorkspaceWithin(s, held, 300)) !== 'held') {
      /* the client asks again */
    }
    assert.ok(!held.has(uriOf(dir, 'src/b.ts')), 'a file without problems was reported');

    const waiting = pullWorkspace(s, held);
    fs.writeFileSync(path.join(dir, 'src/a.ts'), CLEAN);
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: a, type: FileChangeType.Changed }] });
    const answer = await waiting;
    const fixed = answer.items.find((i) => i.uri === a);
    assert.ok(fixed, JSON.stringify(answer));
    assert.deepEqual(fixed.kind === 'full' && fixed.items, []);
    assert.equal(s.published.filter((p) => p.params.uri === a && p.params.diagnostics.length > 0).length, 0, 'sent as well as answered');
  });

  test('closing a document with unsaved edits brings back what is on disk', async () => {
    const { dir, s, held } = await settledWorkspace({ 'src/a.ts': CLEAN });
    const a = uriOf(dir, 'src/a.ts');
    await s.open(a, 'typescript', HANDLER);
    const unsaved = await pullDocument(s, a);
    assert.equal(unsaved.kind === 'full' && unsaved.items.length, 1);

    const waiting = pullWorkspace(s, held);
    await s.close(a);
    // The held pull ends so the client asks again with what it holds now (nothing for a).
    assert.deepEqual((await waiting).items, []);
    const onDisk = await untilReported(s, held, a);
    assert.deepEqual(onDisk.kind === 'full' && onDisk.items, [], 'the unsaved typo stayed listed after closing');
  });

  test("an open document the client does not pull (VS Code keeps a closed tab's document open) is answered to the workspace pull", async () => {
    const { dir, s, held } = await settledWorkspace({ 'src/a.ts': CLEAN });
    const a = uriOf(dir, 'src/a.ts');
    await s.open(a, 'typescript', CLEAN);
    const pulled = await pullDocument(s, a);
    assert.equal(pulled.kind === 'full' && pulled.items.length, 0);
    // The tab closes: the client stops pulling, but the document stays open and is edited (reverted, say).
    const waiting = pullWorkspace(s, held);
    const at = positionOf(CLEAN, 'SWR');
    await retype(s, a, at, 'SRW');
    const answer = await waiting;
    const report = answer.items.find((i) => i.uri === a);
    assert.ok(report && report.kind === 'full', JSON.stringify(answer));
    assert.equal(report.version, 2);
    assert.equal(report.items.length, 1);
    assert.match(String(report.items[0].message), /did you mean `SVCSTG\.SWR\.4040010`/);
    // A document the client does pull is not answered twice.
    remember(held, answer.items);
    await pullDocument(s, a, report.resultId);
    assert.equal(await pullWorkspaceWithin(s, held, 300), 'held');
  });

  test('problems sent before the client first pulled the workspace are withdrawn, then answered instead', async () => {
    const dir = tempProject({ 'src/a.ts': HANDLER });
    server = await LspClient.start({ pullDiagnostics: true, workspaceFolders: [dir] });
    const s = server;
    const a = uriOf(dir, 'src/a.ts');
    // A client that pulls documents but has not pulled the workspace yet is sent closed files' problems.
    const sent = await s.diagnostics(a);
    assert.equal(sent.diagnostics.length, 1);
    const mark = s.mark();
    const held = new Map<string, string>();
    const report = await untilReported(s, held, a);
    assert.equal(report.kind === 'full' && report.items.length, 1);
    assert.deepEqual((await s.diagnostics(a, { after: mark })).diagnostics, [], 'the sent copy was not withdrawn');
  });

  test('a held pull ends when the client cancels it', async () => {
    const { s, held } = await settledWorkspace({ 'src/a.ts': CLEAN });
    const cancel = new CancellationTokenSource();
    const waiting = pullWorkspace(s, held, cancel).then(
      (r) => r.items,
      (e: { code?: number }) => e.code,
    );
    cancel.cancel();
    const ended = await s.eventually('the cancelled pull to end', async () => {
      const r = await Promise.race([waiting, new Promise((r) => setTimeout(() => r('still held'), 200))]);
      return r === 'still held' ? undefined : r;
    });
    assert.ok(Array.isArray(ended) ? ended.length === 0 : typeof ended === 'number', String(ended));
    // The server still answers.
    assert.ok((await s.hover('file:///none.ts', { line: 0, character: 0 })) === null);
  });
});

/** A server on a workspace whose scan is over, and a client holding everything the workspace pulls answered. */
async function settledWorkspace(files: Record<string, string>): Promise<{ dir: string; s: LspClient; held: Map<string, string> }> {
  const dir = tempProject(files);
  server = await LspClient.start({ pullDiagnostics: true, workspaceFolders: [dir] });
  const s = server;
  const held = new Map<string, string>();
  await s.scannedCodes();
  while ((await pullWorkspaceWithin(s, held, 300)) !== 'held') {
    /* the client asks again */
  }
  return { dir, s, held };
}

/** One workspace pull: its answer when it comes within `ms`, or "held" (the pull stays open and is cancelled). */
async function pullWorkspaceWithin(s: LspClient, held: Map<string, string>, ms: number): Promise<'answered' | 'held'> {
  const cancel = new CancellationTokenSource();
  const pending = pullWorkspace(s, held, cancel);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    pending.then((answer) => {
      remember(held, answer.items);
      return answer.items.length ? ('answered' as const) : ('held' as const);
    }),
    new Promise<'held'>((r) => (timer = setTimeout(() => r('held'), ms))),
  ]);
  clearTimeout(timer);
  cancel.cancel();
  await pending.catch(() => undefined);
  return outcome;
}
