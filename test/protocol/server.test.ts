// The server as an editor meets it: a child process spoken to over stdio with the LSP
// client library, from the handshake to a clean exit. Each test opens its own document,
// so their diagnostics never mix; one server serves the whole file, as one editor would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeActionKind, DiagnosticSeverity, TextDocumentSyncKind } from 'vscode-languageserver-protocol/node';
import type { DiagnosticData } from '../../server/src/features/diagnostics';
import {
  CatalogsRequest,
  CatalogSummary,
  DIAGNOSTIC_SOURCE,
  DocumentSummary,
  DocumentSummaryRequest,
  ExplainRequest,
  ExplainResult,
  FIX_ALL_KIND,
  LookupItem,
  LookupRequest,
} from '../../protocol';
import { applied, LspClient, positionOf } from './client';
import { caret } from '../support/caret';
import { ROOT } from '../support/root';

/** A handler with one misspelled case label (a digit dropped) among correct codes. */
const HANDLER = [
  'export function retryable(err: { code: string }): boolean {',
  '  switch (err.code) {',
  '    case "SVCSTG.SWR.404010":',
  '      return false;',
  '    case "SVCSTG.SWR.4040010":',
  '      return false;',
  '  }',
  '  return err.code === "IMG.0024";',
  '}',
  '',
].join('\n');
const TYPO = 'SVCSTG.SWR.404010';
const MEANT = 'SVCSTG.SWR.4040010';

