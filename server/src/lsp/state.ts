// What every handler of the server shares: the connection, the open documents, the catalogs,
// the one collection of diagnostics, what the client can do, and the workspace's folders.
// Each concern is a handler (lsp/*Handler.ts) that takes this; server.ts only starts them.
import { fileURLToPath } from 'node:url';
import { type Connection, MessageType, ShowMessageNotification, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readableProblem } from '../catalog/catalogFile';
import { CatalogStore } from '../catalogStore';
import type { Folder } from '../workspaceScan';
import { DiagnosticCollection } from './diagnosticCollection';

/** What the client said it can do, at initialize. */
interface ClientAbilities {
  /** It answers `workspace/configuration`; otherwise it pushes settings with didChangeConfiguration. */
  pullConfiguration: boolean;
  watchFiles: boolean;
  workDoneProgress: boolean;
  completionItemDefaults: boolean;
  /** It asks for open documents' problems (LSP 3.17 pull) instead of being sent them. */
  pullDocuments: boolean;
}

export class ServerState {
  readonly store: CatalogStore;
  readonly diagnostics = new DiagnosticCollection();
  client: ClientAbilities = { pullConfiguration: false, watchFiles: false, workDoneProgress: false, completionItemDefaults: false, pullDocuments: false };
  displayLanguage: string | undefined;
  folders: Folder[] = [];
  private readonly contextListeners: (() => void)[] = [];

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
  ) {
    this.store = new CatalogStore((message) => connection.console.error(message));
  }

  /** Catalogs or settings changed: every answer about a file may differ now. */
  onContextChanged(listener: () => void): void {
    this.contextListeners.push(listener);
  }

  contextChanged(): void {
    for (const l of this.contextListeners) l();
  }

  /**
   * A message with nothing to choose is a notification: `showWarningMessage` would send a
   * request, which some editors (Neovim) turn into a prompt that blocks the user. Messages name
   * files, settings and codes a repository chose: each is made readable on one line here, so no
   * control character, line break or `[x](command:…)` link of theirs reaches the editor's popup.
   */
  notify(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message: readableProblem(message) });
  }
}

/**
 * The file a `file:` URI names; undefined for other schemes and for one that names no file
 * here (`file://host/…` off Windows, an encoded `/`, a malformed URI): a document there is
 * checked as a document, only what would read the disk for it is skipped.
 */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch (err) {
    // fileURLToPath's refusals: TypeErrors (ERR_INVALID_FILE_URL_HOST, ERR_INVALID_FILE_URL_PATH,
    // ERR_INVALID_URL), and a URIError for a malformed escape (`%E0%A4%A`).
    if (err instanceof TypeError || err instanceof URIError) return undefined;
    throw err;
  }
}
