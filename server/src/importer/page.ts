// One vendor page → its table's entries: detect the layout, find the error-code table
// among the page's tables, read the header, turn rows into entries.
import { type Layout, LAYOUTS } from '../catalog/types';
import { hasCellLinesHeader, parseCellLinesTables } from './cellLines';
import { type ColumnMap, guessColumns } from './columns';
import { type PageEntry, type RowProblem, tableToEntries } from './entries';
import { ImportError, splitLines } from './errors';
import { parseHtmlTables } from './htmlTable';
import { isPipeTableStart, parsePipeTables } from './pipeTable';
import { parseRstGridTables } from './rstGrid';
import { findSampleBody, type SampleBody } from './sample';
import type { ParsedTable } from './table';

/** A documentation page is a few megabytes at most; a larger file (or a pipe, a device) is not read. */
export const MAX_PAGE_BYTES = 64 * 1024 * 1024;

export { LAYOUTS };

/**
 * The layout of the page's table. Markup layouts are recognised by their syntax; a page
 * with none of it is plain text, read as one cell per line when a header run is found.
 */
export function detectLayout(text: string): Layout | undefined {
  const lines = splitLines(text);
  if (lines.some((l, i) => /^\s*\+(?:-+\+)+\s*$/.test(l) && /^\s*\|/.test(lines[i + 1] ?? ''))) return 'rst-grid';
  if (/<table[\s>]/i.test(text)) return 'html-table';
  if (lines.some((_, i) => isPipeTableStart(lines, i))) return 'pipe-table';
  if (hasCellLinesHeader(text)) return 'cell-lines';
  return undefined;
}

/** Every table of the page in the given layout, in page order. */
export function parseTables(text: string, file: string, layout: Layout): ParsedTable[] {
  switch (layout) {
    case 'rst-grid':
      return parseRstGridTables(text, file);
    case 'html-table':
      return parseHtmlTables(text, file);
    case 'pipe-table':
      return parsePipeTables(text, file);
    case 'cell-lines':
      return parseCellLinesTables(text, file);
  }
}

export interface PageImport {
  file: string;
  layout: Layout;
  table: ParsedTable;
  columns: ColumnMap;
  entries: PageEntry[];
  /** Rows that could not be read; the entries hold every other row. */
  problems: RowProblem[];
  sample?: SampleBody;
}

export interface ImportPageOptions {
  /** Skip detection, e.g. when the user names the layout. */
  layout?: Layout;
}

/**
 * Reads one page. The error-code table is the first one whose header names a status and a
 * code (a page may also carry tables of parameters). Throws an ImportError when there is
 * no such table; row-level problems are returned for the caller to judge.
 */
export function importPage(text: string, file: string, options: ImportPageOptions = {}): PageImport {
  const layout = options.layout ?? detectLayout(text);
  if (!layout) {
    throw new ImportError(
      file,
      0,
      'expected a table (an RST grid table, an HTML <table>, a Markdown pipe table, or cells one per line under a header such as "Status Code" / "Error Code"); found none',
    );
  }
  const tables = parseTables(text, file, layout);
  if (tables.length === 0) throw new ImportError(file, 0, `expected a ${layout} table; found none`);
  let firstError: unknown;
  for (const table of tables) {
    let columns: ColumnMap;
    try {
      columns = guessColumns(table.header, file, table.line);
    } catch (err) {
      firstError ??= err;
      continue;
    }
    const { entries, problems } = tableToEntries(table, columns);
    const sample = findSampleBody(text, layout);
    return { file, layout, table, columns, entries, problems, ...(sample ? { sample } : {}) };
  }
  throw firstError;
}
