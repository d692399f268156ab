// LSP wiring only: capabilities, documents, settings, scheduling. Every answer comes from
// the pure functions in features/, which know nothing of the connection.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_CATALOG_BYTES, readableProblem, type CatalogFileProblem } from './catalog/catalogFile';
import { CatalogStore, configuredCatalogFiles, WantedCatalogFile, WORKSPACE_CATALOG_DIR, workspaceCatalogFiles } from './catalogStore';
import { piecedDocuments } from './document';
import { FramingWatch } from './framing';
import { lifecycle, REFUSED } from './lifecycle';
import { codeActions, wantsFixAll } from './features/actions';
import { addableCodeProblem, addCodeToCatalog } from './features/addToCatalog';
import { catalogMarkdown } from './features/catalogView';
import { complete, resolveCompletion } from './features/completion';
import { describeConfiguration } from './features/configuration';
import type { ServiceContext } from './features/context';
import { localeOf } from './features/context';
import { checkInSlices, giveWay, SlicedCheck } from './features/slicedCheck';
import { explainCode } from './features/explainCode';
import { hover } from './features/hover';
import { documentSummaryInSteps, lookup } from './features/summary';
import {
  CatalogMarkdownParams,
  CatalogMarkdownRequest,
  ADD_TO_CATALOG_COMMAND,
  CatalogsRequest,
  ConfigurationRequest,
  DIAGNOSTIC_SOURCE,
  CatalogSummary,
  CodeOccurrencesParams,
  CodeOccurrencesRequest,
  DocumentSummaryParams,
  DocumentSummaryRequest,
  ExplainParams,
  ExplainRequest,
  FIX_ALL_KIND,
  InitializationOptions,
  LookupParams,
  LookupRequest,
  RescanWorkspaceRequest,
  WorkspaceCodesChangedNotification,
  WorkspaceCodesRequest,
  SECTION,
  Settings,
  WorkspaceTrustNotification,
  WorkspaceTrustParams,
} from '../../protocol';
import { languageSpec } from './scan/languages';
import { readTextBounded, RefusedRead } from './safeRead';
import { writeRefusal } from './safeWrite';
import { normaliseSettings } from './settings';
import { WorkspaceReports } from './workspaceReports';
import { Progress, WorkspaceScan } from './workspaceScan';

// Requests before `initialize` or after `shutdown` are refused, as LSP asks (lifecycle.ts).
const gate = lifecycle();
const connection = createConnection(ProposedFeatures.all, { messageStrategy: gate.messageStrategy });
connection.onRequest(REFUSED, (params: unknown) => gate.refusal(params));
// Open documents in pieces: an edit of a large file copies a few KiB, not the whole text (document.ts).
const documents = new TextDocuments(piecedDocuments);
const store = new CatalogStore((message) => connection.console.error(message));

let displayLanguage: string | undefined;
let pullConfiguration = false;
let watchFiles = false;
let workDoneProgress = false;
let completionItemDefaults = false;
/** The client asks for open documents' problems (LSP 3.17 pull) instead of being sent them. */
let pullDocuments = false;
/** It has asked for the workspace's too: closed files' problems go with its pulls from then on. */
let pullWorkspace = false;
let refreshSupport = false;
/** Moves when settings change: a document's result id from before no longer holds. */
let settingsEpoch = 0;
let folders: { uri: string; path: string }[] = [];
/** Settings a client pushed with didChangeConfiguration, for clients that cannot be asked. */
let pushedSettings: Settings | undefined;
const settingsCache = new Map<string, Promise<Settings>>();
const reportedProblems = new Set<string>();

