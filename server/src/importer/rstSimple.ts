// reStructuredText simple tables: columns marked by runs of `=` in a border line, a second
// border under the header, a last one closing the table. A row is one line; a line whose
// first column is blank goes on with the row above (the DLI page's one table is of this kind).
import { splitLines } from './errors';
import { rstInlineToText } from './inline';
import type { Cell, ParsedTable, TableRow } from './table';

/** At least two columns: a lone run of `=` is a section title's underline, not a table. */
const BORDER = /^(\s*)=+(?: +=+)+\s*$/;

/** Every simple table of the page, in page order. */
export function parseRstSimpleTables(text: string, file: string): ParsedTable[] {
  const lines = splitLines(text);
  const tables: ParsedTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!BORDER.test(lines[i])) continue;
    const table = readSimple(lines, i, file);
    if (!table) continue;
    tables.push(table.table);
    i = table.end;
  }
  return tables;
}

function readSimple(lines: readonly string[], start: number, file: string): { table: ParsedTable; end: number } | undefined {
  const top = lines[start].trimEnd();
  const columns = [...top.matchAll(/=+/g)].map((m) => m.index);
  const borders: number[] = [];
  for (let i = start + 1; i < lines.length && borders.length < 2; i++) {
    if (lines[i].trimEnd() !== top) continue;
    borders.push(i);
    // The table ends at a border followed by a blank line (or the page's end); a border followed by text is the header's.
    if ((lines[i + 1] ?? '').trim() === '') break;
  }
  if (borders.length === 0) return undefined;
  const end = borders[borders.length - 1];
  const headerLines = borders.length === 2 ? rowsOf(lines, start + 1, borders[0], columns) : [];
  const body = rowsOf(lines, borders.length === 2 ? borders[0] + 1 : start + 1, end, columns);
  // Without a header border the first row names the columns, as in a grid table.
  const header = headerLines.length ? headerLines : body.splice(0, 1);
  return { table: { file, layout: 'rst-grid', line: start + 1, header: header.at(-1)?.cells ?? [], rows: body }, end };
}

/** Lines [from, to) as rows: a line with text in its first column starts one, other lines go on with it. */
function rowsOf(lines: readonly string[], from: number, to: number, columns: readonly number[]): TableRow[] {
  const rows: { line: number; parts: string[][] }[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const parts = columns.map((c, k) => line.slice(c, k + 1 < columns.length ? columns[k + 1] : undefined));
    const last = rows.at(-1);
    if (parts[0].trim() === '' && last) parts.forEach((p, k) => last.parts[k].push(p));
    else rows.push({ line: i + 1, parts: parts.map((p) => [p]) });
  }
  return rows.map((r) => ({
    line: r.line,
    cells: r.parts.map((p): Cell => ({
      text: rstInlineToText(
        p
          .map((x) => x.trim())
          .filter((x) => x !== '')
          .join(' '),
      ),
      line: r.line,
    })),
  }));
}
