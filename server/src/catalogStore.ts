// The catalogs in force for a server or a CLI run: the bundled ones, read from the
// `catalogs` folder beside `dist/`, indexed once.
import * as path from 'node:path';
import { CatalogIndex, LoadedCatalog } from './catalog/index';
import { bundledCatalogs } from './catalog/load';

/** `catalogs/` next to the folder holding the running bundle (dist/server.js → catalogs/). */
export function defaultCatalogDir(): string {
  return process.env.ERROR_CODES_CATALOGS || path.join(__dirname, '..', 'catalogs');
}

export class CatalogStore {
  loaded: LoadedCatalog[] = [];
  index = new CatalogIndex([]);
  /** Untrusted workspaces do not get their own catalogs loaded. */
  workspaceTrusted = true;

  constructor(private readonly report: (message: string) => void, private readonly dir = defaultCatalogDir()) {}

  load(): void {
    try {
      this.loaded = bundledCatalogs(this.dir).map((catalog) => ({ catalog, origin: 'bundled' }));
    } catch (err) {
      this.report(`Error Codes: could not read the bundled catalogs in ${this.dir}: ${err instanceof Error ? err.message : String(err)}`);
      this.loaded = [];
    }
    this.index = new CatalogIndex(this.loaded);
    for (const p of this.index.problems) this.report(`Error Codes: ${p}`);
  }
}
