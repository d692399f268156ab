// The VS Code side of Error Codes: starts the language server and adds what only an
// editor can offer (commands, pages, a status bar item). No analysis happens here; every
// answer comes from the server, so the editor, other LSP clients and the CLI agree.
import * as vscode from 'vscode';
import {
  DidChangeWatchedFilesNotification, FileChangeType, State, TransportKind,
  type LanguageClient, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import {
  IGNORE_CODE_COMMAND, RescanWorkspaceRequest, SECTION, SERVER_NAME, WorkspaceCodesChangedNotification, WorkspaceTrustNotification,
  type InitializationOptions, type WorkspaceTrustParams,
} from '../../protocol';
import { RestartingErrorHandler } from './errorHandler';
import { PageImporter, type ImportPageArgs } from './importPage';
import { QuietLanguageClient } from './quietClient';
import { pickCatalog, pickCode } from './pick';
import { DOCUMENT_SELECTOR } from './selector';
import { CodeStatus, LIST_COMMAND } from './statusBar';
import { CONFIGURATION_URI, MarkdownPages, VIEW_SCHEME, catalogUri, explainUri, showPage } from './views';
import { WorkspaceCodesView } from './workspaceView';

let client: LanguageClient | undefined;

/** Arguments the look-up and insert commands accept when run from a keybinding or another extension. */
type PickArgs = { query?: string } | string | undefined;
const queryOf = (args: PickArgs): string => (typeof args === 'string' ? args : args?.query ?? '');

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel(SERVER_NAME, { log: true });
  const errorHandler = new RestartingErrorHandler({
    restart: () => void restart(),
    showOutput: () => output.show(true),
    log: (message) => output.warn(message),
  });

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    // Source maps make the server's stack traces readable in the output channel.
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--enable-source-maps', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    errorHandler,
    // A server that dies during `initialize` is handled like any crash (the close handler
    // restarts it); without this the library pops up the raw protocol error as well.
    initializationFailedHandler: (error) => {
      output.error(`initialize failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
    // A function, so a restart after trust was granted reports the current state.
    initializationOptions: (): InitializationOptions => ({
      displayLanguage: vscode.env.language,
      workspaceTrusted: vscode.workspace.isTrusted,
    }),
    // Hover text quotes vendor pages and users' catalogs: render it, never run links or HTML.
    markdown: { isTrusted: false, supportHtml: false },
    // No `synchronize`: the server pulls settings (workspace/configuration) and registers
    // for change notices itself, so one code path serves every LSP client.
  };
  // The id is the settings section, so `errorCodes.trace.server` sets the trace level.
  const createClient = () => {
    const c = new QuietLanguageClient(SECTION, SERVER_NAME, serverOptions, clientOptions);
    // Handlers registered before start() are kept by the library across restarts.
    c.onNotification(WorkspaceCodesChangedNotification, () => workspaceView.serverChanged());
    return c;
  };

  const pages = new MarkdownPages(() => client);
  const importer = new PageImporter(context.asAbsolutePath('dist/cli.js'), output, async (file, created) => {
    // A server not started yet reads the folder when it starts.
    if (!client?.isRunning()) return;
    await client.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: client.code2ProtocolConverter.asUri(file), type: created ? FileChangeType.Created : FileChangeType.Changed }],
    });
  });
  const status = new CodeStatus(() => client);
  // The view starts the server when it is expanded, but never asks the user anything.
  const workspaceView = new WorkspaceCodesView(async () => ((await ensureStarted()) && client?.isRunning() ? client : undefined));
  client = createClient();

  // Started on first need, not on activation: VS Code fires `onLanguage:json`/`jsonc` at
  // startup for its own settings models, and a server process per window that only ever
  // showed settings would be waste. First need = a covered document is shown, or a command.
  let starting: Promise<boolean> | undefined;
  const ensureStarted = (): Promise<boolean> => {
    starting ??= client!.start().then(
      () => {
        status.schedule(0);
        return true;
      },
      (err: unknown) => {
        output.error(`server failed to start: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        // A server that died while starting is already being restarted by the close
        // handler, which speaks up itself if that keeps failing.
        const state = client?.state;
        if (state !== State.Starting && state !== State.Running) {
          const show = vscode.l10n.t('Show Output');
          void vscode.window.showErrorMessage(vscode.l10n.t('The Error Codes server could not start.'), show).then((c) => c && output.show(true));
        }
        return false;
      },
    );
    return starting;
  };
  const restart = async () => {
    errorHandler.reset();
    if (!client) return;
    if (!starting) {
      await ensureStarted();
      return;
    }
    await starting;
    try {
      await client.restart();
    } catch (err) {
      // A client whose start failed (the server died while starting, and restarts were
      // used up) cannot be restarted by the library; a new one can be started.
      output.warn(`restart failed (${err instanceof Error ? err.message : String(err)}); starting a new client`);
      await client.dispose().catch(() => undefined);
      client = createClient();
      starting = undefined;
      await ensureStarted();
    }
    pages.refreshOpen();
    status.schedule(0);
    workspaceView.refresh();
  };
  const running = async (): Promise<LanguageClient | undefined> => {
    if (!starting) await ensureStarted();
    if (client?.isRunning()) return client;
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('The Error Codes server is not running.'), vscode.l10n.t('Restart'));
    if (choice) await restart();
    return client?.isRunning() ? client : undefined;
  };
  const covered = (doc: vscode.TextDocument) => vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0;

  context.subscriptions.push(
    output,
    pages,
    status,
    workspaceView,
    vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, pages),
    vscode.commands.registerCommand('errorCodes.lookup', async (args?: PickArgs) => {
      const c = await running();
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
      const c = await running();
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
      const c = await running();
      if (!c) return undefined;
      const catalog = await pickCatalog(c);
      if (catalog) await showPage(catalogUri(catalog.id));
      return catalog?.id;
    }),
    vscode.commands.registerCommand('errorCodes.showConfiguration', async () => {
      if (!(await running())) return;
      pages.refreshOpen();
      const doc = await vscode.workspace.openTextDocument(CONFIGURATION_URI);
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    // Needs no server: the bundled command line writes the catalog, and the server (if it
    // runs) picks the new file up through its file watcher like any other.
    vscode.commands.registerCommand('errorCodes.importPage', (args?: ImportPageArgs | vscode.Uri) => importer.run(args)),
    vscode.commands.registerCommand('errorCodes.rescanWorkspace', async () => {
      const c = await running();
      if (c) await c.sendRequest(RescanWorkspaceRequest);
      workspaceView.refresh();
    }),
    // Run by the server's "ignore this code" quick fix: settings are the client's to write.
    vscode.commands.registerCommand(IGNORE_CODE_COMMAND, (code: unknown, uri: unknown) => ignoreCode(code, uri)),
    vscode.commands.registerCommand('errorCodes.restartServer', restart),
    vscode.commands.registerCommand('errorCodes.showOutput', () => output.show(true)),
    vscode.commands.registerCommand(LIST_COMMAND, () => status.list()),
    // Trust can only be granted while a window runs (revoking it reloads the window). A
    // server not started yet learns it from initializationOptions instead.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      if (!starting || !(await starting) || !client?.isRunning()) return;
      await client.sendNotification(WorkspaceTrustNotification, { trusted: true } satisfies WorkspaceTrustParams);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server re-checks documents itself; pages it rendered earlier are ours to redraw.
      if (e.affectsConfiguration(SECTION)) {
        pages.refreshOpen();
        status.schedule(500);
      }
    }),
  );

  // Shown in an editor, not merely loaded: VS Code and other extensions load documents
  // nobody looks at (settings.json, files searched for references).
  const shown = () => vscode.window.visibleTextEditors.some((e) => covered(e.document));
  if (shown()) void ensureStarted();
  else {
    const waiting = vscode.window.onDidChangeVisibleTextEditors(() => {
      if (!shown()) return;
      waiting.dispose();
      void ensureStarted();
    });
    context.subscriptions.push(waiting);
  }
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
  const [target, current, where] = folder && multiRoot
    ? [vscode.ConfigurationTarget.WorkspaceFolder, inspected?.workspaceFolderValue, vscode.l10n.t('folder settings of {0}', folder.name)]
    : vscode.workspace.workspaceFolders?.length
      ? [vscode.ConfigurationTarget.Workspace, inspected?.workspaceValue, vscode.l10n.t('workspace settings')]
      : [vscode.ConfigurationTarget.Global, inspected?.globalValue, vscode.l10n.t('user settings')];
  const list = current ?? [];
  if (list.includes(code)) return;
  await config.update('ignore', [...list, code], target);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Error Codes: {0} added to errorCodes.ignore in the {1}.', code, where), 5000);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
