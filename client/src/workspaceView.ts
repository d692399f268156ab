// The Error Codes view in the Explorer: every code the workspace uses, by service (and by
// family where a service's codes span several), with its occurrences. The server scans the
// workspace and says when its answer changed; the view asks again only while it is visible,
// so a collapsed view costs nothing. The first answer holds the services and their counts; a
// service's codes are asked for when the user opens it, and a code's places when they open that.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CodeOccurrencesRequest,
  WorkspaceCodesRequest,
  type CodeOccurrence,
  type CodeOccurrences,
  type CodeOccurrencesParams,
  type WorkspaceCode,
  type WorkspaceCodes,
  type WorkspaceCodesParams,
  type WorkspaceFamily,
  type WorkspaceService,
} from '../../protocol';

const VIEW_ID = 'errorCodes.workspaceCodes';
const REFRESH_DELAY_MS = 400;

type Node =
  | { kind: 'service'; service: WorkspaceService }
  | { kind: 'family'; service: string; family: WorkspaceFamily }
  | { kind: 'code'; code: WorkspaceCode }
  | { kind: 'occurrence'; code: string; at: CodeOccurrence };

const STATUS_ICON: Record<WorkspaceCode['status'], vscode.ThemeIcon> = {
  known: new vscode.ThemeIcon('symbol-constant'),
  unknown: new vscode.ThemeIcon('question'),
  misspelled: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
};

export class WorkspaceCodesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private timer: NodeJS.Timeout | undefined;
  /** A change arrived while the view was hidden: fetch when it shows again. */
  private stale = false;

  constructor(private readonly client: () => Promise<LanguageClient | undefined>) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.view.onDidChangeVisibility((e) => {
      if (e.visible && this.stale) this.refresh();
    });
  }

  /** The server's "ask again", coalesced: a scan reports progress many times a second. */
  serverChanged(): void {
    if (!this.view.visible) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  refresh(): void {
    this.stale = false;
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'service') return this.serviceChildren(node.service.id);
    if (node?.kind === 'family') return node.family.codes.map((code) => ({ kind: 'code' as const, code }));
    if (node?.kind === 'code') return this.occurrences(node.code.code);
    if (node) return [];
    const result = await this.ask({ servicesOnly: true });
    if (!result) return [];
    const files = result.files === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', result.files);
    this.view.message = result.scanning
      ? vscode.l10n.t('Checking the workspace… {0} so far.', files)
      : result.services.length
        ? undefined
        : vscode.l10n.t('No error codes in {0}.', files);
    this.view.description = result.scanning ? undefined : files;
    return result.services.map((service) => ({ kind: 'service' as const, service }));
  }

  private async ask(params: WorkspaceCodesParams): Promise<WorkspaceCodes | undefined> {
    const client = await this.client();
    if (!client) {
      this.view.message = vscode.l10n.t('The Error Codes server is not running.');
      return undefined;
    }
    try {
      return await client.sendRequest<WorkspaceCodes>(WorkspaceCodesRequest, params);
    } catch (err) {
      client.error('workspace codes request failed', err, false);
      this.view.message = vscode.l10n.t('The Error Codes server did not answer; see its output.');
      return undefined;
    }
  }

  /** A service's codes (by family where the server grouped them so), fetched as the user opens it. */
  private async serviceChildren(id: string): Promise<Node[]> {
    const service = (await this.ask({ service: id }))?.services[0];
    if (!service) return [];
    if (service.families) return service.families.map((family) => ({ kind: 'family' as const, service: id, family }));
    return service.codes.map((code) => ({ kind: 'code' as const, code }));
  }

  /** A code's places, fetched as the user opens it. */
  private async occurrences(code: string): Promise<Node[]> {
    const client = await this.client();
    if (!client) return [];
    try {
      const places = await client.sendRequest<CodeOccurrences>(CodeOccurrencesRequest, { code } satisfies CodeOccurrencesParams);
      return places.map((at) => ({ kind: 'occurrence' as const, code, at }));
    } catch (err) {
      client.error('code occurrences request failed', err, false);
      return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'service') {
      const item = new vscode.TreeItem(node.service.service, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `service:${node.service.id}`;
      item.description = String(node.service.count);
      item.tooltip = vscode.l10n.t('{0}: {1} occurrences of {2} codes', node.service.service, node.service.count, node.service.codeCount);
      item.iconPath = new vscode.ThemeIcon('book');
      return item;
    }
    if (node.kind === 'family') {
      const f = node.family;
      const item = new vscode.TreeItem(f.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `family:${node.service}:${f.prefix}`;
      item.description = `${f.prefix} · ${f.count}`;
      item.tooltip = vscode.l10n.t('{0}: {1} occurrences of {2} codes', f.prefix, f.count, f.codeCount);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      return item;
    }
    if (node.kind === 'code') {
      const c = node.code;
      const item = new vscode.TreeItem(c.code, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `code:${c.code}`;
      item.description = [c.httpStatus, `×${c.count}`].filter((p) => p !== undefined).join(' · ');
      item.tooltip = c.message ?? (c.status === 'unknown' ? vscode.l10n.t('Not in any loaded catalog.') : undefined);
      item.iconPath = STATUS_ICON[c.status];
      item.contextValue = `errorCode.${c.status}`;
      return item;
    }
    const uri = vscode.Uri.parse(node.at.uri);
    const item = new vscode.TreeItem(`${vscode.workspace.asRelativePath(uri)}:${node.at.line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.id = `at:${node.code}:${node.at.uri}:${node.at.line}:${node.at.character}`;
    item.resourceUri = uri;
    item.iconPath = vscode.ThemeIcon.File;
    const start = new vscode.Position(node.at.line, node.at.character);
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Go to the code'),
      arguments: [uri, { selection: new vscode.Range(start, start.translate(0, node.code.length)) } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.view.dispose();
    this.changed.dispose();
  }
}
