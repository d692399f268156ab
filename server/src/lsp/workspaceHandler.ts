// The workspace: its files on disk scanned in the background (workspaceScan.ts), rescanned
// when catalogs or settings change, and their changes watched. The scan writes each file's
// problems into the diagnostics collection; the Error Codes view is told when its data moved.
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import { WorkspaceCodesChangedNotification } from '../../../protocol';
import { Progress, WorkspaceScan } from '../workspaceScan';
import type { SettingsHandler } from './settingsHandler';
import type { ServerState } from './state';

/** After catalogs or settings change: a burst of changes makes one scan. */
const CONTEXT_RESCAN_MS = 300;
/** The view asks again when told; telling it at most this often (ms) is plenty. */
const VIEW_NOTICE_MS = 300;

export class WorkspaceHandler {
  readonly scan: WorkspaceScan;
  private rescanTimer: NodeJS.Timeout | undefined;
  private viewTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: ServerState,
    private readonly settings: SettingsHandler,
  ) {
    const { connection } = state;
    this.scan = new WorkspaceScan(
      {
        context: (folderUri) => settings.contextFor(folderUri),
        filesExclude: async (folderUri) => {
          if (!state.client.pullConfiguration) return [];
          // A client that cannot answer for `files.exclude` has none to honour.
          const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'files.exclude' }).catch(() => undefined);
          return raw && typeof raw === 'object'
            ? Object.entries(raw as Record<string, unknown>)
                .filter(([, v]) => v === true)
                .map(([k]) => k)
            : [];
        },
        changed: () => this.viewChanged(),
        progress: () => this.progress(),
        log: (m) => connection.console.warn(m),
      },
      state.diagnostics,
    );
    // The only place a rescan is asked for besides the user's own request and the first scan.
    state.onContextChanged(() => this.rescan(CONTEXT_RESCAN_MS));
  }

  /** The first scan, once the catalogs in force are known; then the workspace's files are watched. */
  async start(): Promise<void> {
    this.rescan(0);
    await this.watchFiles();
  }

  /** A full scan after `delay` ms; a newer request replaces a waiting one (the last timer wins). */
  rescan(delay = 0): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      this.scan.invalidate();
      void this.scan
        .scanAll(this.state.folders)
        .catch((err: unknown) => this.state.connection.console.error(`Error Codes: workspace scan failed: ${String(err)}`));
    }, delay);
  }

  /** A file of the workspace changed, appeared or went away on disk (or closed in the editor). */
  fileChanged(file: string): void {
    void this.scan.fileChanged(file, this.state.folders);
  }

  private async watchFiles(): Promise<void> {
    const { client, folders, connection } = this.state;
    if (!client.watchFiles || folders.length === 0) return;
    const ctx = await this.settings.contextFor(folders[0].uri);
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: ctx.settings.workspace.include.map((globPattern) => ({ globPattern })),
    });
  }

  private viewChanged(): void {
    if (this.viewTimer) return;
    this.viewTimer = setTimeout(() => {
      this.viewTimer = undefined;
      void this.state.connection.sendNotification(WorkspaceCodesChangedNotification);
    }, VIEW_NOTICE_MS);
  }

  private async progress(): Promise<Progress> {
    const silent: Progress = { report: () => undefined, done: () => undefined, cancelled: false };
    if (!this.state.client.workDoneProgress) return silent;
    // A client that refuses to show progress still gets its scan.
    const p = await this.state.connection.window.createWorkDoneProgress().catch(() => undefined);
    if (!p) return silent;
    let cancelled = false;
    p.token.onCancellationRequested(() => {
      cancelled = true;
    });
    p.begin('Error Codes', 0, 'scanning the workspace', true);
    return {
      report: (message, percentage) => p.report(percentage, message),
      done: () => p.done(),
      get cancelled() {
        return cancelled;
      },
    };
  }
}
