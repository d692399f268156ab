// Read-only Markdown pages served by the language server: one per explained code and one
// per catalog. A content provider rather than a temp file: nothing is written to disk, the
// page cannot be edited by mistake, and it can be re-rendered when the language changes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CatalogMarkdownRequest,
  ConfigurationRequest,
  ExplainRequest,
  type CatalogMarkdownParams,
  type ExplainParams,
  type ExplainResult,
} from '../../protocol';

export const VIEW_SCHEME = 'error-codes';

type Page = { kind: 'explain'; code: string } | { kind: 'catalog'; id: string } | { kind: 'configuration' };

export function explainUri(code: string): vscode.Uri {
  // The code is the file name, so editor tabs and preview titles read as the code.
  return vscode.Uri.from({ scheme: VIEW_SCHEME, path: `/explain/${code}.md` });
}

export function catalogUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: VIEW_SCHEME, path: `/catalog/${id}.md` });
}

/** Plain text (the same report as `error-codes config`), so it opens as text, not a preview. */
export const CONFIGURATION_URI = vscode.Uri.from({ scheme: VIEW_SCHEME, path: '/Error Codes configuration.txt' });

function parse(uri: vscode.Uri): Page | undefined {
  if (uri.path === CONFIGURATION_URI.path) return { kind: 'configuration' };
  const m = /^\/(explain|catalog)\/(.+)\.md$/.exec(uri.path);
  if (!m) return undefined;
  return m[1] === 'explain' ? { kind: 'explain', code: m[2]! } : { kind: 'catalog', id: m[2]! };
}

export class MarkdownPages implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const page = parse(uri);
    const client = this.client();
    if (!page) return vscode.l10n.t('Unknown page: {0}', uri.toString());
    if (!client?.isRunning()) return vscode.l10n.t('The Error Codes server is not running. Run "Error Codes: Restart Server" and try again.');
    if (page.kind === 'explain') {
      const result = await client.sendRequest<ExplainResult>(ExplainRequest, { code: page.code } satisfies ExplainParams, token);
      return result.found ? result.markdown : vscode.l10n.t('`{0}` is not in any loaded catalog.', page.code);
    }
    if (page.kind === 'configuration') return client.sendRequest<string>(ConfigurationRequest, token);
    return client.sendRequest<string>(CatalogMarkdownRequest, { id: page.id } satisfies CatalogMarkdownParams, token);
  }

  /** Re-renders open pages, e.g. after the explanation language changed or the server restarted. */
  refreshOpen(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === VIEW_SCHEME) this.changed.fire(doc.uri);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Shows a page rendered; falls back to the plain read-only text if the Markdown preview is unavailable. */
export async function showPage(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch (err) {
    // Expected where the built-in Markdown extension is disabled: its command does not exist.
    console.warn(`Error Codes: no Markdown preview (${err instanceof Error ? err.message : String(err)}); showing the page as text`);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}