connection.onInitialize((params) => {
  const init = (params.initializationOptions ?? {}) as InitializationOptions;
  displayLanguage = init.displayLanguage ?? params.locale;
  store.workspaceTrusted = init.workspaceTrusted !== false;
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  watchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  workDoneProgress = !!params.capabilities.window?.workDoneProgress;
  completionItemDefaults = !!params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange');
  refreshSupport = !!params.capabilities.workspace?.diagnostics?.refreshSupport;
  // Pulled problems must be re-asked for when catalogs or settings change: a client that
  // cannot be told to pull again is sent them instead.
  pullDocuments = !!params.capabilities.textDocument?.diagnostic && refreshSupport;
  folders = [];
  for (const f of params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : [])) {
    const folder = filePathOf(f.uri);
    if (folder !== undefined) folders.push({ uri: f.uri, path: folder });
    else if (f.uri.startsWith('file:')) connection.console.warn(`Error Codes: the workspace folder ${f.uri} is not a folder on this machine: it is not scanned.`);
  }
  store.load();
  // Documents opened from now on are checked against these catalogs anyway.
  checkedGeneration = store.generation;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', "'", '`', '.'], resolveProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      executeCommandProvider: { commands: [ADD_TO_CATALOG_COMMAND] },
      ...(pullDocuments ? { diagnosticProvider: { identifier: 'errorCodes', interFileDependencies: false, workspaceDiagnostics: true } } : {}),
    },
    serverInfo: { name: 'error-codes' },
  };
});

connection.onInitialized(() => {
  if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
  if (watchFiles) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/.vscode/error-codes/*.{json,yaml,yml}' }],
    });
  }
  void refreshCatalogFiles().then(() => {
    rescan();
    return watchWorkspaceFiles();
  });
});

/**
 * A message with nothing to choose is a notification: `showWarningMessage` would send a
 * request, which some editors (Neovim) turn into a prompt that blocks the user. Messages name
 * files, settings and codes a repository chose: each is made readable on one line here, so no
 * control character, line break or `[x](command:…)` link of theirs reaches the editor's popup.
 */
function notify(type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message: readableProblem(message) });
}

function reportSettingProblems(problems: string[]): void {
  for (const p of problems) {
    if (reportedProblems.has(p)) continue;
    reportedProblems.add(p);
    connection.console.warn(p);
    notify(MessageType.Warning, `Error Codes: ${p}`);
  }
}

function settingsFor(uri: string): Promise<Settings> {
  if (!pullConfiguration) return Promise.resolve(pushedSettings ?? normaliseSettings(undefined).settings);
  let cached = settingsCache.get(uri);
  if (!cached) {
    cached = connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }).then(
      (raw: unknown) => {
        const { settings, problems } = normaliseSettings(raw);
        reportSettingProblems(problems);
        return settings;
      },
      () => normaliseSettings(undefined).settings,
    );
    settingsCache.set(uri, cached);
  }
  return cached;
}

async function contextFor(uri: string): Promise<ServiceContext> {
  return { index: store.index, settings: await settingsFor(uri), displayLanguage };
}

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  if (!pullConfiguration) {
    const raw = (change.settings as Record<string, unknown> | undefined)?.[SECTION];
    const { settings, problems } = normaliseSettings(raw);
    reportSettingProblems(problems);
    pushedSettings = settings;
  }
  settingsEpoch++;
  recheckOpenDocuments();
  void refreshCatalogFiles().then(() => rescan(300));
});

connection.onNotification(WorkspaceTrustNotification, (p: WorkspaceTrustParams) => {
  store.workspaceTrusted = p.trusted;
  void refreshCatalogFiles().then(() => rescan());
});

// Users' catalogs: which files are in force, their problems, and reloading them live.
let configuredWatchers: { dispose(): void } | undefined;

async function refreshCatalogFiles(): Promise<void> {
  const wanted: WantedCatalogFile[] = [];
  for (const f of folders) for (const file of workspaceCatalogFiles(f.path)) wanted.push({ file, kind: 'workspace' });
  const scopes = folders.length ? folders : [undefined];
  for (const f of scopes) {
    const settings = await settingsFor(f?.uri ?? '');
    for (const file of configuredCatalogFiles(f?.path, settings.catalogs)) {
      if (!wanted.some((w) => w.file === file)) wanted.push({ file, kind: 'configured' });
    }
  }
  store.setFiles(wanted);
  // A catalog open in the editor counts as its text there (a file just created by a quick fix is still empty on disk).
  for (const doc of documents.all()) {
    const file = catalogFileOf(doc);
    if (file) store.update(file, doc.getText());
  }
  await watchConfigured(wanted.filter((w) => w.kind === 'configured').map((w) => w.file));
  catalogsChanged();
}

