// The bundled catalogs are rebuilt from catalogs/sources/ as a recipe file describes: which
// pages feed which catalog, in which locale and with which priority. Text in, catalogs out:
// reading the pages and writing the catalogs is node/recipeFiles.ts's.
import type { Catalog, Layout, LocalizedText, Note, SourcePage } from '../catalog/types';
import { prototypeKeyOf } from '../catalog/guards';
import { parseJson } from '../catalog/json';
import { pageUrlProblem, quotedUrl, URL_EXPECTED } from '../catalog/pageUrl';
import { LOCALES } from '../catalog/types';
import { type CatalogSpec, type ResponseBodySpec, type SourcedPage, assembleCatalog } from './catalog';
import { requireNoProblems, ROW_PROBLEM_REASONS, type RowProblemReason } from './entries';
import { ImportError } from './errors';
import type { Annotations } from './notes';
import { LAYOUTS, importPage } from './page';
import { SCHEMA_REF, serializeCatalog } from './serialize';

export const RECIPE_FILE = 'recipe.json';

export interface RecipePage {
  id: string;
  /** Relative to the sources folder. */
  file: string;
  locale: SourcePage['locale'];
  priority: number;
  title: string;
  origin: string;
  /** Only when detection would guess wrong. */
  layout?: Layout;
  /** The page's public address (https only), carried into the catalog's sources for links. */
  url?: string;
  /**
   * The rows of the page the importer cannot read, each a mistake of the page a reader has
   * looked at (codes run together, a sentence in the code column): the build stops on any
   * other, and on one listed here that is read after all, so no row is lost unseen.
   */
  unread?: UnreadRow[];
}

interface UnreadRow {
  line: number;
  reason: RowProblemReason;
}

export interface RecipeCatalog extends CatalogSpec {
  pages: RecipePage[];
}

export interface Recipe {
  /** Annotations file, relative to the sources folder. */
  annotations?: string;
  catalogs: RecipeCatalog[];
}

/** Refuses annotations for a catalog the recipe does not build (a typo in a catalog id would lose them). */
export function checkAnnotations(recipe: Recipe, annotations: Annotations, annotationsFile: string): void {
  const unknown = Object.keys(annotations).find((id) => !recipe.catalogs.some((c) => c.id === id));
  if (unknown) throw new ImportError(annotationsFile, 0, `expected annotations for catalogs of the recipe; there is no catalog "${unknown}"`);
}

/**
 * A recipe page imported from its text: `file` is where the text came from (for errors),
 * `sourceFile` how the catalog names it (relative to the catalogs folder, with `/`).
 */
export function sourcedPage(p: RecipePage, text: string, file: string, sourceFile: string): SourcedPage {
  const page = importPage(text, file, p.layout ? { layout: p.layout } : {});
  // The bundled catalogs must hold every documented row: a row the importer cannot read stops the
  // build unless the recipe names it, with its reason; a named row that is read stops it too.
  const unread = p.unread ?? [];
  const unexpected = page.problems.filter((q) => !unread.some((u) => u.line === q.line && u.reason === q.reason));
  requireNoProblems({ problems: unexpected });
  const stale = unread.find((u) => !page.problems.some((q) => q.line === u.line && q.reason === u.reason));
  if (stale)
    throw new ImportError(
      file,
      stale.line,
      `expected the row the recipe lists as unread (${stale.reason}) to be unread; it is read now: remove it from the recipe`,
    );
  const source: SourcePage = {
    id: p.id,
    file: sourceFile,
    locale: p.locale,
    title: p.title,
    origin: p.origin,
    layout: page.layout,
  };
  if (p.url !== undefined) source.url = p.url;
  return { source, priority: p.priority, page };
}

