// extensionTestsPath entry: VS Code (code-server or Electron) loads this module in the
// extension host and calls run(); a rejected promise makes the host exit non-zero.
import * as vscode from 'vscode';
import { loadConfig, runAll } from './framework';
import './features';
import './catalogs';
import './packaged';
import './trust';
import './workspaceProblems';

export async function run(): Promise<void> {
  const config = loadConfig();
  // Room for the editor in screenshots; the file tree adds nothing to them.
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  const failed = await runAll(config);
  if (failed) throw new Error(`${failed} in-editor test(s) failed`);
}
