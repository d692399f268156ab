// A small LSP client for the protocol tier and the benchmark: starts `node dist/server.js
// --stdio` as a child process and talks to it through vscode-languageserver-protocol, the
// library VS Code's own client is built on. It plays the editor's part: it keeps its own
// copy of every open document (so edits from code actions can be applied and checked),
// answers `workspace/configuration` from `settings`, and records what the server pushes
// (diagnostics, messages, registrations).
//
// Every wait has a deadline: a server that never answers fails the test with a message
// saying what was awaited (and the end of the server's stderr), instead of hanging it.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ApplyWorkspaceEditRequest,
  DiagnosticRefreshRequest,
  ClientCapabilities,
  ShowDocumentParams,
  ShowDocumentRequest,
  CodeAction,
  CodeActionRequest,
  Command,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  Hover,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InitializeResult,
  LogMessageNotification,
  LogMessageParams,
  MarkupContent,
  Position,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  Range,
  Registration,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageParams,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
  TextEdit,
  UnregistrationRequest,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { PiecedDocument } from '../../server/src/document';
import { SECTION, type WorkspaceCodes } from '../../protocol';
import { ROOT, SERVER_JS } from '../support/root';

/** Generous, because CI machines are shared; a healthy server answers in milliseconds. */
export const DEFAULT_DEADLINE_MS = 10_000;

export interface StartOptions {
  /** The bundle to run (default: the repository's dist/server.js). */
  serverJs?: string;
  cwd?: string;
  /** The child's whole environment (default: this process's, without ERROR_CODES_CATALOGS). */
  env?: NodeJS.ProcessEnv;
  /** Settings under `errorCodes`, answered to `workspace/configuration`; change them at will later. */
  settings?: unknown;
  /** False plays a client that cannot be asked for settings and pushes them instead. */
  pullConfiguration?: boolean;
  initializationOptions?: unknown;
  locale?: string;
  deadlineMs?: number;
  /** Extra arguments for node before the script (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Workspace folders (absolute paths); the client then also offers to watch files for the server. */
  workspaceFolders?: string[];
  /**
   * True plays a client that pulls diagnostics (LSP 3.17, as VS Code's does) and takes refresh
   * requests; 'without-refresh' one that pulls but cannot be told to pull again.
   */
  pullDiagnostics?: boolean | 'without-refresh';
  /**
   * How the client keeps its copies of open documents: vscode-languageserver-textdocument's
   * (the default: the server's own pieces are checked against it), or the server's pieces
   * (server/src/document.ts, answering as the library does). The bench's load section takes
   * the pieces: the library copies a 1 MB text at each edit, 2-8 ms of this process's time in
   * which answers wait unread and are counted against the server (an editor's copy, VS Code's
   * lines, costs nothing like it).
   */
  documents?: 'library' | 'pieces';
}

/** A message the server showed the user: `window/showMessage` or `window/showMessageRequest`. */
export interface ShownMessage extends ShowMessageParams {
  asRequest: boolean;
}

interface Waiter {
  probe: () => boolean;
  fail: (error: Error) => void;
}

export class LspClient {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  /** What `workspace/configuration` answers for the `errorCodes` section. */
  settings: unknown;
  readonly deadlineMs: number;
  readonly published: { seq: number; params: PublishDiagnosticsParams }[] = [];
  readonly shown: ShownMessage[] = [];
  readonly logged: LogMessageParams[] = [];
  readonly registrations: Registration[] = [];
  /** Workspace edits the server asked the client to apply (always applied). */
  readonly editsAsked: WorkspaceEdit[] = [];
  readonly documentsShown: ShowDocumentParams[] = [];
  /** How often the server asked to pull diagnostics again (`workspace/diagnostic/refresh`). */
  refreshes = 0;
  /** Every scope the server asked settings for (one entry per requested item). */
  readonly configurationAsked: { scopeUri?: string; section?: string }[] = [];
  initializeResult: InitializeResult | undefined;
  private readonly documents = new Map<string, TextDocument>();
  private readonly pieces: boolean;
  private readonly waiters = new Set<Waiter>();
  private stderrText = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private seq = 0;

