// `error-codes scan PATHS...`: log triage. Every code found, counted, with what it means.
// Files are streamed in chunks, so memory stays bounded whatever their size.
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { CatalogIndex, FamilyInfo, IndexedEntry } from '../catalog/index';
import { pickText } from '../catalog/index';
import { localeOf } from '../features/context';
import { firstLine } from '../features/explain';
import { findCodes } from '../scan/scanner';
import { statusLine } from '../features/text';
import { looksBinary, walk } from './files';
import { loadContext, Progress, UsageError } from './shared';

export interface CodeCount {
  code: string;
  count: number;
  known: boolean;
  entry?: IndexedEntry;
  family?: FamilyInfo;
  /** Where it was first seen. */
  first: { file: string; line: number };
}

const CHUNK = 4 * 1024 * 1024;

/** Counts the codes in one stream; `onBinary` is called (and counting stops) if it holds NUL bytes. */
export async function scanStream(
  stream: NodeJS.ReadableStream,
  file: string,
  index: CatalogIndex,
  counts: Map<string, CodeCount>,
  onBinary: () => void,
): Promise<number> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let lineBase = 0;
  let bytes = 0;
  let first = true;
  const scanChunk = (text: string) => {
    let lineCursor = 0;
    let lineAtCursor = lineBase;
    findCodes(text, 0, text.length, index, false, (start, _end, token, kind, entry, family) => {
      if (kind !== 'exact' && kind !== 'unknown') return;
      const c = counts.get(token);
      if (c) { c.count++; return; }
      // Line numbers are only worked out for first sightings: counting every line costs a pass.
      for (let i = text.indexOf('\n', lineCursor); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) { lineAtCursor++; lineCursor = i + 1; }
      counts.set(token, { code: token, count: 1, known: kind === 'exact', entry, family, first: { file, line: lineAtCursor + 1 } });
    });
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineBase++;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      if (looksBinary(chunk)) { onBinary(); return bytes; }
    }
    bytes += chunk.length;
    const text = carry + decoder.decode(chunk, { stream: true });
    // Scan up to the last line break; the rest waits for the next chunk so no code is cut in two.
    const cut = text.lastIndexOf('\n');
    if (cut < 0 && text.length < CHUNK * 4) { carry = text; continue; }
    const upto = cut < 0 ? text.length : cut + 1;
    scanChunk(text.slice(0, upto));
    carry = text.slice(upto);
  }
  carry += decoder.decode();
  if (carry) scanChunk(carry);
  return bytes;
}

export async function scanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, lang: { type: 'string' }, config: { type: 'string' } },
  });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  if (positionals.length === 0) throw new UsageError('scan needs at least one file or folder, or - for standard input');
  const { ctx } = loadContext(values);
  const counts = new Map<string, CodeCount>();
  const progress = new Progress();
  const skipped: string[] = [];
  let files = 0;
  let bytes = 0;
  const report = { skipped: (f: string, why: string) => skipped.push(`${f}: ${why}`) };
  const sources = positionals.filter((p) => p !== '-');
  if (positionals.includes('-')) {
    bytes += await scanStream(process.stdin, '<stdin>', ctx.index, counts, () => report.skipped('<stdin>', 'binary input'));
    files++;
  }
  for (const file of walk(sources, report)) {
    progress.update(`scanning ${file} (${counts.size} codes so far)`);
    let stream: fs.ReadStream;
    try {
      stream = fs.createReadStream(file, { highWaterMark: CHUNK });
      bytes += await scanStream(stream, file, ctx.index, counts, () => report.skipped(file, 'binary file'));
      files++;
    } catch (err) {
      report.skipped(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  progress.done();
  for (const s of skipped) process.stderr.write(`error-codes: skipped ${s}\n`);

  const locale = localeOf(ctx);
  const rows = [...counts.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  if (values.format === 'json') {
    const out = rows.map((r) => ({
      code: r.code,
      count: r.count,
      known: r.known,
      service: r.entry ? pickText(r.entry.catalog.catalog.service, locale)?.text : r.family?.name,
      httpStatus: r.entry?.entry.httpStatus ?? null,
      message: r.entry ? pickText(r.entry.entry.message, locale)?.text : null,
      first: r.first,
    }));
    process.stdout.write(`${JSON.stringify({ files, bytes, codes: out }, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(5, ...rows.map((r) => String(r.count).length));
  const codeWidth = Math.max(4, ...rows.map((r) => r.code.length));
  const familyWidth = Math.max(3, ...rows.map((r) => (r.family?.name ?? '').length));
  for (const r of rows) {
    const what = r.entry
      ? `${statusLine(r.entry.entry.httpStatus).padEnd(26)} ${firstLine(pickText(r.entry.entry.message, locale)?.text ?? '')}`
      : `${'?'.padEnd(26)} ${locale === 'zh-CN' ? `不在 ${r.family?.name} 目录中` : `not in the ${r.family?.name} catalog`}`;
    process.stdout.write(`${String(r.count).padStart(width)}  ${r.code.padEnd(codeWidth)}  ${(r.family?.name ?? '').padEnd(familyWidth)}  ${what}\n`);
  }
  const total = rows.reduce((n, r) => n + r.count, 0);
  process.stderr.write(`${files} file${files === 1 ? '' : 's'}, ${total} occurrence${total === 1 ? '' : 's'} of ${rows.length} code${rows.length === 1 ? '' : 's'}\n`);
  return 0;
}
