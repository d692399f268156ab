// LSP wiring only: capabilities, documents, settings, scheduling. Every answer comes from
// the pure functions in features/, which know nothing of the connection.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogStore } from './catalogStore';
import { codeActions } from './features/actions';
import { catalogMarkdown } from './features/catalogView';
import { complete } from './features/completion';
import type { ServiceContext } from './features/context';
import { localeOf } from './features/context';
import { diagnose } from './features/diagnostics';
import { explainCode } from './features/explainCode';
import { hover } from './features/hover';
import { documentSummary, lookup } from './features/summary';
import {
  CatalogMarkdownParams,
  CatalogMarkdownRequest,
  CatalogsRequest,
  CatalogSummary,
  DocumentSummaryParams,
  DocumentSummaryRequest,
  ExplainParams,
  ExplainRequest,
  FIX_ALL_KIND,
  InitializationOptions,
  LookupParams,
  LookupRequest,
  SECTION,
  Settings,
  WorkspaceTrustNotification,
  WorkspaceTrustParams,
} from './protocol';
import { languageSpec } from './scan/languages';
import { normaliseSettings } from './settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const store = new CatalogStore((message) => connection.console.error(message));

let displayLanguage: string | undefined;
let pullConfiguration = false;
/** Settings a client pushed with didChangeConfiguration, for clients that cannot be asked. */
let pushedSettings: Settings | undefined;
const settingsCache = new Map<string, Promise<Settings>>();
const reportedProblems = new Set<string>();

connection.onInitialize((params) => {
  const init = (params.initializationOptions ?? {}) as InitializationOptions;
  displayLanguage = init.displayLanguage ?? params.locale;
  store.workspaceTrusted = init.workspaceTrusted !== false;
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  store.load();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', "'", '`', '.'], resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
    },
    serverInfo: { name: 'error-codes' },
  };
});

connection.onInitialized(() => {
  if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
});

function reportSettingProblems(problems: string[]): void {
  for (const p of problems) {
    if (reportedProblems.has(p)) continue;
    reportedProblems.add(p);
    connection.console.warn(p);
    void connection.window.showWarningMessage(`Error Codes: ${p}`);
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
  for (const doc of documents.all()) schedule(doc, 0);
});

connection.onNotification(WorkspaceTrustNotification, (p: WorkspaceTrustParams) => {
  store.workspaceTrusted = p.trusted;
  for (const doc of documents.all()) schedule(doc, 0);
});

// Validation: debounced per document, and dropped when the document moved on meanwhile,
// so typing never waits for a check of a version that is already stale.
const timers = new Map<string, NodeJS.Timeout>();
const DEBOUNCE_MS = 150;

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
  // Logs and prose carry what services sent; only code can use a code wrongly.
  if (languageSpec(doc.languageId).prose) {
    await connection.sendDiagnostics({ uri, version, diagnostics: [] });
    return;
  }
  const ctx = await contextFor(uri);
  const current = documents.get(uri);
  if (!current || current.version !== version) return;
  const diagnostics = diagnose(current, ctx);
  await connection.sendDiagnostics({ uri, version, diagnostics });
}

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  const t = timers.get(e.document.uri);
  if (t) clearTimeout(t);
  timers.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? hover(doc, params.position, await contextFor(doc.uri)) : null;
});

connection.onCompletion(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? complete(doc, params.position, await contextFor(doc.uri)) : null;
});

connection.onCodeAction(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  return codeActions(doc, params.context.diagnostics, params.context.only, await contextFor(doc.uri));
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
connection.onRequest(DocumentSummaryRequest, async (p: DocumentSummaryParams) => {
  const doc = documents.get(p.uri);
  if (!doc) return { codes: 0, problems: 0, items: [] };
  return documentSummary(doc, await contextFor(doc.uri));
});

documents.listen(connection);
connection.listen();