async function watchConfigured(files: string[]): Promise<void> {
  if (!watchFiles) return;
  configuredWatchers?.dispose();
  configuredWatchers = undefined;
  if (files.length === 0) return;
  // Exact paths as glob patterns, with glob characters escaped.
  const watchers = files.map((f) => ({ globPattern: f.split(/[\\/]/).join('/').replace(/[[\]{}*?]/g, '[$&]') }));
  configuredWatchers = await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
}

const shownCatalogProblems = new Set<string>();
/** The catalogs' generation the open documents were last checked against. */
let checkedGeneration = -1;
let problemUris = new Set<string>();

function catalogDiagnostics(uri: string): Diagnostic[] {
  const file = filePathOf(uri) ?? '';
  const problem = store.problems().find((p) => p.file === file);
  return problem ? [{ range: problem.range, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: 'catalog', message: problemText(problem) }] : [];
}

function problemText(p: CatalogFileProblem): string {
  const kept = store.states().find((s) => s.file === p.file)?.lastGood ? ' The last good version stays in use.' : '';
  return `${p.message.replace(/\.$/, '')}.${kept}`;
}

/** After any catalog change: problems shown where they are, every open document checked again. */
function catalogsChanged(): void {
  const now = new Set<string>();
  for (const p of store.problems()) {
    const uri = pathToFileURL(p.file).href;
    now.add(uri);
    const key = `${p.file}\n${p.message}`;
    if (!shownCatalogProblems.has(key)) {
      shownCatalogProblems.add(key);
      // A file's name is the user's to choose: `[x](command:…).json` must not become a link in the notification.
      notify(MessageType.Error, `Error Codes: catalog ${p.file}:${p.range.start.line + 1}: ${problemText(p)}`);
    }
    if (!documents.get(uri)) publishClosed(uri, catalogDiagnostics(uri));
  }
  for (const uri of problemUris) if (!now.has(uri) && !documents.get(uri)) publishClosed(uri, []);
  problemUris = now;
  if (store.generation !== checkedGeneration) {
    checkedGeneration = store.generation;
    recheckOpenDocuments();
    rescan(500);
  }
}

connection.onDidChangeWatchedFiles((params) => {
  let rediscover = false;
  for (const change of params.changes) {
    const file = filePathOf(change.uri);
    if (file === undefined) continue;
    // A file appearing in or leaving the workspace's catalog folder changes which files are in force.
    if (change.type !== FileChangeType.Changed && file.includes(WORKSPACE_CATALOG_DIR)) rediscover = true;
    // An open document's text is newer than the disk's: it is read from the editor instead.
    if (store.isCatalogFile(file) && !documents.get(change.uri)) store.refresh(file);
  }
  if (rediscover) void refreshCatalogFiles();
  else catalogsChanged();
  for (const change of params.changes) {
    const file = filePathOf(change.uri);
    if (file === undefined || documents.get(change.uri)) continue;
    if (!store.isCatalogFile(file)) void scan.fileChanged(file, folders);
  }
});

function catalogFileOf(doc: TextDocument): string | undefined {
  const file = filePathOf(doc.uri);
  return file !== undefined && store.isCatalogFile(file) ? file : undefined;
}

/**
 * The file a `file:` URI names; undefined for other schemes and for one that names no file
 * here (`file://host/…` off Windows, an encoded `/`, a malformed URI): a document there is
 * checked as a document, only what would read the disk for it is skipped.
 */
function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

// The workspace scan: files on disk, checked in the background, results kept per file.
let viewTimer: NodeJS.Timeout | undefined;
const scan = new WorkspaceScan({
  context: (folderUri) => contextFor(folderUri),
  filesExclude: async (folderUri) => {
    if (!pullConfiguration) return [];
    const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'files.exclude' }).catch(() => undefined);
    return raw && typeof raw === 'object' ? Object.entries(raw as Record<string, unknown>).filter(([, v]) => v === true).map(([k]) => k) : [];
  },
  isOpen: (uri) => documents.get(uri) !== undefined,
  publish: (uri, diagnostics) => publishClosed(uri, diagnostics),
  changed: () => {
    // The view asks again when told; telling it at most a few times a second is plenty.
    if (viewTimer) return;
    viewTimer = setTimeout(() => {
      viewTimer = undefined;
      void connection.sendNotification(WorkspaceCodesChangedNotification);
    }, 300);
  },
  progress: async (): Promise<Progress> => {
    const silent: Progress = { report: () => undefined, done: () => undefined, cancelled: false };
    if (!workDoneProgress) return silent;
    // A client that refuses to show progress still gets its scan.
    const p = await connection.window.createWorkDoneProgress().catch(() => undefined);
    if (!p) return silent;
    let cancelled = false;
    p.token.onCancellationRequested(() => { cancelled = true; });
    p.begin('Error Codes', 0, 'scanning the workspace', true);
    return {
      report: (message, percentage) => p.report(percentage, message),
      done: () => p.done(),
      get cancelled() { return cancelled; },
    };
  },
  log: (m) => connection.console.warn(m),
});

