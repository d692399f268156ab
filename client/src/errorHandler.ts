// What happens when the server process dies. The library's default handler pops up a
// message on every close and a different one when it gives up; a crash loop then shows a
// stack of notifications. Here restarts are silent (logged to the output channel) and the
// user hears about it once, when restarting stops, with the two things they can do next.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';

/** How many restarts are allowed within WINDOW_MS before giving up. */
export const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60 * 1000;

export interface CrashActions {
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
    // A few write/read errors usually precede a close; the close decides about restarts.
    if (count !== undefined && count <= 3) return { action: ErrorAction.Continue, handled: true };
    this.actions.log(`connection keeps failing: ${error.message}`);
    return { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < WINDOW_MS);
    this.restarts.push(now);
    if (this.restarts.length <= MAX_RESTARTS) {
      this.actions.log(`server stopped unexpectedly; restarting (${this.restarts.length} of ${MAX_RESTARTS} in 3 minutes)`);
      return { action: CloseAction.Restart, handled: true };
    }
    if (!this.gaveUp) {
      this.gaveUp = true;
      void this.tellUser();
    }
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  private async tellUser(): Promise<void> {
    const restart = vscode.l10n.t('Restart');
    const output = vscode.l10n.t('Show Output');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('The Error Codes server stopped {0} times in 3 minutes and was not restarted again.', MAX_RESTARTS + 1),
      restart,
      output,
    );
    if (choice === restart) this.actions.restart();
    else if (choice === output) this.actions.showOutput();
  }
}