  private constructor(options: StartOptions) {
    this.settings = options.settings ?? {};
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.pieces = options.documents === 'pieces';
    const env = options.env ?? withoutCatalogOverride(process.env);
    this.child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.serverJs ?? SERVER_JS, '--stdio'], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      // Keep the end only: enough to explain a failure, bounded for a chatty server.
      this.stderrText = (this.stderrText + chunk).slice(-20_000);
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        const error = new Error(`the server exited (code ${code}, signal ${signal})${this.stderrTail()}`);
        for (const w of [...this.waiters]) w.fail(error);
        resolve({ code, signal });
      });
    });
    this.child.on('error', (err) => {
      for (const w of [...this.waiters]) w.fail(err);
    });

    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push({ seq: ++this.seq, params });
      this.changed();
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.shown.push({ ...params, asRequest: false });
      this.changed();
    });
    this.connection.onRequest(ShowMessageRequest.type, (params) => {
      this.shown.push({ type: params.type, message: params.message, asRequest: true });
      this.changed();
      // The user dismissed it: no action chosen.
      return null;
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logged.push(params);
      this.changed();
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationAsked.push(...params.items);
      this.changed();
      return params.items.map((item) => (item.section === SECTION ? structuredClone(this.settings) : null));
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      this.changed();
    });
    this.connection.onRequest(UnregistrationRequest.type, () => undefined);
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.editsAsked.push(params.edit);
      this.changed();
      return { applied: true };
    });
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.refreshes++;
      this.changed();
    });
    this.connection.onRequest(ShowDocumentRequest.type, (params) => {
      this.documentsShown.push(params);
      this.changed();
      return { success: true };
    });
    // A dropped pipe after `exit` is expected; the tests read the exit code instead.
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** Starts the server and completes the initialize handshake. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const client = new LspClient(options);
    try {
      client.initializeResult = await client.deadline(
        client.connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          rootUri: null,
          workspaceFolders: options.workspaceFolders?.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })) ?? null,
          capabilities: clientCapabilities(options.pullConfiguration !== false, options.pullDiagnostics ?? false),
          initializationOptions: options.initializationOptions,
          locale: options.locale,
        }),
        'the initialize response',
      );
      await client.connection.sendNotification(InitializedNotification.type, {});
      return client;
    } catch (err) {
      client.kill();
      throw err;
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** A stable point in the stream of diagnostics: `diagnostics(uri, { after })` waits for one published later. */
  mark(): number {
    return this.seq;
  }

  // ---- documents ---------------------------------------------------------------------

  async open(uri: string, languageId: string, text: string): Promise<TextDocument> {
    const doc = this.pieces ? new PiecedDocument(uri, languageId, 1, text) : TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return doc;
  }

  /** Sends incremental changes and applies them to the client's copy; returns the new version. */
  async change(uri: string, changes: { range: Range; text: string }[]): Promise<number> {
    const doc = this.document(uri);
    const version = doc.version + 1;
    if (doc instanceof PiecedDocument) doc.update(changes, version);
    else TextDocument.update(doc, changes, version);
    const contentChanges: TextDocumentContentChangeEvent[] = changes.map((c) => ({ range: c.range, text: c.text }));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return version;
  }

  /** Applies a workspace edit's changes for `uri` as the editor would (one didChange); returns the new version. */
  async applyEdit(uri: string, edit: WorkspaceEdit | undefined): Promise<number> {
    const edits = edit?.changes?.[uri];
    if (!edits || edits.length === 0) throw new Error(`the edit changes nothing in ${uri}: ${JSON.stringify(edit)}`);
    // Later edits first, so earlier ranges stay valid while the client's copy is updated.
    const sorted = [...edits].sort((a, b) => compare(b.range.start, a.range.start));
    return this.change(
      uri,
      sorted.map((e) => ({ range: e.range, text: e.newText })),
    );
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  // ---- requests ----------------------------------------------------------------------

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.deadline(this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), `hover at ${where(uri, position)}`);
  }

  /** The hover's Markdown, or undefined when there is no hover. */
  async hoverText(uri: string, position: Position): Promise<string | undefined> {
    const h = await this.hover(uri, position);
    return h ? (h.contents as MarkupContent).value : undefined;
  }

  async completion(uri: string, position: Position, triggerCharacter?: string): Promise<CompletionItem[]> {
    const context = triggerCharacter === undefined ? { triggerKind: 1 as const } : { triggerKind: 2 as const, triggerCharacter };
    const result = await this.deadline(
      this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context }),
      `completion at ${where(uri, position)}`,
    );
    if (!result) return [];
    if (Array.isArray(result)) return result;
    // As an editor does: an item without its own edit takes the list's shared range.
    const list = result as CompletionList;
    const range = list.itemDefaults?.editRange;
    if (!range || !('start' in range)) return list.items;
    return list.items.map((item) => (item.textEdit ? item : { ...item, textEdit: { range, newText: item.textEditText ?? item.label } }));
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const result = await this.deadline(
      this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, ...(only && { only }) } }),
      `code actions in ${uri}`,
    );
    // This server answers with CodeActions only; a bare Command would be a change worth failing on.
    for (const a of result ?? []) if (Command.is(a)) throw new Error(`expected code actions, got a bare command: ${JSON.stringify(a)}`);
    return (result ?? []) as CodeAction[];
  }

  /** A custom request by method name (the server's `errorCodes/…` requests). */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.deadline(this.connection.sendRequest<R>(method, params), `the answer to ${method}`);
  }

  /** Tells the server settings changed; a pushing client sends them along. */
  async configurationChanged(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  // ---- waiting for what the server pushes ----------------------------------------------

  /** The first diagnostics published for `uri` after `after` (see `mark`), optionally for one version. */
  async diagnostics(uri: string, opts: { after?: number; version?: number } = {}, deadlineMs = this.deadlineMs): Promise<PublishDiagnosticsParams> {
    const after = opts.after ?? 0;
    const what = `diagnostics for ${uri}${opts.version === undefined ? '' : ` version ${opts.version}`}`;
    const found = await this.waitFor(
      what,
      () => this.published.find((p) => p.seq > after && p.params.uri === uri && (opts.version === undefined || p.params.version === opts.version)),
      deadlineMs,
    );
    return found.params;
  }

  /** The first message shown to the user that `match` accepts. */
  message(what: string, match: (m: ShownMessage) => boolean): Promise<ShownMessage> {
    return this.waitFor(what, () => this.shown.find(match));
  }

  /** Resolves when `probe` returns something; re-checked on every message from the server. */
  waitFor<T>(what: string, probe: () => T | undefined, deadlineMs = this.deadlineMs): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    if (this.exitInfo) return Promise.reject(new Error(`waiting for ${what}, but the server already exited (code ${this.exitInfo.code})${this.stderrTail()}`));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        probe: () => {
          const value = probe();
          if (value === undefined) return false;
          done();
          resolve(value);
          return true;
        },
        fail: (error) => {
          done();
          reject(new Error(`while waiting for ${what}: ${error.message}`));
        },
      };
      const timer = setTimeout(() => waiter.fail(new Error(`no answer within ${deadlineMs} ms${this.stderrTail()}`)), deadlineMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Asks again (a request, such as a hover) until the answer is what is awaited: for effects
   * the server announces to no one, like a reloaded catalog. Fails at the deadline.
   */
  /** The Error Codes view's data once the workspace scan is over and has found codes in some file. */
  scannedCodes(): Promise<WorkspaceCodes> {
    return this.eventually('the finished workspace scan', async () => {
      const r = await this.request<WorkspaceCodes>('errorCodes/workspaceCodes', {});
      return r.scanning || r.files === 0 ? undefined : r;
    });
  }

  /** Each code the finished workspace scan found, with how often, sorted by code: `[['IMG.0024', 1], …]`. */
  async scannedCodeCounts(): Promise<[string, number][]> {
    const view = await this.scannedCodes();
    return view.services
      .flatMap((x) => x.codes)
      .map((c): [string, number] => [c.code, c.count])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async eventually<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = this.deadlineMs): Promise<T> {
    const end = Date.now() + deadlineMs;
    for (;;) {
      const value = await this.deadline(probe(), what, Math.max(1, end - Date.now()));
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`no ${what} within ${deadlineMs} ms${this.stderrTail()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Races a request against the deadline, and against the server dying meanwhile. */
  deadline<T>(promise: Promise<T>, what: string, deadlineMs = this.deadlineMs, failOnExit = true): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}${this.stderrTail()}`)), deadlineMs);
      promise.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
      if (failOnExit) {
        void this.exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`the server exited (code ${code}, signal ${signal}) while waiting for ${what}${this.stderrTail()}`));
        });
      }
    });
  }

  // ---- ending ------------------------------------------------------------------------

  /** The LSP way out: `shutdown`, then `exit`. Resolves with the process's exit code. */
  async shutdown(): Promise<number | null> {
    await this.deadline(this.connection.sendRequest(ShutdownRequest.type), 'the shutdown response');
    await this.connection.sendNotification(ExitNotification.type);
    return this.waitForExit();
  }

  /** Sends `exit` alone (no shutdown first). */
  async exitWithoutShutdown(): Promise<number | null> {
    await this.connection.sendNotification(ExitNotification.type);
    return this.waitForExit();
  }

  async waitForExit(deadlineMs = this.deadlineMs): Promise<number | null> {
    const info = await this.deadline(this.exited, 'the server process to exit', deadlineMs, false);
    this.connection.dispose();
    return info.code;
  }

  /** For `after` hooks: ends the child if a test left it running (after a failure). */
  kill(): void {
    if (!this.exitInfo && this.child.exitCode === null) this.child.kill('SIGKILL');
    this.connection.dispose();
  }

  get stderr(): string {
    return this.stderrText;
  }

  private stderrTail(): string {
    const t = this.stderrText.trim();
    return t ? `\n--- server stderr (end) ---\n${t.slice(-2000)}` : '';
  }

  private changed(): void {
    for (const w of [...this.waiters]) w.probe();
  }
}

