// Requests answered from the features: hover, completion, code actions, and the extension's
// own requests (lookup, explain, the catalogs, the configuration, the workspace view, the
// status bar's summary). Each gathers the document and its context and asks a pure function.
import { codeActions, wantsFixAll } from '../features/actions';
import { catalogMarkdown } from '../features/catalogView';
import { complete, resolveCompletion } from '../features/completion';
import { describeConfiguration } from '../features/configuration';
import { localeOf } from '../features/context';
import { explainCode } from '../features/explainCode';
import { hover } from '../features/hover';
import { giveWay } from '../features/slicedCheck';
import { documentSummaryInSteps, lookup } from '../features/summary';
import { selectWorkspaceCodes } from '../features/workspaceView';
import {
  CatalogMarkdownParams,
  CatalogMarkdownRequest,
  CatalogsRequest,
  CatalogSummary,
  CodeOccurrencesParams,
  CodeOccurrencesRequest,
  ConfigurationRequest,
  DocumentSummaryParams,
  DocumentSummaryRequest,
  ExplainParams,
  ExplainRequest,
  LookupParams,
  LookupRequest,
  RescanWorkspaceRequest,
  WorkspaceCodesParams,
  WorkspaceCodesRequest,
} from '../../../protocol';
import { contentModified, type DocumentsHandler } from './documentsHandler';
import type { SettingsHandler } from './settingsHandler';
import type { ServerState } from './state';
import type { WorkspaceHandler } from './workspaceHandler';

export class RequestsHandler {
  constructor(state: ServerState, settings: SettingsHandler, checks: DocumentsHandler, workspace: WorkspaceHandler) {
    const { connection, documents, store } = state;
    connection.onHover(async (params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? hover(doc, params.position, await settings.contextFor(doc.uri)) : null;
    });
    connection.onCompletion(async (params) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? complete(doc, params.position, await settings.contextFor(doc.uri), { itemDefaults: state.client.completionItemDefaults }) : null;
    });
    connection.onCompletionResolve((item) => resolveCompletion(item, store.index));
    connection.onCodeAction(async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc) return [];
      const version = doc.version;
      const { diagnostics, only } = params.context;
      if (!wantsFixAll(only)) return codeActions(doc, diagnostics, only, await settings.contextFor(doc.uri));
      // A fix-all (on every save, with `source.fixAll`) takes the problems of the check of this
      // version, run in slices or already over, rather than checking the whole document in one piece.
      const checked = await checks.checkOf(doc.uri);
      if (!checked || checked.version !== version) throw contentModified();
      return codeActions(checked.doc, diagnostics, only, checked.ctx, checked.check.problems);
    });

    connection.onRequest(LookupRequest, async (p: LookupParams) => lookup(p.query ?? '', await settings.globalContext(), p.limit));
    connection.onRequest(ExplainRequest, async (p: ExplainParams) => explainCode(p.code ?? '', await settings.globalContext()));
    connection.onRequest(CatalogsRequest, async (): Promise<CatalogSummary[]> => {
      const locale = localeOf(await settings.globalContext());
      return store.loaded.map((l) => ({
        id: l.catalog.id,
        service: l.catalog.service[locale] ?? l.catalog.service.en ?? l.catalog.id,
        codes: l.catalog.codes.length,
        origin: l.origin,
      }));
    });
    connection.onRequest(CatalogMarkdownRequest, async (p: CatalogMarkdownParams) => {
      const ctx = await settings.globalContext();
      const loaded = store.loaded.find((l) => l.catalog.id === p.id);
      return loaded ? catalogMarkdown(loaded, localeOf(ctx)) : '';
    });
    connection.onRequest(ConfigurationRequest, async () => {
      const ctx = await settings.globalContext();
      return describeConfiguration({
        catalogs: store.loaded,
        problems: store.problems(),
        settings: ctx.settings,
        settingsFrom: [state.client.pullConfiguration ? "the editor's settings" : 'settings the client sent'],
        workspaceTrusted: store.workspaceTrusted,
        services: store.services,
      });
    });
    connection.onRequest(WorkspaceCodesRequest, async (p: WorkspaceCodesParams | undefined) =>
      selectWorkspaceCodes(workspace.scan.codes(await settings.globalContext()), p ?? undefined),
    );
    connection.onRequest(CodeOccurrencesRequest, (p: CodeOccurrencesParams) => workspace.scan.occurrences(typeof p?.code === 'string' ? p.code : ''));
    connection.onRequest(RescanWorkspaceRequest, () => {
      workspace.rescan();
      return null;
    });
    connection.onRequest(DocumentSummaryRequest, async (p: DocumentSummaryParams) => {
      const doc = documents.get(p.uri);
      if (!doc) return { codes: 0, problems: 0, items: [] };
      // The check in slices (or the one already run for this version); a file over maxFileSize is
      // answered at once, saying it was not counted.
      const checked = await checks.checkOf(doc.uri);
      // Its items too are made between giving way (100,000 of them take tens of milliseconds).
      const summary =
        checked &&
        (await documentSummaryInSteps(checked.doc, checked.ctx, checked.check, async () => {
          await giveWay();
          return checked.doc.version === checked.version;
        }));
      if (!summary) throw contentModified();
      return summary;
    });
  }
}