let rescanTimer: NodeJS.Timeout | undefined;
/** A full scan soon: settings or catalogs changed (a burst of changes makes one scan). */
function rescan(delay = 0): void {
  if (rescanTimer) clearTimeout(rescanTimer);
  rescanTimer = setTimeout(() => {
    rescanTimer = undefined;
    scan.invalidate();
    void scan.scanAll(folders).catch((err: unknown) => connection.console.error(`Error Codes: workspace scan failed: ${String(err)}`));
  }, delay);
}

async function watchWorkspaceFiles(): Promise<void> {
  if (!watchFiles || folders.length === 0) return;
  const ctx = await contextFor(folders[0].uri);
  await connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: ctx.settings.workspace.include.map((globPattern) => ({ globPattern })),
  });
}

// Problems of open documents. A client that pulls them (LSP 3.17) asks after every change
// and is answered here; other clients are sent them. Either way a check waits until typing
// pauses and is dropped when the document moved on meanwhile, so typing never waits for a
// check of a version that is already stale.
const timers = new Map<string, NodeJS.Timeout>();
const DEBOUNCE_MS = 150;
/** When each open document last changed (opening counts as no change: it is checked at once). */
const lastTyped = new Map<string, number>();

/** What an open document's problems are now. */
async function problemsOfDocument(doc: TextDocument): Promise<Diagnostic[]> {
  if (catalogFileOf(doc)) return catalogDiagnostics(doc.uri);
  // Logs and prose carry what services sent; only code can use a code wrongly.
  if (languageSpec(doc.languageId).prose) return [];
  return (await checkOf(doc.uri))?.check.diagnostics ?? [];
}

interface Checked {
  /** The document, at `version` until it changes again (documents change in place). */
  doc: TextDocument;
  version: number;
  ctx: ServiceContext;
  check: SlicedCheck;
}
/**
 * The last whole check of each open document, under the result id it was begun for: its
 * diagnostics, the status bar's summary and a fix-all of the same version share one check.
 */
const checks = new Map<string, { id: string; version: number; ctx: ServiceContext; check: Promise<SlicedCheck | undefined> }>();

/**
 * The open document's check as it is now, in slices, so requests are answered while a large
 * file is checked; undefined when it closed, or moved on before the check was over (callers
 * drop that as they drop any stale answer).
 */
async function checkOf(uri: string): Promise<Checked | undefined> {
  // Taken before the settings are: settings changed while they are read must not pass as the new ones.
  const stamp = `${store.generation}.${settingsEpoch}`;
  const ctx = await contextFor(uri);
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const id = `${stamp}.${doc.version}`;
  let known = checks.get(uri);
  if (known?.id !== id) {
    const check = checkInSlices(doc, ctx);
    known = { id, version: doc.version, ctx, check };
    checks.set(uri, known);
    void check.then((c) => {
      if (!c && checks.get(uri)?.check === check) checks.delete(uri);
    });
  }
  const check = await known.check;
  // A check over is of the version it began with, which is still the document's: it stops when that moves on.
  return check && { doc, version: known.version, ctx: known.ctx, check };
}

/** The document changed while an answer about it was worked out: the client drops it or asks again. */
function contentModified(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ContentModified, 'the document changed while this was worked out');
}

/** Settings or catalogs changed: every open document is checked again. */
function recheckOpenDocuments(): void {
  if (!pullDocuments) {
    for (const doc of documents.all()) schedule(doc, 0);
  } else {
    // The client pulls again, with the result ids it holds; the new generation makes them stale.
    void connection.languages.diagnostics.refresh().catch(() => undefined);
    reports.changed();
  }
}

