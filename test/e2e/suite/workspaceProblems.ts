// Problems of files that are not open, as VS Code pulls them from the server (LSP 3.17
// workspace diagnostics): listed before the file is opened, listed once while it is open,
// following unsaved edits, and back to what is on disk when it closes without saving.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { test } from './framework';
import { open, ours, rangeOf, until, waitForDiagnostics, workspaceUri } from './helpers';

const TYPO = 'SVCSTG.SWR.404010';
const FIXED = 'SVCSTG.SWR.4040010';
const G = 'dev';

test(
  G,
  'a misspelling in a file never opened is listed; opened it is listed once, follows unsaved edits, and comes back from disk on close',
  async (ctx) => {
    const uri = workspaceUri('closed.ts');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'closed.ts is already open');
    // The extension starts with the first covered file opened; the scan covers the rest.
    await open('handler.ts');
    const [closed] = await waitForDiagnostics(uri, `the workspace scan's diagnostic on ${TYPO}`, (ds) => ds.length === 1, 30_000);
    assert.ok(closed!.message.includes(FIXED), closed!.message);

    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    ctx.cleanup(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
    const doc = editor.document;
    // Typing a change makes the document pull answer for the editor's text.
    const typo = rangeOf(doc, TYPO);
    await editor.edit((e) => e.insert(typo.start.with({ character: 0 }), ' '));
    const moved = await waitForDiagnostics(
      uri,
      'the diagnostic to follow the edit',
      (ds) => ds.length > 0 && ds.every((d) => d.range.start.character === typo.start.character + 1),
    );
    assert.equal(moved.length, 1, `listed more than once: ${JSON.stringify(moved.map((d) => d.message))}`);

    await editor.edit((e) => e.replace(rangeOf(doc, TYPO), FIXED));
    await waitForDiagnostics(uri, 'the diagnostic to go with the unsaved fix', (ds) => ds.length === 0);
    assert.ok(doc.isDirty);

    // Close without saving: the file on disk still has the misspelling, and the list says so again.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await until('closed.ts to close', () => (vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString()) ? undefined : true));
    const back = await waitForDiagnostics(uri, "the disk version's diagnostic after closing", (ds) => ds.length === 1, 30_000);
    assert.equal(back[0]!.range.start.character, closed!.range.start.character);
    assert.equal(ours(uri).length, 1);
  },
  90_000,
);
