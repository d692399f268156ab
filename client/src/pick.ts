// Quick picks over what the server knows. Searching is the server's job (it ranks by code,
// service name, and words of the message in English or Chinese across every catalog); the
// pick only shows what comes back, each code with its service.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CatalogsRequest, LookupRequest, type CatalogSummary, type LookupItem, type LookupParams } from '../../protocol';

const LIMIT = 100;
const TYPING_DELAY_MS = 120;

interface CodeItem extends vscode.QuickPickItem {
  code: string;
}

function toItem(item: LookupItem): CodeItem {
  const detail = item.otherMessage ? `${item.message} · ${item.otherMessage}` : item.message;
  return {
    code: item.code,
    label: item.code,
    description: `${item.httpStatus === undefined ? '' : `HTTP ${item.httpStatus} · `}${item.service}`,
    detail,
    // The server already filtered; the pick's own fuzzy filter would hide matches found
    // through the Chinese text or through words in another order.
    alwaysShow: true,
  };
}

/**
 * Lets the user search codes and resolves to the chosen one, or undefined when dismissed.
 * `initialQuery` pre-fills the search box (used by commands invoked with an argument).
 */
export function pickCode(client: LanguageClient, title: string, initialQuery = ''): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<CodeItem>();
  qp.title = title;
  qp.placeholder = vscode.l10n.t('Search by service, code, or words of the message (English or Chinese)');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.value = initialQuery;

  let inflight: vscode.CancellationTokenSource | undefined;
  let timer: NodeJS.Timeout | undefined;
  const search = (query: string) => {
    inflight?.cancel();
    const cts = (inflight = new vscode.CancellationTokenSource());
    qp.busy = true;
    client.sendRequest<LookupItem[]>(LookupRequest, { query: query.trim(), limit: LIMIT } satisfies LookupParams, cts.token).then(
      (items) => {
        if (cts.token.isCancellationRequested) return;
        qp.items = items.map(toItem);
        qp.busy = false;
      },
      (err: unknown) => {
        if (cts.token.isCancellationRequested) return;
        qp.busy = false;
        qp.items = [];
        client.error('look-up failed', err, false);
      },
    );
  };

  return new Promise<string | undefined>((resolve) => {
    let chosen: string | undefined;
    qp.onDidChangeValue((value) => {
      clearTimeout(timer);
      timer = setTimeout(() => search(value), TYPING_DELAY_MS);
    });
    qp.onDidAccept(() => {
      // Enter before the results arrive would otherwise close the pick with nothing.
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!item) return;
      chosen = item.code;
      qp.hide();
    });
    qp.onDidHide(() => {
      clearTimeout(timer);
      inflight?.cancel();
      qp.dispose();
      resolve(chosen);
    });
    qp.show();
    search(initialQuery);
  });
}

/** Lets the user choose one of the loaded catalogs. */
export async function pickCatalog(client: LanguageClient): Promise<CatalogSummary | undefined> {
  const catalogs = client.sendRequest<CatalogSummary[]>(CatalogsRequest);
  const items = catalogs.then((list) =>
    list.map((c) => ({
      catalog: c,
      label: c.service,
      description: vscode.l10n.t('{0} codes', c.codes),
      detail: c.origin,
    })),
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Show Catalog'),
    placeHolder: vscode.l10n.t('Choose a catalog to read'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.catalog;
}