function schedule(doc: TextDocument, delay = DEBOUNCE_MS): void {
  const previous = timers.get(doc.uri);
  if (previous) clearTimeout(previous);
  timers.set(doc.uri, setTimeout(() => {
    timers.delete(doc.uri);
    void validate(doc.uri, doc.version);
  }, delay));
}

async function validate(uri: string, version: number): Promise<void> {
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return;
  const diagnostics = await problemsOfDocument(doc);
  if (documents.get(uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri, version, diagnostics });
}

/** "Ask again": the client pulls the document's newer version instead. */
function superseded(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed; ask again', { retriggerRequest: true });
}

/** A document's result id: its problems change only with its text, the catalogs and the settings. */
function resultIdOf(doc: TextDocument): string {
  return `${store.generation}.${settingsEpoch}.${doc.version}`;
}
/** The result id each document pull was last answered with: what the client holds, if it pulls the document. */
const answeredIds = new Map<string, string>();

connection.languages.diagnostics.on(async (params, token) => {
  const uri = params.textDocument.uri;
  const pause = (lastTyped.get(uri) ?? 0) + DEBOUNCE_MS - Date.now();
  if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  const doc = documents.get(uri);
  // Closed meanwhile (a client pulls once more as it closes one): what is on disk holds again.
  if (!doc) return { kind: 'full', items: diskProblems(uri) };
  if (token.isCancellationRequested) throw superseded();
  const resultId = resultIdOf(doc);
  if (params.previousResultId === resultId) {
    answeredIds.set(uri, resultId);
    return { kind: 'unchanged', resultId };
  }
  const items = await problemsOfDocument(doc);
  if (token.isCancellationRequested || documents.get(uri)?.version !== doc.version) throw superseded();
  answeredIds.set(uri, resultId);
  return { kind: 'full', resultId, items };
});

// Files that are not open: their problems (from the workspace scan, or a broken catalog
// file) are sent, or, once the client pulls the workspace's problems, answered to its pulls.
const reports = new WorkspaceReports(() => {
  const closed = new Map<string, Diagnostic[]>();
  for (const [, diagnostics, uri] of scan.filesWithProblems()) {
    if (!documents.get(uri)) closed.set(uri, diagnostics);
  }
  for (const p of store.problems()) {
    const uri = pathToFileURL(p.file).href;
    if (!documents.get(uri)) closed.set(uri, [...catalogDiagnostics(uri), ...(closed.get(uri) ?? [])]);
  }
  // Open documents the client has not pulled as they are now: it stopped pulling them (a
  // closed tab whose document VS Code keeps open) or has not pulled them yet.
  const open = new Map<string, { id: string; version: number; problems: () => Promise<Diagnostic[]> }>();
  for (const doc of documents.all()) {
    const id = resultIdOf(doc);
    if (answeredIds.get(doc.uri) !== id) open.set(doc.uri, { id, version: doc.version, problems: () => problemsOfDocument(doc) });
  }
  return { closed, open };
}, (uri) => documents.get(uri) !== undefined);
/** After typing pauses, and after the client's own pull of the document normally came. */
const OPEN_REPORT_DELAY_MS = DEBOUNCE_MS + 350;
let openReportTimer: NodeJS.Timeout | undefined;
/** Files this server sent problems for, to withdraw them when the client pulls instead. */
const sentClosed = new Set<string>();

/** A file's problems as it is on disk: its catalog problem, if it is a catalog, and what the workspace scan found. */
function diskProblems(uri: string): Diagnostic[] {
  const file = filePathOf(uri);
  const onDisk = file === undefined ? undefined : scan.diagnosticsOf(file);
  return [...catalogDiagnostics(uri), ...(onDisk ?? [])];
}

function publishClosed(uri: string, diagnostics: Diagnostic[]): void {
  if (pullWorkspace) {
    reports.changed();
    return;
  }
  if (diagnostics.length) sentClosed.add(uri);
  else sentClosed.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics });
}

connection.languages.diagnostics.onWorkspace(async (params, token, _work, partial) => {
  if (!pullWorkspace) {
    pullWorkspace = true;
    // What was sent before is withdrawn: from now on the pulls carry it, and shown twice it would be listed twice.
    for (const uri of sentClosed) void connection.sendDiagnostics({ uri, diagnostics: [] });
    sentClosed.clear();
  }
  return reports.pull(params.previousResultIds, token, undefined, partial && ((items) => partial.report({ items })));
});

