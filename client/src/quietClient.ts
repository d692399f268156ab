// The language client, minus its own pop-ups. The library shows some errors as
// notifications unconditionally (`'force'`), and a server that dies while starting produces
// three or four of them at once. Here every library error goes to the output channel only;
// the user hears about trouble from RestartingErrorHandler and from activate(), once.
import { LanguageClient } from 'vscode-languageclient/node';

export class QuietLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }
}
