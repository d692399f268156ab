// Parsed code tables → entries. Every row ends in an entry (its own, or folded into the entry of
// the same code) or in a reported problem with its line and reason: nothing is dropped silently.
// A mistake in a page whose intent is clear (`DCS. 4855`, a status `400/404`, the same code on
// several rows) is kept with a note saying what the page wrote; one whose intent is not is reported.
import type { Note } from '../catalog/types';
import { shapeOf } from './families';
import type { ColumnMap, ColumnKind } from './columns';
import { noTextColumn } from './columns';
import { ImportError } from './errors';
import type { ParsedTable, TableRow } from './table';

export type TextField = 'message' | 'description' | 'handling';
export const TEXT_FIELDS: readonly TextField[] = ['message', 'description', 'handling'];

/** One code of one page: texts in that page's locale. */
export interface PageEntry {
  code: string;
  /** Absent when the table has no status column. */
  httpStatus?: number;
  /** The line of the code's first row. */
  line: number;
  message: string;
  description?: string;
  handling?: string;
  /** What the page says beside the first row: further rows of the code, a mended code or status. */
  notes?: Note[];
  /** The code cell as the page writes it, when the code was mended (`DCS. 4855` for `DCS.4855`). */
  asWritten?: string;
}

/**
 * Why a row is not an entry. The last three are rows the catalog format cannot hold yet: its
 * entries need an HTTP status, and its families a literal prefix before a run of digits.
 */
export const ROW_PROBLEM_REASONS = ['header', 'cells', 'status', 'code', 'codesRunTogether', 'message', 'text', 'noTextColumn'] as const;
export type RowProblemReason = (typeof ROW_PROBLEM_REASONS)[number];

export interface RowProblem {
  file: string;
  line: number;
  reason: RowProblemReason;
  expected: string;
}

/** What became of one code table's rows. */
interface TableTally {
  /** Rows that are an entry or were folded into one. */
  read: number;
  problems: RowProblem[];
}

export interface TableEntries {
  entries: PageEntry[];
  problems: RowProblem[];
}

export interface CodeTable {
  table: ParsedTable;
  columns: ColumnMap;
}

const STATUS = /^[1-5][0-9]{2}$/;
/** Several statuses for one code (`400/404`, `400/404/500`): the first is kept, the others named in a note. */
const STATUSES = /^[1-5][0-9]{2}(?:\s*\/\s*[1-5][0-9]{2})+$/;
const CODE = /^[A-Za-z0-9_.-]+$/;
/** A code with blanks after its dot (`DCS. 4855`): the page's typo, one code meant. */
const SPACED_CODE = /^([A-Za-z][A-Za-z0-9_-]*)\.\s+([0-9]+)$/;
/** A name broken by a blank before a capital (`IncorrectNumberOfFilesInPost Request`): the page's typo, one name meant. */
const SPACED_NAME = /^([A-Za-z][A-Za-z0-9]+) ([A-Z][A-Za-z0-9]+)$/;
/** A status and its reason phrase in one cell (`400 Bad Request`, OBS): the number is the status. */
const STATUS_AND_PHRASE = /^([1-5][0-9]{2})\s+[A-Za-z][A-Za-z -]*$/;
/** Digits run on into a new prefix (`AOM.02001AOM.02001SVCSTG_AMS_4000115`): several codes in one cell. */
const RUN_TOGETHER = /[0-9]{2,}[A-Za-z]{2,}[A-Za-z0-9]*[._]/;
/** What the catalog loader accepts (catalog/load.ts): a row beyond it would make a catalog no editor loads. */
const MAX_TEXT = 4000;
const CODE_LENGTH = { min: 3, max: 100 };
/** C0 and C1 control characters but tab and line breaks (a NUL in a copied page, terminal escapes). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** One table's rows → entries (codes seen twice folded into one entry). */
export function tableToEntries(table: ParsedTable, columns: ColumnMap): TableEntries {
  const { entries, tallies } = readCodeTables([{ table, columns }]);
  return { entries, problems: tallies[0].problems };
}

/**
 * The code tables of one page → its entries, one per code in order of first row, and per
 * table how many rows were read and which were reported. A code met again, in the same table
 * or a later one, is folded into the first entry with a note that keeps the other row's texts.
 */