// The library reports an opened document as a content change too: check those at once,
// and debounce only the changes typed after.
const seen = new Set<string>();
documents.onDidOpen((e) => {
  // A pulling client lists the open document's pulled problems; problems sent for it while it was closed would be listed twice.
  if (pullDocuments && sentClosed.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});
documents.onDidChangeContent((e) => {
  const file = catalogFileOf(e.document);
  if (file) {
    // Unsaved edits of a catalog take effect as they are typed; a broken edit keeps the last good version.
    store.update(file, e.document.getText());
    catalogsChanged();
    return;
  }
  const first = !seen.has(e.document.uri);
  seen.add(e.document.uri);
  if (!first) lastTyped.set(e.document.uri, Date.now());
  if (!pullDocuments) schedule(e.document, first ? 0 : DEBOUNCE_MS);
  else if (pullWorkspace) {
    // A document the client no longer pulls (its tab closed) still gets its problems through the workspace pull.
    clearTimeout(openReportTimer);
    openReportTimer = setTimeout(() => reports.changed(), OPEN_REPORT_DELAY_MS);
  }
});
documents.onDidClose((e) => {
  const uri = e.document.uri;
  seen.delete(uri);
  lastTyped.delete(uri);
  answeredIds.delete(uri);
  checks.delete(uri);
  const t = timers.get(uri);
  if (t) clearTimeout(t);
  timers.delete(uri);
  settingsCache.delete(uri);
  const file = catalogFileOf(e.document);
  if (file) {
    // Closing without saving: the disk's version is the one in force again.
    store.refresh(file);
    catalogsChanged();
  }
  // A closed file keeps its problems listed, as the workspace scan found them on disk.
  if (pullWorkspace) reports.documentClosed(uri);
  else publishClosed(uri, diskProblems(uri));
  const onDisk = filePathOf(uri);
  if (onDisk !== undefined) void scan.fileChanged(onDisk, folders);
});

connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? hover(doc, params.position, await contextFor(doc.uri)) : null;
});

connection.onCompletion(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? complete(doc, params.position, await contextFor(doc.uri), { itemDefaults: completionItemDefaults }) : null;
});

connection.onCompletionResolve((item) => resolveCompletion(item, store.index));

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const version = doc.version;
  const { diagnostics, only } = params.context;
  if (!wantsFixAll(only)) return codeActions(doc, diagnostics, only, await contextFor(doc.uri));
  // A fix-all (on every save, with `source.fixAll`) takes the problems of the check of this
  // version, run in slices or already over, rather than checking the whole document in one piece.
  const checked = await checkOf(doc.uri);
  if (!checked || checked.version !== version) throw contentModified();
  return codeActions(checked.doc, diagnostics, only, checked.ctx, checked.check.problems);
});

