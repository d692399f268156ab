// What happens when the server process dies. The library's default handler pops up a
// message on every close and a different one when it gives up; a crash loop then shows a
// stack of notifications. Here restarts are silent (logged to the output channel) and the
// user hears about it once, when restarting stops, with the two things they can do next.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';

import { MAX_RESTARTS, RESTART_WINDOW_MS } from './restartPolicy';

interface CrashActions {
  restart(): void;
  showOutput(): void;
  log(message: string): void;
}

export class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];
  private gaveUp = false;

  constructor(private readonly actions: CrashActions) {}

  /** A deliberate restart by the user starts the count afresh. */
  reset(): void {
    this.restarts = [];
    this.gaveUp = false;
  }

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    // Write errors come in bursts when the server dies (every queued message fails with
    // EPIPE), so a count says nothing about a lasting fault. The close that follows
    // decides about restarts; shutting down here would stop the client for good, silently.
    this.actions.log(`connection error${count ? ` (${count})` : ''}: ${error.message}`);
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    this.restarts.push(now);
    if (this.restarts.length <= MAX_RESTARTS) {
      this.actions.log(`server stopped unexpectedly; restarting (${this.restarts.length} of ${MAX_RESTARTS} in 3 minutes)`);
      return { action: CloseAction.Restart, handled: true };
    }
    this.giveUp(vscode.l10n.t('The Error Codes server stopped {0} times in 3 minutes and was not restarted again.', this.restarts.length));
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  /** The one message of a crash loop, with the two things the user can do next. */
  giveUp(message: string): void {
    this.actions.log(`giving up: ${message}`);
    if (this.gaveUp) return;
    this.gaveUp = true;
    void this.tellUser(message);
  }

  private async tellUser(message: string): Promise<void> {
    const restart = vscode.l10n.t('Restart');
    const output = vscode.l10n.t('Show Output');
    const choice = await vscode.window.showErrorMessage(message, restart, output);
    if (choice === restart) this.actions.restart();
    else if (choice === output) this.actions.showOutput();
  }
}
