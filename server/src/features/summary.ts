// What a document holds (for the status bar), and look-up across all catalogs (for the
// look-up command and the CLI): thin reads of the same scan and index.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { IndexedEntry, pickText } from '../catalog/index';
import type { DocumentSummary, DocumentSummaryItem, LookupItem } from '../protocol';
import { visibleText } from '../scan/disguise';
import { CodeHit, scanText } from '../scan/scanner';
import { ServiceContext, localeOf } from './context';
import { problemsOf } from './diagnostics';
import { firstLine } from './explain';
import { otherLocale } from './text';

export function documentSummary(doc: TextDocument, ctx: ServiceContext, hits?: readonly CodeHit[]): DocumentSummary {
  const text = doc.getText();
  const found = hits ?? scanText(text, doc.languageId, ctx.index);
  const problems = new Map(problemsOf(found, text, ctx).map((p) => [p.hit, p]));
  const locale = localeOf(ctx);
  const items: DocumentSummaryItem[] = [];
  for (const hit of found) {
    const problem = problems.get(hit);
    if (!problem && hit.kind !== 'exact' && hit.kind !== 'short') continue;
    const pos = doc.positionAt(hit.start);
    items.push({
      code: hit.disguise ? visibleText(hit.text) : hit.text,
      line: pos.line,
      character: pos.character,
      status: problem ? problem.kind : hit.kind === 'short' ? 'prefix' : 'known',
      message: hit.entry ? firstLine(pickText(hit.entry.entry.message, locale)?.text ?? '') : '',
    });
  }
  return { codes: items.filter((i) => i.status === 'known').length, problems: problems.size, items };
}

function lookupItem(e: IndexedEntry, ctx: ServiceContext): LookupItem {
  const locale = localeOf(ctx);
  return {
    code: e.entry.code,
    catalog: e.catalog.catalog.id,
    service: pickText(e.catalog.catalog.service, locale)?.text ?? e.catalog.catalog.id,
    httpStatus: e.entry.httpStatus,
    message: pickText(e.entry.message, locale)?.text ?? '',
    otherMessage: e.entry.message[otherLocale(locale)],
  };
}

/** Codes matching a query: by code first (prefix, then anywhere), then by message or description in either language. */
export function lookup(query: string, ctx: ServiceContext, limit = 200): LookupItem[] {
  const q = query.trim().toLowerCase();
  const all = [...ctx.index.entries()];
  if (q === '') return all.slice(0, limit).map((e) => lookupItem(e, ctx));
  const words = q.split(/\s+/);
  const rank = (e: IndexedEntry): number => {
    const code = e.entry.code.toLowerCase();
    if (code === q) return 0;
    if (code.startsWith(q)) return 1;
    if (code.includes(q)) return 2;
    const hay = [...Object.values(e.entry.message), ...Object.values(e.entry.description ?? {}), ...Object.values(e.entry.handling ?? {})].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w)) ? 3 : 9;
  };
  return all
    .map((e) => ({ e, r: rank(e) }))
    .filter((x) => x.r < 9)
    .sort((a, b) => a.r - b.r || (a.e.entry.code < b.e.entry.code ? -1 : 1))
    .slice(0, limit)
    .map((x) => lookupItem(x.e, ctx));
}
