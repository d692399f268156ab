// Imported pages → a catalog: merge the pages' entries, read the families off the codes,
// work out the notes, take the response body from the page that shows one. Used both to
// build the bundled catalogs from the recipe and to fold a user's page into a catalog.
import type { Catalog, Entry, Family, LocalizedText, Note, ResponseBody, SourcePage } from '../catalog/types';
import { LOCALES } from '../catalog/types';
import { ImportError } from './errors';
import { formatFamilyPattern } from '../catalog/family';
import { deriveFamilyShapes, type FamilyShape, shapeOfCode, toFamily } from './families';
import { addNote, mergeEntries, type MergeSource } from './merge';
import { withImpliedOrigins } from '../catalog/origin';
import { applyAnnotations, withComputedNotes } from './notes';
import type { PageImport } from './page';
import { guessBodyPaths, valueAtPath } from './sample';

/** A read page together with what the catalog records about it. */
export interface SourcedPage {
  source: SourcePage;
  /** Higher wins where pages give the same field in the same locale. */
  priority: number;
  page: PageImport;
}

/** Paths given by hand win over the ones read off the sample. */
export interface ResponseBodySpec {
  /** Source id of the page whose sample to use; by default the first page that has one. */
  from?: string;
  codePath?: string;
  messagePath?: string;
  otherPaths?: string[];
}

export interface CatalogSpec {
  id: string;
  /** Only where a schema is beside the catalog (the bundled ones: SCHEMA_REF). */
  $schema?: string;
  service: LocalizedText;
  responseBody?: ResponseBodySpec;
  /** Family names by pattern, for families whose derived name (the prefix's last word) is not the right one. */
  familyNames?: Record<string, string>;
}

export interface AnnotationSet {
  file: string;
  notes: Record<string, Note[]> | undefined;
}

export function assembleCatalog(spec: CatalogSpec, pages: readonly SourcedPage[], annotations?: AnnotationSet): Catalog {
  const merged = mergeEntries([], pages.map(toMergeSource));
  const base: Catalog = { id: spec.id, service: spec.service, families: [], sources: pages.map((p) => p.source), codes: merged };
  if (spec.$schema !== undefined) base.$schema = spec.$schema;
  const body = responseBodyOf(spec, pages);
  if (body && 'unreadable' in body) {
    // A sample the page prints as broken JSON (a trailing comma, `xxxx` for values, comments) or
    // with keys that name no code and message gives no paths; the catalog says so rather than guessing.
    base.notes = [
      {
        kind: 'editorial',
        text: {
          en: `The page ${body.source} prints a sample error response body (line ${body.line}) from which no code key and message key can be read, so where they sit is not recorded.`,
        },
      },
    ];
  } else if (body) base.responseBody = body;
  return finishCatalog(base, pages, spec.familyNames ?? {}, annotations);
}

/**
 * Folds one more page (e.g. a second locale) into an existing catalog. With `pageWins`,
 * the page's texts replace the catalog's where both have one; otherwise it only fills gaps.
 */
export function mergeIntoCatalog(given: Catalog, page: SourcedPage, options: { pageWins: boolean }): Catalog {
  // Once a second page is in, a text's page is no longer implied: each says which it came from.
  const catalog = withImpliedOrigins(given);
  const source = { ...toMergeSource(page), priority: options.pageWins ? 1 : -1 };
  const codes = mergeEntries(catalog.codes, [source]);
  const sources = [...catalog.sources.filter((s) => s.id !== page.source.id), page.source];
  const next: Catalog = { ...catalog, sources, codes };
  if (!next.responseBody) {
    const body = responseBodyOf({ id: catalog.id, service: catalog.service }, [page]);
    if (body && !('unreadable' in body)) next.responseBody = body;
  }
  const names = Object.fromEntries(catalog.families.map((f) => [f.pattern, f.name]));
  return finishCatalog(next, [page], names, undefined);
}

function toMergeSource(p: SourcedPage): MergeSource {
  return { id: p.source.id, locale: p.source.locale, priority: p.priority, entries: p.page.entries };
}

