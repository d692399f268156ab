// The catalogs in force for a server or a CLI run: the bundled ones (read from the
// `catalogs` folder beside `dist/`), the workspace's own (`.vscode/error-codes/*`), and the
// files `errorCodes.catalogs` names, later ones overriding earlier ones code by code.
// A user's file that breaks keeps its last good version in force and reports the problem.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CatalogFileProblem, MAX_CATALOG_BYTES, parseCatalogFile } from './catalog/catalogFile';
import { CatalogIndex, LoadedCatalog } from './catalog/index';
import { chooseServices, type ServicesChoice } from './catalog/services';
import { mayDocument } from './catalog/manifest';
import { bundledCatalogFiles, bundledCatalogs, bundledManifest } from './node/catalogFiles';
import type { Catalog } from './catalog/types';
import { readTextBounded, RefusedRead, systemErrorCode } from './safeRead';

/** `catalogs/` next to the folder holding the running bundle (dist/server.js → catalogs/). */
function defaultCatalogDir(): string {
  return process.env.ERROR_CODES_CATALOGS || path.join(__dirname, '..', 'catalogs');
}

/** Where a workspace keeps catalogs that are picked up without configuration. */
export const WORKSPACE_CATALOG_DIR = path.join('.vscode', 'error-codes');
const CATALOG_FILE = /\.(json|ya?ml)$/i;

type CatalogFileKind =
  /** found in a workspace's `.vscode/error-codes/` */
  | 'workspace'
  /** named by `errorCodes.catalogs` */
  | 'configured';

export interface WantedCatalogFile {
  file: string;
  kind: CatalogFileKind;
  /** A folder the file, and any link on the way to it, must lie inside (a configured file the project itself named). */
  within?: string;
}

interface CatalogFileState extends WantedCatalogFile {
  /** The last version that read cleanly: what stays in force while the file is broken. */
  lastGood?: Catalog;
  problem?: CatalogFileProblem;
}

