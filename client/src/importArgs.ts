// The parts of "Import error-code page…" that need no editor: what to propose as the
// service id, the command line to run, and how to read what the command line reported.
// Kept apart from importPage.ts so they can be tested without VS Code.
import path from 'node:path';

/** The ids the CLI accepts (`--service`), which are also the catalog file's name. */
export const SERVICE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

// Words a page's file name often ends with that say nothing about the service:
// a locale (`ecs-zh-cn.md`) or "error codes" (`ecs_error_codes.html`).
const TRAILING_NOISE = /-(?:en(?:-us|-gb)?|zh(?:-cn|-hans)?|cn|chinese|english|errors?|codes?|error-?codes?|errorcodes?)$/;

/**
 * A service id guessed from a page's file name (`ECS_Error-Codes.zh-CN.md` → `ecs`), or
 * '' when the name holds nothing usable (e.g. only Chinese characters).
 */
export function proposeServiceId(file: string): string {
  let id = path.basename(file).replace(/(\.[A-Za-z0-9-]+)+$/, (ext) => {
    // Keep a dotted locale (`ecs.zh-CN.md`) as a word, so it is dropped below like `ecs-zh-CN.md`.
    return ext.replace(/\.(md|markdown|txt|rst|html?)$/i, '').replace(/\./g, '-');
  });
  id = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  for (let previous = ''; previous !== id;) {
    previous = id;
    id = id.replace(TRAILING_NOISE, '');
  }
  id = id.slice(0, 64).replace(/-+$/, '');
  return SERVICE_ID.test(id) ? id : '';
}

/** Whether the page becomes a new catalog file or is folded into the existing one. */
export type ImportMode = 'create' | 'merge';

export interface ImportRequest {
  page: string;
  service: string;
  /** The catalog file written (create) or extended (merge). */
  target: string;
  mode: ImportMode;
  /** Display name of the service; only a new catalog takes one. */
  name?: string;
}

/** Arguments of `error-codes import` for a request. */
export function cliArgs(r: ImportRequest): string[] {
  if (r.mode === 'merge') return ['import', r.page, '--service', r.service, '--into', r.target];
  return ['import', r.page, '--service', r.service, '--out', r.target, ...(r.name ? ['--name', r.name] : [])];
}

export interface ImportReport {
  /** Codes the page gave (when the CLI said). */
  read?: number;
  /** Codes in the catalog file afterwards (when the CLI said). */
  total?: number;
  /** The CLI's lines about rows it could not read, as it wrote them. */
  unreadRows: string[];
  /** Why nothing was written, for exit status 2: the CLI's message without its prefix. */
  failure?: string;
}

/** Reads the CLI's standard error (`import` writes nothing else there). */
export function readImportReport(stderr: string): ImportReport {
  const report: ImportReport = { unreadRows: [] };
  for (const line of stderr.split(/\r?\n/)) {
    if (!line.trim()) continue;
    if (/: row not read: /.test(line)) {
      report.unreadRows.push(line.replace(/^error-codes: /, ''));
      continue;
    }
    // `<file>: 12 codes (5 read from <page>, en, pipe-table)`
    const summary = / (\d+) codes \((\d+) read from .*\)$/.exec(line);
    if (summary) {
      report.total = Number(summary[1]);
      report.read = Number(summary[2]);
      continue;
    }
    if (report.failure === undefined && line.startsWith('error-codes: ')) report.failure = line.slice('error-codes: '.length);
  }
  return report;
}
