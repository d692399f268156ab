// Users' catalogs: which files are in force (the workspace's `.vscode/error-codes/`, the
// files `errorCodes.catalogs` names), their problems shown where they are, and reloading them
// live as they change on disk or are typed in the editor. A change of the catalogs in force
// reaches every answer through contextChanged.
import { pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity, DidChangeWatchedFilesNotification, FileChangeType, MessageType } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CatalogFileProblem } from '../catalog/catalogFile';
import { configuredCatalogFiles, WantedCatalogFile, WORKSPACE_CATALOG_DIR, workspaceCatalogFiles } from '../catalogStore';
import { warmSearch } from '../features/serviceSearch';
import { DIAGNOSTIC_SOURCE, WorkspaceTrustNotification, WorkspaceTrustParams } from '../../../protocol';
import type { SettingsHandler } from './settingsHandler';
import { filePathOf, type ServerState } from './state';
import type { WorkspaceHandler } from './workspaceHandler';

/** How long after a new index its lazy tables are made: after the first answers, before typing starts. */
const WARM_DELAY_MS = 200;

export class CatalogHandler {
  private configuredWatchers: { dispose(): void } | undefined;
  private readonly shownProblems = new Set<string>();
  /** The catalogs' generation every answer was last told about. */
  private checkedGeneration = -1;

  constructor(
    private readonly state: ServerState,
    private readonly settings: SettingsHandler,
    private readonly workspace: WorkspaceHandler,
  ) {
    const { connection, store, documents } = state;
    settings.onDidChange(() => void this.refresh());
    connection.onNotification(WorkspaceTrustNotification, (p: WorkspaceTrustParams) => {
      store.workspaceTrusted = p.trusted;
      void this.refresh();
    });
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
      if (rediscover) void this.refresh();
      else this.changed();
      for (const change of params.changes) {
        const file = filePathOf(change.uri);
        if (file === undefined || documents.get(change.uri)) continue;
        if (!store.isCatalogFile(file)) this.workspace.fileChanged(file);
      }
    });
  }

  /** At initialize: the bundled catalogs; documents opened from now on are checked against them anyway. */
  load(): void {
    this.state.store.load();
    this.checkedGeneration = this.state.store.generation;
    this.warmSoon();
  }

  /**
   * The index's case-blind tables and the look-up's lower-cased texts are made when first asked
   * for: with 61 services that is about 70 ms, paid by a keystroke's completion. Made here
   * instead, once the answers of the moment are out, for the index in force then.
   */
  private warmSoon(): void {
    const index = this.state.store.index;
    setTimeout(() => {
      if (this.state.store.index !== index) return;
      index.warm();
      warmSearch(index);
    }, WARM_DELAY_MS).unref();
  }

  /** After initialized: the workspace's catalog folder is watched, if the client can. */
  registerWatcher(): void {
    if (!this.state.client.watchFiles) return;
    void this.state.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/.vscode/error-codes/*.{json,yaml,yml}' }],
    });
  }

  /** Finds which catalog files are in force again, and reads new ones. */
  async refresh(): Promise<void> {
    const { folders, store, documents } = this.state;
    const wanted: WantedCatalogFile[] = [];
    for (const f of folders) for (const file of workspaceCatalogFiles(f.path)) wanted.push({ file, kind: 'workspace' });
    const scopes = folders.length ? folders : [undefined];
    // One set of catalogs serves every folder: the services any folder names, or all when one names none.
    const services = new Set<string>();
    let allServices = false;
    for (const f of scopes) {
      const settings = await this.settings.settingsFor(f?.uri ?? '');
      for (const file of configuredCatalogFiles(f?.path, settings.catalogs)) {
        if (!wanted.some((w) => w.file === file)) wanted.push({ file, kind: 'configured' });
      }
      if (settings.services.every((id) => id.trim() === '')) allServices = true;
      for (const id of settings.services) services.add(id);
    }
    this.settings.report(store.setServices(allServices ? [] : [...services]));
    store.setFiles(wanted);
    // A catalog open in the editor counts as its text there (a file just created by a quick fix is still empty on disk).
    for (const doc of documents.all()) {
      const file = this.catalogFileOf(doc);
      if (file) store.update(file, doc.getText());
    }
    await this.watchConfigured(wanted.filter((w) => w.kind === 'configured').map((w) => w.file));
    this.changed();
  }

  catalogFileOf(doc: TextDocument): string | undefined {
    const file = filePathOf(doc.uri);
    return file !== undefined && this.state.store.isCatalogFile(file) ? file : undefined;
  }

  /** An open catalog's text changed: unsaved edits take effect as typed; a broken edit keeps the last good version. */
  edited(file: string, text: string): void {
    this.state.store.update(file, text);
    this.changed();
  }

  /** An open catalog closed without saving: the disk's version is the one in force again. */
  closed(file: string): void {
    this.state.store.refresh(file);
    this.changed();
  }

  /** After any catalog change: problems shown where they are, and every answer told if the catalogs in force moved. */
  changed(): void {
    const { store } = this.state;
    const byUri = new Map<string, Diagnostic[]>();
    for (const p of store.problems()) {
      const key = `${p.file}\n${p.message}`;
      if (!this.shownProblems.has(key)) {
        this.shownProblems.add(key);
        // A file's name is the user's to choose: `[x](command:…).json` must not become a link in the notification.
        this.state.notify(MessageType.Error, `Error Codes: catalog ${p.file}:${p.range.start.line + 1}: ${this.problemText(p)}`);
      }
      byUri.set(pathToFileURL(p.file).href, [
        { range: p.range, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: 'catalog', message: this.problemText(p) },
      ]);
    }
    this.state.diagnostics.setCatalogProblems(byUri);
    if (store.generation !== this.checkedGeneration) {
      this.checkedGeneration = store.generation;
      this.state.contextChanged();
      this.warmSoon();
    }
  }

  private problemText(p: CatalogFileProblem): string {
    const kept = this.state.store.states().find((s) => s.file === p.file)?.lastGood ? ' The last good version stays in use.' : '';
    return `${p.message.replace(/\.$/, '')}.${kept}`;
  }

  private async watchConfigured(files: string[]): Promise<void> {
    if (!this.state.client.watchFiles) return;
    this.configuredWatchers?.dispose();
    this.configuredWatchers = undefined;
    if (files.length === 0) return;
    // Exact paths as glob patterns, with glob characters escaped.
    const watchers = files.map((f) => ({
      globPattern: f
        .split(/[\\/]/)
        .join('/')
        .replace(/[[\]{}*?]/g, '[$&]'),
    }));
    this.configuredWatchers = await this.state.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
  }
}
