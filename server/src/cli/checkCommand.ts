// `error-codes check PATHS...`: the editor's diagnostics for files on disk, for CI.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { fixAllEdits } from '../features/actions';
import { check } from '../features/check';
import type { DiagnosticData } from '../features/diagnostics';
import { languageOfFile, languageSpec } from '../scan/languages';
import { readText, walk } from '../files';
import { fileState, FileState, writeFileSafely, WriteRefused } from '../safeWrite';
import { toSarif } from './sarif';
import { loadContext, Progress, UsageError } from './shared';

export interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'];

export async function checkCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      fix: { type: 'boolean', default: false },
      'exit-zero': { type: 'boolean', default: false },
      lang: { type: 'string' },
      config: { type: 'string' },
    },
  });
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  if (positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  const { ctx } = loadContext(values);
  const progress = new Progress();
  const results: FileResult[] = [];
  let checked = 0;
  let fixed = 0;
  const skipped: string[] = [];
  // What was named and could not be checked or fixed: the run goes on, but must not pass.
  const failed: string[] = [];
  const notFixed: string[] = [];
  // What the user typed: walk() yields a typed file as it was typed, so this tells it from a file found in a folder.
  const typed = new Set(positionals);
  const skip = (file: string, why: string) => {
    skipped.push(`${file}: ${why}`);
    // A path typed by the user that cannot be read (mistyped, UTF-16, too large) is an input error:
    // a CI job must not pass on it. Files a folder's walk leaves out are only reported.
    if (typed.has(file)) failed.push(file);
  };
  for (const file of walk(positionals, { skipped: skip })) {
    const languageId = languageOfFile(file);
    if (languageSpec(languageId).prose) {
      // A log or text file named on the command line is said to be left out; found in a folder, it just is.
      if (typed.has(file)) skipped.push(`${file}: a log or text file: \`check\` checks codes used in source code; \`scan\` counts the codes in logs`);
      continue;
    }
    progress.update(`checking ${file}`);
    // Taken before the read, so that any change made after it is seen before a fix is written.
    let before: FileState | undefined;
    try {
      before = values.fix ? fileState(file) : undefined;
    } catch (err) {
      skip(file, err instanceof WriteRefused ? err.reason : String(err));
      continue;
    }
    // readText refuses what is not a regular file (a FIFO would never end, nor would a link to /dev/zero) and bounds the size.
    const read = readText(file, ctx.settings.maxFileSize);
    if ('skip' in read) {
      skip(file, read.skip);
      continue;
    }
    checked++;
    let doc = TextDocument.create(pathToUri(file), languageId, 1, read.text);
    if (values.fix) {
      const edits = fixAllEdits(doc, ctx);
      if (edits.length) {
        const text = TextDocument.applyEdits(doc, edits);
        const bom = read.bom ? '\ufeff' : '';
        try {
          writeFileSafely(file, bom + text, { expected: before, content: Buffer.from(bom + read.text, 'utf8') });
          fixed += edits.length;
          doc = TextDocument.create(doc.uri, languageId, 2, text);
        } catch (err) {
          if (!(err instanceof WriteRefused)) throw err;
          notFixed.push(err.message);
          failed.push(file);
        }
      }
    }
    // Every problem, however many: the editor lists MAX_PROBLEMS per file, a report for CI has no screen to fill.
    // In one piece: a terminal has no requests waiting to be answered in between.
    const diagnostics = (await check(doc, ctx, { slicedFrom: Infinity, maxProblems: Infinity }))?.diagnostics ?? [];
    if (diagnostics.length) results.push({ file, diagnostics });
  }
  progress.done();
  for (const s of skipped) process.stderr.write(`error-codes: skipped ${s}\n`);
  for (const s of notFixed) process.stderr.write(`error-codes: not fixed: ${s}\n`);

  const problems = results.reduce((n, r) => n + r.diagnostics.length, 0);
  if (format === 'json') process.stdout.write(`${JSON.stringify(toJson(results), null, 2)}\n`);
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(results, ctx), null, 2)}\n`);
  else {
    for (const r of results) {
      for (const d of r.diagnostics) {
        const s = d.range.start;
        process.stdout.write(`${r.file}:${s.line + 1}:${s.character + 1}: ${SEVERITY_NAMES[d.severity ?? 2]}: ${d.message} [${d.code}]\n`);
      }
    }
    const fixNote = values.fix ? `, ${fixed} fixed` : '';
    process.stderr.write(`${checked} file${checked === 1 ? '' : 's'} checked, ${problems} problem${problems === 1 ? '' : 's'}${fixNote}\n`);
  }
  if (failed.length) return 2;
  return problems > 0 && !values['exit-zero'] ? 1 : 0;
}

function toJson(results: FileResult[]) {
  return results.flatMap((r) =>
    r.diagnostics.map((d) => {
      const data = d.data as DiagnosticData;
      return {
        file: r.file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY_NAMES[d.severity ?? 2],
        kind: d.code,
        message: d.message,
        code: data.token,
        candidates: data.candidates,
        preferred: data.preferred ?? null,
      };
    }),
  );
}

function pathToUri(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}
