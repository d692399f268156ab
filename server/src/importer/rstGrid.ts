// reStructuredText grid tables: `+---+` borders, `|` cell edges, a `+===+` border under
// the header. A cell's text may wrap over several physical lines, which RST reads as one
// paragraph; spans (merged cells) are refused rather than guessed at.
import { ImportError, splitLines } from './errors';
import { rstInlineToText } from './inline';
import type { Cell, ParsedTable, TableRow } from './table';

const BORDER = /^(\s*)\+(?:-+\+)+\s*$/;
const LIST_ITEM = /^(?:[-*+•]|\d+[.)]|#\.)\s/;

/** Every grid table of the page, in page order. */
export function parseRstGridTables(text: string, file: string): ParsedTable[] {
  const lines = splitLines(text);
  const tables: ParsedTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!BORDER.test(lines[i])) continue;
    const { table, end } = readGrid(lines, i, file);
    tables.push(table);
    i = end;
  }
  return tables;
}

interface PendingRow {
  line: number;
  /** Per column, the physical lines of its cell. */
  parts: string[][];
}

function readGrid(lines: readonly string[], start: number, file: string): { table: ParsedTable; end: number } {
  const top = lines[start].trimEnd();
  const edges = [...top].flatMap((c, i) => (c === '+' ? [i] : []));
  const columns = edges.length - 1;
  const headerRows: TableRow[] = [];
  const rows: TableRow[] = [];
  let pending: PendingRow | undefined;

  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    const lineNo = i + 1;
    if (isBorderAt(line, edges, '-') || isBorderAt(line, edges, '=')) {
      if (!pending) throw new ImportError(file, lineNo, 'expected a row of cells between two border lines');
      const row = finishRow(pending);
      if (isBorderAt(line, edges, '=')) {
        if (headerRows.length > 0) throw new ImportError(file, lineNo, 'expected one "+===+" header border only; this is a second one');
        headerRows.push(...rows, row);
        rows.length = 0;
      } else rows.push(row);
      pending = undefined;
      if (!isTableLine(lines[i + 1], edges[0])) {
        return { table: makeTable(file, start + 1, headerRows, rows), end: i };
      }
      continue;
    }
    if (!line.slice(edges[0]).startsWith('|')) {
      throw new ImportError(
        file,
        lineNo,
        `expected a cell line "| … |" or a border line "+---+" to finish the row that starts at line ${pending?.line ?? lineNo}; the table is cut short`,
      );
    }
    pending ??= { line: lineNo, parts: Array.from({ length: columns }, () => []) };
    for (let c = 0; c < columns; c++) {
      const right = edges[c + 1];
      if (line[right] !== '|') {
        const what = line.length <= right ? 'the line is cut short' : 'cells spanning several columns or rows are not supported';
        throw new ImportError(file, lineNo, `expected "|" at column ${right + 1} (the edge of column ${c + 1} of ${columns}); ${what}`);
      }
      pending.parts[c].push(line.slice(edges[c] + 1, right));
    }
  }
  throw new ImportError(file, lines.length, `expected a border line "+---+" to close the table that starts at line ${start + 1}; the page ends first`);
}

function isBorderAt(line: string, edges: readonly number[], fill: '-' | '='): boolean {
  if (line.length !== edges[edges.length - 1] + 1) return false;
  // Edges are in order: walk them beside the line (a look-up per character was quadratic in a wide table).
  let e = 0;
  for (let c = edges[0]; c < line.length; c++) {
    while (edges[e] < c) e++;
    const expected = edges[e] === c ? '+' : fill;
    if (line[c] !== expected) return false;
  }
  return true;
}

function isTableLine(line: string | undefined, indent: number): boolean {
  if (line === undefined) return false;
  const rest = line.slice(indent);
  return rest.startsWith('|') || rest.startsWith('+');
}

function finishRow(pending: PendingRow): TableRow {
  return { line: pending.line, cells: pending.parts.map((lines): Cell => ({ text: joinCellLines(lines), line: pending.line })) };
}

/**
 * Joins a cell's physical lines as RST reads them: lines of one paragraph are one line of
 * text, a blank line or a list item starts a new one.
 */
function joinCellLines(lines: readonly string[]): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length) out.push(rstInlineToText(paragraph.join(' ')));
    paragraph = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') flush();
    else {
      if (LIST_ITEM.test(line)) flush();
      paragraph.push(line);
    }
  }
  flush();
  return out.join('\n');
}

function makeTable(file: string, line: number, headerRows: TableRow[], rows: TableRow[]): ParsedTable {
  // Without a "+===+" border RST has no header; the first row then names the columns.
  const header = headerRows.length ? headerRows : rows.splice(0, 1);
  return { file, layout: 'rst-grid', line, header: header.at(-1)?.cells ?? [], rows };
}
