// Which source page each text of an entry came from. In a catalog of one page every text is
// necessarily that page's, so its entries may leave `origin` out: the importer writes it only
// where it says more than that. In the bundled catalogs such maps were 660 KB of 3.9 MB, and
// about half of the time JSON.parse took over them at the server's start.
import type { Catalog, Entry, LocalizedText } from './types';
import { LOCALES } from './types';

const FIELDS = ['message', 'description', 'handling'] as const;

/**
 * The origin an entry without one has: every text it holds is from the catalog's only page.
 * Undefined when the catalog has several pages (or none): then nothing is implied.
 */
export function impliedOrigin(entry: Entry, catalog: Catalog): Record<string, string> | undefined {
  if (catalog.sources.length !== 1) return undefined;
  const id = catalog.sources[0].id;
  const origin: Record<string, string> = {};
  for (const field of FIELDS) {
    const text: LocalizedText | undefined = entry[field];
    if (text) for (const locale of LOCALES) if (text[locale] !== undefined) origin[`${field}.${locale}`] = id;
  }
  return origin;
}

/** The entry's origin as written, or the one its catalog implies; empty when neither says. */
export function originOf(entry: Entry, catalog: Catalog): Readonly<Record<string, string>> {
  return entry.origin ?? impliedOrigin(entry, catalog) ?? {};
}

/** Does this origin say no more than the catalog implies (so a file may leave it out and lose nothing)? */
export function isImpliedOrigin(origin: Readonly<Record<string, string>>, entry: Entry, catalog: Catalog): boolean {
  const implied = impliedOrigin(entry, catalog);
  if (!implied) return false;
  const keys = Object.keys(origin);
  return keys.length === Object.keys(implied).length && keys.every((k) => origin[k] === implied[k]);
}

/** The catalog with the implied origin written out on every entry that has none (a new object where one is added). */
export function withImpliedOrigins(catalog: Catalog): Catalog {
  if (catalog.sources.length !== 1 || catalog.codes.every((e) => e.origin)) return catalog;
  return { ...catalog, codes: catalog.codes.map((e) => (e.origin ? e : { ...e, origin: impliedOrigin(e, catalog) })) };
}
