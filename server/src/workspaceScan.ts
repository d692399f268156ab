// The workspace scan: every included file of the workspace checked from disk, not only the
// open ones, so problems stay listed when files close and the Error Codes view can say what
// a folder of logs holds. It works a few milliseconds at a time and then gives way (a large
// file is checked in slices), so requests (hover, completion, typing) are answered in
// between; a newer scan cancels an older one. The view gets each code's count and message
// from running totals; the places of one code are listed when the view asks for them.
// Each file's problems go to the owner of every diagnostic (lsp/diagnosticCollection.ts):
// what is sent to the editor, and when, is not the scan's business.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Locale } from './catalog/types';
import { check } from './features/check';
import type { ServiceContext } from './features/context';
import { localeOf } from './features/context';
import { giveWay } from './features/slicedCheck';
import { groupByService, workspaceCodeMeta, type CountedCode, type WorkspaceCodeMeta } from './features/workspaceView';
import { readText, walk } from './files';
import { compileGlobs, GlobMatcher } from './glob';
import { isPlainFile } from './safeRead';
import type { CodeOccurrence, WorkspaceCode, WorkspaceCodes } from '../../protocol';
import { languageOfFile, languageSpec } from './scan/languages';
import { showHidden } from './scan/disguise';
import { scanFile } from './node/logFiles';

/** At most this many places of one code are listed (per code, and so per file): enough to browse, small enough to answer fast. */
const MAX_OCCURRENCES = 50;
/** The scan works this long (ms) before it gives way to waiting requests. */
const STEP_MS = 1;
/** While a scan runs, the view's answer is built again at most this often (ms). */
const REBUILD_MS = 250;
/** Source files longer than this (characters) are checked in slices of STEP_MS, giving way between them. */
const SLICED_FROM = 64 * 1024;

/**
 * One code in one file while the file is scanned: [count, status (STATUSES index), then line,
 * character of each of the first MAX_OCCURRENCES occurrences].
 */
type FileCodes = number[];
const COUNT = 0;
const STATUS = 1;
const PLACES = 2;
const STATUSES: readonly WorkspaceCode['status'][] = ['known', 'unknown', 'misspelled'];

/**
 * A scanned file's codes as they are kept: their names, and one array of numbers holding for
 * the i-th name [count, status, where its places start, where they end] at 4i, then all the
 * places (line, character). Kept as a map of arrays, 10,000 files' codes were ~330,000 small
 * arrays and maps' entries (about 80 of the 112 MB the results held), each copied by the
 * collector on its way to the old generation: its pauses, 100 in a scan, averaged 2.5 ms.
 */
interface PackedCodes {
  names: string[];
  table: Int32Array;
}
/** A scan shorter than this shows no progress: a notification that flashes up and goes says nothing. */
const PROGRESS_AFTER_MS = 1000;

/**
 * Progress that is asked of the host only once the scan has run PROGRESS_AFTER_MS, at its next
 * report; until then nothing is shown and nothing can be cancelled. `done` ends it however far
 * it got, also when the host answers after the scan ended.
 */
export function lateProgress(ask: () => Promise<Progress>, afterMs = PROGRESS_AFTER_MS): Progress {
  const began = performance.now();
  let shown: Progress | undefined;
  let asked = false;
  let ended = false;
  return {
    report(message, percentage) {
      if (shown) shown.report(message, percentage);
      else if (!asked && performance.now() - began >= afterMs) {
        asked = true;
        void ask().then((p) => {
          if (ended) p.done();
          else (shown = p).report(message, percentage);
        });
      }
    },
    done() {
      ended = true;
      shown?.done();
    },
    get cancelled() {
      return shown?.cancelled ?? false;
    },
  };
}

const NO_CODES: PackedCodes = { names: [], table: new Int32Array(0) };

/** A code's count over all files, and in how many files it has each status. */
interface Total {
  count: number;
  known: number;
  unknown: number;
  misspelled: number;
}

interface FileResult {
  uri: string;
  mtimeMs: number;
  size: number;
  /** Which scan of settings and catalogs produced it: older results are redone. */
  stamp: number;
  /** Whether the file had problems: withdrawn when it goes. */
  hasProblems: boolean;
  codes: PackedCodes;
}

