// Walking the paths given on the command line: directories recursively, honouring
// .gitignore files, skipping what is never source (VCS folders, dependencies) and
// binary files, and reporting what could not be read instead of stopping.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';
import { looksBinary } from './scan/stream';

export interface WalkReport {
  /** A file was skipped or could not be read; the walk goes on. */
  skipped(file: string, why: string): void;
}

const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.DS_Store']);

interface Rules {
  dir: string;
  ig: Ignore;
}

function loadGitignore(dir: string): Rules | undefined {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { dir, ig: ignore().add(text) };
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
  const own = loadGitignore(dir);
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
export function readText(file: string, maxBytes: number): { text: string; bom: boolean } | { skip: string } {
  let buf: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.size > maxBytes) return { skip: `larger than ${maxBytes} bytes (errorCodes.maxFileSize); use \`scan\` for large logs` };
    buf = fs.readFileSync(file);
  } catch (err) {
    return { skip: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  if (looksBinary(buf)) return { skip: 'binary file' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
    const bom = text.charCodeAt(0) === 0xfeff;
    return { text: bom ? text.slice(1) : text, bom };
  } catch {
    return { skip: 'not valid UTF-8 text' };
  }
}