function clientCapabilities(pullConfiguration: boolean, pullDiagnostics: boolean | 'without-refresh'): ClientCapabilities {
  const caps: ClientCapabilities = {
    workspace: {
      configuration: pullConfiguration,
      didChangeConfiguration: { dynamicRegistration: pullConfiguration },
      workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
      didChangeWatchedFiles: { dynamicRegistration: true },
      executeCommand: { dynamicRegistration: false },
    },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: false },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: {
        completionItem: { snippetSupport: false, labelDetailsSupport: true, documentationFormat: ['markdown'] },
        contextSupport: true,
        // What VS Code's client declares: the protocol tests and the benchmark take the same path.
        completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
      },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        isPreferredSupport: true,
        dataSupport: true,
      },
      publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    },
    window: { showMessage: {} },
  };
  if (pullDiagnostics) {
    caps.textDocument!.diagnostic = { dynamicRegistration: false, relatedDocumentSupport: false };
    caps.workspace!.diagnostics = { refreshSupport: pullDiagnostics === true };
  }
  return caps;
}

function withoutCatalogOverride(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // The server must find the catalogs beside its bundle, as it does for users.
  const copy = { ...env };
  delete copy.ERROR_CODES_CATALOGS;
  return copy;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function where(uri: string, p: Position): string {
  return `${uri}:${p.line + 1}:${p.character + 1}`;
}

/** The position of the `nth` occurrence of `needle` in `text`, moved `delta` characters into it. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times in the test text`);
  }
  return TextDocument.create('file:///x', 'plaintext', 0, text).positionAt(at + delta);
}

/** The text an edit list produces from a document (edits as a code action carries them). */
export function applied(doc: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(doc, edits);
}
