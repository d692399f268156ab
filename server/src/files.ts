// Walking the paths given on the command line: directories recursively, honouring
// .gitignore files, skipping what is never source (VCS folders, dependencies) and
// binary files, and reporting what could not be read instead of stopping.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';
import { LinkRule, readBounded, readFailure, readTextBounded } from './safeRead';
import { looksBinary } from './scan/stream';

interface WalkReport {
  /** A file was skipped or could not be read; the walk goes on. */
  skipped(file: string, why: string): void;
}

/** A .gitignore is a few kilobytes; far larger ones are not read. */
const MAX_GITIGNORE_BYTES = 1024 * 1024;
/**
 * `**` in a .gitignore line costs the `ignore` package's regular expression a factor of the
 * path's depth each (measured: six of them against a 40-folder path, over a second per path);
 * lines with more are not applied. Real ones have one or two.
 */
const MAX_GLOBSTARS_PER_LINE = 3;
/** A longer .gitignore line is not applied: no real one comes near. */
const MAX_GITIGNORE_LINE = 1000;

const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.DS_Store']);

interface Rules {
  dir: string;
  ig: Ignore;
}

function loadGitignore(dir: string, report: WalkReport): Rules | undefined {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    // As git reads it: a link named .gitignore is not followed.
    text = readTextBounded(file, { maxBytes: MAX_GITIGNORE_BYTES, links: 'refuse' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') report.skipped(file, readFailure(err));
    return undefined;
  }
  const kept: string[] = [];
  let dropped = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    const why = hostileIgnoreLine(line);
    if (!why) kept.push(line);
    // The first few are named; a file of thousands is one more line, not thousands.
    else if (++dropped <= 3) report.skipped(`${file}:${i + 1}`, `${why}: this line is not applied`);
  });
  if (dropped > 3) report.skipped(file, `${dropped - 3} more lines like those are not applied`);
  return { dir, ig: ignore().add(kept) };
}

/** Why a .gitignore line would make matching slow, or undefined for an ordinary one. */
function hostileIgnoreLine(line: string): string | undefined {
  if (line.length > MAX_GITIGNORE_LINE) return `longer than ${MAX_GITIGNORE_LINE} characters`;
  const globstars = line.split('**').length - 1;
  if (globstars > MAX_GLOBSTARS_PER_LINE) return `more than ${MAX_GLOBSTARS_PER_LINE} \`**\``;
  return undefined;
}

function ignored(rules: Rules[], full: string, isDir: boolean): boolean {
  for (const r of rules) {
    const rel = path.relative(r.dir, full).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    if (r.ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** Every file under the given paths (a file given by name is always included), in a stable order. */
export function* walk(paths: string[], report: WalkReport): Generator<string> {
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (err) {
      report.skipped(p, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      continue;
    }
    if (!st.isDirectory()) {
      yield p;
      continue;
    }
    yield* walkDir(p, [], report);
  }
}

function* walkDir(dir: string, inherited: Rules[], report: WalkReport): Generator<string> {
  const own = loadGitignore(dir, report);
  const rules = own ? [...inherited, own] : inherited;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    report.skipped(dir, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (ALWAYS_SKIPPED.has(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!ignored(rules, full, true)) yield* walkDir(full, rules, report);
    } else if (e.isFile()) {
      if (!ignored(rules, full, false)) yield full;
    }
  }
}

/**
 * Text of a file for checking: UTF-8 (a BOM is dropped and reported, so a fix can put it back), or undefined with a reason when it is
 * binary or not valid UTF-8 (a Latin-1 or GBK log would otherwise be misread silently).
 */
export function readText(file: string, maxBytes: number, links: LinkRule = 'follow'): { text: string; bom: boolean } | { skip: string } {
  let buf: Buffer;
  try {
    buf = readBounded(file, { maxBytes, links, tooLarge: () => `larger than ${maxBytes} bytes (errorCodes.maxFileSize); use \`scan\` for large logs` });
  } catch (err) {
    return { skip: readFailure(err) };
  }
  if (looksBinary(buf)) return { skip: `binary file (a NUL byte at byte ${buf.indexOf(0) + 1}): not checked` };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
    const bom = text.charCodeAt(0) === 0xfeff;
    return { text: bom ? text.slice(1) : text, bom };
  } catch (err) {
    // A fatal TextDecoder says "not UTF-8" with a TypeError; anything else is not ours to explain.
    if (!(err instanceof TypeError)) throw err;
    const at = firstInvalidUtf8(buf);
    const line = countLines(buf, at);
    return {
      skip:
        `not UTF-8 (byte 0x${buf[at].toString(16).toUpperCase().padStart(2, '0')} at line ${line.line}, byte ${at - line.start + 1} of the line): not checked, as its positions would be wrong; ` +
        'save it as UTF-8 to check it (`scan` reads logs in any ASCII-compatible encoding)',
    };
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(buf: Uint8Array): number {
  for (let i = 0; i < buf.length;) {
    const b = buf[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > buf.length) return i;
    for (let k = 1; k < n; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF.
    if ((b === 0xe0 && buf[i + 1] < 0xa0) || (b === 0xed && buf[i + 1] > 0x9f) || (b === 0xf0 && buf[i + 1] < 0x90) || (b === 0xf4 && buf[i + 1] > 0x8f))
      return i;
    i += n;
  }
  return buf.length;
}

function countLines(buf: Uint8Array, offset: number): { line: number; start: number } {
  let line = 1;
  let start = 0;
  for (let i = buf.indexOf(10); i >= 0 && i < offset; i = buf.indexOf(10, i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, start };
}