function finishCatalog(catalog: Catalog, pages: readonly SourcedPage[], familyNames: Record<string, string>, annotations: AnnotationSet | undefined): Catalog {
  if (catalog.codes.length === 0) {
    // A catalog needs a family, and a family is read off codes: with no row read there is
    // nothing to write (the loader would refuse the file as having no family).
    const page = pages[0]?.page;
    const unread = page ? page.problems.length : 0;
    throw new ImportError(
      page?.file ?? catalog.id,
      page?.table.line ?? 0,
      `expected at least one row the importer can read in the table here; found none${unread ? ` (${unread} row${unread === 1 ? '' : 's'} could not be read: ${page!.problems[0].expected})` : ''}`,
    );
  }
  const shapes = familyShapes(catalog.codes, pages);
  const locales = LOCALES.filter((l) => catalog.sources.some((s) => s.locale === l));
  let codes: Entry[] = withComputedNotes(catalog.codes, shapes, locales);
  if (annotations) codes = applyAnnotations(codes, annotations.notes, annotations.file, catalog.id);
  // A family without a prefix (bare numbers, names) is named for its service: "not a known OBS error code".
  const families: Family[] = shapes.map((s) => toFamily(s, familyNames[formatFamilyPattern(s)] ?? (s.prefix === '' ? catalog.id.toUpperCase() : undefined)));
  const notes = [...(catalog.notes ?? [])];
  const foreign = foreignSampleCode(catalog.responseBody, shapes);
  if (foreign !== undefined) addNote(notes, { kind: 'foreignSample', code: foreign });
  const out: Catalog = { ...catalog, families, codes };
  if (notes.length) out.notes = notes;
  return out;
}

/** Families read off the codes; a code they cannot describe is an error at the row that has it. */
function familyShapes(codes: readonly Entry[], pages: readonly SourcedPage[]): FamilyShape[] {
  const { shapes, unsplittable } = deriveFamilyShapes(codes.map((c) => c.code));
  if (unsplittable.length) {
    const code = unsplittable[0];
    const page = pages.find((p) => p.page.entries.some((e) => e.code === code));
    const line = page?.page.entries.find((e) => e.code === code)?.line ?? 0;
    throw new ImportError(
      page?.page.file ?? 'catalog',
      line,
      `expected a code that ends in digits after a prefix (like SVCSTG.SWR.4001048 or IMG.0024), found "${code}"`,
    );
  }
  return shapes;
}

/** The body the page shows; `unreadable` when the page's sample is not JSON and nothing in the spec asked for it. */
function responseBodyOf(spec: CatalogSpec, pages: readonly SourcedPage[]): ResponseBody | { unreadable: true; source: string; line: number } | undefined {
  const wanted = spec.responseBody?.from;
  const page = wanted ? pages.find((p) => p.source.id === wanted) : pages.find((p) => p.page.sample);
  if (wanted && !page) throw new ImportError(spec.id, 0, `expected the response body's page "${wanted}" among the catalog's pages`);
  const sample = page?.page.sample;
  if (!page || !sample) {
    if (wanted) throw new ImportError(page?.page.file ?? spec.id, 0, 'expected a sample error response body (a JSON code block) on this page; found none');
    return undefined;
  }
  const guessed = guessBodyPaths(sample.text);
  const codePath = spec.responseBody?.codePath ?? guessed?.codePath;
  const messagePath = spec.responseBody?.messagePath ?? guessed?.messagePath;
  if (!codePath || !messagePath) {
    if (!spec.responseBody && !guessed) return { unreadable: true, source: page.source.id, line: sample.line };
    throw new ImportError(
      page.page.file,
      sample.line,
      'expected the sample body to be JSON with a code key and a message key (e.g. "error_code", "error_msg"), or the paths to be given in the recipe',
    );
  }
  const otherPaths = spec.responseBody?.otherPaths ?? guessed?.otherPaths ?? [];
  for (const path of [codePath, messagePath, ...otherPaths]) {
    if (valueAtPath(sample.text, path) === undefined)
      throw new ImportError(page.page.file, sample.line, `expected the sample body to have a value at "${path}"`);
  }
  const body: ResponseBody = { codePath, messagePath, sample: sample.text, source: page.source.id };
  if (otherPaths.length) body.otherPaths = otherPaths;
  return body;
}

/** The sample's code when it belongs to none of the catalog's families (the CCE page shows an `AS.0001`). */
function foreignSampleCode(body: ResponseBody | undefined, shapes: readonly FamilyShape[]): string | undefined {
  if (!body) return undefined;
  const code = valueAtPath(body.sample, body.codePath);
  if (typeof code !== 'string' || code === '') return undefined;
  return shapeOfCode(code, shapes) ? undefined : code;
}