/** Where each scanned file's problems are kept (the one collection of every diagnostic). */
interface ScannedProblems {
  /** The file's problems as found on disk now; [] when it has none (or went away). */
  setScanned(uri: string, diagnostics: Diagnostic[]): void;
}

interface ScanHost {
  /** The context (catalogs, settings) for a file in a folder. */
  context(folderUri: string): Promise<ServiceContext>;
  /** `files.exclude` patterns of a folder (those set to true). */
  filesExclude(folderUri: string): Promise<string[]>;
  /** The view's data moved on. */
  changed(): void;
  progress(): Promise<Progress>;
  log(message: string): void;
}

export interface Progress {
  report(message: string, percentage: number): void;
  done(): void;
  readonly cancelled: boolean;
}

export interface Folder {
  uri: string;
  path: string;
}

interface Filter {
  folder: Folder;
  included(rel: string): boolean;
}

export class WorkspaceScan {
  private readonly results = new Map<string, FileResult>();
  private run = 0;
  private stamp = 0;
  private scanning = false;
  private lastContext: ServiceContext | undefined;
  /** Moves whenever a file's results change. */
  private version = 0;
  private cached:
    { index: ServiceContext['index'] | undefined; locale: Locale; version: number; scanning: boolean; at: number; answer: WorkspaceCodes } | undefined;
  /** Every file's codes added up, kept as results come and go: the view's answer needs no walk over the files. */
  private readonly totals = new Map<string, Total>();
  /** How many files hold at least one code. */
  private filesWithCodes = 0;
  private meta: { index: ServiceContext['index'] | undefined; locale: Locale; byCode: Map<string, WorkspaceCodeMeta> } | undefined;
  /** When the scan last gave way to waiting requests. */
  private stepBegan = 0;
  /** One string per distinct code, shared by every file's results (see `own`). */
  private readonly names = new Map<string, string>();
  /** The latest check of each file under way: an older one finishing later is not kept. */
  private readonly tickets = new Map<string, number>();
  private nextTicket = 0;
  /** Glob lists compiled, by setting and patterns. */
  private readonly compiled = new Map<string, GlobMatcher>();
  /** Refused patterns already reported. */
  private readonly said = new Set<string>();

  constructor(
    private readonly host: ScanHost,
    private readonly problems: ScannedProblems,
  ) {}

  /** Settings or catalogs changed: every file is redone at the next scan. */
  invalidate(): void {
    this.stamp++;
  }

  private async filterFor(folder: Folder, ctx: ServiceContext): Promise<Filter> {
    const ws = ctx.settings.workspace;
    const include = this.globs('errorCodes.workspace.include', ws.include);
    const exclude = this.globs('errorCodes.workspace.exclude', ws.exclude);
    const filesExclude = this.globs('files.exclude', await this.host.filesExclude(folder.uri));
    return { folder, included: (rel) => include(rel) && !exclude(rel) && !filesExclude(rel) };
  }

  /** A setting's patterns compiled (once for as long as they stay the same); a refused one is logged once, by setting. */
  private globs(setting: string, patterns: readonly string[]): GlobMatcher {
    const key = `${setting}\n${patterns.join('\n')}`;
    let m = this.compiled.get(key);
    if (m) return m;
    m = compileGlobs(patterns);
    // Settings move rarely: a few lists are kept, the oldest dropped.
    if (this.compiled.size >= 16) this.compiled.delete(this.compiled.keys().next().value!);
    this.compiled.set(key, m);
    for (const r of m.refused) {
      const message = `Error Codes: ${setting}: the pattern "${r.pattern.length > 80 ? `${r.pattern.slice(0, 77)}...` : r.pattern}" is not used: ${r.reason}`;
      if (this.said.has(message)) continue;
      this.said.add(message);
      this.host.log(message);
    }
    return m;
  }

