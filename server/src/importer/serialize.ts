// Catalog files are generated and committed, so their bytes must depend only on their
// content: every object is rebuilt here with its keys in one fixed order, whatever order
// the code that made it used, and written as 2-space JSON with a final newline.
import type { Catalog, Entry, Family, LocalizedText, Note, ResponseBody, SourcePage } from '../catalog/types';
import { LOCALES } from '../catalog/types';
import { isImpliedOrigin } from '../catalog/origin';

/**
 * The `$schema` of the bundled catalogs: catalogs/schema.json is beside them. A catalog
 * imported elsewhere has no schema beside it, and no path from it to the extension's copy
 * is stable; editors validate it by its place instead (package.json's jsonValidation maps
 * `.vscode/error-codes/*.json` and `*.error-codes.json` to the schema), so it gets none.
 */
export const SCHEMA_REF = './schema.json';

export function serializeCatalog(catalog: Catalog): string {
  return `${JSON.stringify(canonicalCatalog(catalog), null, 2)}\n`;
}

export function canonicalCatalog(c: Catalog): Catalog {
  return compact({
    $schema: c.$schema,
    id: c.id,
    service: text(c.service),
    families: c.families.map(family),
    responseBody: c.responseBody && responseBody(c.responseBody),
    sources: c.sources.map(source),
    notes: c.notes?.length ? c.notes.map(note) : undefined,
    codes: c.codes.map((e) => entry(e, c)),
  });
}

function text(t: LocalizedText): LocalizedText {
  const out: LocalizedText = {};
  for (const locale of LOCALES) if (t[locale] !== undefined) out[locale] = t[locale];
  return out;
}

function family(f: Family): Family {
  return { pattern: f.pattern, name: f.name };
}

function responseBody(b: ResponseBody): ResponseBody {
  return compact({
    codePath: b.codePath,
    messagePath: b.messagePath,
    otherPaths: b.otherPaths?.length ? [...b.otherPaths] : undefined,
    sample: b.sample,
    source: b.source,
  });
}

function source(s: SourcePage): SourcePage {
  return compact({ id: s.id, file: s.file, locale: s.locale, title: s.title, origin: s.origin, layout: s.layout, url: s.url });
}

const ORIGIN_KEYS = ['message', 'description', 'handling'].flatMap((field) => LOCALES.map((l) => `${field}.${l}`));

function entry(e: Entry, c: Catalog): Entry {
  const origin: Record<string, string> = {};
  for (const key of ORIGIN_KEYS) if (e.origin?.[key] !== undefined) origin[key] = e.origin[key];
  // What the catalog's only page implies goes without saying: the loader reads it back as it was.
  const written = Object.keys(origin).length && !isImpliedOrigin(origin, e, c);
  return compact({
    code: e.code,
    httpStatus: e.httpStatus,
    message: text(e.message),
    description: e.description && text(e.description),
    handling: e.handling && text(e.handling),
    origin: written ? origin : undefined,
    notes: e.notes?.length ? e.notes.map(note) : undefined,
  });
}

function note(n: Note): Note {
  switch (n.kind) {
    case 'statusMismatch':
      return { kind: n.kind, documented: n.documented, embedded: n.embedded };
    case 'singleLocale':
      return { kind: n.kind, locale: n.locale };
    case 'foreignSample':
      return { kind: n.kind, code: n.code };
    case 'descriptionDiffers':
    case 'editorial':
      return { kind: n.kind, text: text(n.text) };
  }
}

/** Drops keys whose value is undefined, so optional parts leave no trace in the file. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
