// Requests that could hold the server, edits out of range, and a broken conversation, through
// the real server over stdio:
// - the status bar's errorCodes/documentSummary and a fix-all read the whole document: a
//   hover sent right behind either on a large document is answered before it (they check in
//   slices, or take the check already made of that version), and the summary says when it did
//   not count the whole file (over maxFileSize, past 100,000 codes);
// - a didChange whose range lies past the document's end (line 1e8) leaves positions right;
// - `file://host/…` and malformed `file:` URIs are checked as documents;
// - broken framing on stdin makes the server say so on stderr and exit, not stay deaf;
// - requests before `initialize` are answered ServerNotInitialized (-32002), notifications
//   before it are dropped.
// How long anything waits is the bench's business (`npm run bench -- --only hostile`).
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-types';
import { CatalogIndex } from '../../server/src/catalog/index';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import { fixAllEdits } from '../../server/src/features/actions';
import type { ServiceContext } from '../../server/src/features/context';
import { documentSummary } from '../../server/src/features/summary';
import { DocumentSummary, DocumentSummaryRequest, FIX_ALL_KIND } from '../../protocol';
import { normaliseSettings } from '../../server/src/settings';
import { generateSource, readCodes } from '../bench/generate';
import { DEFAULT_DEADLINE_MS, LspClient, positionOf } from './client';
import { ROOT, SERVER_JS } from '../support/root';

const CATALOGS = path.join(ROOT, 'catalogs');
/** Large enough that a check of the whole file takes many slices of a millisecond. */
const LARGE_BYTES = 1_500_000;

let server: LspClient | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  server?.kill();
  server = undefined;
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function context(settings: unknown = {}): ServiceContext {
  return {
    index: new CatalogIndex(bundledCatalogs(CATALOGS).map((catalog) => ({ catalog, origin: 'bundled' }))),
    settings: normaliseSettings(settings).settings,
    displayLanguage: undefined,
  };
}

/** Sends `request`, then at once a hover: which of the two was answered first. */
async function answeredFirst(s: LspClient, uri: string, request: () => Promise<unknown>): Promise<{ first: 'hover' | 'request'; answer: unknown }> {
  const order: string[] = [];
  const position = positionOf(s.text(uri), 'SVCSTG.', 3);
  const [answer] = await Promise.all([
    request().then((a) => {
      order.push('request');
      return a;
    }),
    s.hover(uri, position).then(() => order.push('hover')),
  ]);
  return { first: order[0] as 'hover' | 'request', answer };
}

const ORIGIN = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

