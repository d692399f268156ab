// Run against the .vsix installed into a fresh extensions folder, with no development
// folder, in a VS Code whose display language is Chinese (zh-cn): proves the package itself
// is complete (bundles, catalogs, manifest, translations) and that Chinese users get
// Chinese explanations and UI without touching a setting.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { driver, test } from './framework';
import type { ImportPageResult } from '../../../client/src/importPage';
import { EXTENSION_ID, catalogEntry, cleanupFiles, open, positionOf, serverPids, until, waitForHover, workspaceUri, writeWorkspaceFile } from './helpers';
import { notificationWith, pressEscape, showHover, type Query } from './ui';

const G = 'package';
const KNOWN = 'SVCSTG.SWR.4001048';

test(G, 'the installed .vsix is the extension VS Code loads', async (ctx) => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  assert.ok(
    !path.resolve(ext.extensionPath).startsWith(path.resolve(ctx.config.repoRoot)),
    `loaded from the development folder ${ext.extensionPath}, not from the package`,
  );
  assert.deepEqual(serverPids(), [], 'the server started before any covered file was opened');
});

test(G, 'VS Code runs in Chinese and the packaged manifest is shown in Chinese', async (ctx) => {
  assert.equal(vscode.env.language, 'zh-cn', 'the session should run with display language zh-cn');
  const zh = JSON.parse(readFileSync(path.join(ctx.config.repoRoot, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  // Localized manifest strings arrive as { value, original }.
  const text = (t: unknown) => (typeof t === 'object' && t !== null && 'value' in t ? String((t as { value: unknown }).value) : String(t));
  const lookup = (ext.packageJSON.contributes.commands as Array<{ command: string; title: unknown }>).find((c) => c.command === 'errorCodes.lookup');
  assert.equal(text(lookup?.title), zh['command.lookup']);
});

test(
  G,
  'the packaged extension activates and explains a code in Chinese on hover',
  async (ctx) => {
    const entry = catalogEntry(ctx.config.repoRoot, KNOWN);
    const zh = entry.message['zh-CN'];
    assert.ok(zh, `${KNOWN} has no Chinese message in the catalog`);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const editor = await open('handler.ts');
    await until('the packaged extension to activate', () => (ext.isActive ? true : undefined), 15_000);
    const pos = positionOf(editor.document, KNOWN, 4);
    // errorCodes.language is `auto`: the display language decides.
    const text = await waitForHover(editor.document.uri, pos, `a Chinese hover for ${KNOWN}`, (t) => t.includes(KNOWN) && t.includes(zh), 30_000);
    assert.ok(text.includes(String(entry.httpStatus)), text);
    if (entry.message.en && text.includes(entry.message.en))
      assert.ok(text.indexOf(zh) < text.indexOf(entry.message.en), `Chinese should come first:\n${text}`);
    editor.selection = new vscode.Selection(pos, pos);
    await showHover(ctx, 'hover-zh', zh);
    await pressEscape(ctx);
  },
  45_000,
);

test(G, "the extension's own messages are in Chinese (the look-up's title)", async (ctx) => {
  if (!ctx.config.driverUrl) return ctx.skip('reads the title from the page');
  const pending = vscode.commands.executeCommand('errorCodes.lookup', { query: KNOWN });
  try {
    const title = await driver<Query>('query', { selector: '.quick-input-widget', text: '查询错误码', timeoutMs: 10_000 }, ctx.config.driverUrl);
    assert.ok(title?.found, `the look-up is not titled in Chinese: ${title?.text}`);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await pending;
  }
});

test(
  G,
  'the package carries the command line: a page is imported, and the summary is in Chinese',
  async (ctx) => {
    cleanupFiles(ctx, '.vscode/error-codes/ecs.json', 'pages', 'ecs-use.ts');
    ctx.cleanup(() => vscode.commands.executeCommand('notifications.clearAll'));
    const page = await writeWorkspaceFile(
      'pages/ecs.md',
      [
        '| Status Code | Error Code | Error Message |',
        '|---|---|---|',
        '| 404 | Ecs.0114 | The cloud server cannot be found. |',
        '| 400 | Ecs.0007 | The flavor is not offered here. |',
        '',
      ].join('\n'),
    );
    await writeWorkspaceFile('ecs-use.ts', 'export const missing = (code: string) => code === "Ecs.0114";\n');
    const result = await vscode.commands.executeCommand<ImportPageResult | undefined>('errorCodes.importPage', {
      page,
      service: 'ecs',
      name: 'Elastic Cloud Server',
    });
    assert.ok(result, 'the import did not finish');
    assert.equal(result.catalog, workspaceUri('.vscode/error-codes/ecs.json').fsPath);
    assert.equal(result.read, 2);
    const use = (await open('ecs-use.ts')).document;
    // The page is English only, so the Chinese session falls back to the English text.
    await waitForHover(
      use.uri,
      positionOf(use, 'Ecs.0114', 4),
      'the imported catalog in the hover',
      (t) => t.includes('The cloud server cannot be found.') && t.includes('Elastic Cloud Server'),
    );
    if (ctx.config.driverUrl) {
      const message = await notificationWith(ctx, '已将 2 个错误码导入');
      assert.ok(message.found, `no Chinese summary; notifications: ${message.text}`);
    }
  },
  45_000,
);
