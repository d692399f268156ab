// The VS Code side of Error Codes: starts the language server and adds what only an
// editor can offer (commands, pages, a view, a status bar item). No analysis happens here;
// every answer comes from the server, so the editor, other LSP clients and the CLI agree.
//
// activate() only connects the parts: the server's lifecycle (languageServer.ts), the
// commands (commands.ts), the pages and the Error Codes view (views.ts, workspaceView.ts),
// the status bar (statusBar.ts), and the two editor events the server must hear of: trust
// granted and a covered document shown.
import * as vscode from 'vscode';
import { SECTION, SERVER_NAME, WorkspaceCodesChangedNotification } from '../../protocol';
import { registerCommands } from './commands';
import { PageImporter } from './importPage';
import { LanguageServer } from './languageServer';
import { DOCUMENT_SELECTOR } from './selector';
import { CodeStatus } from './statusBar';
import { MarkdownPages, VIEW_SCHEME } from './views';
import { WorkspaceCodesView } from './workspaceView';

let server: LanguageServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel(SERVER_NAME, { log: true });
  // The parts ask for the client each time they need it: a restart may replace it.
  const pages = new MarkdownPages(() => languageServer.client);
  const importer = new PageImporter(context.asAbsolutePath('dist/cli.js'), output, (file, created) => languageServer.fileWritten(file, created));
  const status = new CodeStatus(() => languageServer.client);
  // The view starts the server when it is expanded, but never asks the user anything.
  const workspaceView = new WorkspaceCodesView(async () =>
    (await languageServer.ensureStarted()) && languageServer.client?.isRunning() ? languageServer.client : undefined,
  );
  const languageServer = new LanguageServer(context.asAbsolutePath('dist/server.js'), output, {
    created: (client) => client.onNotification(WorkspaceCodesChangedNotification, () => workspaceView.serverChanged()),
    started: () => status.schedule(0),
    restarted: () => {
      pages.refreshOpen();
      status.schedule(0);
      workspaceView.refresh();
    },
  });
  server = languageServer;

  context.subscriptions.push(
    output,
    pages,
    status,
    workspaceView,
    vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, pages),
    ...registerCommands({ server: languageServer, output, pages, importer, status, workspaceView }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => languageServer.trustGranted()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server re-checks documents itself; pages it rendered earlier are ours to redraw.
      if (e.affectsConfiguration(SECTION)) {
        pages.refreshOpen();
        status.schedule(500);
      }
    }),
  );
  startWhenShown(context, languageServer);
}

/**
 * Starts the server once a covered document is shown in an editor, not merely loaded: VS Code
 * and other extensions load documents nobody looks at (settings.json, files searched for references).
 */
function startWhenShown(context: vscode.ExtensionContext, languageServer: LanguageServer): void {
  const covered = (doc: vscode.TextDocument) => vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0;
  const shown = () => vscode.window.visibleTextEditors.some((e) => covered(e.document));
  if (shown()) {
    void languageServer.ensureStarted();
    return;
  }
  const waiting = vscode.window.onDidChangeVisibleTextEditors(() => {
    if (!shown()) return;
    waiting.dispose();
    void languageServer.ensureStarted();
  });
  context.subscriptions.push(waiting);
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
