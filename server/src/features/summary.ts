// What a document holds (for the status bar), and look-up across all catalogs (for the
// look-up command and the CLI): thin reads of the same scan and index.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { IndexedEntry, pickText } from '../catalog/index';
import type { DocumentSummary, DocumentSummaryItem, LookupItem } from '../../../protocol';
import { showHidden } from '../scan/disguise';
import { CodeHit, MAX_HITS } from '../scan/scanner';
import { ServiceContext, localeOf } from './context';
import { wholeCheck, type WholeCheck } from './diagnostics';
import { firstLine } from './explain';
import { searchCodes } from './serviceSearch';
import { otherLocale } from './text';

/**
 * The summary of a document: of `check` (a whole check of it, in slices as the server runs them,
 * or in one piece). The counts say when they do not cover the whole file.
 */
export function documentSummary(doc: TextDocument, ctx: ServiceContext, check: WholeCheck = wholeCheck(doc, ctx)): DocumentSummary {
  const parts = summaryParts(doc, ctx, check);
  if ('summary' in parts) return parts.summary;
  return parts.finish(parts.found.flatMap((hit) => parts.itemOf(hit) ?? []));
}

/** Items made between giving way: 100,000 of them take 30-40 ms. */
const ITEMS_PER_STEP = 4096;

/**
 * `documentSummary` of a check, its items made a few thousand at a time, with `step` between
 * (false when the document moved on: then undefined, as the positions would be another text's).
 */
export async function documentSummaryInSteps(
  doc: TextDocument,
  ctx: ServiceContext,
  check: WholeCheck,
  step: () => Promise<boolean>,
): Promise<DocumentSummary | undefined> {
  const parts = summaryParts(doc, ctx, check);
  if ('summary' in parts) return parts.summary;
  const items: DocumentSummaryItem[] = [];
  for (let k = 0; k < parts.found.length; k += ITEMS_PER_STEP) {
    if (k > 0 && !(await step())) return undefined;
    for (const hit of parts.found.slice(k, k + ITEMS_PER_STEP)) {
      const item = parts.itemOf(hit);
      if (item) items.push(item);
    }
  }
  return parts.finish(items);
}

/** What a summary is made of: the whole answer when nothing was counted, else the hits and how each becomes an item. */
function summaryParts(
  doc: TextDocument,
  ctx: ServiceContext,
  check: WholeCheck,
):
  | { summary: DocumentSummary }
  | { found: readonly CodeHit[]; itemOf: (hit: CodeHit) => DocumentSummaryItem | undefined; finish: (items: DocumentSummaryItem[]) => DocumentSummary } {
  const zh = localeOf(ctx) === 'zh-CN';
  if (check.tooLarge) {
    const length = doc.getText().length;
    const max = ctx.settings.maxFileSize;
    return {
      summary: {
        codes: 0,
        problems: 0,
        items: [],
        notCounted: {
          reason: 'tooLarge',
          message: zh
            ? `未统计此文件中的错误码：它有 ${length} 个字符，超过 errorCodes.maxFileSize（${max}）。`
            : `Error codes in this file are not counted: it has ${length} characters, more than errorCodes.maxFileSize (${max}).`,
        },
      },
    };
  }
  const { hits: found, stoppedAt } = check;
  const problems = new Map(check.problems.map((p) => [p.hit, p]));
  const locale = localeOf(ctx);
  const itemOf = (hit: CodeHit): DocumentSummaryItem | undefined => {
    const problem = problems.get(hit);
    if (!problem && hit.kind !== 'exact' && hit.kind !== 'short') return undefined;
    const pos = doc.positionAt(hit.start);
    return {
      code: hit.disguise ? showHidden(hit.text) : hit.text,
      line: pos.line,
      character: pos.character,
      status: problem ? problem.kind : hit.kind === 'short' ? 'prefix' : 'known',
      message: hit.entry ? firstLine(pickText(hit.entry.entry.message, locale)?.text ?? '') : '',
    };
  };
  const finish = (items: DocumentSummaryItem[]): DocumentSummary => {
    const summary: DocumentSummary = { codes: items.filter((i) => i.status === 'known').length, problems: problems.size, items };
    if (stoppedAt !== undefined) {
      const line = doc.positionAt(stoppedAt).line;
      summary.notCounted = {
        reason: 'tooManyCodes',
        line,
        message: zh
          ? `错误码统计在第 ${line + 1} 行停止：已找到 ${MAX_HITS} 个错误码，其后的内容未统计。`
          : `The count stopped at line ${line + 1}, after ${MAX_HITS} codes: the rest of this file is not counted.`,
      };
    }
    return summary;
  };
  return { found, itemOf, finish };
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

/** Codes matching a query: by code first (prefix, then anywhere), then by service name and words of the message or description, in either language. */
export function lookup(query: string, ctx: ServiceContext, limit = 200): LookupItem[] {
  // A code two bundled catalogs document is a row per catalog in the search, each with its service.
  return searchCodes(ctx.index, query, limit).map((e) => lookupItem(e, ctx));
}
