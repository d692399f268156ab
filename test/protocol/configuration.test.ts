// Settings as the server gets them over the wire: asked for with workspace/configuration
// (VS Code, Neovim), or pushed with didChangeConfiguration by clients that cannot be asked.
// The test answers in the editor's place, so each case says exactly which settings were in force.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, MessageType } from 'vscode-languageserver-protocol/node';
import { ExplainRequest, ExplainResult } from '../../protocol';
import { LspClient, positionOf } from './client';

const TEXT = 'if (err.code === "SVCSTG.SWR.404010") {}\nif (err.code === "SVCSTG.SWR.4040010") {}\n';
const CODE = 'SVCSTG.SWR.4040010';

describe('settings from the editor', { timeout: 60_000 }, () => {
  let server: LspClient | undefined;
  afterEach(() => {
    server?.kill();
    server = undefined;
  });

  test('the server asks for the errorCodes section, scoped to the document', async () => {
    server = await LspClient.start({ settings: {} });
    const uri = 'file:///ws/asked.ts';
    await server.open(uri, 'typescript', TEXT);
    await server.diagnostics(uri, { version: 1 });
    assert.ok(
      server.configurationAsked.some((item) => item.section === 'errorCodes' && item.scopeUri === uri),
      `asked for: ${JSON.stringify(server.configurationAsked)}`,
    );
  });

  test('severity "off" silences the diagnostics after didChangeConfiguration; "error" brings them back as errors', async () => {
    server = await LspClient.start({ settings: {} });
    const uri = 'file:///ws/severity.ts';
    await server.open(uri, 'typescript', TEXT);
    const first = await server.diagnostics(uri, { version: 1 });
    assert.equal(first.diagnostics.length, 1);
    assert.equal(first.diagnostics[0].severity, DiagnosticSeverity.Warning);

    server.settings = { diagnostics: { misspelled: 'off' } };
    let mark = server.mark();
    await server.configurationChanged();
    assert.deepEqual((await server.diagnostics(uri, { after: mark })).diagnostics, []);

    server.settings = { diagnostics: { misspelled: 'error' } };
    mark = server.mark();
    await server.configurationChanged();
    const again = await server.diagnostics(uri, { after: mark });
    assert.deepEqual(
      again.diagnostics.map((d) => d.severity),
      [DiagnosticSeverity.Error],
    );
  });

  test('language zh-CN turns hovers and diagnostic messages Chinese', async () => {
    server = await LspClient.start({ settings: { language: 'en' } });
    const uri = 'file:///ws/language.ts';
    await server.open(uri, 'typescript', TEXT);
    await server.diagnostics(uri, { version: 1 });
    const at = positionOf(TEXT, CODE, 3);
    assert.match((await server.hoverText(uri, at)) ?? '', /^\*\*SVCSTG[^\n]*\n\nThe image does not exist/);

    server.settings = { language: 'zh-CN' };
    const mark = server.mark();
    await server.configurationChanged();
    const zh = await server.diagnostics(uri, { after: mark });
    assert.match(zh.diagnostics[0]?.message as string, /是否应为 `SVCSTG\.SWR\.4040010`（404，镜像不存在/);
    const md = (await server.hoverText(uri, at)) ?? '';
    // Chinese first, English as the other language.
    assert.match(md, /^\*\*SVCSTG[^\n]*\n\n镜像不存在/);
    assert.match(md, /\*English:\* The image does not exist/);
  });

  test('"auto" follows the display language the client sends at initialize', async () => {
    server = await LspClient.start({ settings: { language: 'auto' }, initializationOptions: { displayLanguage: 'zh-cn' } });
    const uri = 'file:///ws/auto.ts';
    await server.open(uri, 'typescript', TEXT);
    assert.match((await server.hoverText(uri, positionOf(TEXT, CODE, 3))) ?? '', /镜像不存在/);
  });

  test('a broken setting is named in a warning; the server keeps working with the default for it', async () => {
    server = await LspClient.start({ settings: { language: 'zh-CN', diagnostics: { misspelled: 42 } } });
    const uri = 'file:///ws/broken.ts';
    await server.open(uri, 'typescript', TEXT);
    // Either way of showing counts here (window/showMessage, or window/showMessageRequest, which
    // is what vscode-languageserver's showWarningMessage sends); the user must see it as a warning.
    const warning = await server.message('a warning about errorCodes.diagnostics.misspelled', (m) => /errorCodes\.diagnostics\.misspelled/.test(m.message));
    assert.equal(warning.type, MessageType.Warning);
    assert.match(warning.message, /got number 42/);
    // The broken key falls back to its default (warning); the valid one next to it still applies.
    const { diagnostics } = await server.diagnostics(uri, { version: 1 });
    assert.deepEqual(
      diagnostics.map((d) => d.severity),
      [DiagnosticSeverity.Warning],
    );
    assert.match(diagnostics[0].message as string, /是否应为/);
    assert.match((await server.hoverText(uri, positionOf(TEXT, CODE, 3))) ?? '', /镜像不存在/);
    // Said once, not on every document or request.
    await server.open('file:///ws/broken2.ts', 'typescript', TEXT);
    await server.diagnostics('file:///ws/broken2.ts', { version: 1 });
    assert.equal(server.shown.filter((m) => /diagnostics\.misspelled/.test(m.message)).length, 1);
  });

  test('settings that are not an object at all: one warning, defaults throughout', async () => {
    server = await LspClient.start({ settings: 'loud' });
    const uri = 'file:///ws/not-object.ts';
    await server.open(uri, 'typescript', TEXT);
    const warning = await server.message('a warning about the errorCodes section', (m) => /errorCodes: expected an object/.test(m.message));
    assert.equal(warning.type, MessageType.Warning);
    assert.equal((await server.diagnostics(uri, { version: 1 })).diagnostics.length, 1);
  });

  test('ignored codes get no diagnostic', async () => {
    server = await LspClient.start({ settings: { ignore: ['SVCSTG.SWR.404010'] } });
    const uri = 'file:///ws/ignored.ts';
    await server.open(uri, 'typescript', TEXT);
    assert.deepEqual((await server.diagnostics(uri, { version: 1 })).diagnostics, []);
  });

  test('custom requests answer in the configured language too', async () => {
    server = await LspClient.start({ settings: { language: 'zh-CN' } });
    await server.open('file:///ws/any.ts', 'typescript', TEXT);
    const r = await server.request<ExplainResult>(ExplainRequest, { code: CODE });
    assert.match(r.markdown, /镜像不存在/);
  });

  test('a client that pushes settings (no workspace/configuration) gets them applied', async () => {
    server = await LspClient.start({ pullConfiguration: false });
    const uri = 'file:///ws/pushed.ts';
    await server.open(uri, 'typescript', TEXT);
    assert.deepEqual(
      (await server.diagnostics(uri, { version: 1 })).diagnostics.map((d) => d.severity),
      [DiagnosticSeverity.Warning],
    );
    assert.deepEqual(server.configurationAsked, [], 'the server asked a client that said it cannot be asked');
    assert.deepEqual(
      server.registrations.filter((r) => r.method === 'workspace/didChangeConfiguration'),
      [],
    );

    const mark = server.mark();
    await server.configurationChanged({ errorCodes: { diagnostics: { misspelled: 'error' }, language: 'zh-CN' } });
    const pushed = await server.diagnostics(uri, { after: mark });
    assert.deepEqual(
      pushed.diagnostics.map((d) => d.severity),
      [DiagnosticSeverity.Error],
    );
    assert.match(pushed.diagnostics[0].message as string, /是否应为/);
  });
});
