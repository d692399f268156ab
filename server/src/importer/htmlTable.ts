// HTML tables, as the Markdown export of the vendor documentation carries them. A real
// HTML parser (htmlparser2's streaming Parser, the smallest well-kept one) does the
// tokenising and entity decoding; this module only keeps the cells' words and literals.
import { Parser } from 'htmlparser2';
import { ImportError, LineIndex } from './errors';
import type { Cell, ParsedTable, TableRow } from './table';

/** Elements whose content is a literal name: bold and code in HTML, and the DITA classes the vendor uses for names and values. */
const LITERAL_TAGS = new Set(['strong', 'b', 'code', 'tt', 'kbd', 'samp', 'var']);
const LITERAL_CLASSES = new Set(['parmname', 'parmvalue', 'codeph', 'cmdname', 'option', 'filepath', 'apiname', 'varname', 'userinput', 'systemoutput']);
const BLOCK_TAGS = new Set(['p', 'div', 'ul', 'ol', 'dl', 'dt', 'dd', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SKIPPED_TAGS = new Set(['script', 'style', 'template']);
/**
 * How deep elements may nest. htmlparser2 keeps its open elements in an array it shifts and
 * searches at every tag, so each tag costs as much as the nesting is deep: a cell of unclosed
 * `<b>`s or a page of nested `<div>`s made the import quadratic (600 KB took 14 s). Vendor
 * pages nest a few dozen deep; deeper is refused, and the parser stops there.
 */
export const MAX_HTML_DEPTH = 256;

/** The depth limit was passed at `offset` of the text being parsed. */
export class HtmlTooDeep extends Error {
  constructor(
    readonly offset: number,
    tag: string,
  ) {
    super(
      `expected HTML elements nested at most ${MAX_HTML_DEPTH} deep; <${tag}> here opens one more while ${MAX_HTML_DEPTH} are still open (are tags left unclosed?)`,
    );
  }
}

/**
 * Runs htmlparser2 over `text`, counting open elements (every open tag is closed once, void and
 * implied ones too); at the limit the tokenizer is paused, so no more work is done, and
 * HtmlTooDeep is thrown.
 */
interface HtmlHandlers {
  /** `offset`: where the tag starts in the text. */
  open(name: string, attribs: Record<string, string>, offset: number): void;
  close(name: string, isImplied: boolean): void;
  text(data: string): void;
}

function parseGuarded(text: string, handlers: HtmlHandlers): void {
  let depth = 0;
  let tooDeep: HtmlTooDeep | undefined;
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        if (tooDeep) return;
        if (++depth > MAX_HTML_DEPTH) {
          tooDeep = new HtmlTooDeep(parser.startIndex, name);
          parser.pause();
          return;
        }
        handlers.open(name, attribs, parser.startIndex);
      },
      onclosetag(name, isImplied) {
        if (tooDeep) return;
        depth--;
        handlers.close(name, isImplied);
      },
      ontext(data) {
        if (!tooDeep) handlers.text(data);
      },
    },
    { decodeEntities: true },
  );
  parser.write(text);
  if (tooDeep) throw tooDeep;
  parser.end();
}

/**
 * Collects the text of one cell. Whitespace collapses as HTML renders it; paragraphs,
 * line breaks and list items start new lines; literal elements become one `back-quoted` run.
 */
class CellText {
  private text = '';
  /** While a literal element is open: the text before it (`text` then holds the literal's own text). */
  private beforeLiteral = '';
  private readonly literalStarts: number[] = [];
  private readonly literalByOpenTag: boolean[] = [];
  private skipDepth = 0;

  open(name: string, attribs: Record<string, string>): void {
    if (SKIPPED_TAGS.has(name)) this.skipDepth++;
    if (name === 'br') this.text += '\n';
    else if (name === 'li') this.text += '\n• ';
    else if (BLOCK_TAGS.has(name)) this.text += '\n';
    const literal = isLiteral(name, attribs);
    this.literalByOpenTag.push(literal);
    // Nested literals (<strong><code>x</code></strong>) make one run, not two.
    // The literal is collected on its own and quoted when it closes: slicing it out of the
    // cell's text then would copy the whole cell once per literal, quadratic in the cell.
    if (literal && this.literalStarts.length === 0) {
      this.literalStarts.push(0);
      this.beforeLiteral = this.text;
      this.text = '';
    } else if (literal) this.literalStarts.push(-1);
  }

  close(name: string): void {
    if (SKIPPED_TAGS.has(name)) this.skipDepth = Math.max(0, this.skipDepth - 1);
    const wasLiteral = this.literalByOpenTag.pop() ?? false;
    if (wasLiteral) {
      const start = this.literalStarts.pop() ?? -1;
      if (start >= 0) {
        this.text = this.beforeLiteral + quoteLiteral(this.text);
        this.beforeLiteral = '';
      }
    }
    if (BLOCK_TAGS.has(name) || name === 'li') this.text += '\n';
  }

  add(data: string): void {
    if (this.skipDepth === 0) this.text += data;
  }