export function readCodeTables(tables: readonly CodeTable[]): { entries: PageEntry[]; tallies: TableTally[] } {
  const entries: PageEntry[] = [];
  const byCode = new Map<string, PageEntry>();
  const tallies = tables.map(({ table, columns }): TableTally => {
    const tally: TableTally = { read: 0, problems: [] };
    let above: PageEntry | undefined;
    let statusAbove: number | undefined;
    for (const row of table.rows) {
      const result = readRow(row, columns, statusAbove);
      const report = (reason: RowProblemReason, expected: string): void => {
        tally.problems.push({ file: table.file, line: row.line, reason, expected });
        above = undefined;
        statusAbove = undefined;
      };
      if ('problem' in result) {
        report(result.problem, result.expected);
        continue;
      }
      if ('continues' in result) {
        const problem = above
          ? continueEntry(above, row.line, result.continues, columns)
          : 'expected a code; the cell is empty, and the row above is not one this row can go on with (it was reported, or its code was met before)';
        if (problem) report(above ? 'text' : 'code', problem);
        else tally.read++;
        continue;
      }
      const entry = result.entry;
      statusAbove = entry.httpStatus;
      const earlier = byCode.get(entry.code);
      if (earlier) foldInto(earlier, entry, result.statusCell);
      else {
        byCode.set(entry.code, entry);
        entries.push(entry);
      }
      // A row folded into an earlier one has no entry of its own for a row below to go on with.
      above = earlier ? undefined : entry;
      tally.read++;
    }
    return tally;
  });
  return { entries, tallies };
}

/** Turns the first reported problem into an error: for builds that must not lose a row. */
export function requireNoProblems(result: { problems: readonly RowProblem[] }): void {
  const first = result.problems[0];
  if (first) throw new ImportError(first.file, first.line, first.expected);
}

type RowResult =
  /** `statusCell`: the status as the page writes it, for the note of a row folded into an earlier one. */
  | { entry: PageEntry; statusCell: string | undefined }
  /** An empty code cell (and no other status): the row goes on with the code above it, as a merged cell would. */
  | { continues: Partial<Record<TextField, string>> }
  | { problem: RowProblemReason; expected: string };

function readRow(row: TableRow, columns: ColumnMap, statusAbove: number | undefined): RowResult {
  if (row.cells.length !== columns.names.length) {
    const found = row.cells.length;
    return {
      problem: 'cells',
      expected: `expected ${columns.names.length} cells (${columns.names.join(', ')}), found ${found}${found < columns.names.length ? ': a cell is missing' : ''}`,
    };
  }
  const cell = (kind: ColumnKind): string | undefined => {
    const i = columns.index[kind];
    return i === undefined ? undefined : row.cells[i].text;
  };
  const notes: Note[] = [];
  const codeCell = (cell('code') ?? '').trim();
  const statusCell = cell('status')?.trim();
  const texts: Partial<Record<TextField, string>> = {};
  for (const kind of TEXT_FIELDS) {
    const text = cell(kind) ?? '';
    if (text !== '') texts[kind] = text;
  }
  if (codeCell === '' && (statusCell === undefined || statusCell === '') && Object.keys(texts).length > 0) {
    return checkTexts(texts, columns, undefined) ?? { continues: texts };
  }
  const code = readCode(codeCell, columns, notes);
  if (typeof code !== 'string') return code;
  const textProblem = checkTexts(texts, columns, code);
  if (textProblem) return textProblem;
  let status: number | undefined | { problem: RowProblemReason; expected: string };
  // A table without a status column (WAF cloud mode, VBS, OCR) documents none: the entry has none.
  if (statusCell === undefined) status = undefined;
  else if (statusCell === '' && statusAbove !== undefined) {
    // The dedicated load balancers group codes under one status and leave the cells below it empty.
    status = statusAbove;
    notes.push(editorial(`The page leaves this row's status cell empty under a row of status ${statusAbove}; this entry takes ${statusAbove}.`));
  } else status = readStatus(statusCell, columns, notes);
  if (typeof status === 'object') return status;
  if (columns.index.message === undefined) return { problem: 'noTextColumn', expected: noTextColumn(columns.names.map((text) => ({ text, line: row.line }))) };
  const message = texts.message ?? '';
  if (message === '') return { problem: 'message', expected: `expected a message for ${code} in column "${nameOf(columns, 'message')}", found an empty cell` };
  const entry: PageEntry = { code, line: row.line, message };
  if (status !== undefined) entry.httpStatus = status;
  if (texts.description) entry.description = texts.description;
  if (texts.handling) entry.handling = texts.handling;
  if (code !== codeCell) entry.asWritten = codeCell;
  if (notes.length) entry.notes = notes;
  return { entry, statusCell };
}

