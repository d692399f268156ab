// The workspace scan: every included file of the workspace checked from disk, not only the
// open ones, so problems stay listed when files close and the Error Codes view can say what
// a folder of logs holds. It works a file at a time and yields between files, so requests
// (hover, completion, typing) are answered in between; a newer scan cancels an older one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { pickText } from './catalog/index';
import type { ServiceContext } from './features/context';
import { localeOf } from './features/context';
import { problemsOf, toDiagnostics } from './features/diagnostics';
import { firstLine } from './features/explain';
import { readText, walk } from './files';
import type { CodeOccurrence, WorkspaceCode, WorkspaceCodes, WorkspaceService } from './protocol';
import { languageOfFile, languageSpec } from './scan/languages';
import { classify } from './scan/classify';
import { scanText } from './scan/scanner';
import { fileChunks, scanStream, STREAM_CHUNK } from './scan/stream';

/** At most this many occurrences of one code are kept per file. */
const MAX_OCCURRENCES = 200;
/** At most this many are sent to the view per code: enough to browse, small enough to answer fast. */
const VIEW_OCCURRENCES = 50;

interface FileCodes {
  count: number;
  status: WorkspaceCode['status'];
  occurrences: CodeOccurrence[];
}

interface FileResult {
  mtimeMs: number;
  size: number;
  /** Which scan of settings and catalogs produced it: older results are redone. */
  stamp: number;
  diagnostics: Diagnostic[];
  codes: Map<string, FileCodes>;
}

export interface ScanHost {
  /** The context (catalogs, settings) for a file in a folder. */
  context(folderUri: string): Promise<ServiceContext>;
  /** `files.exclude` patterns of a folder (those set to true). */
  filesExclude(folderUri: string): Promise<string[]>;
  isOpen(uri: string): boolean;
  publish(uri: string, diagnostics: Diagnostic[]): void;
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
  private cached: { ctx: ServiceContext | undefined; version: number; scanning: boolean; answer: WorkspaceCodes } | undefined;

  constructor(private readonly host: ScanHost) {}

  get isScanning(): boolean {
    return this.scanning;
  }

  /** Results for a file, if the scan has it: what to publish when it closes. */
  diagnosticsOf(file: string): Diagnostic[] | undefined {
    return this.results.get(file)?.diagnostics;
  }

  /** Every scanned file with problems, and its problems. */
  *filesWithProblems(): IterableIterator<[string, Diagnostic[]]> {
    for (const [file, r] of this.results) if (r.diagnostics.length) yield [file, r.diagnostics];
  }

  /** Settings or catalogs changed: every file is redone at the next scan. */
  invalidate(): void {
    this.stamp++;
  }

  /** Drops everything, e.g. when the scan is turned off; published problems are withdrawn. */
  clear(): void {
    this.run++;
    for (const [file, r] of this.results) if (r.diagnostics.length && !this.host.isOpen(uriOf(file))) this.host.publish(uriOf(file), []);
    this.results.clear();
    this.version++;
    this.host.changed();
  }

  private async filterFor(folder: Folder, ctx: ServiceContext): Promise<Filter> {
    const ws = ctx.settings.workspace;
    const include = picomatch(ws.include, { dot: true });
    const exclude = picomatch([...ws.exclude, ...(await this.host.filesExclude(folder.uri))], { dot: true });
    return { folder, included: (rel) => include(rel) && !exclude(rel) };
  }

