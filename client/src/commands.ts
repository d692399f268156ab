// The palette's commands, and the one the server's "ignore this code" quick fix runs. Each
// asks the server (started if need be) and shows the answer; none analyses anything itself.
import * as vscode from 'vscode';
import { IGNORE_CODE_COMMAND, RescanWorkspaceRequest, SECTION } from '../../protocol';
import type { PageImporter, ImportPageArgs } from './importPage';
import type { LanguageServer } from './languageServer';
import { pickCatalog, pickCode } from './pick';
import { type CodeStatus, LIST_COMMAND } from './statusBar';
import { CONFIGURATION_URI, type MarkdownPages, catalogUri, explainUri, showPage } from './views';
import type { WorkspaceCodesView } from './workspaceView';

/** Arguments the look-up and insert commands accept when run from a keybinding or another extension. */
type PickArgs = { query?: string } | string | undefined;
const queryOf = (args: PickArgs): string => (typeof args === 'string' ? args : (args?.query ?? ''));

/** What the commands drive. */
interface CommandTargets {
  server: LanguageServer;
  output: vscode.LogOutputChannel;
  pages: MarkdownPages;
  importer: PageImporter;
  status: CodeStatus;
  workspaceView: WorkspaceCodesView;
}

export function registerCommands({ server, output, pages, importer, status, workspaceView }: CommandTargets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('errorCodes.lookup', async (args?: PickArgs) => {
      const c = await server.running();
      if (!c) return undefined;
      const code = await pickCode(c, vscode.l10n.t('Look Up an Error Code'), queryOf(args));
      if (code) await showPage(explainUri(code));
      return code;
    }),
    vscode.commands.registerCommand('errorCodes.insert', async (args?: PickArgs) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open a file to insert an error code into.'));
        return undefined;
      }
      const c = await server.running();
      if (!c) return undefined;
      const code = await pickCode(c, vscode.l10n.t('Insert Error Code'), queryOf(args));
      if (!code) return undefined;
      // The pick took focus; the editor and its selections are as they were before it.
      await editor.edit((edit) => {
        for (const sel of editor.selections) edit.replace(sel, code);
      });
      return code;
    }),
    vscode.commands.registerCommand('errorCodes.showCatalog', async () => {
      const c = await server.running();
      if (!c) return undefined;
      const catalog = await pickCatalog(c);
      if (catalog) await showPage(catalogUri(catalog.id));
      return catalog?.id;
    }),
    vscode.commands.registerCommand('errorCodes.showConfiguration', async () => {
      if (!(await server.running())) return;
      pages.refreshOpen();
      const doc = await vscode.workspace.openTextDocument(CONFIGURATION_URI);
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    // Needs no server: the bundled command line writes the catalog, and the server (if it
    // runs) picks the new file up through its file watcher like any other.
    vscode.commands.registerCommand('errorCodes.importPage', (args?: ImportPageArgs | vscode.Uri) => importer.run(args)),
    vscode.commands.registerCommand('errorCodes.rescanWorkspace', async () => {
      const c = await server.running();
      if (c) await c.sendRequest(RescanWorkspaceRequest);
      workspaceView.refresh();
    }),
    // Run by the server's "ignore this code" quick fix: settings are the client's to write.
    vscode.commands.registerCommand(IGNORE_CODE_COMMAND, (code: unknown, uri: unknown) => ignoreCode(code, uri)),
    vscode.commands.registerCommand('errorCodes.restartServer', () => server.restart()),
    vscode.commands.registerCommand('errorCodes.showOutput', () => output.show(true)),
    vscode.commands.registerCommand(LIST_COMMAND, () => status.list()),
  ];
}

/**
 * Adds a code to `errorCodes.ignore` where it applies to the file it came from: the file's
 * workspace folder in a multi-root workspace, else the workspace, else the user settings.
 */
async function ignoreCode(code: unknown, uri: unknown): Promise<void> {
  if (typeof code !== 'string' || !code) return;
  const resource = typeof uri === 'string' ? vscode.Uri.parse(uri) : undefined;
  const folder = resource && vscode.workspace.getWorkspaceFolder(resource);
  const config = vscode.workspace.getConfiguration(SECTION, folder?.uri ?? null);
  const inspected = config.inspect<string[]>('ignore');
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const [target, current, where] =
    folder && multiRoot
      ? [vscode.ConfigurationTarget.WorkspaceFolder, inspected?.workspaceFolderValue, vscode.l10n.t('folder settings of {0}', folder.name)]
      : vscode.workspace.workspaceFolders?.length
        ? [vscode.ConfigurationTarget.Workspace, inspected?.workspaceValue, vscode.l10n.t('workspace settings')]
        : [vscode.ConfigurationTarget.Global, inspected?.globalValue, vscode.l10n.t('user settings')];
  const list = current ?? [];
  if (list.includes(code)) return;
  await config.update('ignore', [...list, code], target);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Error Codes: {0} added to errorCodes.ignore in the {1}.', code, where), 5000);
}
