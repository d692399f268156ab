// Plain text copied from a rendered page: every table cell is a paragraph of its own, the
// header cells first, then the rows' cells in reading order. Nothing marks where a row
// starts, so a row is recognised by its first two cells (a status, then a code), and a
// cell that goes on with a bullet list (the IMS page's IMG.0075) keeps those lines.
import { ImportError, splitLines } from './errors';
import { type ColumnKind, columnKindOf } from './columns';
import type { Cell, ParsedTable, TableRow } from './table';

interface Block {
  /** 1-based lines of the paragraph's first and last line. */
  first: number;
  last: number;
  lines: string[];
}

const STATUS = /^[1-5][0-9]{2}$/;
const CODE = /^[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const BULLET = /^\s*(?:[•·▪◦‣●○■□–*-]|\d+[.)])\s/;

/** True when the page has a run of paragraphs that reads as a cell-per-line header row. */
export function hasCellLinesHeader(text: string): boolean {
  return findHeader(paragraphs(splitLines(text))) !== undefined;
}

/** The one cell-per-line table of the page (the layout has no way to show where a second would start). */
export function parseCellLinesTables(text: string, file: string): ParsedTable[] {
  const lines = splitLines(text);
  const blocks = paragraphs(lines);
  const header = findHeader(blocks);
  if (!header) return [];
  const columns = header.kinds.length;
  const body = blocks.slice(header.end);
  const starts = rowStarts(body, header.kinds);
  if (starts.length === 0 || starts[0] !== 0) {
    throw new ImportError(
      file,
      body[0]?.first ?? lines.length,
      `expected the first row right after the header at line ${header.line}: a cell with an HTTP status, then one with a code`,
    );
  }
  const rows: TableRow[] = starts.map((start, r) => {
    const end = r + 1 < starts.length ? starts[r + 1] : body.length;
    const cells = mergeLists(body.slice(start, end));
    // After the last row the page's own text goes on; a row never has more cells than the header.
    const kept = r + 1 < starts.length ? cells : cells.slice(0, columns);
    return { line: body[start].first, cells: kept.map((cell) => toCell(lines, cell)) };
  });
  return [{ file, layout: 'cell-lines', line: header.line, header: header.cells, rows }];
}

function paragraphs(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') current = undefined;
    else if (current) {
      current.lines.push(line);
      current.last = i + 1;
    } else {
      current = { first: i + 1, last: i + 1, lines: [line] };
      blocks.push(current);
    }
  });
  return blocks;
}

/** The first run of one-line paragraphs that are all known column names, with a status and a code among them. */
function findHeader(blocks: readonly Block[]): { kinds: ColumnKind[]; cells: Cell[]; line: number; end: number } | undefined {
  for (let i = 0; i < blocks.length; i++) {
    const kinds: ColumnKind[] = [];
    let j = i;
    for (; j < blocks.length && blocks[j].lines.length === 1; j++) {
      const kind = columnKindOf(blocks[j].lines[0]);
      if (!kind || kinds.includes(kind)) break;
      kinds.push(kind);
    }
    if (kinds.includes('status') && kinds.includes('code') && kinds.length >= 3) {
      const cells = blocks.slice(i, j).map((b): Cell => ({ text: b.lines[0].trim(), line: b.first }));
      return { kinds, cells, line: blocks[i].first, end: j };
    }
  }
  return undefined;
}

/**
 * Indexes of the paragraphs that start a row. When the first two columns are the status and
 * the code, a row starts wherever that pair appears; otherwise rows are counted out.
 */
function rowStarts(body: readonly Block[], kinds: readonly ColumnKind[]): number[] {
  const looks = (block: Block | undefined, kind: ColumnKind | undefined): boolean => {
    const text = block && block.lines.length === 1 ? block.lines[0].trim() : undefined;
    if (text === undefined) return false;
    return kind === 'status' ? STATUS.test(text) : CODE.test(text) && /[0-9]$/.test(text);
  };
  const anchored = (kinds[0] === 'status' && kinds[1] === 'code') || (kinds[0] === 'code' && kinds[1] === 'status');
  const starts: number[] = [];
  if (anchored) {
    for (let i = 0; i < body.length; i++) if (looks(body[i], kinds[0]) && looks(body[i + 1], kinds[1])) starts.push(i);
    return starts;
  }
  const cells = mergeLists(body);
  let index = 0;
  for (let c = 0; c < cells.length; c += kinds.length) {
    starts.push(index);
    for (let k = c; k < Math.min(c + kinds.length, cells.length); k++) index += cells[k].length;
  }
  return starts;
}

/** Groups paragraphs into cells: a paragraph that is all bullet items continues the cell before it. */
function mergeLists(blocks: readonly Block[]): Block[][] {
  const cells: Block[][] = [];
  for (const block of blocks) {
    const isList = block.lines.every((l) => BULLET.test(l));
    if (isList && cells.length > 0) cells[cells.length - 1].push(block);
    else cells.push([block]);
  }
  return cells;
}

/** A cell's text is its lines exactly as the page has them, blank lines inside included; only its edges are trimmed. */
function toCell(lines: readonly string[], blocks: readonly Block[]): Cell {
  const first = blocks[0].first;
  const last = blocks[blocks.length - 1].last;
  return {
    text: lines
      .slice(first - 1, last)
      .join('\n')
      .trim(),
    line: first,
  };
}