  /** Scans every included file of the folders; unchanged files keep their results. */
  async scanAll(folders: Folder[]): Promise<void> {
    const run = ++this.run;
    this.scanning = true;
    const progress = lateProgress(() => this.host.progress());
    try {
      const todo: { file: string; filter: Filter; ctx: ServiceContext }[] = [];
      const seen = new Set<string>();
      let listed = Date.now();
      for (const folder of folders) {
        const ctx = await this.host.context(folder.uri);
        this.lastContext = ctx;
        if (!ctx.settings.workspace.scan) continue;
        const filter = await this.filterFor(folder, ctx);
        this.stepBegan = performance.now();
        for (const file of walk([folder.path], { skipped: (f, why) => this.host.log(`Error Codes: skipped ${f}: ${why}`) })) {
          if (run !== this.run || progress.cancelled) return;
          // Listing a large tree takes a while too: it is said once the scan runs long.
          if (Date.now() - listed > 200) {
            listed = Date.now();
            progress.report(`${todo.length} files`, 0);
          }
          // A large tree takes a while to list: let waiting requests in now and then.
          await this.step();
          const rel = path.relative(folder.path, file).split(path.sep).join('/');
          if (!filter.included(rel)) continue;
          seen.add(file);
          todo.push({ file, filter, ctx });
        }
      }
      // Files that left the workspace (deleted, now excluded) take their problems with them.
      for (const file of [...this.results.keys()]) if (!seen.has(file)) this.forget(file);
      let done = 0;
      let lastReport = 0;
      this.stepBegan = performance.now();
      const stale = () => run !== this.run || progress.cancelled;
      for (const item of todo) {
        if (stale()) return;
        await this.scanOne(item.file, item.ctx, stale);
        done++;
        if (Date.now() - lastReport > 200) {
          lastReport = Date.now();
          progress.report(`${done}/${todo.length} ${path.basename(item.file)}`, Math.floor((done / Math.max(1, todo.length)) * 100));
          this.host.changed();
        }
        // Waiting requests go first once a step's time is used up (small files go several to a step).
        await this.step();
      }
    } finally {
      if (run === this.run) this.scanning = false;
      progress.done();
      this.host.changed();
    }
  }

  /** One file changed, appeared or went away on disk. */
  async fileChanged(file: string, folders: Folder[]): Promise<void> {
    const folder = folders.find((f) => file.startsWith(f.path + path.sep));
    if (!folder) return;
    // As the walk decides: a link (or a pipe, a device) is no file of the workspace's, wherever it points.
    if (!isPlainFile(file)) {
      this.forget(file);
      this.host.changed();
      return;
    }
    const ctx = await this.host.context(folder.uri);
    if (!ctx.settings.workspace.scan) return;
    const filter = await this.filterFor(folder, ctx);
    if (!filter.included(path.relative(folder.path, file).split(path.sep).join('/'))) return;
    await this.scanOne(file, ctx);
    this.host.changed();
  }

  /** Gives way to waiting requests when the scan has worked STEP_MS since it last did. */
  private async step(): Promise<void> {
    if (performance.now() - this.stepBegan < STEP_MS) return;
    await giveWay();
    this.stepBegan = performance.now();
  }

  private forget(file: string): void {
    const r = this.results.get(file);
    this.tickets.delete(file);
    if (!r) return;
    this.version++;
    this.results.delete(file);
    this.count(r, -1);
    if (r.hasProblems) this.problems.setScanned(r.uri, []);
  }

  /** Adds a file's codes to the totals (`sign` 1), or takes them away (-1). */
  private count(r: FileResult, sign: 1 | -1): void {
    const { names, table } = r.codes;
    if (names.length) this.filesWithCodes += sign;
    for (let i = 0; i < names.length; i++) {
      const code = names[i];
      let t = this.totals.get(code);
      if (!t) this.totals.set(code, (t = { count: 0, known: 0, unknown: 0, misspelled: 0 }));
      t.count += sign * table[4 * i];
      const status = table[4 * i + 1];
      if (status === 0) t.known += sign;
      else if (status === 1) t.unknown += sign;
      else t.misspelled += sign;
      if (t.count <= 0 && t.known + t.unknown + t.misspelled <= 0) {
        this.totals.delete(code);
        this.names.delete(code);
      }
    }
  }

  /**
   * The code's one shared string. A code read from a file is a slice of the file's text, and
   * keeping the slice would keep the whole text (V8 slices are views): 10,000 files' texts
   * held for their codes' sake.
   */
  private own(code: string): string {
    let name = this.names.get(code);
    if (name === undefined) this.names.set(code, (name = detach(code)));
    return name;
  }