/** One catalog of the recipe from its imported pages, and its text as the catalog file holds it. */
export function recipeCatalog(
  spec: RecipeCatalog,
  pages: readonly SourcedPage[],
  annotations: Annotations,
  annotationsFile: string,
): { catalog: Catalog; text: string } {
  const catalog = assembleCatalog({ ...spec, $schema: SCHEMA_REF }, pages, { file: annotationsFile, notes: annotations[spec.id] });
  // A row the recipe lets go unread is said in the catalog itself, where a reader of the catalog looks.
  const unread: Note[] = pages.flatMap((p) =>
    p.page.problems.map((q): Note => ({ kind: 'editorial', text: { en: `Line ${q.line} of the page ${p.source.id} is not in this catalog: ${q.expected}.` } })),
  );
  if (unread.length) catalog.notes = [...(catalog.notes ?? []), ...unread];
  return { catalog, text: serializeCatalog(catalog) };
}

/** Checks the recipe's shape; the recipe is data, and a typo in it must say where it is. */
export function parseRecipe(text: string, file: string): Recipe {
  const json = parseJson(text);
  if (json.problem !== undefined) throw new ImportError(file, 0, json.problem);
  const data = json.value;
  const fail = (where: string, expected: string): never => {
    throw new ImportError(file, 0, `${where}: expected ${expected}`);
  };
  if (!isRecord(data)) return fail('recipe', 'an object with "catalogs"');
  if (data.annotations !== undefined && typeof data.annotations !== 'string') fail('annotations', 'a file name');
  if (!Array.isArray(data.catalogs) || data.catalogs.length === 0) return fail('catalogs', 'a non-empty array');
  const ids = new Set<string>();
  const catalogs = data.catalogs.map((c: unknown, i: number): RecipeCatalog => {
    const where = `catalogs[${i}]`;
    if (!isRecord(c)) return fail(where, 'an object');
    if (typeof c.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(c.id)) return fail(`${where}.id`, 'a lower-case id such as "swr"');
    if (ids.has(c.id)) fail(`${where}.id`, `a unique id; "${c.id}" is used twice`);
    ids.add(c.id);
    const service = localized(c.service, `${where}.service`, fail);
    if (!Array.isArray(c.pages) || c.pages.length === 0) return fail(`${where}.pages`, 'a non-empty array');
    const pageIds = new Set<string>();
    const pages = c.pages.map((p: unknown, j: number) => {
      const page = recipePage(p, `${where}.pages[${j}]`, fail, c.id as string);
      if (pageIds.has(page.id)) fail(`${where}.pages[${j}].id`, `a unique id; "${page.id}" is used twice`);
      pageIds.add(page.id);
      return page;
    });
    const spec: RecipeCatalog = { id: c.id, service, pages };
    if (c.responseBody !== undefined) {
      spec.responseBody = responseBodySpec(c.responseBody, `${where}.responseBody`, fail);
      const from = spec.responseBody.from;
      if (from !== undefined && !pageIds.has(from)) fail(`${where}.responseBody.from`, `the id of one of the catalog's pages, not "${from}"`);
    }
    if (c.familyNames !== undefined) {
      if (!isRecord(c.familyNames) || !Object.values(c.familyNames).every((v) => typeof v === 'string'))
        fail(`${where}.familyNames`, 'an object: pattern → name');
      const key = prototypeKeyOf(c.familyNames as object);
      if (key !== undefined) fail(`${where}.familyNames`, `family patterns as keys, not "${key}" (it names the prototype of every object)`);
      // Looked up by pattern: without a prototype, a pattern finds only a name the recipe gives.
      spec.familyNames = Object.assign(Object.create(null) as Record<string, string>, c.familyNames);
    }
    return spec;
  });
  return { ...(typeof data.annotations === 'string' ? { annotations: data.annotations } : {}), catalogs };
}

type Fail = (where: string, expected: string) => never;