connection.onExecuteCommand(async (params) => {
  if (params.command !== ADD_TO_CATALOG_COMMAND) return;
  const [code, docUri] = (params.arguments ?? []) as [unknown, unknown];
  if (typeof docUri !== 'string') return;
  const notAddable = addableCodeProblem(code, store.index);
  if (notAddable || typeof code !== 'string') {
    notify(MessageType.Error, `Error Codes: cannot add this code to the workspace catalog: ${notAddable}.`);
    return;
  }
  const docPath = filePathOf(docUri);
  const folder = folders.find((f) => docPath?.startsWith(f.path + path.sep)) ?? folders[0];
  if (!folder) {
    notify(MessageType.Warning, 'Error Codes: open a folder to keep a workspace catalog in it.');
    return;
  }
  const file = path.join(folder.path, WORKSPACE_CATALOG_DIR, 'workspace.json');
  const uri = pathToFileURL(file).href;
  // The editor writes the edit below wherever a planted link leads, and a FIFO there would hang
  // the read: the workspace's own files are looked at first, never through a link.
  const unwritable = writeRefusal(file, folder.path);
  if (unwritable) {
    notify(MessageType.Error, `Error Codes: ${file}: ${unwritable}; ${code} was not added.`);
    return;
  }
  const open = documents.get(uri);
  let existing: string | undefined = open?.getText();
  if (existing === undefined) {
    try {
      existing = readTextBounded(file, { maxBytes: MAX_CATALOG_BYTES, links: 'within', root: folder.path });
    } catch (err) {
      if (err instanceof RefusedRead) {
        notify(MessageType.Error, `Error Codes: ${file}: ${err.reason}`);
        return;
      }
      existing = undefined;
    }
  }
  const addition = addCodeToCatalog(existing, code, store.index);
  if (addition === 'present') {
    await connection.window.showDocument({ uri, takeFocus: true });
    return;
  }
  if (!addition) {
    notify(MessageType.Error, `Error Codes: ${file} does not parse as a catalog; fix it before adding ${code}.`);
    return;
  }
  // Replace exactly the old text (jsonc-parser kept every byte of it but the insertions).
  const before = TextDocument.create(uri, 'json', 0, existing ?? '');
  const whole = { start: { line: 0, character: 0 }, end: before.positionAt((existing ?? '').length) };
  const create = existing === undefined ? [{ kind: 'create' as const, uri, options: { ignoreIfExists: true } }] : [];
  const applied = await connection.workspace.applyEdit({
    label: `Add ${code} to the workspace catalog`,
    edit: { documentChanges: [...create, { textDocument: { uri, version: open?.version ?? null }, edits: [{ range: whole, newText: addition.text }] }] },
  });
  if (!applied.applied) return;
  const at = TextDocument.create(uri, 'json', 0, addition.text);
  await connection.window.showDocument({ uri, takeFocus: true, selection: { start: at.positionAt(addition.selection.start), end: at.positionAt(addition.selection.end) } });
  void refreshCatalogFiles();
});

async function globalContext(): Promise<ServiceContext> {
  const any = documents.all()[0];
  return any ? contextFor(any.uri) : { index: store.index, settings: pushedSettings ?? normaliseSettings(undefined).settings, displayLanguage };
}

connection.onRequest(LookupRequest, async (p: LookupParams) => lookup(p.query ?? '', await globalContext(), p.limit));
connection.onRequest(ExplainRequest, async (p: ExplainParams) => explainCode(p.code ?? '', await globalContext()));
connection.onRequest(CatalogsRequest, async (): Promise<CatalogSummary[]> => {
  const ctx = await globalContext();
  const locale = localeOf(ctx);
  return store.loaded.map((l) => ({ id: l.catalog.id, service: l.catalog.service[locale] ?? l.catalog.service.en ?? l.catalog.id, codes: l.catalog.codes.length, origin: l.origin }));
});
connection.onRequest(CatalogMarkdownRequest, async (p: CatalogMarkdownParams) => {
  const ctx = await globalContext();
  const loaded = store.loaded.find((l) => l.catalog.id === p.id);
  return loaded ? catalogMarkdown(loaded, localeOf(ctx)) : '';
});
connection.onRequest(ConfigurationRequest, async () => {
  const ctx = await globalContext();
  return describeConfiguration({
    catalogs: store.loaded,
    problems: store.problems(),
    settings: ctx.settings,
    settingsFrom: [pullConfiguration ? 'the editor\'s settings' : 'settings the client sent'],
    workspaceTrusted: store.workspaceTrusted,
  });
});
connection.onRequest(WorkspaceCodesRequest, async () => scan.codes(await globalContext()));
connection.onRequest(CodeOccurrencesRequest, (p: CodeOccurrencesParams) => scan.occurrences(typeof p?.code === 'string' ? p.code : ''));
connection.onRequest(RescanWorkspaceRequest, () => {
  rescan();
  return null;
});
connection.onRequest(DocumentSummaryRequest, async (p: DocumentSummaryParams) => {
  const doc = documents.get(p.uri);
  if (!doc) return { codes: 0, problems: 0, items: [] };
  // The check in slices (or the one already run for this version); a file over maxFileSize is
  // answered at once, saying it was not counted.
  const checked = await checkOf(doc.uri);
  // Its items too are made between giving way (100,000 of them take tens of milliseconds).
  const summary = checked && (await documentSummaryInSteps(checked.doc, checked.ctx, checked.check, async () => {
    await giveWay();
    return checked.doc.version === checked.version;
  }));
  if (!summary) throw contentModified();
  return summary;
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
