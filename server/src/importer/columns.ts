// Which column of a vendor table holds what, guessed from the header row's words. The
// vendor writes the same header many ways (and in Chinese on Chinese pages), so names are
// compared after folding case, spaces and punctuation.
import { ImportError } from './errors';
import type { Cell } from './table';

export type ColumnKind = 'status' | 'code' | 'message' | 'description' | 'handling';
export const COLUMN_KINDS: readonly ColumnKind[] = ['status', 'code', 'message', 'description', 'handling'];

const HEADER_NAMES: Record<ColumnKind, readonly string[]> = {
  status: ['status code', 'http status code', 'http status', 'status', 'http code', 'response code', '状态码', 'http状态码', '返回状态码', 'http返回码'],
  code: ['error code', 'error codes', 'code', 'error id', '错误码', '错误代码', '错误编码', '错误码值'],
  message: [
    'error message',
    // DataArts Migration's header says only "Error" over the message column.
    'error',
    'message',
    'error msg',
    'error info',
    'error information',
    'error message description',
    '错误信息',
    '错误消息',
    '报错信息',
    '错误提示',
    '提示信息',
  ],
  description: [
    'description',
    'error description',
    // Cloud Eye's "Error Code Description" column, and the dedicated load balancers' "Possible Cause".
    'error code description',
    'possible cause',
    'meaning',
    'details',
    '描述',
    '错误描述',
    '说明',
    '错误说明',
    '含义',
    '错误码说明',
  ],
  handling: [
    'handling measure',
    'handling measures',
    'measure',
    'measures',
    'handling',
    'solution',
    'solutions',
    'troubleshooting',
    'resolution',
    'suggestion',
    'action',
    '处理措施',
    '处理方法',
    '处理建议',
    '解决方案',
    '解决方法',
    '解决办法',
    '排查建议',
  ],
};

const BY_NAME = new Map<string, ColumnKind>(COLUMN_KINDS.flatMap((kind) => HEADER_NAMES[kind].map((name): [string, ColumnKind] => [foldHeader(name), kind])));

function foldHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_:：.。()（）\s]+/g, ' ')
    .trim();
}

/** The kind of column a header cell names, if it is a name the importer knows. */
export function columnKindOf(header: string): ColumnKind | undefined {
  return BY_NAME.get(foldHeader(header));
}

/** Column index per kind; `ignored` lists header cells the importer did not recognise. */
export interface ColumnMap {
  index: Partial<Record<ColumnKind, number>>;
  /** Header names in table order, for messages about rows. */
  names: string[];
  ignored: string[];
}

/**
 * Reads the header row. A table needs a status, a code and a text column. A table with a
 * "description" but no "message" column (the SWR pages) uses the description as the
 * message: it is then the text that says what the code means.
 */
export function guessColumns(header: readonly Cell[], file: string, line: number): ColumnMap {
  const columns = readColumns(header, file, line);
  const missing = (['status', 'code'] as const).filter((k) => columns.index[k] === undefined);
  if (missing.length) {
    throw new ImportError(
      file,
      line,
      `expected a header row naming ${missing.map(describeKind).join(' and ')}; found ${header.map((c) => `"${c.text}"`).join(', ') || 'no header'}`,
    );
  }
  if (columns.index.message === undefined) throw new ImportError(file, line, noTextColumn(header));
  return columns;
}

/**
 * The columns of a table of error codes, or undefined for a table without a code column (a
 * page's tables of parameters, a glossary): its rows are not code rows. A code table whose
 * header has no status or no text column is still one (Volume Backup, WAF and OCR list codes
 * without a status): its rows are then reported one by one, not dropped with the table.
 */
export function codeTableColumns(header: readonly Cell[], file: string, line: number): ColumnMap | undefined {
  const columns = readColumns(header, file, line);
  return columns.index.code === undefined ? undefined : columns;
}

function readColumns(header: readonly Cell[], file: string, line: number): ColumnMap {
  const index: Partial<Record<ColumnKind, number>> = {};
  const ignored: string[] = [];
  header.forEach((cell, i) => {
    const kind = columnKindOf(cell.text);
    if (!kind) ignored.push(cell.text);
    else if (index[kind] !== undefined) {
      throw new ImportError(file, cell.line || line, `expected one ${kind} column; "${header[index[kind] ?? 0].text}" and "${cell.text}" both name one`);
    } else index[kind] = i;
  });
  if (index.message === undefined && index.description !== undefined) {
    index.message = index.description;
    delete index.description;
  }
  return { index, names: header.map((c) => c.text), ignored };
}

/** Why a code table's rows cannot have a message. */
export function noTextColumn(header: readonly Cell[]): string {
  return `expected a message or description column (e.g. "Error Message", "错误信息", "描述"); found ${header.map((c) => `"${c.text}"`).join(', ')}`;
}

function describeKind(kind: ColumnKind): string {
  return kind === 'status' ? 'the HTTP status ("Status Code", "状态码")' : 'the error code ("Error Code", "错误码")';
}