/** The catalog files of a workspace folder's conventional place, in name order. */
export function workspaceCatalogFiles(folder: string): string[] {
  const dir = path.join(folder, WORKSPACE_CATALOG_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    // No `.vscode/error-codes/` (the usual case), or one that cannot be listed: no workspace catalogs.
    systemErrorCode(err);
    return [];
  }
  return names
    .filter((n) => CATALOG_FILE.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

/** The workspace folder a `.vscode/error-codes/` file belongs to: its links may not lead out of it. */
function folderOfWorkspaceCatalog(file: string): string {
  return path.dirname(path.dirname(path.dirname(file)));
}

/** `errorCodes.catalogs` entries resolved against their workspace folder (absolute ones kept). */
export function configuredCatalogFiles(folder: string | undefined, entries: readonly string[]): string[] {
  return entries.filter((e) => e.trim() !== '').map((e) => (path.isAbsolute(e) || !folder ? path.resolve(e) : path.resolve(folder, e)));
}

export class CatalogStore {
  loaded: LoadedCatalog[] = [];
  index = new CatalogIndex([]);
  /** Counts rebuilds of the index: documents need checking again only when it moved. */
  generation = 0;
  /** Untrusted workspaces do not get their own catalogs loaded. */
  workspaceTrusted = true;
  /** Which bundled catalogs are in force (`errorCodes.services`), and why. */
  services: ServicesChoice = chooseServices([], []);
  /**
   * True when only the bundled catalogs that could document some given codes were read
   * (`load({ codes })`): enough to explain those codes, not to check or scan anything.
   */
  partial = false;
  private bundled: LoadedCatalog[] = [];
  /** Every bundled catalog's id, read or not. */
  private bundledIdList: string[] = [];
  private wantedServices: readonly string[] = [];
  private readonly files = new Map<string, CatalogFileState>();
  private order: WantedCatalogFile[] = [];

  constructor(
    private readonly report: (message: string) => void,
    private readonly dir = defaultCatalogDir(),
  ) {}

  /**
   * Reads the bundled catalogs; a broken bundle is reported and leaves the others working.
   * With `codes`, and the bundle's manifest in step with its files, only the catalogs whose
   * families could hold one of them are read (`partial`): what `explain CODE` needs.
   */
  load(options: { codes?: readonly string[] } = {}): void {
    this.partial = false;
    try {
      const manifest = options.codes ? bundledManifest(this.dir) : undefined;
      if (manifest && options.codes) {
        const codes = options.codes;
        const files = manifest.filter((m) => codes.some((code) => mayDocument(m, code))).map((m) => m.file);
        this.bundled = bundledCatalogFiles(this.dir, files).map((catalog) => ({ catalog, origin: 'bundled' }));
        this.bundledIdList = manifest.map((m) => m.id);
        this.partial = true;
      } else {
        this.bundled = bundledCatalogs(this.dir, { trusted: true }).map((catalog) => ({ catalog, origin: 'bundled' }));
        this.bundledIdList = this.bundled.map((b) => b.catalog.id);
      }
    } catch (err) {
      this.report(`Error Codes: could not read the bundled catalogs in ${this.dir}: ${err instanceof Error ? err.message : String(err)}`);
      this.bundled = [];
      this.bundledIdList = [];
    }
    this.services = chooseServices(this.bundledIds(), this.wantedServices);
    this.rebuild();
  }

  /** Every bundled catalog's id, in force or not (read or not). */
  bundledIds(): string[] {
    return this.bundledIdList.slice();
  }

  /**
   * The bundled catalogs `errorCodes.services` names (all when it names none); the index is
   * rebuilt only when that set moved. Answers what the setting says that names no bundled catalog.
   */
  setServices(wanted: readonly string[]): string[] {
    this.wantedServices = wanted.slice();
    const before = this.services.on;
    this.services = chooseServices(this.bundledIds(), wanted);
    const on = this.services.on;
    if (on.length !== before.length || on.some((id, i) => id !== before[i])) this.rebuild();
    return this.services.problems;
  }

  /** Which user catalog files are in force, in order; files no longer wanted are dropped, new ones read from disk. */
  setFiles(wanted: WantedCatalogFile[]): void {
    const allowed = wanted.filter((w) => this.workspaceTrusted || w.kind !== 'workspace');
    const same = allowed.length === this.order.length && allowed.every((w, i) => w.file === this.order[i].file && w.kind === this.order[i].kind);
    if (same) return;
    const keep = new Set(allowed.map((w) => w.file));
    for (const file of [...this.files.keys()]) if (!keep.has(file)) this.files.delete(file);
    for (const w of allowed) {
      if (!this.files.has(w.file)) {
        this.files.set(w.file, { ...w });
        this.readFromDisk(w.file);
      }
    }
    this.order = allowed;
    this.rebuild();
  }

  isCatalogFile(file: string): boolean {
    return this.files.has(file);
  }

  /** Re-reads one file from disk (it changed, appeared or went away). */
  refresh(file: string): void {
    if (!this.files.has(file)) return;
    this.readFromDisk(file);
    this.rebuild();
  }

  /** A new text for a file, e.g. unsaved edits in the editor. */
  update(file: string, text: string): void {
    const state = this.files.get(file);
    if (!state) return;
    this.apply(state, text);
    this.rebuild();
  }

  states(): CatalogFileState[] {
    return this.order.map((w) => this.files.get(w.file)!).filter(Boolean);
  }

  problems(): CatalogFileProblem[] {
    return this.states().flatMap((s) => (s.problem ? [s.problem] : []));
  }

  private readFromDisk(file: string): void {
    const state = this.files.get(file)!;
    let text: string;
    try {
      // A huge file is refused by its size, before a byte of it is read; a pipe, a device or a
      // link out of the workspace is not read at all (see safeRead).
      text = readTextBounded(file, {
        maxBytes: MAX_CATALOG_BYTES,
        ...(state.kind === 'workspace'
          ? { links: 'within', root: folderOfWorkspaceCatalog(file) }
          : state.within
            ? { links: 'within', root: state.within }
            : { links: 'follow' }),
        tooLarge: (size) => `${size} bytes, larger than the ${MAX_CATALOG_BYTES} a catalog may have: not read`,
      });
    } catch (err) {
      if (err instanceof RefusedRead) {
        // As for any broken version: the last good one stays in force.
        state.problem = { file, message: err.reason, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
        return;
      }
      const code = (err as NodeJS.ErrnoException).code;
      state.lastGood = undefined;
      state.problem =
        code === 'ENOENT' && state.kind === 'workspace'
          ? undefined
          : {
              file,
              message: code === 'ENOENT' ? 'file not found' : `cannot be read: ${code ?? String(err)}`,
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            };
      return;
    }
    this.apply(state, text);
  }

  private apply(state: CatalogFileState, text: string): void {
    // An empty file is a catalog being written (or just created), not a broken one.
    if (text.trim() === '') {
      state.lastGood = undefined;
      state.problem = undefined;
      return;
    }
    const parsed = parseCatalogFile(text, state.file);
    if (parsed.catalog) {
      state.lastGood = parsed.catalog;
      state.problem = undefined;
    } else {
      state.problem = parsed.problem;
    }
  }

  private rebuild(): void {
    const user: LoadedCatalog[] = [];
    for (const s of this.states()) if (s.lastGood) user.push({ catalog: s.lastGood, origin: s.file });
    const on = new Set(this.services.on);
    this.loaded = [...this.bundled.filter((b) => on.has(b.catalog.id)), ...user];
    this.index = new CatalogIndex(this.loaded);
    this.generation++;
    for (const p of this.index.problems) this.report(`Error Codes: ${p}`);
  }
}