describe('requests that read the whole document give way to others', { timeout: 120_000 }, () => {
  const source = generateSource(readCodes(CATALOGS), LARGE_BYTES, 3);
  const uri = 'file:///behind/handlers.ts';

  test("a hover sent right behind the status bar's summary of a large document is answered first; the summary is the one-piece count", async () => {
    // A client that pulls diagnostics and does not: no check of the document runs but the summary's.
    server = await LspClient.start({ pullDiagnostics: true, deadlineMs: 60_000 });
    await server.open(uri, 'typescript', source.text);
    const { first, answer } = await answeredFirst(server, uri, () => server!.request<DocumentSummary>(DocumentSummaryRequest, { uri }));
    assert.equal(first, 'hover', 'the hover waited for the summary');
    const expected = documentSummary(TextDocument.create(uri, 'typescript', 1, source.text), context());
    assert.ok(expected.codes > 1000, `the test aims badly: only ${expected.codes} codes`);
    assert.deepEqual(answer, expected);
  });

  test('a hover sent right behind a fix-all of a large document is answered first; the fix is the one-piece one, and the same once the check was made', async () => {
    server = await LspClient.start({ pullDiagnostics: true, deadlineMs: 60_000 });
    await server.open(uri, 'typescript', source.text);
    const { first, answer } = await answeredFirst(server, uri, () => server!.codeActions(uri, ORIGIN, [], [FIX_ALL_KIND]));
    assert.equal(first, 'hover', 'the hover waited for the fix-all');
    const expected = fixAllEdits(TextDocument.create(uri, 'typescript', 1, source.text), context());
    assert.ok(expected.length > 10, `the test aims badly: only ${expected.length} fixes`);
    const edits = (answer as CodeAction[]).find((a) => a.kind === FIX_ALL_KIND)?.edit?.changes?.[uri];
    assert.deepEqual(edits, expected);
    // After the editor pulled the document's problems (a check of this version), the fix-all takes that check's.
    await server.request(DocumentDiagnosticRequest.method, { textDocument: { uri } });
    const again = await server.codeActions(uri, ORIGIN, [], ['source']);
    assert.deepEqual(again.find((a) => a.kind === FIX_ALL_KIND)?.edit?.changes?.[uri], expected);
  });

  test('the summary of a document over errorCodes.maxFileSize says it is not counted, and why', async () => {
    server = await LspClient.start({ settings: { maxFileSize: 1000 } });
    const text = `// ${'x'.repeat(2000)}\nif (c === "SVCSTG.SWR.4001048") {}\n`;
    await server.open('file:///big.ts', 'typescript', text);
    const summary = await server.request<DocumentSummary>(DocumentSummaryRequest, { uri: 'file:///big.ts' });
    assert.equal(summary.notCounted?.reason, 'tooLarge');
    assert.match(summary.notCounted!.message, new RegExp(`not counted: it has ${text.length} characters, more than errorCodes\\.maxFileSize \\(1000\\)`));
    assert.deepEqual([summary.codes, summary.problems, summary.items.length], [0, 0, 0]);
  });

  test('the summary of a document of more than 100,000 codes says where it stopped counting', async () => {
    server = await LspClient.start({ deadlineMs: 60_000 });
    await server.open('file:///many.log', 'log', 'IMG.0024\n'.repeat(100_005));
    const summary = await server.request<DocumentSummary>(DocumentSummaryRequest, { uri: 'file:///many.log' });
    assert.equal(summary.codes, 100_000);
    assert.deepEqual({ ...summary.notCounted, message: undefined }, { reason: 'tooManyCodes', line: 100_000, message: undefined });
    assert.match(summary.notCounted!.message, /stopped at line 100001, after 100000 codes/);
  });
});

describe('edits out of range', () => {
  test('a change whose range lies at line 1e8 is applied at the end: diagnostics and hovers after it are right', async () => {
    server = await LspClient.start();
    const uri = 'file:///far.ts';
    const text = 'const a = "SVCSTG.SWR.4001048";\n';
    await server.open(uri, 'typescript', text);
    await server.diagnostics(uri, { version: 1 });
    const far = { line: 100_000_000, character: 0 };
    const added = 'if (c === "SVCSTG.SWR.400104") {}\n';
    // Sent as it is: the test client's own copy (the library's) would be broken by it.
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: far, end: { line: far.line + 1, character: 0 } }, text: added }],
    });
    const { diagnostics } = await server.diagnostics(uri, { version: 2 });
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const at = added.indexOf('SVCSTG');
    assert.deepEqual(diagnostics[0].range, { start: { line: 1, character: at }, end: { line: 1, character: at + 'SVCSTG.SWR.400104'.length } });
    // Each later edit at the start: with the line table filled up to line 1e8 each took seconds.
    for (let v = 3; v <= 5; v++) {
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: ORIGIN, text: ' ' }],
      });
    }
    assert.match((await server.hoverText(uri, { line: 0, character: 20 })) ?? '', /SVCSTG\.SWR\.4001048/);
    const last = await server.diagnostics(uri, { version: 5 });
    assert.equal(last.diagnostics[0]?.range.start.line, 1);
  });
});