  result(): string {
    return (this.beforeLiteral + this.text)
      .split('\n')
      .map((line) => line.replace(/[ \t\r\f\u00a0]+/g, ' ').trim())
      .filter((line) => line !== '')
      .join('\n');
  }
}

function isLiteral(name: string, attribs: Record<string, string>): boolean {
  if (LITERAL_TAGS.has(name)) return true;
  const classes = (attribs.class ?? '').split(/\s+/);
  return classes.some((c) => LITERAL_CLASSES.has(c));
}

/**
 * Wraps a literal run in back-quotes, keeping surrounding spaces outside. The Chinese pages
 * also put quotation marks inside the marked-up name (“type”); the back-quotes now say
 * what the marks said, and a name with quotes in it would no longer be the name.
 */
function quoteLiteral(raw: string): string {
  // trimStart/trimEnd remove what \s matches; /\s*$/ would be tried at every blank of a long run.
  const lead = raw.slice(0, raw.length - raw.trimStart().length);
  const trail = raw.slice(raw.trimEnd().length);
  let inner = raw.trim().replace(/\s+/g, ' ');
  const quoted = /^(?:“(.+)”|"(.+)"|‘(.+)’|'(.+)')$/s.exec(inner);
  if (quoted) inner = (quoted[1] ?? quoted[2] ?? quoted[3] ?? quoted[4] ?? '').trim();
  if (inner === '' || inner.includes('`')) return raw;
  return `${lead}\`${inner}\`${trail}`;
}

/** The catalog text of an inline HTML fragment (a Markdown cell may carry `<br>`, anchors or entities). */
export function htmlInlineToText(fragment: string): string {
  const cell = new CellText();
  parseGuarded(fragment, {
    open: (name, attribs) => cell.open(name, attribs),
    close: (name) => cell.close(name),
    text: (data) => cell.add(data),
  });
  return cell.result();
}

interface OpenTable {
  line: number;
  rows: { row: TableRow; isHeader: boolean }[];
}

interface OpenRow {
  row: TableRow;
  inHead: boolean;
  allHeaderCells: boolean;
}

/** Every top-level `<table>` of the page, in page order; header rows are the `<thead>` rows or leading all-`<th>` rows. */
export function parseHtmlTables(text: string, file: string): ParsedTable[] {
  const lines = new LineIndex(text);
  const tables: ParsedTable[] = [];
  let table: OpenTable | undefined;
  let row: OpenRow | undefined;
  let cell: { text: CellText; line: number } | undefined;
  let inHead = false;
  let failure: ImportError | undefined;
  const fail = (line: number, expected: string): void => {
    failure ??= new ImportError(file, line, expected);
  };

  const handlers: HtmlHandlers = {
    open(name, attribs, offset) {
      const line = lines.lineOf(offset);
      if (name === 'table') {
        if (table) fail(line, 'a table inside a table is not supported: expected the outer table to end first');
        else table = { line, rows: [] };
        return;
      }
      if (!table) return;
      if (name === 'thead') inHead = true;
      else if (name === 'tr') row = { row: { line, cells: [] }, inHead, allHeaderCells: true };
      else if (name === 'td' || name === 'th') {
        if (!row) return fail(line, `expected <${name}> inside a <tr>`);
        const span = Number(attribs.colspan ?? 1) * Number(attribs.rowspan ?? 1);
        if (span !== 1) fail(line, 'cells spanning several rows or columns are not supported: expected one cell per column');
        if (name === 'td') row.allHeaderCells = false;
        cell = { text: new CellText(), line };
      } else cell?.text.open(name, attribs);
    },
    text(data) {
      cell?.text.add(data);
    },
    close(name, isImplied) {
      if (!table) return;
      if (name === 'td' || name === 'th') {
        if (cell && row) row.row.cells.push({ text: cell.text.result(), line: cell.line } satisfies Cell);
        cell = undefined;
      } else if (name === 'tr') {
        if (row && row.row.cells.length > 0) table.rows.push({ row: row.row, isHeader: row.inHead || row.allHeaderCells });
        row = undefined;
      } else if (name === 'thead') inHead = false;
      else if (name === 'table') {
        if (isImplied) fail(lines.lineOf(text.length), `expected </table> to close the table that starts at line ${table.line}; the page ends first`);
        tables.push(finishTable(file, table));
        table = undefined;
      } else cell?.text.close(name);
    },
  };
  try {
    parseGuarded(text, handlers);
  } catch (err) {
    if (!(err instanceof HtmlTooDeep)) throw err;
    fail(lines.lineOf(err.offset), err.message);
  }
  if (failure) throw failure;
  return tables;
}

function finishTable(file: string, table: OpenTable): ParsedTable {
  let headerCount = table.rows.findIndex((r) => !r.isHeader);
  if (headerCount === -1) headerCount = table.rows.length;
  // A table without marked header rows reads its first row as the header.
  if (headerCount === 0) headerCount = Math.min(1, table.rows.length);
  const header = table.rows.slice(0, headerCount).at(-1)?.row.cells ?? [];
  return {
    file,
    layout: 'html-table',
    line: table.line,
    header,
    rows: table.rows.slice(headerCount).map((r) => r.row),
  };
}
