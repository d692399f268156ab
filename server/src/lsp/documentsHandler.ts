// Problems of open documents. A client that pulls them (LSP 3.17) asks after every change
// and is answered here; other clients are sent them (diagnosticsHandler.ts sends what the
// checks here write into the collection). Either way a check waits until typing pauses and
// is dropped when the document, the catalogs or the settings moved on meanwhile, so typing
// never waits for a check of a version that is already stale, and a stale check never
// overwrites a newer one.
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { check, type Check } from '../features/check';
import type { ServiceContext } from '../features/context';
import { languageSpec } from '../scan/languages';
import type { CatalogHandler } from './catalogHandler';
import type { SettingsHandler } from './settingsHandler';
import { filePathOf, type ServerState } from './state';
import type { WorkspaceHandler } from './workspaceHandler';

export const DEBOUNCE_MS = 150;

interface CheckedDocument {
  /** The document, at `version` until it changes again (documents change in place). */
  doc: TextDocument;
  version: number;
  ctx: ServiceContext;
  check: Check;
}

/** An open document the client has not pulled as it is now (see WorkspaceReports' CurrentProblems.open). */
export interface UnpulledDocument {
  id: string;
  version: number;
  problems: () => Promise<Diagnostic[]>;
}

export class DocumentsHandler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each open document last changed (opening counts as no change: it is checked at once). */
  private readonly lastTyped = new Map<string, number>();
  private readonly seen = new Set<string>();
  /**
   * The last whole check of each open document, under the result id it was begun for: its
   * diagnostics, the status bar's summary and a fix-all of the same version share one check.
   */
  private readonly checks = new Map<string, { id: string; version: number; ctx: ServiceContext; check: Promise<Check | undefined> }>();
  /** The result id each document pull was last answered with: what the client holds, if it pulls the document. */
  private readonly answeredIds = new Map<string, string>();

  constructor(
    private readonly state: ServerState,
    private readonly settings: SettingsHandler,
    private readonly catalogs: CatalogHandler,
    workspace: WorkspaceHandler,
  ) {
    const { documents, connection } = state;
    state.onContextChanged(() => this.recheckAll());
    documents.onDidOpen((e) => state.diagnostics.documentOpened(e.document.uri));
    // The library reports an opened document as a content change too: check those at once,
    // and debounce only the changes typed after.
    documents.onDidChangeContent((e) => {
      const file = catalogs.catalogFileOf(e.document);
      if (file) {
        catalogs.edited(file, e.document.getText());
        return;
      }
      const uri = e.document.uri;
      const first = !this.seen.has(uri);
      this.seen.add(uri);
      if (!first) this.lastTyped.set(uri, Date.now());
      if (!state.client.pullDocuments) this.schedule(e.document, first ? 0 : DEBOUNCE_MS);
      else state.diagnostics.documentEdited(uri);
    });
    documents.onDidClose((e) => {
      const uri = e.document.uri;
      this.seen.delete(uri);
      this.lastTyped.delete(uri);
      this.answeredIds.delete(uri);
      this.checks.delete(uri);
      const t = this.timers.get(uri);
      if (t) clearTimeout(t);
      this.timers.delete(uri);
      settings.forget(uri);
      const file = catalogs.catalogFileOf(e.document);
      if (file) catalogs.closed(file);
      // A closed file keeps its problems listed, as the workspace scan found them on disk.
      state.diagnostics.documentClosed(uri);
      const onDisk = filePathOf(uri);
      if (onDisk !== undefined) workspace.fileChanged(onDisk);
    });
    connection.languages.diagnostics.on(async (params, token) => {
      const uri = params.textDocument.uri;
      const pause = (this.lastTyped.get(uri) ?? 0) + DEBOUNCE_MS - Date.now();
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
      const doc = documents.get(uri);
      // Closed meanwhile (a client pulls once more as it closes one): what is on disk holds again.
      if (!doc) return { kind: 'full', items: state.diagnostics.onDisk(uri) };
      if (token.isCancellationRequested) throw superseded();
      const resultId = this.resultIdOf(doc);
      if (params.previousResultId === resultId) {
        this.answeredIds.set(uri, resultId);
        return { kind: 'unchanged', resultId };
      }
      const version = doc.version;
      const items = await this.problemsOf(doc);
      if (token.isCancellationRequested || documents.get(uri)?.version !== version) throw superseded();
      state.diagnostics.documentChecked(uri, version, items);
      this.answeredIds.set(uri, resultId);
      return { kind: 'full', resultId, items };
    });
  }

  /** Open documents the client has not pulled as they are now: it stopped pulling them (a closed tab whose document VS Code keeps open) or has not pulled them yet. */
  unpulled(): Map<string, UnpulledDocument> {
    const open = new Map<string, UnpulledDocument>();
    for (const doc of this.state.documents.all()) {
      const id = this.resultIdOf(doc);
      if (this.answeredIds.get(doc.uri) !== id) open.set(doc.uri, { id, version: doc.version, problems: () => this.problemsOf(doc) });
    }
    return open;
  }

  /**
   * The open document's check as it is now, in slices, so requests are answered while a large
   * file is checked; undefined when it closed, or moved on before the check was over (callers
   * drop that as they drop any stale answer).
   */
  async checkOf(uri: string): Promise<CheckedDocument | undefined> {
    // Taken before the settings are: settings changed while they are read must not pass as the new ones.
    const stamp = this.settings.stamp();
    const ctx = await this.settings.contextFor(uri);
    const doc = this.state.documents.get(uri);
    if (!doc) return undefined;
    const id = `${stamp}.${doc.version}`;
    let known = this.checks.get(uri);
    if (known?.id !== id) {
      const checking = check(doc, ctx);
      known = { id, version: doc.version, ctx, check: checking };
      this.checks.set(uri, known);
      void checking.then((c) => {
        if (!c && this.checks.get(uri)?.check === checking) this.checks.delete(uri);
      });
    }
    const checked = await known.check;
    // A check over is of the version it began with, which is still the document's: it stops when that moves on.
    return checked && { doc, version: known.version, ctx: known.ctx, check: checked };
  }

  /** A document's result id: its problems change only with its text, the catalogs and the settings. */
  private resultIdOf(doc: TextDocument): string {
    return `${this.settings.stamp()}.${doc.version}`;
  }

  /** What an open document's problems are now. */
  private async problemsOf(doc: TextDocument): Promise<Diagnostic[]> {
    if (this.catalogs.catalogFileOf(doc)) return this.state.diagnostics.ofCatalog(doc.uri);
    // Logs and prose carry what services sent; only code can use a code wrongly.
    if (languageSpec(doc.languageId).prose) return [];
    return (await this.checkOf(doc.uri))?.check.diagnostics ?? [];
  }

  /** Catalogs or settings changed: every open document is checked again. */
  private recheckAll(): void {
    if (!this.state.client.pullDocuments) {
      for (const doc of this.state.documents.all()) this.schedule(doc, 0);
    } else {
      // The client pulls again, with the result ids it holds; the new stamp makes them stale.
      this.state.diagnostics.documentsStale();
    }
  }

  private schedule(doc: TextDocument, delay = DEBOUNCE_MS): void {
    const previous = this.timers.get(doc.uri);
    if (previous) clearTimeout(previous);
    this.timers.set(
      doc.uri,
      setTimeout(() => {
        this.timers.delete(doc.uri);
        void this.validate(doc.uri, doc.version);
      }, delay),
    );
  }

  private async validate(uri: string, version: number): Promise<void> {
    const doc = this.state.documents.get(uri);
    if (!doc || doc.version !== version) return;
    const stamp = this.settings.stamp();
    const diagnostics = await this.problemsOf(doc);
    // Catalogs or settings that moved meanwhile have asked for a newer check: this one's
    // problems are of the old ones, and sent after the newer ones they would stay.
    if (this.state.documents.get(uri)?.version !== version || this.settings.stamp() !== stamp) return;
    this.state.diagnostics.documentChecked(uri, version, diagnostics);
  }
}

/** "Ask again": the client pulls the document's newer version instead. */
function superseded(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed; ask again', { retriggerRequest: true });
}

/** The document changed while an answer about it was worked out: the client drops it or asks again. */
export function contentModified(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ContentModified, 'the document changed while this was worked out');
}
