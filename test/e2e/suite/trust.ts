// Run in a workspace VS Code does not trust yet (workspace trust left on, no prompt). The
// manifest promises limited support: the bundled catalogs work, the workspace's own
// catalogs wait for trust, and trusting loads them without a restart.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { driver, test } from './framework';
import { cleanupFiles, closeAllEditors, exists, hoverAt, open, positionOf, until, waitForHover, workspaceUri, writeWorkspaceFile } from './helpers';
import { notificationWith, shot } from './ui';

const G = 'trust';
const KNOWN = 'SVCSTG.SWR.4001048';
const TEAM = 'TEAMGW.0042';
const TEAM_MESSAGE = 'Too many pushes from one project';

test(
  G,
  'in an untrusted workspace the bundled catalogs work and the workspace catalog stays unloaded',
  async (ctx) => {
    ctx.cleanup(closeAllEditors);
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace should open untrusted');
    const editor = await open('team.ts');
    const doc = editor.document;
    await waitForHover(doc.uri, positionOf(doc, KNOWN, 4), 'the bundled explanation', (t) => t.includes(KNOWN), 30_000);
    const team = await hoverAt(doc.uri, positionOf(doc, TEAM, 3));
    assert.ok(!team.includes(TEAM_MESSAGE), `the workspace catalog was used before the workspace was trusted:\n${team}`);
    await vscode.commands.executeCommand('errorCodes.showConfiguration');
    const page = await until('the configuration page', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'error-codes' && d.uri.path.endsWith('configuration.txt')),
    );
    assert.match(page.getText(), /not trusted/, 'the configuration page should say why the workspace catalog is missing');
  },
  45_000,
);

test(G, '"Import error-code page" in an untrusted workspace asks for trust first and writes nothing', async (ctx) => {
  cleanupFiles(ctx, 'pages');
  ctx.cleanup(() => vscode.commands.executeCommand('notifications.clearAll'));
  const page = await writeWorkspaceFile('pages/ecs.md', '| Status Code | Error Code | Error Message |\n|---|---|---|\n| 404 | Ecs.0114 | Not found. |\n');
  const result = await vscode.commands.executeCommand('errorCodes.importPage', { page, service: 'ecs', name: '' });
  assert.equal(result, undefined, 'the import should not run');
  assert.equal(await exists(workspaceUri('.vscode/error-codes/ecs.json')), false, 'a catalog was written into the untrusted workspace');
  if (ctx.config.driverUrl) {
    const message = await notificationWith(ctx, 'Trust this workspace first');
    assert.ok(message.found, `no message about trust; notifications: ${message.text}`);
  }
});

test(
  G,
  'trusting the workspace loads its catalog without a restart',
  async (ctx) => {
    const url = ctx.config.driverUrl;
    if (!url) return ctx.skip('trust is granted by clicking in the page');
    const granted = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidGrantWorkspaceTrust(() => {
        sub.dispose();
        resolve();
      });
    });
    ctx.cleanup(closeAllEditors);
    await vscode.commands.executeCommand('workbench.trust.manage');
    try {
      await driver('click', { selector: '.workspace-trust-editor .monaco-button:text-is("Trust")' }, url);
    } catch (err) {
      await shot(ctx, 'trust-editor', '.monaco-workbench');
      throw err;
    }
    await Promise.race([granted, until('trust to be granted', () => (vscode.workspace.isTrusted ? true : undefined), 10_000)]);
    const editor = await open('team.ts');
    const doc = editor.document;
    await waitForHover(doc.uri, positionOf(doc, TEAM, 3), `the workspace catalog to explain ${TEAM}`, (t) => t.includes(TEAM_MESSAGE));
  },
  45_000,
);
