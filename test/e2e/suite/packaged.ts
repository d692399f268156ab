// Run against the .vsix installed into a fresh extensions folder, with no development
// folder: proves the package itself is complete (bundles, catalogs, manifest, l10n files).
import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import { test } from './framework';
import { EXTENSION_ID, catalogEntry, open, positionOf, serverPids, until, waitForHover } from './helpers';

const G = 'package';
const KNOWN = 'SVCSTG.SWR.4001048';

test(G, 'the installed .vsix is the extension VS Code loads', async (ctx) => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  assert.ok(!path.resolve(ext.extensionPath).startsWith(path.resolve(ctx.config.repoRoot)), `loaded from the development folder ${ext.extensionPath}, not from the package`);
  assert.deepEqual(serverPids(), [], 'the server started before any covered file was opened');
});

test(G, 'the packaged extension activates and explains a code on hover', async (ctx) => {
  const entry = catalogEntry(ctx.config.repoRoot, KNOWN);
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const editor = await open('handler.ts');
  await until('the packaged extension to activate', () => (ext.isActive ? true : undefined), 15_000);
  const text = await waitForHover(editor.document.uri, positionOf(editor.document, KNOWN, 4), `a hover explaining ${KNOWN}`, (t) => t.includes(KNOWN) && t.includes(String(entry.httpStatus)), 30_000);
  assert.ok(entry.message.en && text.includes(entry.message.en), text);
}, 45_000);