  /** Scans every included file of the folders; unchanged files keep their results. */
  async scanAll(folders: Folder[]): Promise<void> {
    const run = ++this.run;
    this.scanning = true;
    const progress = await this.host.progress();
    try {
      const todo: { file: string; filter: Filter; ctx: ServiceContext }[] = [];
      const seen = new Set<string>();
      for (const folder of folders) {
        const ctx = await this.host.context(folder.uri);
        this.lastContext = ctx;
        if (!ctx.settings.workspace.scan) continue;
        const filter = await this.filterFor(folder, ctx);
        let walked = 0;
        for (const file of walk([folder.path], { skipped: () => undefined })) {
          if (run !== this.run || progress.cancelled) return;
          // A large tree takes a while to list: let waiting requests in now and then.
          if (++walked % 200 === 0) await new Promise((r) => setImmediate(r));
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
      for (const item of todo) {
        if (run !== this.run || progress.cancelled) return;
        await this.scanOne(item.file, item.ctx);
        done++;
        if (Date.now() - lastReport > 200) {
          lastReport = Date.now();
          progress.report(`${done}/${todo.length} ${path.basename(item.file)}`, Math.floor((done / Math.max(1, todo.length)) * 100));
          this.host.changed();
        }
        // Let waiting requests in between files.
        await new Promise((r) => setImmediate(r));
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
    let exists = true;
    try {
      exists = fs.statSync(file).isFile();
    } catch {
      exists = false;
    }
    if (!exists) {
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

  private forget(file: string): void {
    const r = this.results.get(file);
    if (r) this.version++;
    this.results.delete(file);
    if (r?.diagnostics.length && !this.host.isOpen(uriOf(file))) this.host.publish(uriOf(file), []);
  }

  private async scanOne(file: string, ctx: ServiceContext): Promise<void> {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      this.forget(file);
      return;
    }
    const old = this.results.get(file);
    if (old && old.mtimeMs === st.mtimeMs && old.size === st.size && old.stamp === this.stamp) return;
    const languageId = languageOfFile(file);
    const result: FileResult = { mtimeMs: st.mtimeMs, size: st.size, stamp: this.stamp, diagnostics: [], codes: new Map() };
    const uri = uriOf(file);
    try {
      if (languageSpec(languageId).prose) await this.scanLog(file, uri, ctx, result, st.size);
      else this.scanSource(file, uri, languageId, ctx, result);
    } catch (err) {
      this.host.log(`Error Codes: could not scan ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.results.set(file, result);
    this.version++;
    const hadProblems = (old?.diagnostics.length ?? 0) > 0;
    if (!this.host.isOpen(uri) && (hadProblems || result.diagnostics.length)) this.host.publish(uri, result.diagnostics);
  }

  private scanSource(file: string, uri: string, languageId: string, ctx: ServiceContext, result: FileResult): void {
    const read = readText(file, ctx.settings.maxFileSize);
    if ('skip' in read) return;
    const doc = TextDocument.create(uri, languageId, 0, read.text);
    const hits = scanText(read.text, languageId, ctx.index);
    // One pass for problems: the diagnostics and the view's statuses both come from it.
    const found = problemsOf(hits, read.text, ctx);
    result.diagnostics = toDiagnostics(doc, found, ctx);
    const problems = new Map(found.map((p) => [p.hit, p]));
    for (const hit of hits) {
      const problem = problems.get(hit);
      const status: WorkspaceCode['status'] | undefined = problem ? problem.kind : hit.kind === 'exact' ? 'known' : undefined;
      if (!status) continue;
      record(result, hit.text, status, () => {
        const at = doc.positionAt(hit.start);
        return { uri, line: at.line, character: at.character };
      });
    }
  }

  private async scanLog(file: string, uri: string, ctx: ServiceContext, result: FileResult, size: number): Promise<void> {
    // Logs are streamed from disk: editors do not hand over large files, and memory stays bounded.
    await scanStream(fileChunks(file, Math.max(64 * 1024, Math.min(STREAM_CHUNK, size))), ctx.index, (token, entry, _family, place) => {
      record(result, token, entry ? 'known' : 'unknown', () => ({ uri, ...place.where() }));
    });
  }

  /** The view's data: codes grouped by service, most frequent first. */
  codes(ctx: ServiceContext | undefined = this.lastContext): WorkspaceCodes {
    // The view asks after every change notice: answer from the last build until something moved.
    if (this.cached && this.cached.ctx === ctx && this.cached.version === this.version && this.cached.scanning === this.scanning) return this.cached.answer;
    const answer = this.buildCodes(ctx);
    this.cached = { ctx, version: this.version, scanning: this.scanning, answer };
    return answer;
  }

  private buildCodes(ctx: ServiceContext | undefined): WorkspaceCodes {
    const services = new Map<string, WorkspaceService>();
    const byCode = new Map<string, WorkspaceCode>();
    let files = 0;
    const locale = ctx ? localeOf(ctx) : 'en';
    for (const r of this.results.values()) {
      if (r.codes.size) files++;
      for (const [code, c] of r.codes) {
        let w = byCode.get(code);
        if (!w) {
          const e = ctx?.index.get(code);
          // Unknown and misspelled codes go with the family they belong to, or were meant for.
          const family = e?.family ?? (ctx ? classify(ctx.index, code, true)?.family : undefined);
          const owner = e?.catalog ?? family?.catalog;
          const id = owner?.catalog.id ?? 'other';
          let service = services.get(id);
          if (!service) {
            const name = owner ? pickText(owner.catalog.service, locale)?.text ?? id : id;
            service = { id, service: name, count: 0, codes: [] };
            services.set(id, service);
          }
          w = { code, status: c.status, count: 0, httpStatus: e?.entry.httpStatus, message: e ? firstLine(pickText(e.entry.message, locale)?.text ?? '') : undefined, occurrences: [] };
          byCode.set(code, w);
          service.codes.push(w);
        }
        w.count += c.count;
        if (c.status !== 'known') w.status = c.status;
        for (const o of c.occurrences) if (w.occurrences.length < VIEW_OCCURRENCES) w.occurrences.push(o);
      }
    }
    const list = [...services.values()];
    for (const s of list) {
      s.codes.sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
      s.count = s.codes.reduce((n, c) => n + c.count, 0);
    }
    list.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
    return { services: list, files, scanning: this.scanning };
  }
}

/** Counts an occurrence; its place is worked out only while the code has room for more. */
function record(result: FileResult, code: string, status: WorkspaceCode['status'], at: () => CodeOccurrence): void {
  let c = result.codes.get(code);
  if (!c) result.codes.set(code, (c = { count: 0, status, occurrences: [] }));
  c.count++;
  if (c.occurrences.length < MAX_OCCURRENCES) c.occurrences.push(at());
}

function uriOf(file: string): string {
  return pathToFileURL(file).href;
}
