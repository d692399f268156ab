// `error-codes scan PATHS...`: log triage. Every code found, counted, with what it means.
// Files are streamed in chunks, so memory stays bounded whatever their size.
import { parseArgs } from 'node:util';
import type { FamilyInfo, IndexedEntry } from '../catalog/index';
import { pickText } from '../catalog/index';
import { localeOf } from '../features/context';
import { firstLine } from '../features/explain';
import { scanFileSync } from '../node/logFiles';
import { type LogScanOptions, scanStream } from '../scan/stream';
import { statusLine } from '../features/text';
import { walk } from '../files';
import { readFailure } from '../safeRead';
import { loadContext, Progress, UsageError, writeOut } from './shared';

interface CodeCount {
  code: string;
  count: number;
  known: boolean;
  entry?: IndexedEntry;
  family?: FamilyInfo;
  /** Where it was first seen. */
  first: { file: string; line: number };
}

/**
 * Counts codes into `counts`: the callbacks for the scans below. The scan tells each code's
 * first sighting (only it asks for its line), and how often it saw each again when it ends.
 */
function counter(file: string, counts: Map<string, CodeCount>): { onHit: Parameters<typeof scanFileSync>[2]; options: LogScanOptions } {
  return {
    onHit: (token, entry, family, place) => {
      const c = counts.get(token);
      if (c) c.count++;
      else counts.set(token, { code: token, count: 1, known: !!entry, entry, family, first: { file, line: place.line + 1 } });
    },
    options: { repeats: (token, n) => (counts.get(token)!.count += n) },
  };
}

function result(bytes: number): { bytes: number; binary: boolean } {
  return { bytes: Math.max(bytes, 0), binary: bytes < 0 };
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
  const sources = positionals.filter((p) => p !== '-');
  // A log named on the command line that cannot be read (a mistyped path) is an input error, as
  // a cron job must not pass on it; a binary one is only reported, as are files a walk leaves out.
  const typed = new Set(sources);
  let failed = false;
  const report = { skipped: (f: string, why: string) => skipped.push(`${f}: ${why}`) };
  const unreadable = {
    skipped: (f: string, why: string) => {
      report.skipped(f, why);
      if (typed.has(f)) failed = true;
    },
  };
  if (positionals.includes('-')) {
    const count = counter('<stdin>', counts);
    const r = result(await scanStream(process.stdin, ctx.index, count.onHit, count.options));
    if (r.binary) report.skipped('<stdin>', 'binary input (a NUL byte in its first 8 KiB): not scanned');
    else {
      bytes += r.bytes;
      files++;
    }
  }
  for (const file of walk(sources, unreadable)) {
    progress.update(`scanning ${file} (${counts.size} codes so far)`);
    try {
      // Blocking reads: the command has nothing else to do meanwhile, and each read goes straight into the scan's buffer.
      const count = counter(file, counts);
      const r = result(scanFileSync(file, ctx.index, count.onHit, 'follow', count.options));
      if (r.binary) report.skipped(file, 'binary file (a NUL byte in its first 8 KiB): not scanned');
      else {
        bytes += r.bytes;
        files++;
      }
    } catch (err) {
      unreadable.skipped(file, readFailure(err));
    }
  }
  progress.done();
  for (const s of skipped) writeOut(2, `error-codes: skipped ${s}\n`);

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
    writeOut(1, `${JSON.stringify({ files, bytes, codes: out }, null, 2)}\n`);
    return failed ? 2 : 0;
  }
  const width = Math.max(5, ...rows.map((r) => String(r.count).length));
  const codeWidth = Math.max(4, ...rows.map((r) => r.code.length));
  const familyWidth = Math.max(3, ...rows.map((r) => (r.family?.name ?? '').length));
  // A log of every service holds thousands of codes: what rows share (a status, a family's
  // column, an unknown code's note) is made once, and padding is cut from one run of spaces.
  const spaces = ' '.repeat(Math.max(width, codeWidth, familyWidth, 26));
  const statuses = new Map<number | undefined, string>();
  const families = new Map<FamilyInfo | undefined, { column: string; unknown: string }>();
  const lines: string[] = [];
  for (const r of rows) {
    let family = families.get(r.family);
    if (!family) {
      const name = r.family?.name ?? '';
      const note = locale === 'zh-CN' ? `不在 ${r.family?.name} 目录中` : `not in the ${r.family?.name} catalog`;
      families.set(r.family, (family = { column: name + spaces.slice(name.length, familyWidth), unknown: `${'?'.padEnd(26)} ${note}` }));
    }
    let what = family.unknown;
    if (r.entry) {
      const status = r.entry.entry.httpStatus;
      let line = statuses.get(status);
      if (line === undefined) statuses.set(status, (line = statusLine(status).padEnd(26)));
      what = `${line} ${firstLine(pickText(r.entry.entry.message, locale)?.text ?? '')}`;
    }
    const count = String(r.count);
    lines.push(`${spaces.slice(count.length, width)}${count}  ${r.code}${spaces.slice(r.code.length, codeWidth)}  ${family.column}  ${what}\n`);
  }
  writeOut(1, lines.join(''));
  const total = rows.reduce((n, r) => n + r.count, 0);
  writeOut(2, `${files} file${files === 1 ? '' : 's'}, ${total} occurrence${total === 1 ? '' : 's'} of ${rows.length} code${rows.length === 1 ? '' : 's'}\n`);
  return failed ? 2 : 0;
}