function recipePage(p: unknown, where: string, fail: Fail, catalogId: string): RecipePage {
  if (!isRecord(p)) return fail(where, 'an object');
  if (typeof p.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(p.id)) fail(`${where}.id`, 'a lower-case id such as "swr-en"');
  if (typeof p.file !== 'string' || p.file === '' || isAbsolutePath(p.file) || p.file.split(/[\\/]/).includes('..')) {
    fail(`${where}.file`, 'a file name inside the sources folder');
  }
  if (!(LOCALES as readonly unknown[]).includes(p.locale)) fail(`${where}.locale`, `one of ${LOCALES.join(', ')}`);
  if (typeof p.priority !== 'number' || !Number.isInteger(p.priority) || p.priority < 1) fail(`${where}.priority`, 'a whole number from 1 (higher wins)');
  if (typeof p.title !== 'string' || p.title === '') fail(`${where}.title`, 'the page title');
  if (typeof p.origin !== 'string' || p.origin === '') fail(`${where}.origin`, 'where the page came from');
  if (p.layout !== undefined && !(LAYOUTS as readonly unknown[]).includes(p.layout)) fail(`${where}.layout`, `one of ${LAYOUTS.join(', ')}`);
  if (p.url !== undefined) {
    // Checked here as the loader checks it: a bad address must stop the build, not every editor that loads the catalog.
    const problem = typeof p.url === 'string' ? pageUrlProblem(p.url) : 'it is not a text';
    if (problem !== undefined)
      fail(
        `${where}.url (catalog ${catalogId}, page ${p.id as string})`,
        `${URL_EXPECTED}, found ${typeof p.url === 'string' ? quotedUrl(p.url) : 'something else'}: ${problem}`,
      );
  }
  const page: RecipePage = {
    id: p.id as string,
    file: p.file as string,
    locale: p.locale as RecipePage['locale'],
    priority: p.priority as number,
    title: p.title as string,
    origin: p.origin as string,
  };
  if (p.layout !== undefined) page.layout = p.layout as Layout;
  if (p.unread !== undefined) {
    if (!Array.isArray(p.unread)) return fail(`${where}.unread`, 'an array of { "line": N, "reason": "..." }');
    page.unread = p.unread.map((u: unknown, k: number) => {
      const at = `${where}.unread[${k}]`;
      if (!isRecord(u) || typeof u.line !== 'number' || !Number.isInteger(u.line) || u.line < 1) return fail(`${at}.line`, 'a line number of the page');
      if (typeof u.reason !== 'string' || !ROW_PROBLEM_REASONS.includes(u.reason as RowProblemReason))
        return fail(`${at}.reason`, `one of ${ROW_PROBLEM_REASONS.join(', ')}`);
      return { line: u.line, reason: u.reason as RowProblemReason };
    });
  }
  if (p.url !== undefined) page.url = p.url as string;
  return page;
}

function responseBodySpec(value: unknown, where: string, fail: Fail): ResponseBodySpec {
  if (!isRecord(value)) return fail(where, 'an object');
  for (const key of ['from', 'codePath', 'messagePath'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') fail(`${where}.${key}`, 'a string');
  }
  if (value.otherPaths !== undefined && !(Array.isArray(value.otherPaths) && value.otherPaths.every((v) => typeof v === 'string'))) {
    fail(`${where}.otherPaths`, 'an array of strings');
  }
  return value as ResponseBodySpec;
}

function localized(value: unknown, where: string, fail: Fail): LocalizedText {
  if (!isRecord(value) || Object.keys(value).length === 0) return fail(where, 'a text per locale');
  for (const [k, v] of Object.entries(value)) {
    if (!(LOCALES as readonly string[]).includes(k) || typeof v !== 'string' || v === '')
      fail(`${where}.${k}`, `a non-empty text under a locale (${LOCALES.join(', ')})`);
  }
  return value as LocalizedText;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A file name that starts at a root on any system (`/x`, `\\x`, `C:x`, `C:\\x`): the recipe is
 * read the same on every system, so a name Windows would take as absolute is refused on Linux too.
 */
function isAbsolutePath(file: string): boolean {
  return /^(?:[\\/]|[A-Za-z]:)/.test(file);
}
