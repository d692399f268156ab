// The one owner of every diagnostic the server gives (as rust-analyzer's DiagnosticCollection):
// the checks of open documents, the workspace scan and the catalogs write into it; what is
// pushed to the editor (`textDocument/publishDiagnostics`) and what its pulls are answered
// (`textDocument/diagnostic`, `workspace/diagnostic`) both read from it. It knows no
// connection: whoever sends listens to its changes (diagnosticsHandler.ts).
import type { Diagnostic } from 'vscode-languageserver-types';

export type DiagnosticChange =
  /** A file's problems as it is on disk moved (the workspace scan, or its catalog problem). */
  | { kind: 'disk'; uri: string }
  /** An open document was checked: its problems at `version`. */
  | { kind: 'document'; uri: string; version: number; diagnostics: Diagnostic[] }
  /** Typed in: what the client holds of the open document is about to be out of date. */
  | { kind: 'edited'; uri: string }
  /** Catalogs or settings moved: every open document's problems are out of date. */
  | { kind: 'stale' }
  | { kind: 'opened'; uri: string }
  | { kind: 'closed'; uri: string };

export class DiagnosticCollection {
  /** What the workspace scan found in each file on disk (files with problems only). */
  private readonly scanned = new Map<string, Diagnostic[]>();
  /** A broken catalog file's problem, by the file's URI. */
  private readonly catalogs = new Map<string, Diagnostic[]>();
  /** Open documents: their problems are their checks' (sent on as changes), not the disk's. */
  private readonly open = new Set<string>();
  private readonly listeners: ((change: DiagnosticChange) => void)[] = [];

  onDidChange(listener: (change: DiagnosticChange) => void): void {
    this.listeners.push(listener);
  }

  // ---- producers --------------------------------------------------------------------

  setScanned(uri: string, diagnostics: Diagnostic[]): void {
    const had = this.scanned.has(uri);
    if (diagnostics.length) this.scanned.set(uri, diagnostics);
    else this.scanned.delete(uri);
    if (had || diagnostics.length) this.emit({ kind: 'disk', uri });
  }

  /** Every catalog file's problems now, by URI: files no longer listed have none. */
  setCatalogProblems(byUri: ReadonlyMap<string, Diagnostic[]>): void {
    const touched = new Set([...this.catalogs.keys(), ...byUri.keys()]);
    this.catalogs.clear();
    for (const [uri, d] of byUri) if (d.length) this.catalogs.set(uri, d);
    for (const uri of touched) this.emit({ kind: 'disk', uri });
  }

  documentOpened(uri: string): void {
    this.open.add(uri);
    this.emit({ kind: 'opened', uri });
  }

  /** An open document's check; one of a document already closed is dropped. */
  documentChecked(uri: string, version: number, diagnostics: Diagnostic[]): void {
    if (!this.open.has(uri)) return;
    this.emit({ kind: 'document', uri, version, diagnostics });
  }

  documentEdited(uri: string): void {
    this.emit({ kind: 'edited', uri });
  }

  documentsStale(): void {
    this.emit({ kind: 'stale' });
  }

  documentClosed(uri: string): void {
    this.open.delete(uri);
    this.emit({ kind: 'closed', uri });
  }

  // ---- readers ----------------------------------------------------------------------

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  /** A catalog file's own problem, if it has one. */
  ofCatalog(uri: string): Diagnostic[] {
    return this.catalogs.get(uri) ?? [];
  }

  /** A file's problems as it is on disk: its catalog problem, if it is a catalog, and what the workspace scan found. */
  onDisk(uri: string): Diagnostic[] {
    const catalog = this.catalogs.get(uri);
    const scanned = this.scanned.get(uri) ?? [];
    // The scan's own list when there is nothing to add: a pull recognises it unchanged without writing it out.
    return catalog ? [...catalog, ...scanned] : scanned;
  }

  /** Every file that is not open and has problems, by URI. */
  closedFiles(): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (const uri of this.scanned.keys()) if (!this.open.has(uri)) out.set(uri, this.onDisk(uri));
    for (const uri of this.catalogs.keys()) if (!this.open.has(uri) && !out.has(uri)) out.set(uri, this.onDisk(uri));
    return out;
  }

  private emit(change: DiagnosticChange): void {
    for (const l of this.listeners) l(change);
  }
}