/** What the loader refuses in a text: more than 4,000 characters, control characters. */
function checkTexts(
  texts: Partial<Record<TextField, string>>,
  columns: ColumnMap,
  code: string | undefined,
): { problem: RowProblemReason; expected: string } | undefined {
  const of = code === undefined ? '' : ` for ${code}`;
  for (const kind of TEXT_FIELDS) {
    const text = texts[kind] ?? '';
    if (text.length > MAX_TEXT)
      return { problem: 'text', expected: `expected at most ${MAX_TEXT} characters${of} in column "${nameOf(columns, kind)}", found ${text.length}` };
    const control = CONTROL.exec(text);
    if (control)
      return {
        problem: 'text',
        expected: `expected text without control characters${of} in column "${nameOf(columns, kind)}", found U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
      };
  }
  return undefined;
}

function readCode(cell: string, columns: ColumnMap, notes: Note[]): string | { problem: RowProblemReason; expected: string } {
  const column = `column "${nameOf(columns, 'code')}"`;
  let code = cell;
  const spaced = SPACED_CODE.exec(cell);
  const spacedName = SPACED_NAME.exec(cell);
  if (spaced) {
    code = `${spaced[1]}.${spaced[2]}`;
    notes.push(editorial(`The page writes this code as \`${cell}\`, with a blank after the dot.`));
  } else if (spacedName) {
    code = `${spacedName[1]}${spacedName[2]}`;
    notes.push(editorial(`The page writes this code as \`${cell}\`, with a blank inside the name.`));
  }
  if (!CODE.test(code)) return { problem: 'code', expected: `expected an error code (letters, digits, ".", "-", "_") in ${column}, found ${quote(cell)}` };
  if (code.length < CODE_LENGTH.min || code.length > CODE_LENGTH.max)
    return { problem: 'code', expected: `expected an error code of ${CODE_LENGTH.min} to ${CODE_LENGTH.max} characters in ${column}, found ${code.length}` };
  if (RUN_TOGETHER.test(code))
    return {
      problem: 'codesRunTogether',
      expected: `expected one error code in ${column}, found ${quote(cell)}: codes run together, and which one is meant is not clear`,
    };
  if (!shapeOf(code))
    return {
      problem: 'code',
      expected: `expected an error code in ${column}: a prefix and digits (IMG.0024), a bare number (1100) or a name (NoSuchBucket); found ${quote(cell)}`,
    };
  return code;
}

function readStatus(cell: string, columns: ColumnMap, notes: Note[]): number | { problem: RowProblemReason; expected: string } {
  if (STATUS.test(cell)) return Number(cell);
  const phrased = STATUS_AND_PHRASE.exec(cell);
  if (phrased) return Number(phrased[1]);
  if (STATUSES.test(cell)) {
    const first = Number(cell.slice(0, 3));
    notes.push(editorial(`The page gives the HTTP statuses ${cell.replace(/\s+/g, '')} for this code; this entry keeps ${first}, the first.`));
    return first;
  }
  return { problem: 'status', expected: `expected an HTTP status (three digits) in column "${nameOf(columns, 'status')}", found ${quote(cell)}` };
}

/**
 * A row of a code already read: its texts are kept in a note on the first entry, never dropped,
 * with its status and code as the page writes them.
 */
function foldInto(first: PageEntry, again: PageEntry, statusCell: string | undefined): void {
  const same = first.httpStatus === again.httpStatus && TEXT_FIELDS.every((f) => first[f] === again[f]);
  const written = again.asWritten === undefined ? '' : ` (written \`${again.asWritten}\`)`;
  const status =
    statusCell === '' ? `no HTTP status of its own (${again.httpStatus} above it)` : statusCell === undefined ? 'no HTTP status' : `HTTP status ${statusCell}`;
  const texts = TEXT_FIELDS.flatMap((f) => (again[f] === undefined ? [] : [`${f}: ${again[f]}`])).join('\n');
  const text = same
    ? `Line ${again.line} of the page repeats this row${written}.`
    : `Line ${again.line} of the page documents this code again${written}, with ${status}.\n${texts}`;
  addNotes(first, [editorial(text)]);
}

/**
 * A row with an empty code cell goes on with the entry above (the dedicated load balancers
 * list one cause per row under a code): its texts are added to the entry's as new paragraphs.
 */
function continueEntry(entry: PageEntry, line: number, texts: Partial<Record<TextField, string>>, columns: ColumnMap): string | undefined {
  for (const field of TEXT_FIELDS) {
    const more = texts[field];
    if (more === undefined) continue;
    const joined = entry[field] === undefined ? more : `${entry[field]}\n${more}`;
    if (joined.length > MAX_TEXT)
      return `expected at most ${MAX_TEXT} characters for ${entry.code} in column "${nameOf(columns, field)}" once this row (its code cell is empty) is added to the row above; found ${joined.length}`;
  }
  for (const field of TEXT_FIELDS) {
    const more = texts[field];
    if (more !== undefined) entry[field] = entry[field] === undefined ? more : `${entry[field]}\n${more}`;
  }
  addNotes(entry, [editorial(`Line ${line} of the page goes on with this code in a row of its own, with an empty code cell; its text is added here.`)]);
  return undefined;
}

function addNotes(entry: PageEntry, notes: readonly Note[]): void {
  const all = [...(entry.notes ?? [])];
  for (const note of notes) if (!all.some((n) => JSON.stringify(n) === JSON.stringify(note))) all.push(note);
  entry.notes = all;
}

/** An English note (the OTC pages are English), cut to what the loader accepts. */
function editorial(text: string): Note {
  return { kind: 'editorial', text: { en: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text } };
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function nameOf(columns: ColumnMap, kind: ColumnKind): string {
  return columns.names[columns.index[kind] ?? 0] ?? kind;
}
