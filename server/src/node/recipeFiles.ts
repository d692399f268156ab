// The bundled catalogs rebuilt on disk: the recipe, the annotations and the pages read from
// catalogs/sources/, built in memory by importer/recipe.ts, then written all or none, so a
// bad page leaves every catalog file as it was.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatManifest, MANIFEST_FILE } from '../catalog/manifest';
import type { Catalog } from '../catalog/types';
import { ImportError } from '../importer/errors';
import { type Annotations, parseAnnotations } from '../importer/notes';
import { MAX_PAGE_BYTES } from '../importer/page';
import { checkAnnotations, parseRecipe, RECIPE_FILE, recipeCatalog, type RecipePage, sourcedPage } from '../importer/recipe';
import type { SourcedPage } from '../importer/catalog';
import { readTextBounded } from '../safeRead';
import { stageWrite, type StagedWrite } from '../safeWrite';

export interface BuiltCatalog {
  id: string;
  /** Absolute path of the catalog file. */
  path: string;
  catalog: Catalog;
  text: string;
}

/** Builds every catalog the recipe in `<catalogsDir>/sources/` names, without writing anything. */
export function buildCatalogs(catalogsDir: string): BuiltCatalog[] {
  const sourcesDir = path.join(catalogsDir, 'sources');
  const recipeFile = path.join(sourcesDir, RECIPE_FILE);
  const recipe = parseRecipe(readText(recipeFile), recipeFile);
  let annotations: Annotations = {};
  let annotationsFile = '';
  if (recipe.annotations) {
    annotationsFile = path.join(sourcesDir, recipe.annotations);
    annotations = parseAnnotations(readText(annotationsFile), annotationsFile);
    checkAnnotations(recipe, annotations, annotationsFile);
  }
  return recipe.catalogs.map((spec) => {
    const pages = spec.pages.map((p) => readPage(p, sourcesDir, catalogsDir));
    const { catalog, text } = recipeCatalog(spec, pages, annotations, annotationsFile);
    return { id: spec.id, path: path.join(catalogsDir, `${spec.id}.json`), catalog, text };
  });
}

function readPage(p: RecipePage, sourcesDir: string, catalogsDir: string): SourcedPage {
  const file = path.join(sourcesDir, p.file);
  return sourcedPage(p, readText(file), file, path.relative(catalogsDir, file).split(path.sep).join('/'));
}

function readText(file: string): string {
  try {
    return readTextBounded(file, { maxBytes: MAX_PAGE_BYTES, links: 'follow' });
  } catch (err) {
    throw new ImportError(file, 0, `expected a readable file: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A generated file other than a catalog: the manifest. */
interface BuiltFile {
  path: string;
  text: string;
}

/** The manifest of the built catalogs (catalog/manifest.ts), in the order they are read: by file name. */
export function builtManifest(catalogsDir: string, built: readonly BuiltCatalog[]): BuiltFile {
  const files = built.map((b) => ({ file: path.basename(b.path), catalog: b.catalog })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { path: path.join(catalogsDir, MANIFEST_FILE), text: formatManifest(files) };
}

/** The generated files whose committed bytes differ from a fresh build (missing files included). */
export function staleCatalogs<T extends BuiltFile>(built: readonly T[]): T[] {
  return built.filter((b) => {
    let committed: string;
    try {
      committed = readFileSync(b.path, 'utf8');
    } catch (err) {
      // A file that cannot be read (a system error: missing, ENOENT, most often; a folder or an
      // unreadable file in its place) is not the build: stale, and writing it says what is in the way.
      if ((err as NodeJS.ErrnoException).code !== undefined) return true;
      throw err;
    }
    return committed !== b.text;
  });
}

/**
 * Writes every built catalog. All are first staged in temporary files beside their targets,
 * then renamed over them, so a failed write (or a target that is a link, a special or a
 * read-only file) leaves every catalog as it was.
 */
export function writeCatalogs(built: readonly BuiltFile[]): void {
  const staged: StagedWrite[] = [];
  try {
    for (const b of built) staged.push(stageWrite(b.path, b.text));
  } catch (err) {
    for (const s of staged) s.abort();
    throw err;
  }
  // A target changed between staging and renaming stops the rest: those not yet renamed stay as they were.
  for (let i = 0; i < staged.length; i++) {
    try {
      staged[i].commit();
    } catch (err) {
      for (const s of staged.slice(i + 1)) s.abort();
      throw err;
    }
  }
}