describe('the server over stdio', { timeout: 60_000 }, () => {
  let server: LspClient;
  before(async () => {
    server = await LspClient.start({ settings: {} });
  });
  after(() => server?.kill());

  test('initialize announces hover, completion with its trigger characters, code actions with fix-all, incremental sync', () => {
    const caps = server.initializeResult!.capabilities;
    assert.equal(server.initializeResult!.serverInfo?.name, 'error-codes');
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual([...(caps.completionProvider?.triggerCharacters ?? [])].sort(), ['"', "'", '.', '`']);
    const kinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : undefined;
    assert.ok(kinds?.includes(CodeActionKind.QuickFix), `code action kinds: ${JSON.stringify(kinds)}`);
    assert.ok(kinds?.includes(FIX_ALL_KIND), `code action kinds: ${JSON.stringify(kinds)}`);
    assert.equal(FIX_ALL_KIND, 'source.fixAll.errorCodes');
    const sync = caps.textDocumentSync;
    assert.equal(typeof sync === 'object' ? sync.change : sync, TextDocumentSyncKind.Incremental);
  });

  test('after initialized the server registers for configuration changes of its section', async () => {
    const reg = await server.waitFor('a didChangeConfiguration registration', () =>
      server.registrations.find((r) => r.method === 'workspace/didChangeConfiguration'),
    );
    assert.deepEqual(reg.registerOptions, { section: 'errorCodes' });
  });

  test('opening a handler with a misspelled case label publishes one diagnostic with its candidates', async () => {
    const uri = 'file:///ws/open.ts';
    await server.open(uri, 'typescript', HANDLER);
    const published = await server.diagnostics(uri, { version: 1 });
    assert.equal(published.diagnostics.length, 1, JSON.stringify(published.diagnostics));
    const [d] = published.diagnostics;
    assert.equal(d.source, DIAGNOSTIC_SOURCE);
    assert.equal(d.source, 'error-codes');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.code, 'misspelled');
    // The range is exactly the literal's content, on the case line.
    assert.deepEqual(d.range, { start: positionOf(HANDLER, TYPO), end: positionOf(HANDLER, TYPO, TYPO.length) });
    // One plain line (LSP 3.18 also allows Markdown messages; editors without it would show the markup).
    assert.equal(typeof d.message, 'string');
    assert.match(d.message as string, new RegExp(`did you mean \`${MEANT.replace(/\./g, '\\.')}\` \\(404, The image does not exist\\.\\)`));
    const data = d.data as DiagnosticData;
    assert.equal(data.token, TYPO);
    assert.equal(data.preferred, MEANT);
    assert.ok(
      data.candidates.some((c) => c.code === MEANT && c.httpStatus === 404),
      JSON.stringify(data.candidates),
    );
  });

  test('hover on a code explains it: code, HTTP status, message, the other language, the catalog', async () => {
    const uri = 'file:///ws/hover.ts';
    await server.open(uri, 'typescript', HANDLER);
    const md = await server.hoverText(uri, positionOf(HANDLER, MEANT, 5));
    assert.ok(md, 'no hover on a documented code');
    assert.match(md, /\*\*SVCSTG\.SWR\.4040010\*\*/);
    assert.match(md, /HTTP 404 Not Found/);
    assert.match(md, /The image does not exist/);
    assert.match(md, /镜像不存在/);
    const h = await server.hover(uri, positionOf(HANDLER, 'IMG.0024', 2));
    assert.deepEqual(h?.range, { start: positionOf(HANDLER, 'IMG.0024'), end: positionOf(HANDLER, 'IMG.0024', 8) });
    assert.equal(await server.hover(uri, positionOf(HANDLER, 'retryable', 3)), null, 'a hover on an ordinary identifier');
  });

  test('completion inside a string literal offers the codes of the typed prefix; the item edit completes the literal', async () => {
    const uri = 'file:///ws/complete.ts';
    const { text, position } = caret('if (err.code === "SVCSTG.SWR.4040‸") {}\n');
    const doc = await server.open(uri, 'typescript', text);
    const items = await server.completion(uri, position);
    assert.ok(items.length > 0, 'no completion items');
    for (const i of items) assert.ok(i.label.startsWith('SVCSTG.SWR.4040'), `unexpected item ${i.label}`);
    const item = items.find((i) => i.label === MEANT);
    assert.ok(item, `no ${MEANT} among ${items.map((i) => i.label).join(', ')}`);
    assert.equal(item.labelDetails?.description, 'The image does not exist.');
    assert.ok(item.textEdit && 'range' in item.textEdit);
    assert.equal(applied(doc, [item.textEdit]), `if (err.code === "${MEANT}") {}\n`);
  });

  test('typing the opening quote (a trigger character) offers the code families', async () => {
    const uri = 'file:///ws/quote.ts';
    const { text, position } = caret('switch (code) {\n  case "‸\n}\n');
    await server.open(uri, 'typescript', text);
    const labels = (await server.completion(uri, position, '"')).map((i) => i.label).sort();
    for (const prefix of ['IMG.', 'SVCSTG.CCE-ADDONMGR.', 'SVCSTG.S2I.', 'SVCSTG.SWR.', 'Ecs.', 'VPC.', 'DBS.']) assert.ok(labels.includes(prefix), prefix);
    assert.equal(new Set(labels).size, labels.length, 'one item per prefix');
  });

  test('the preferred quick fix, applied, gives the corrected handler; a didChange then clears the diagnostics', async () => {
    const uri = 'file:///ws/fix.ts';
    const doc = await server.open(uri, 'typescript', HANDLER);
    const { diagnostics } = await server.diagnostics(uri, { version: 1 });
    assert.equal(diagnostics.length, 1);
    const actions = await server.codeActions(uri, diagnostics[0].range, diagnostics);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, `no preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.kind, CodeActionKind.QuickFix);
    assert.equal(fix.title, `Replace with ${MEANT} (404 The image does not exist.)`);
    assert.deepEqual(fix.diagnostics, diagnostics);
    assert.equal(applied(doc, fix.edit!.changes![uri]), HANDLER.replace(`"${TYPO}"`, `"${MEANT}"`));
    // The ignore action is offered too; it runs a client command rather than editing.
    assert.ok(actions.some((a) => a.command?.command === 'errorCodes.ignoreCode' && a.command.arguments?.[0] === TYPO));

    const version = await server.applyEdit(uri, fix.edit);
    assert.equal(server.text(uri), HANDLER.replace(`"${TYPO}"`, `"${MEANT}"`));
    const after = await server.diagnostics(uri, { version });
    assert.deepEqual(after.diagnostics, []);
  });

  test('a hand-typed incremental edit that fixes the typo clears the diagnostic; undoing it brings it back', async () => {
    const uri = 'file:///ws/typing.ts';
    await server.open(uri, 'typescript', HANDLER);
    assert.equal((await server.diagnostics(uri, { version: 1 })).diagnostics.length, 1);
    // Insert the missing zero: "SVCSTG.SWR.404|010" → "SVCSTG.SWR.4040010".
    const at = positionOf(HANDLER, TYPO, 'SVCSTG.SWR.404'.length);
    const v2 = await server.change(uri, [{ range: { start: at, end: at }, text: '0' }]);
    assert.deepEqual((await server.diagnostics(uri, { version: v2 })).diagnostics, []);
    const v3 = await server.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }]);
    const back = await server.diagnostics(uri, { version: v3 });
    assert.equal(back.diagnostics.length, 1);
    assert.equal((back.diagnostics[0].data as DiagnosticData).token, TYPO);
  });

  test('fix-all (source.fixAll.errorCodes) corrects every misspelling in one edit', async () => {
    const uri = 'file:///ws/fixall.py';
    const text = 'if code == "SVCSTG.SWR.404010":\n    pass\nelif code == "SVCSTG.CCE-ADDONMRG.4000003":\n    pass\n';
    const doc = await server.open(uri, 'python', text);
    const { diagnostics } = await server.diagnostics(uri, { version: 1 });
    assert.equal(diagnostics.length, 2, JSON.stringify(diagnostics));
    const actions = await server.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL_KIND]);
    assert.equal(actions.length, 1, JSON.stringify(actions));
    assert.equal(actions[0].kind, FIX_ALL_KIND);
    assert.equal(
      applied(doc, actions[0].edit!.changes![uri]),
      'if code == "SVCSTG.SWR.4040010":\n    pass\nelif code == "SVCSTG.CCE-ADDONMGR.4000003":\n    pass\n',
    );
    // A request for source actions in general includes fix-all too (how editors ask on save).
    const source = await server.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']);
    assert.ok(source.some((a) => a.kind === FIX_ALL_KIND));
  });

  test('a log file gets hovers with the logged message and completion of a begun code, but no diagnostics', async () => {
    const uri = 'file:///ws/push.log';
    const line =
      '2024-05-01T10:00:00Z ERROR push failed {"errorCode": "SVCSTG.SWR.4001048", "errorMessage": "Failed to get Token from Context"} after IMG.00\n';
    await server.open(uri, 'log', line);
    assert.deepEqual((await server.diagnostics(uri, { version: 1 })).diagnostics, []);
    const md = await server.hoverText(uri, positionOf(line, 'SVCSTG.SWR.4001048', 3));
    assert.match(md ?? '', /Logged message/);
    assert.match(md ?? '', /differs from the documented message/);
    const items = await server.completion(uri, positionOf(line, 'IMG.00\n', 'IMG.00'.length));
    assert.ok(
      items.some((i) => i.label === 'IMG.0024'),
      `items: ${items.map((i) => i.label).join(', ')}`,
    );
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///ws/close.ts';
    await server.open(uri, 'typescript', HANDLER);
    assert.equal((await server.diagnostics(uri, { version: 1 })).diagnostics.length, 1);
    const mark = server.mark();
    await server.close(uri);
    assert.deepEqual((await server.diagnostics(uri, { after: mark })).diagnostics, []);
  });

  test('errorCodes/lookup finds codes by code and by Chinese message', async () => {
    const byCode = await server.request<LookupItem[]>(LookupRequest, { query: MEANT });
    assert.equal(byCode[0]?.code, MEANT);
    assert.equal(byCode[0].httpStatus, 404);
    assert.equal(byCode[0].catalog, 'swr');
    assert.equal(byCode[0].message, 'The image does not exist.');
    assert.match(byCode[0].otherMessage ?? '', /镜像不存在/);
    const byWords = await server.request<LookupItem[]>(LookupRequest, { query: '镜像不存在' });
    assert.ok(
      byWords.some((i) => i.code === MEANT),
      JSON.stringify(byWords.map((i) => i.code)),
    );
    const limited = await server.request<LookupItem[]>(LookupRequest, { query: 'SVCSTG.SWR.', limit: 3 });
    assert.equal(limited.length, 3);
  });

  test('errorCodes/explain gives the hover text for a code, and close codes for a near miss', async () => {
    const found = await server.request<ExplainResult>(ExplainRequest, { code: MEANT });
    assert.equal(found.found, true);
    assert.match(found.markdown, /HTTP 404 Not Found/);
    assert.match(found.markdown, /The image does not exist/);
    const miss = await server.request<ExplainResult>(ExplainRequest, { code: 'SVCSTG.SRW.4040010' });
    assert.equal(miss.found, false);
    assert.match(miss.markdown, /No catalog documents/);
    assert.match(miss.markdown, /SVCSTG\.SWR\.4040010/);
  });

  test('errorCodes/catalogs lists every bundled catalog with its number of codes', async () => {
    const summaries = await server.request<CatalogSummary[]>(CatalogsRequest, {});
    const expected = fs
      .readdirSync(path.join(ROOT, 'catalogs'))
      .filter((f) => f.endsWith('.json') && f !== 'schema.json')
      .map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'catalogs', f), 'utf8')) as { id: string; codes: unknown[] })
      .map((c) => ({ id: c.id, codes: c.codes.length }))
      .sort((a, b) => a.id.localeCompare(b.id));
    assert.ok(expected.length >= 3);
    assert.deepEqual(
      summaries.map((s) => ({ id: s.id, codes: s.codes })).sort((a, b) => a.id.localeCompare(b.id)),
      expected,
    );
    for (const s of summaries) {
      assert.equal(s.origin, 'bundled');
      assert.ok(s.service.length > 0);
    }
  });

  test('errorCodes/documentSummary counts the known codes and the problems of an open document', async () => {
    const uri = 'file:///ws/summary.ts';
    await server.open(uri, 'typescript', HANDLER);
    const summary = await server.request<DocumentSummary>(DocumentSummaryRequest, { uri });
    assert.equal(summary.codes, 2);
    assert.equal(summary.problems, 1);
    const typo = summary.items.find((i) => i.code === TYPO);
    assert.deepEqual(typo && { status: typo.status, line: typo.line, character: typo.character }, { status: 'misspelled', ...positionOf(HANDLER, TYPO) });
    assert.deepEqual(
      summary.items.filter((i) => i.status === 'known').map((i) => i.code),
      [MEANT, 'IMG.0024'],
    );
    const unknown = await server.request<DocumentSummary>(DocumentSummaryRequest, { uri: 'file:///ws/not-open.ts' });
    assert.deepEqual(unknown, { codes: 0, problems: 0, items: [] });
  });

  test('shutdown then exit ends the process with exit code 0', async () => {
    assert.equal(await server.shutdown(), 0);
  });
});

describe('leaving without shutdown', { timeout: 30_000 }, () => {
  test('exit without a shutdown first ends the process with exit code 1, as LSP asks', async () => {
    const server = await LspClient.start();
    try {
      assert.equal(await server.exitWithoutShutdown(), 1);
    } finally {
      server.kill();
    }
  });
});
