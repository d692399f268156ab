// How the problems in the diagnostics collection reach the client, whichever way it takes
// them: sent (`textDocument/publishDiagnostics`) to a client that does not pull; answered to
// its pulls (`workspace/diagnostic`, through WorkspaceReports) once it pulls the workspace's.
// Open documents' own pulls are answered in documentsHandler.ts.
import type { Diagnostic } from 'vscode-languageserver-types';
import { WorkspaceReports } from '../workspaceReports';
import type { DiagnosticChange } from './diagnosticCollection';
import { DEBOUNCE_MS, type UnpulledDocument } from './documentsHandler';
import type { ServerState } from './state';

/** After typing pauses, and after the client's own pull of the document normally came. */
const OPEN_REPORT_DELAY_MS = DEBOUNCE_MS + 350;

export class DiagnosticsHandler {
  readonly reports: WorkspaceReports;
  /** The client has asked for the workspace's problems: closed files' problems go with its pulls from then on. */
  private pullWorkspace = false;
  /** Files this server sent problems for while they were closed, to withdraw them when the client pulls instead. */
  private readonly sentClosed = new Set<string>();
  private openReportTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: ServerState,
    unpulled: () => Map<string, UnpulledDocument>,
  ) {
    const { diagnostics, connection } = state;
    this.reports = new WorkspaceReports(
      () => ({ closed: diagnostics.closedFiles(), open: unpulled() }),
      (uri) => diagnostics.isOpen(uri),
    );
    diagnostics.onDidChange((change) => this.changed(change));
    connection.languages.diagnostics.onWorkspace(async (params, token, _work, partial) => {
      if (!this.pullWorkspace) {
        this.pullWorkspace = true;
        // What was sent before is withdrawn: from now on the pulls carry it, and shown twice it would be listed twice.
        for (const uri of this.sentClosed) void connection.sendDiagnostics({ uri, diagnostics: [] });
        this.sentClosed.clear();
      }
      return this.reports.pull(params.previousResultIds, token, undefined, partial && ((items) => partial.report({ items })));
    });
  }

  private changed(change: DiagnosticChange): void {
    const { diagnostics, connection, client } = this.state;
    switch (change.kind) {
      case 'disk':
        if (!diagnostics.isOpen(change.uri)) this.publishClosed(change.uri);
        break;
      case 'document':
        if (!client.pullDocuments) void connection.sendDiagnostics({ uri: change.uri, version: change.version, diagnostics: change.diagnostics });
        break;
      case 'edited':
        if (client.pullDocuments && this.pullWorkspace) {
          // A document the client no longer pulls (its tab closed) still gets its problems through the workspace pull.
          clearTimeout(this.openReportTimer);
          this.openReportTimer = setTimeout(() => this.reports.changed(), OPEN_REPORT_DELAY_MS);
        }
        break;
      case 'stale':
        if (client.pullDocuments) {
          // The client pulls again, with the result ids it holds; the new stamp makes them stale.
          // A client that refuses is asked again at its next pull anyway.
          void connection.languages.diagnostics.refresh().catch(() => undefined);
          this.reports.changed();
        }
        break;
      case 'opened':
        // A pulling client lists the open document's pulled problems; problems sent for it while it was closed would be listed twice.
        if (client.pullDocuments && this.sentClosed.delete(change.uri)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
        break;
      case 'closed':
        if (this.pullWorkspace) this.reports.documentClosed(change.uri);
        else this.publishClosed(change.uri);
        break;
    }
  }

  /** A file that is not open: its problems as on disk, sent, or answered to the next workspace pull. */
  private publishClosed(uri: string): void {
    if (this.pullWorkspace) {
      this.reports.changed();
      return;
    }
    const diagnostics: Diagnostic[] = this.state.diagnostics.onDisk(uri);
    if (diagnostics.length) this.sentClosed.add(uri);
    else this.sentClosed.delete(uri);
    void this.state.connection.sendDiagnostics({ uri, diagnostics });
  }
}
