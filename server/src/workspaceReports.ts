// The workspace's problems for clients that pull them (LSP 3.17 `workspace/diagnostic`):
// files that are not open, and open documents the client is not pulling itself. The client
// sends the result id it holds for each file; the answer lists only files whose problems
// differ from what it holds. When nothing differs the
// request is held open until something changes (a long poll), so an idle workspace costs
// one pending request instead of a report every few seconds.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { PreviousResultId, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { performance } from 'node:perf_hooks';
import { giveWay } from './features/slicedCheck';

/** How long a pull with nothing new is held before it is answered empty (the client asks again). */
const LONG_POLL_MS = 120_000;
/** After a change wakes a held pull, more changes are gathered this long into the same answer. */
const GATHER_MS = 100;
/**
 * Reports per partial result, for a client that takes them (VS Code's does): an answer of
 * thousands of files written in one piece holds every request behind it for tens of ms.
 */
const PARTIAL_REPORTS = 64;
/** Work done on an answer (ms) before waiting requests go first: thousands of files take a while. */
const STEP_MS = 3;
/** The result id of "no problems": a file the client holds as empty needs no answer while it stays so. */
const EMPTY = 'empty';

/** What the workspace's problems are now. */
export interface CurrentProblems {
  /** Every file that is not open and has problems, by URI. */
  closed: Map<string, Diagnostic[]>;
  /**
   * Open documents the client may not hold the problems of (VS Code stops pulling a document
   * when its tab closes but keeps it open for a while): their result id, the same a document
   * pull gives, their version, and their problems, worked out only when the client lacks them.
   */
  open: Map<string, { id: string; version: number; problems: () => Promise<Diagnostic[]> }>;
}

interface CancelToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export class WorkspaceReports {
  /** Per file, the problems last answered (the list, and as JSON) and the id they were given. */
  private readonly given = new Map<string, { list: Diagnostic[]; json: string; id: string }>();
  /** Files closed since: the client dropped what it held for them, so they are answered afresh. */
  private readonly closed = new Set<string>();
  private readonly wakers = new Set<(why: 'changed' | 'closed') => void>();
  private next = 0;
  /** Ids of an earlier server process never match this one's. */
  private readonly session = Math.random().toString(36).slice(2, 8);

  /**
   * @param current the problems now
   * @param isOpen whether the editor has the file open
   */
  constructor(
    private readonly current: () => CurrentProblems,
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  /** Problems of some file changed: a held pull answers. */
  changed(): void {
    for (const wake of [...this.wakers]) wake('changed');
  }

  /**
   * A document was closed. The client forgets what it held for it once its last document
   * pull is answered, and only a new pull says so: a held pull is answered (empty) at once,
   * and the client's next pull gets the file whatever id it sends.
   */
  documentClosed(uri: string): void {
    this.closed.add(uri);
    for (const wake of [...this.wakers]) wake('closed');
  }

  /** The reports a client holding `known` lacks. */
  async reportsFor(known: ReadonlyMap<string, string>): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const { closed: now, open } = this.current();
    // Files closed while this answer is worked out are answered next time.
    const closedBefore = [...this.closed];
    for (const [uri, doc] of open) {
      if (known.get(uri) !== doc.id) items.push({ kind: 'full', uri, version: doc.version, resultId: doc.id, items: await doc.problems() });
    }
    let began = performance.now();
    for (const [uri, diagnostics] of now) {
      const id = this.idOf(uri, diagnostics);
      if (known.get(uri) !== id || this.closed.has(uri)) items.push({ kind: 'full', uri, version: null, resultId: id, items: diagnostics });
      if (performance.now() - began > STEP_MS) {
        await giveWay();
        began = performance.now();
      }
    }
    const emptied = new Set<string>();
    for (const [uri, id] of known) if (id !== EMPTY && !now.has(uri)) emptied.add(uri);
    for (const uri of this.closed) if (!now.has(uri)) emptied.add(uri);
    for (const uri of emptied) {
      // An open file's problems are the editor's text's, answered above.
      if (this.isOpen(uri)) continue;
      this.given.delete(uri);
      items.push({ kind: 'full', uri, version: null, resultId: EMPTY, items: [] });
    }
    for (const uri of closedBefore) if (!this.isOpen(uri)) this.closed.delete(uri);
    return items;
  }

  /**
   * Answers a pull: at once when the client lacks something, otherwise when something
   * changes; empty when a document closes, the client cancels, or after `LONG_POLL_MS`.
   * With `partial`, a long answer goes in pieces to it, and the answer itself is empty.
   */
  async pull(
    previous: readonly PreviousResultId[],
    token: CancelToken,
    longPollMs = LONG_POLL_MS,
    partial?: (items: WorkspaceDocumentDiagnosticReport[]) => void,
  ): Promise<{ items: WorkspaceDocumentDiagnosticReport[] }> {
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    for (;;) {
      if (token.isCancellationRequested) return { items: [] };
      const items = await this.reportsFor(known);
      if (items.length > PARTIAL_REPORTS && partial) {
        // A few dozen files at a time, requests answered in between; the answer itself is then empty.
        for (let i = 0; i < items.length; i += PARTIAL_REPORTS) {
          if (i > 0) await giveWay();
          partial(items.slice(i, i + PARTIAL_REPORTS));
        }
        return { items: [] };
      }
      if (items.length) return { items };
      const why = await this.wait(token, longPollMs);
      if (why !== 'changed') return { items: [] };
      await new Promise((r) => setTimeout(r, GATHER_MS));
    }
  }

  private wait(token: CancelToken, ms: number): Promise<'changed' | 'closed' | 'cancelled' | 'timeout'> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      let sub: { dispose(): void } | undefined = undefined;
      const finish = (why: 'changed' | 'closed' | 'cancelled' | 'timeout') => {
        this.wakers.delete(finish);
        if (timer) clearTimeout(timer);
        sub?.dispose();
        resolve(why);
      };
      this.wakers.add(finish);
      timer = setTimeout(() => finish('timeout'), ms);
      sub = token.onCancellationRequested(() => finish('cancelled'));
    });
  }

  private idOf(uri: string, diagnostics: Diagnostic[]): string {
    const had = this.given.get(uri);
    // The same list as last time (a file the workspace scan did not redo): the same id, without
    // writing thousands of files' problems out as JSON at every pull.
    if (had?.list === diagnostics) return had.id;
    const json = JSON.stringify(diagnostics);
    if (had?.json === json) {
      had.list = diagnostics;
      return had.id;
    }
    const id = `${this.session}.${++this.next}`;
    this.given.set(uri, { list: diagnostics, json, id });
    return id;
  }
}
