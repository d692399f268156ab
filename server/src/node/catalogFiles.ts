// Catalog files read from disk: the bytes through safeRead (a pipe, a device or a huge file is
// refused before anything is read), the checking by catalog/load.ts, which sees text only.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MAX_CATALOG_BYTES } from '../catalog/catalogFile';
import { CatalogError, parseCatalog } from '../catalog/load';
import type { Catalog } from '../catalog/types';
import { readFailure, readTextBounded, RefusedRead } from '../safeRead';

export function loadCatalogFile(file: string): Catalog {
  let text: string;
  try {
    // A pipe or a device is refused, a huge file too, before anything is read.
    text = readTextBounded(file, { maxBytes: MAX_CATALOG_BYTES, links: 'follow' });
  } catch (err) {
    throw new CatalogError(file, '', err instanceof RefusedRead ? readFailure(err) : `cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseCatalog(text, file);
}

/** The catalogs of a folder: every `*.json` but the schema, in file-name order so the result never depends on the file system. */
export function bundledCatalogs(dir: string): Catalog[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'schema.json')
    .sort()
    .map((name) => loadCatalogFile(path.join(dir, name)));
}
