// Markdown pipe tables (GitHub-flavoured): a header row, a delimiter row of dashes, then
// one row per line until a line that is not a row.
import { ImportError, splitLines } from './errors';
import { HtmlTooDeep, htmlInlineToText } from './htmlTable';
import { markdownInlineToText } from './inline';
import type { Cell, ParsedTable, TableRow } from './table';

const DELIMITER_CELL = /^\s*:?-+:?\s*$/;

/** Every pipe table of the page, in page order. */
export function parsePipeTables(text: string, file: string): ParsedTable[] {
  const lines = splitLines(text);
  const tables: ParsedTable[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    fence = nextFence(lines[i], fence);
    if (fence !== undefined || !isPipeTableStart(lines, i)) continue;
    const { table, end } = readTable(lines, i, file);
    tables.push(table);
    i = end - 1;
  }
  return tables;
}

/** True when line `i` is a header row followed by a matching delimiter row. */
export function isPipeTableStart(lines: readonly string[], i: number): boolean {
  const header = lines[i];
  const delimiter = lines[i + 1];
  if (header === undefined || delimiter === undefined || !header.includes('|')) return false;
  const cells = splitRow(delimiter);
  return cells.length > 0 && cells.every((c) => DELIMITER_CELL.test(c)) && splitRow(header).length === cells.length;
}

function readTable(lines: readonly string[], start: number, file: string): { table: ParsedTable; end: number } {
  const closed = lines[start].trimEnd().endsWith('|');
  const header = splitRow(lines[start]).map((c): Cell => ({ text: cellText(c, file, start + 1), line: start + 1 }));
  const rows: TableRow[] = [];
  let i = start + 2;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || !line.includes('|')) break;
    // A header written with a closing pipe promises rows with one; a row without it was cut short.
    if (closed && !line.trimEnd().endsWith('|')) {
      throw new ImportError(file, i + 1, `expected the row to end with "|" like the header at line ${start + 1}; the row looks cut short`);
    }
    rows.push({ line: i + 1, cells: splitRow(line).map((c) => ({ text: cellText(c, file, i + 1), line: i + 1 })) });
  }
  return { table: { file, layout: 'pipe-table', line: start + 1, header, rows }, end: i };
}

/** Splits a row on unescaped pipes; the optional outer pipes do not make empty cells. */
function splitRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  // Cells are sliced out between pipes: adding a character at a time made a chain of a
  // million tiny strings in a 1 MB cell.
  const cells: string[] = [];
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && body[i + 1] === '|') i++;
    else if (c === '|') {
      cells.push(body.slice(start, i));
      start = i + 1;
    }
  }
  cells.push(body.slice(start));
  return cells;
}

function cellText(raw: string, file: string, line: number): string {
  const text = markdownInlineToText(raw.trim());
  if (!/[<&]/.test(text)) return text;
  // Inline HTML (<br>, anchors) and entities go through the HTML parser, never a regex.
  try {
    return htmlInlineToText(text);
  } catch (err) {
    if (err instanceof HtmlTooDeep) throw new ImportError(file, line, err.message);
    throw err;
  }
}

/** Tracks fenced code blocks so a table-looking sample inside one is not read as a table. */
function nextFence(line: string, open: string | undefined): string | undefined {
  const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
  if (!m) return open;
  if (open === undefined) return m[1];
  return m[1][0] === open[0] && m[1].length >= open.length ? undefined : open;
}
