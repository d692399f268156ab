// The language server's start-up: the connection, what the client can do, and one handler
// per concern (lsp/), all sharing one state. Every answer comes from the pure functions in
// features/, which know nothing of the connection; the handlers only route and schedule.
import { CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { piecedDocuments } from './document';
import { FramingWatch } from './framing';
import { lifecycle, REFUSED } from './lifecycle';
import { CatalogHandler } from './lsp/catalogHandler';
import { COMMANDS, CommandsHandler } from './lsp/commandsHandler';
import { DiagnosticsHandler } from './lsp/diagnosticsHandler';
import { DocumentsHandler } from './lsp/documentsHandler';
import { RequestsHandler } from './lsp/requestsHandler';
import { SettingsHandler } from './lsp/settingsHandler';
import { filePathOf, ServerState } from './lsp/state';
import { WorkspaceHandler } from './lsp/workspaceHandler';
import { FIX_ALL_KIND, InitializationOptions } from '../../protocol';

// Requests before `initialize` or after `shutdown` are refused, as LSP asks (lifecycle.ts).
const gate = lifecycle();
const connection = createConnection(ProposedFeatures.all, { messageStrategy: gate.messageStrategy });
connection.onRequest(REFUSED, (params: unknown) => gate.refusal(params));
// Open documents in pieces: an edit of a large file copies a few KiB, not the whole text (document.ts).
const documents = new TextDocuments(piecedDocuments);
const state = new ServerState(connection, documents);

// In this order: each takes those before it. Handlers of contextChanged run in it too:
// documents are checked again before the workspace's rescan is asked for.
const settings = new SettingsHandler(state);
const workspace = new WorkspaceHandler(state, settings);
const catalogs = new CatalogHandler(state, settings, workspace);
const checks = new DocumentsHandler(state, settings, catalogs, workspace);
new DiagnosticsHandler(state, () => checks.unpulled());
new CommandsHandler(state, catalogs);
new RequestsHandler(state, settings, checks, workspace);

connection.onInitialize((params) => {
  const init = (params.initializationOptions ?? {}) as InitializationOptions;
  const caps = params.capabilities;
  state.displayLanguage = init.displayLanguage ?? params.locale;
  state.store.workspaceTrusted = init.workspaceTrusted !== false;
  state.client = {
    pullConfiguration: !!caps.workspace?.configuration,
    watchFiles: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    workDoneProgress: !!caps.window?.workDoneProgress,
    completionItemDefaults: !!caps.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange'),
    // Pulled problems must be re-asked for when catalogs or settings change: a client that
    // cannot be told to pull again is sent them instead.
    pullDocuments: !!caps.textDocument?.diagnostic && !!caps.workspace?.diagnostics?.refreshSupport,
  };
  state.folders = [];
  for (const f of params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : [])) {
    const folder = filePathOf(f.uri);
    if (folder !== undefined) state.folders.push({ uri: f.uri, path: folder });
    else if (f.uri.startsWith('file:'))
      connection.console.warn(`Error Codes: the workspace folder ${f.uri} is not a folder on this machine: it is not scanned.`);
  }
  catalogs.load();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', "'", '`', '.'], resolveProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      executeCommandProvider: { commands: COMMANDS },
      ...(state.client.pullDocuments ? { diagnosticProvider: { identifier: 'errorCodes', interFileDependencies: false, workspaceDiagnostics: true } } : {}),
    },
    serverInfo: { name: 'error-codes' },
  };
});

connection.onInitialized(() => {
  settings.register();
  catalogs.registerWatcher();
  void catalogs.refresh().then(() => workspace.start());
});

documents.listen(connection);
if (process.argv.includes('--stdio')) {
  // Before the library's own reader (listeners run in order): broken framing leaves that reader
  // running and deaf, so the server says what broke and stops instead (framing.ts).
  const watch = new FramingWatch((problem) => {
    process.stderr.write(`Error Codes: ${problem}. The server stops.\n`);
    process.exit(1);
  });
  process.stdin.on('data', (chunk: Buffer) => watch.feed(chunk));
}
connection.listen();