describe('URIs that name no file here', () => {
  for (const uri of ['file://host/share/x.ts', 'file:///a%2Fb.ts', 'file:///%E0%A4%A.ts']) {
    test(`${uri} is checked as a document through open, change and close`, async () => {
      server = await LspClient.start();
      await server.open(uri, 'typescript', 'if (c === "SVCSTG.SWR.400104") {}\n');
      assert.equal((await server.diagnostics(uri, { version: 1 })).diagnostics.length, 1);
      await server.change(uri, [{ range: ORIGIN, text: '\n' }]);
      assert.equal((await server.diagnostics(uri, { version: 2 })).diagnostics[0]?.range.start.line, 1);
      const mark = server.mark();
      await server.close(uri);
      // Closed: nothing on disk stands for it, so its problems go.
      assert.deepEqual((await server.diagnostics(uri, { after: mark })).diagnostics, []);
      assert.deepEqual(
        server.logged.filter((l) => /failed|ERR_|malformed/.test(l.message)),
        [],
      );
    });
  }
});

/** The server, spoken to in raw bytes. */
function rawServer(): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (stderr += d));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not exit within ${DEFAULT_DEADLINE_MS} ms; stderr: ${stderr}`)), DEFAULT_DEADLINE_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { child, stderr: () => stderr, exited };
}

function framed(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('broken framing on stdin', () => {
  const initialize = framed(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  /** What is sent after a good message, what the server must say, and how far past the good message the broken place is. */
  const cases: [string, string, RegExp, number][] = [
    ['a header line without a colon', 'hello\r\n\r\n', /header line is not "name: value": "hello"/, 0],
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}', /Content-Length is not a number of bytes: "abc"/, 0],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}', /Content-Length is not a number of bytes: "-5"/, 0],
    ['a header without Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}', /the header has no Content-Length/, 0],
    ['a Content-Length past what a message can be', 'Content-Length: 99999999999\r\n\r\n{}', /Content-Length 99999999999 is more than a message can be/, 0],
    ['a header that never ends', 'x'.repeat(20_000), /no header ends within 8192 bytes/, 8192],
  ];
  for (const [what, bytes, said, past] of cases) {
    test(`${what}: the server says so on stderr and exits with an error`, async () => {
      const s = rawServer();
      s.child.stdin!.write(initialize + bytes);
      const code = await s.exited;
      assert.notEqual(code, 0);
      assert.match(s.stderr(), said);
      assert.match(s.stderr(), new RegExp(`out of step at byte ${Buffer.byteLength(initialize) + past} of the input`));
    });
  }
});

describe('before initialize', () => {
  function connect(): { connection: ProtocolConnection; exited: Promise<number | null> } {
    const s = rawServer();
    const connection = createProtocolConnection(new StreamMessageReader(s.child.stdout!), new StreamMessageWriter(s.child.stdin!));
    connection.onError(() => undefined);
    connection.listen();
    return { connection, exited: s.exited };
  }

  test('a request is answered ServerNotInitialized (-32002), a notification is dropped; after initialize both are handled', async () => {
    const { connection } = connect();
    try {
      const uri = 'file:///early.ts';
      const text = 'const a = "SVCSTG.SWR.4001048";\n';
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      const position = { line: 0, character: 15 };
      await assert.rejects(
        connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
        (e: unknown) => e instanceof ResponseError && e.code === -32002 && /initialize/.test(e.message),
      );
      await assert.rejects(connection.sendRequest(DocumentSummaryRequest, { uri }), (e: unknown) => e instanceof ResponseError && e.code === -32002);
      await connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
      await connection.sendNotification(InitializedNotification.type, {});
      // The didOpen before initialize was dropped: the server holds no such document.
      assert.equal(await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), null);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      assert.match(JSON.stringify(hover), /SVCSTG\.SWR\.4001048/);
      // A second initialize is refused as LSP says it may only be sent once.
      await assert.rejects(
        connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} }),
        (e: unknown) => e instanceof ResponseError && e.code === -32600,
      );
    } finally {
      connection.dispose();
    }
  });

  test('exit before initialize ends the server', async () => {
    const { connection, exited } = connect();
    await connection.sendNotification('exit');
    assert.equal(await exited, 1);
    connection.dispose();
  });
});
