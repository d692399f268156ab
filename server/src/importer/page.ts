// One vendor page → its table's entries: detect the layout, find the error-code table
// among the page's tables, read the header, turn rows into entries.
import { type Layout, LAYOUTS } from '../catalog/types';
import { hasCellLinesHeader, parseCellLinesTables } from './cellLines';
import { type ColumnMap, codeTableColumns, columnKindOf, guessColumns } from './columns';
import { type CodeTable, type PageEntry, type RowProblem, readCodeTables } from './entries';
import { ImportError, splitLines } from './errors';
import { parseHtmlTables } from './htmlTable';
import { isPipeTableStart, parsePipeTables } from './pipeTable';
import { parseRstGridTables } from './rstGrid';
import { parseRstSimpleTables } from './rstSimple';
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
  // A page whose only tables are simple ones (`=== ===`) is reStructuredText too: 'rst-grid' reads both kinds.
  if (parseRstSimpleTables(text, '').length > 0) return 'rst-grid';
  if (hasCellLinesHeader(text)) return 'cell-lines';
  return undefined;
}

/** Every table of the page in the given layout, in page order. */
export function parseTables(text: string, file: string, layout: Layout): ParsedTable[] {
  switch (layout) {
    case 'rst-grid':
      // The layout's name is older than simple tables; a catalog source names it for any reStructuredText page.
      return [...parseRstGridTables(text, file), ...parseRstSimpleTables(text, file)].sort((a, b) => a.line - b.line);
    case 'html-table':
      return parseHtmlTables(text, file);
    case 'pipe-table':
      return parsePipeTables(text, file);
    case 'cell-lines':
      return parseCellLinesTables(text, file);
  }
}

/** One table of the page and what became of its rows. */
export interface TableRead {
  table: ParsedTable;
  /** Undefined for a table without an error-code column (parameters, a glossary): its rows are not code rows. */
  columns?: ColumnMap;
  /** Rows of a code table that are an entry or were folded into one; every other row is in `problems`. */
  read: number;
  problems: RowProblem[];
}

export interface PageImport {
  file: string;
  layout: Layout;
  /** The first code table, and its columns (the header's language tells the page's locale). */
  table: ParsedTable;
  columns: ColumnMap;
  /** Every table of the page, in page order. */
  tables: TableRead[];
  /** One per code, from every code table of the page. */
  entries: PageEntry[];
  /** Rows that could not be read, of every code table; the entries hold every other row. */
  problems: RowProblem[];
  sample?: SampleBody;
}

export interface ImportPageOptions {
  /** Skip detection, e.g. when the user names the layout. */
  layout?: Layout;
}

/**
 * Reads one page: every table whose header names a code column is a code table (a page may
 * have several, and tables of parameters besides). Throws an ImportError when there is no
 * code table; row-level problems are returned for the caller to judge.
 */
export function importPage(text: string, file: string, options: ImportPageOptions = {}): PageImport {
  const layout = options.layout ?? detectLayout(text);
  if (!layout) {
    throw new ImportError(
      file,
      0,
      'expected a table (an RST grid or simple table, an HTML <table>, a Markdown pipe table, or cells one per line under a header such as "Status Code" / "Error Code"); found none',
    );
  }
  const tables = parseTables(text, file, layout);
  if (tables.length === 0) throw new ImportError(file, 0, `expected a ${layout} table; found none`);
  const withColumns = tables.map((table) => ({ table, ...headerOf(table) }));
  const codeTables = withColumns.filter((t): t is CodeTable & { unreadable: undefined } => t.columns !== undefined);
  if (codeTables.length === 0) {
    const unreadable = withColumns.find((t) => t.unreadable)?.unreadable;
    if (unreadable) throw unreadable;
    // No code table: the first table's header says what was expected of it, as for a page of one table.
    guessColumns(tables[0].header, file, tables[0].line);
  }
  const { entries, tallies } = readCodeTables(codeTables);
  const tally = new Map(codeTables.map((t, i) => [t.table, tallies[i]]));
  const read = withColumns.map(({ table, columns, unreadable }): TableRead => {
    if (columns) return { table, columns, ...tally.get(table)! };
    // A code table whose header cannot be read: its rows are reported, not dropped with it.
    const problems = unreadable ? table.rows.map((row): RowProblem => ({ file, line: row.line, reason: 'header', expected: unreadable.expected })) : [];
    return { table, read: 0, problems };
  });
  const sample = findSampleBody(text, layout);
  return {
    file,
    layout,
    table: codeTables[0].table,
    columns: codeTables[0].columns,
    tables: read,
    entries,
    problems: read.flatMap((t) => t.problems),
    ...(sample ? { sample } : {}),
  };
}

/** The columns of a code table; or, for a table with a code column whose header is ambiguous, why it cannot be read. */
function headerOf(table: ParsedTable): { columns?: ColumnMap; unreadable?: ImportError } {
  try {
    const columns = codeTableColumns(table.header, table.file, table.line);
    return columns ? { columns } : {};
  } catch (err) {
    // ImportError: two columns of one kind; a table without a code column is no code table all the same.
    if (!(err instanceof ImportError)) throw err;
    return table.header.some((c) => columnKindOf(c.text) === 'code') ? { unreadable: err } : {};
  }
}
