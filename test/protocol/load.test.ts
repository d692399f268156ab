// The server under load: a large handler file typed into every few milliseconds (spaces typed
// and deleted, lines inserted, codes misspelled and put right) with pauses in which it checks
// the whole file, while 200 hovers and completions are fired without waiting for each other.
// Nothing may fail, every answer must be about the version it was asked in, and when typing
// stops the problems shown must be those of the text the editor holds. How fast it answers
// meanwhile is the benchmark's business (`npm run bench -- --only load`), not this test's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { MessageType } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogIndex } from '../../server/src/catalog/index';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import type { ServiceContext } from '../../server/src/features/context';
import { diagnose } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { documentSummary } from '../../server/src/features/summary';
import { DocumentSummary, DocumentSummaryRequest } from '../../protocol';
import { normaliseSettings } from '../../server/src/settings';
import { generateSource, readCodes } from '../bench/generate';
import { LspClient } from './client';
import { ROOT } from '../support/root';
import { judge, typeAndAsk, TypistRun, TYPIST_DEFAULTS } from './typist';

/** Large enough that a check of the whole file takes the server tens of milliseconds. */
const SOURCE_BYTES = 400_000;
const URI = 'file:///load/handlers.ts';

describe('the server while a large file is typed into and asked about', { timeout: 60_000 }, () => {
  const catalogDir = path.join(ROOT, 'catalogs');
  const source = generateSource(readCodes(catalogDir), SOURCE_BYTES, 7);
  const ctx: ServiceContext = {
    index: new CatalogIndex(bundledCatalogs(catalogDir).map((catalog) => ({ catalog, origin: 'bundled' }))),
    settings: normaliseSettings({}).settings,
    displayLanguage: undefined,
  };
  let server: LspClient;
  let run: TypistRun;

  before(async () => {
    server = await LspClient.start({ settings: {}, deadlineMs: 20_000 });
    await server.open(URI, 'typescript', source.text);
    const opened = await server.diagnostics(URI, { version: 1 });
    assert.ok(opened.diagnostics.length > 0, 'the generated file should have misspellings to start with');
    // Each hover is also answered in-process on the editor's copy as it was when the request left.
    run = await typeAndAsk(server, URI, source, { ...TYPIST_DEFAULTS, requests: 200, seed: 7 }, (doc, position) => hover(doc, position, ctx));
  });
  after(() => server?.kill());

  test('the load was what it claims: 200 requests among hundreds of edits of every kind, some while the server checked', () => {
    assert.equal(run.asked.length, 200);
    assert.ok(run.asked.some((a) => a.kind === 'hover') && run.asked.some((a) => a.kind === 'completion'));
    assert.ok(
      run.asked.some((a) => a.inPause),
      'no request was sent while typing paused',
    );
    assert.ok(run.edits >= 200, `only ${run.edits} edits`);
    for (const kind of ['type a space', 'delete a space', 'misspell a code', 'put a misspelling right', 'insert a line above a hovered code']) {
      assert.ok((run.editKinds[kind] ?? 0) > 0, `no edit of the kind "${kind}": ${JSON.stringify(run.editKinds)}`);
    }
  });

  test('no request failed, and the server is still running and answering', async () => {
    const failed = run.asked.filter((a) => a.error).map((a) => `${a.kind} (version ${a.version}): ${a.error}`);
    assert.deepEqual(failed, []);
    assert.equal(server.child.exitCode, null, 'the server exited');
    assert.equal(server.child.signalCode, null, 'the server was killed');
    const errors = [...server.logged.filter((m) => m.type === MessageType.Error), ...server.shown.filter((m) => m.type === MessageType.Error)];
    assert.deepEqual(
      errors.map((m) => m.message),
      [],
      'the server reported errors',
    );
  });

  test('every hover is the one of the version it was asked in, naming the code there; every completion completes the literal as it was', () => {
    const wrong = run.asked.map(judge).filter((w): w is string => w !== undefined);
    assert.deepEqual(wrong, []);
    // Most hovers explain something: the comparison above is not between two empty answers.
    const hovers = run.asked.filter((a) => a.kind === 'hover');
    const explained = hovers.filter((a) => a.hover);
    assert.ok(explained.length >= hovers.length * 0.75, `only ${explained.length} of ${hovers.length} hovers explained a code`);
  });

  test('when typing stops, the problems published are those of the text the editor holds', async () => {
    const published = await server.diagnostics(URI, { version: run.finalVersion });
    const finalText = server.text(URI);
    // As the wire carries them: a field that is undefined is left out.
    const fresh = JSON.parse(JSON.stringify(diagnose(TextDocument.create(URI, 'typescript', run.finalVersion, finalText), ctx))) as unknown[];
    assert.ok(fresh.length > 0);
    assert.deepEqual(published.diagnostics, fresh);
    // Nothing newer is published afterwards for an older version.
    const later = server.published.filter((p) => p.params.uri === URI && (p.params.version ?? 0) > run.finalVersion);
    assert.deepEqual(later, []);
  });

  test("the server's copy of the document ends equal to the editor's: its summary of the codes is the one of the editor's text", async () => {
    const theirs = await server.request<DocumentSummary>(DocumentSummaryRequest, { uri: URI });
    const ours = documentSummary(TextDocument.create(URI, 'typescript', run.finalVersion, server.text(URI)), ctx);
    assert.deepEqual(theirs, ours);
    // And an answer still comes for the final text: a hover on its first code.
    const first = source.literals[0].code;
    const at = server.text(URI).indexOf(`"${first}"`) + 2;
    const md = await server.hoverText(URI, server.document(URI).positionAt(at));
    assert.ok(md?.includes(first), `no hover on ${first} after the load: ${md}`);
  });
});
