// A parsed table → one entry per row. Rows that cannot be read are reported, not dropped
// silently: the build of the bundled catalogs refuses any, a user's import lists them.
import type { ColumnKind, ColumnMap } from './columns';
import { ImportError } from './errors';
import type { ParsedTable, TableRow } from './table';

export type TextField = 'message' | 'description' | 'handling';
export const TEXT_FIELDS: readonly TextField[] = ['message', 'description', 'handling'];

/** One row of one page: texts in that page's locale. */
export interface PageEntry {
  code: string;
  httpStatus: number;
  line: number;
  message: string;
  description?: string;
  handling?: string;
}

export interface RowProblem {
  file: string;
  line: number;
  expected: string;
}

export interface TableEntries {
  entries: PageEntry[];
  problems: RowProblem[];
}

const STATUS = /^[1-5][0-9]{2}$/;
const CODE = /^[A-Za-z0-9_.-]+$/;
/** What the catalog loader accepts (catalog/load.ts): a row beyond it would make a catalog no editor loads. */
const MAX_TEXT = 4000;
const CODE_LENGTH = { min: 3, max: 100 };
/** C0 and C1 control characters but tab and line breaks (a NUL in a copied page, terminal escapes). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export function tableToEntries(table: ParsedTable, columns: ColumnMap): TableEntries {
  const entries: PageEntry[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const result = rowToEntry(row, columns);
    if (typeof result === 'string') {
      problems.push({ file: table.file, line: row.line, expected: result });
      continue;
    }
    const earlier = seen.get(result.code);
    if (earlier !== undefined) {
      problems.push({ file: table.file, line: row.line, expected: `expected each code once; ${result.code} is already at line ${earlier}` });
      continue;
    }
    seen.set(result.code, row.line);
    entries.push(result);
  }
  return { entries, problems };
}

/** Turns the first reported problem into an error: for builds that must not lose a row. */
export function requireNoProblems(result: TableEntries): PageEntry[] {
  const first = result.problems[0];
  if (first) throw new ImportError(first.file, first.line, first.expected);
  return result.entries;
}

function rowToEntry(row: TableRow, columns: ColumnMap): PageEntry | string {
  if (row.cells.length !== columns.names.length) {
    const found = row.cells.length;
    return `expected ${columns.names.length} cells (${columns.names.join(', ')}), found ${found}${found < columns.names.length ? ': a cell is missing' : ''}`;
  }
  const cell = (kind: ColumnKind): string | undefined => {
    const i = columns.index[kind];
    return i === undefined ? undefined : row.cells[i].text;
  };
  const status = cell('status') ?? '';
  const code = cell('code') ?? '';
  const message = cell('message') ?? '';
  if (!STATUS.test(status)) return `expected an HTTP status (three digits) in column "${nameOf(columns, 'status')}", found "${status}"`;
  if (!CODE.test(code)) return `expected an error code (letters, digits, ".", "-", "_") in column "${nameOf(columns, 'code')}", found "${code}"`;
  if (message === '') return `expected a message for ${code} in column "${nameOf(columns, 'message')}", found an empty cell`;
  if (code.length < CODE_LENGTH.min || code.length > CODE_LENGTH.max)
    return `expected an error code of ${CODE_LENGTH.min} to ${CODE_LENGTH.max} characters in column "${nameOf(columns, 'code')}", found ${code.length}`;
  const entry: PageEntry = { code, httpStatus: Number(status), line: row.line, message };
  const description = cell('description');
  const handling = cell('handling');
  for (const kind of ['message', 'description', 'handling'] as const) {
    const text = cell(kind) ?? '';
    if (text.length > MAX_TEXT) return `expected at most ${MAX_TEXT} characters for ${code} in column "${nameOf(columns, kind)}", found ${text.length}`;
    const control = CONTROL.exec(text);
    if (control)
      return `expected text without control characters for ${code} in column "${nameOf(columns, kind)}", found U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  }
  if (description) entry.description = description;
  if (handling) entry.handling = handling;
  return entry;
}

function nameOf(columns: ColumnMap, kind: ColumnKind): string {
  return columns.names[columns.index[kind] ?? 0] ?? kind;
}
