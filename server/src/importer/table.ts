// What every layout parser produces: a table of cell texts with the line each came from.
// Cell texts are already in the catalog text convention (plain text, `back-quoted` literal
// names), because only the parser of a layout knows that layout's inline markup.
import type { Layout } from '../catalog/types';

export interface Cell {
  text: string;
  /** 1-based line of the page where the cell starts. */
  line: number;
}

export interface TableRow {
  line: number;
  cells: Cell[];
}

export interface ParsedTable {
  file: string;
  layout: Layout;
  /** Line where the table starts (its header row). */
  line: number;
  header: Cell[];
  rows: TableRow[];
}
