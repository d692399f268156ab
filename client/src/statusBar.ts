// The status bar item: how many codes the active file holds and how many of them are
// problems. Counting is the server's (one scan feeds every feature); the item asks again
// when the editor changes or the file's diagnostics change, coalescing bursts, since a
// save or a settings change republishes diagnostics for many files at once.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentSummaryRequest, type DocumentSummary, type DocumentSummaryItem, type DocumentSummaryParams } from '../../protocol';
import { DOCUMENT_SELECTOR } from './selector';

export const LIST_COMMAND = 'errorCodes.listDocumentCodes';
const DEBOUNCE_MS = 250;

export class CodeStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inflight: vscode.CancellationTokenSource | undefined;
  private last: { uri: string; summary: DocumentSummary } | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item = vscode.window.createStatusBarItem('errorCodes.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('Error Codes');
    this.item.command = LIST_COMMAND;
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.schedule(DEBOUNCE_MS);
      }),
      // A file without problems gets no new diagnostics when a code is typed into it,
      // yet its count changed.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document && e.contentChanges.length) this.schedule(4 * DEBOUNCE_MS);
      }),
    );
  }

  schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    this.inflight?.cancel();
    const doc = vscode.window.activeTextEditor?.document;
    const client = this.client();
    if (!doc || !client?.isRunning() || !vscode.languages.match(DOCUMENT_SELECTOR, doc)) {
      this.last = undefined;
      this.item.hide();
      return;
    }
    const cts = (this.inflight = new vscode.CancellationTokenSource());
    let summary: DocumentSummary;
    try {
      summary = await client.sendRequest<DocumentSummary>(DocumentSummaryRequest, { uri: doc.uri.toString() } satisfies DocumentSummaryParams, cts.token);
    } catch (err) {
      // Cancelled by a newer update, or the server is restarting: the next event redraws. Anything
      // else is the server failing to answer, which its own output channel already shows.
      if (!cts.token.isCancellationRequested) console.warn(`Error Codes: the status bar's summary failed: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (cts.token.isCancellationRequested) return;
    this.last = { uri: doc.uri.toString(), summary };
    this.render(summary);
  }

  private render(s: DocumentSummary): void {
    if (s.notCounted?.reason === 'tooLarge') {
      // Not counted, as not checked: saying so beats a count of nothing.
      this.item.text = '$(symbol-constant) $(circle-slash)';
      this.item.tooltip = s.notCounted.message;
      this.item.show();
      return;
    }
    if (s.codes === 0 && s.problems === 0) {
      this.item.hide();
      return;
    }
    const more = s.notCounted ? '+' : '';
    this.item.text = s.problems ? `$(symbol-constant) ${s.codes}${more}  $(warning) ${s.problems}${more}` : `$(symbol-constant) ${s.codes}${more}`;
    const codes = s.codes === 1 ? vscode.l10n.t('1 error code') : vscode.l10n.t('{0} error codes', s.codes);
    const problems = s.problems === 1 ? vscode.l10n.t('1 problem') : vscode.l10n.t('{0} problems', s.problems);
    const counted = vscode.l10n.t('{0} and {1} in this file. Click to list them.', codes, problems);
    this.item.tooltip = s.notCounted ? `${counted}\n${s.notCounted.message}` : counted;
    this.item.show();
  }

  /** The status bar's click: list the codes and jump to the chosen one. */
  async list(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const client = this.client();
    if (!editor || !client?.isRunning()) return;
    const uri = editor.document.uri.toString();
    const summary =
      this.last?.uri === uri ? this.last.summary : await client.sendRequest<DocumentSummary>(DocumentSummaryRequest, { uri } satisfies DocumentSummaryParams);
    if (!summary.items.length) {
      void vscode.window.showInformationMessage(summary.notCounted?.message ?? vscode.l10n.t('No error codes in this file.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(summary.items.map(toItem), {
      title: vscode.l10n.t('Error codes in this file'),
      placeHolder: vscode.l10n.t('Choose one to go to it'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    const at = new vscode.Position(picked.entry.line, picked.entry.character);
    const target = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    target.selection = new vscode.Selection(at, at.translate(0, picked.entry.code.length));
    target.revealRange(target.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.inflight?.cancel();
    for (const d of this.subscriptions) d.dispose();
  }
}

const ICONS: Record<DocumentSummaryItem['status'], string> = {
  known: '$(symbol-constant)',
  misspelled: '$(warning)',
  unknown: '$(question)',
  prefix: '$(info)',
};

function toItem(entry: DocumentSummaryItem): vscode.QuickPickItem & { entry: DocumentSummaryItem } {
  return {
    entry,
    label: `${ICONS[entry.status]} ${entry.code}`,
    description: vscode.l10n.t('line {0}', entry.line + 1),
    detail: entry.message,
  };
}
