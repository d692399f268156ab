// The language server as the extension sees it: one LanguageClient running dist/server.js,
// started on first need rather than on activation, restarted on request (with a new client
// when the library cannot restart its own), and handed to the commands that need it running.
import * as vscode from 'vscode';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  State,
  TransportKind,
  type LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SECTION, SERVER_NAME, WorkspaceTrustNotification, type InitializationOptions, type WorkspaceTrustParams } from '../../protocol';
import { RestartingErrorHandler } from './errorHandler';
import { QuietLanguageClient } from './quietClient';
import { DOCUMENT_SELECTOR } from './selector';

/** What the rest of the extension does at points of the server's life. */
interface ServerEvents {
  /** A client was made: register notification handlers here (before start(), so the library keeps them across its restarts). */
  created(client: LanguageClient): void;
  /** The server answered `initialize` for the first time. */
  started(): void;
  /** The user's restart finished: what the old server rendered is drawn again. */
  restarted(): void;
}

export class LanguageServer {
  private current: LanguageClient | undefined;
  private starting: Promise<boolean> | undefined;
  private readonly errorHandler: RestartingErrorHandler;
  private readonly serverOptions: ServerOptions;
  private readonly clientOptions: LanguageClientOptions;

  constructor(
    serverModule: string,
    private readonly output: vscode.LogOutputChannel,
    private readonly events: ServerEvents,
  ) {
    this.errorHandler = new RestartingErrorHandler({
      restart: () => void this.restart(),
      showOutput: () => output.show(true),
      log: (message) => output.warn(message),
    });
    this.serverOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      // Source maps make the server's stack traces readable in the output channel.
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--enable-source-maps', '--inspect=6019'] } },
    };
    this.clientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: output,
      errorHandler: this.errorHandler,
      // A server that dies during `initialize` is handled like any crash (the close handler
      // restarts it); without this the library pops up the raw protocol error as well.
      initializationFailedHandler: (error) => {
        output.error(`initialize failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
      // A function, so a restart after trust was granted reports the current state.
      initializationOptions: (): InitializationOptions => ({
        displayLanguage: vscode.env.language,
        workspaceTrusted: vscode.workspace.isTrusted,
      }),
      // Hover text quotes vendor pages and users' catalogs: render it, never run links or HTML.
      markdown: { isTrusted: false, supportHtml: false },
      // No `synchronize`: the server pulls settings (workspace/configuration) and registers
      // for change notices itself, so one code path serves every LSP client.
    };
    this.current = this.createClient();
  }

  /** The client, running or not; undefined once the extension is deactivated. */
  get client(): LanguageClient | undefined {
    return this.current;
  }

  // The id is the settings section, so `errorCodes.trace.server` sets the trace level.
  private createClient(): LanguageClient {
    const c = new QuietLanguageClient(SECTION, SERVER_NAME, this.serverOptions, this.clientOptions);
    this.events.created(c);
    return c;
  }

  /**
   * Starts the server unless it was started already; true when it runs. Called on first
   * need, not on activation: VS Code fires `onLanguage:json`/`jsonc` at startup for its own
   * settings models, and a server process per window that only ever showed settings would be
   * waste. First need = a covered document is shown, or a command.
   */
  ensureStarted(): Promise<boolean> {
    this.starting ??= this.current!.start().then(
      () => {
        this.events.started();
        return true;
      },
      (err: unknown) => {
        this.output.error(`server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        // A server that died while starting is already being restarted by the close
        // handler, which speaks up itself if that keeps failing.
        const state = this.current?.state;
        if (state !== State.Starting && state !== State.Running) {
          const show = vscode.l10n.t('Show Output');
          void vscode.window.showErrorMessage(vscode.l10n.t('The Error Codes server could not start.'), show).then((c) => c && this.output.show(true));
        }
        return false;
      },
    );
    return this.starting;
  }

  /** The user's restart (a command, or the button of the crash-loop message): the crash count starts afresh. */
  async restart(): Promise<void> {
    this.errorHandler.reset();
    if (!this.current) return;
    if (!this.starting) {
      await this.ensureStarted();
      return;
    }
    await this.starting;
    try {
      await this.current.restart();
    } catch (err) {
      // A client whose start failed (the server died while starting, and restarts were
      // used up) cannot be restarted by the library; a new one can be started.
      this.output.warn(`restart failed (${err instanceof Error ? err.message : String(err)}); starting a new client`);
      // The old client is dropped either way; one that never ran may refuse to dispose.
      await this.current.dispose().catch(() => undefined);
      this.current = this.createClient();
      this.starting = undefined;
      await this.ensureStarted();
    }
    this.events.restarted();
  }

  /** The client for a command: started if need be; a server that is down is offered a restart, and undefined returned if it stays down. */
  async running(): Promise<LanguageClient | undefined> {
    if (!this.starting) await this.ensureStarted();
    if (this.current?.isRunning()) return this.current;
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('The Error Codes server is not running.'), vscode.l10n.t('Restart'));
    if (choice) await this.restart();
    return this.current?.isRunning() ? this.current : undefined;
  }

  /** Tells a running server that the extension wrote a file it watches; a server not started yet reads the folder when it starts. */
  async fileWritten(file: vscode.Uri, created: boolean): Promise<void> {
    const c = this.current;
    if (!c?.isRunning()) return;
    await c.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: c.code2ProtocolConverter.asUri(file), type: created ? FileChangeType.Created : FileChangeType.Changed }],
    });
  }

  /**
   * Tells a running server the user trusted the workspace, so it loads the workspace's
   * catalogs. Trust can only be granted while a window runs (revoking it reloads the window).
   * A server not started yet learns it from initializationOptions instead.
   */
  async trustGranted(): Promise<void> {
    if (!this.starting || !(await this.starting) || !this.current?.isRunning()) return;
    await this.current.sendNotification(WorkspaceTrustNotification, { trusted: true } satisfies WorkspaceTrustParams);
  }

  async stop(): Promise<void> {
    await this.current?.stop();
    this.current = undefined;
  }
}