  private async scanOne(file: string, ctx: ServiceContext, stale: () => boolean = () => false): Promise<void> {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch (err) {
      // Gone (ENOENT, ENOTDIR: deleted since it was listed) is expected; anything else is said.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.host.log(`Error Codes: could not scan ${file}: ${err instanceof Error ? err.message : String(err)}`);
      this.forget(file);
      return;
    }
    if (!st.isFile()) {
      this.forget(file);
      return;
    }
    const old = this.results.get(file);
    if (old && old.mtimeMs === st.mtimeMs && old.size === st.size && old.stamp === this.stamp) return;
    const ticket = ++this.nextTicket;
    this.tickets.set(file, ticket);
    const languageId = languageOfFile(file);
    const uri = old?.uri ?? uriOf(file);
    const result: FileResult = { uri, mtimeMs: st.mtimeMs, size: st.size, stamp: this.stamp, hasProblems: false, codes: NO_CODES };
    const found = new Map<string, FileCodes>();
    let diagnostics: Diagnostic[] = [];
    try {
      if (languageSpec(languageId).prose) await this.scanLog(file, ctx, found);
      else {
        const checked = await this.scanSource(file, languageId, ctx, uri, found, stale);
        if (!checked) {
          if (this.tickets.get(file) === ticket) this.tickets.delete(file);
          return;
        }
        diagnostics = checked;
      }
    } catch (err) {
      this.host.log(`Error Codes: could not scan ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    // A check overtaken by a newer one of the file (or by its going away) is not kept.
    if (this.tickets.get(file) !== ticket) return;
    this.tickets.delete(file);
    result.codes = this.pack(found);
    const before = this.results.get(file);
    if (before) this.count(before, -1);
    this.results.set(file, result);
    this.count(result, 1);
    this.version++;
    result.hasProblems = diagnostics.length > 0;
    if (before?.hasProblems || result.hasProblems) this.problems.setScanned(uri, diagnostics);
  }

  /** The file's problems; undefined when the scan was stopped (a newer one began) while a large file was checked. */
  private async scanSource(
    file: string,
    languageId: string,
    ctx: ServiceContext,
    uri: string,
    found: Map<string, FileCodes>,
    stale: () => boolean,
  ): Promise<Diagnostic[] | undefined> {
    const read = readText(file, ctx.settings.maxFileSize, 'refuse');
    if ('skip' in read) {
      this.host.log(`Error Codes: ${file} not checked: ${read.skip}`);
      return [];
    }
    const doc = TextDocument.create(uri, languageId, 0, read.text);
    // A large file in slices of a step's time, as an open document is checked; one pass for
    // problems either way: the diagnostics and the view's statuses both come from it.
    const checked = await check(doc, ctx, { slicedFrom: SLICED_FROM, slices: { sliceMs: STEP_MS, stale } });
    if (!checked) return undefined;
    if (read.text.length >= SLICED_FROM) this.stepBegan = performance.now();
    const { hits, problems: problemsFound, diagnostics } = checked;
    // Kept until the file changes: without a view into the file's text (see `own`).
    for (const d of diagnostics) {
      if (typeof d.message === 'string') d.message = detach(d.message);
      const data = d.data as { token?: unknown } | undefined;
      if (typeof data?.token === 'string') data.token = this.own(data.token);
    }
    const problems = new Map(problemsFound.map((p) => [p.hit, p]));
    for (const hit of hits) {
      const problem = problems.get(hit);
      const status: WorkspaceCode['status'] | undefined = problem ? problem.kind : hit.kind === 'exact' ? 'known' : undefined;
      if (!status) continue;
      // A code in disguise is listed with its hidden characters spelled out: a bidi control would turn the view's line around.
      const c = record(found, hit.disguise ? showHidden(hit.text) : hit.text, status);
      if (c) {
        const at = doc.positionAt(hit.start);
        c.push(at.line, at.character);
      }
    }
    return diagnostics;
  }

  private async scanLog(file: string, ctx: ServiceContext, found: Map<string, FileCodes>): Promise<void> {
    // Logs are streamed from disk: editors do not hand over large files, and memory stays bounded.
    const read = await scanFile(
      file,
      ctx.index,
      (token, entry, _family, place) => {
        const c = record(found, token, entry ? 'known' : 'unknown');
        if (c) {
          const at = place.where();
          c.push(at.line, at.character);
        }
      },
      'refuse',
    );
    if (read < 0) this.host.log(`Error Codes: ${file} not scanned: a binary file (a NUL byte in its first 8 KiB)`);
  }

  /** A file's codes as kept (see PackedCodes), each name the one shared string (see `own`). */
  private pack(found: Map<string, FileCodes>): PackedCodes {
    if (found.size === 0) return NO_CODES;
    let size = 4 * found.size;
    for (const c of found.values()) size += c.length - PLACES;
    const names: string[] = [];
    const table = new Int32Array(size);
    let at = 4 * found.size;
    for (const [code, c] of found) {
      const i = 4 * names.length;
      names.push(this.own(code));
      table[i] = c[COUNT];
      table[i + 1] = c[STATUS];
      table[i + 2] = at;
      for (let k = PLACES; k < c.length; k++) table[at++] = c[k];
      table[i + 3] = at;
    }
    return { names, table };
  }

  /** Where one code occurs, in file order: at most MAX_OCCURRENCES places (what the view lists under it). */
  occurrences(code: string, limit = MAX_OCCURRENCES): CodeOccurrence[] {
    const out: CodeOccurrence[] = [];
    if (!this.totals.has(code)) return out;
    for (const r of this.results.values()) {
      const k = r.codes.names.indexOf(code);
      if (k < 0) continue;
      const t = r.codes.table;
      for (let i = t[4 * k + 2]; i < t[4 * k + 3] && out.length < limit; i += 2) out.push({ uri: r.uri, line: t[i], character: t[i + 1] });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The view's data: codes grouped by service, most frequent first. */
  codes(ctx: ServiceContext | undefined = this.lastContext): WorkspaceCodes {
    // The view asks after every change notice: answer from the last build until something moved.
    // (Each request's context is a new object: its catalogs and language are what count.)
    const locale = ctx ? localeOf(ctx) : 'en';
    // While a scan runs the answer moves with every file: it is built again at most every
    // REBUILD_MS, however often a client asks (the view itself refreshes a few times a second).
    const c = this.cached;
    const now = performance.now();
    if (
      c &&
      c.index === ctx?.index &&
      c.locale === locale &&
      c.scanning === this.scanning &&
      (c.version === this.version || (this.scanning && now - c.at < REBUILD_MS))
    )
      return c.answer;
    const answer = this.buildCodes(ctx, locale);
    this.cached = { index: ctx?.index, locale, version: this.version, scanning: this.scanning, at: now, answer };
    return answer;
  }

  private buildCodes(ctx: ServiceContext | undefined, locale: Locale): WorkspaceCodes {
    if (this.meta?.index !== ctx?.index || this.meta?.locale !== locale) this.meta = { index: ctx?.index, locale, byCode: new Map() };
    const metas = this.meta.byCode;
    // Codes that left the workspace are forgotten now and then.
    if (metas.size > 2 * this.totals.size + 1000) metas.clear();
    const counted: CountedCode[] = [];
    for (const [code, t] of this.totals) {
      if (t.count <= 0) continue;
      let m = metas.get(code);
      if (!m) metas.set(code, (m = workspaceCodeMeta(code, ctx, locale)));
      // A code misspelled anywhere is shown as misspelled; undocumented anywhere, as unknown.
      const status: WorkspaceCode['status'] = t.misspelled > 0 ? 'misspelled' : t.unknown > 0 ? 'unknown' : 'known';
      counted.push({ code: { code, status, count: t.count, httpStatus: m.httpStatus, message: m.message }, meta: m });
    }
    const list = groupByService(counted);
    return { services: list, files: this.filesWithCodes, scanning: this.scanning };
  }
}

/**
 * A copy of a string that refers to nothing else: V8 keeps a slice as a view of the whole
 * string it was cut from, and a concatenation as its parts; flattening a new concatenation
 * copies the characters.
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** Counts an occurrence; answers where to note its place while the code has room for more. */
function record(found: Map<string, FileCodes>, code: string, status: WorkspaceCode['status']): FileCodes | undefined {
  let c = found.get(code);
  if (!c) found.set(code, (c = [0, STATUSES.indexOf(status)]));
  c[COUNT]++;
  return c.length < PLACES + 2 * MAX_OCCURRENCES ? c : undefined;
}
