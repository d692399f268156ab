// The shape of a catalog file (catalogs/*.json), as catalogs/schema.json describes it.
// Catalog text is plain text in which `back-quoted` runs are literal names (parameters,
// values); nothing else in it has meaning, so a renderer escapes everything but those runs.

export type Locale = 'en' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

/** A text in one or more locales; at least one locale is present. */
export type LocalizedText = Partial<Record<Locale, string>>;

/** Where a response body of the service carries its error code and message. */
export interface ResponseBody {
  /** Dotted path from the body's root to the code, `[]` for "each element": `[].errorCode`, `error.code`. */
  codePath: string;
  /** The same for the human-readable message. */
  messagePath: string;
  /** Other keys the page documents beside those two, e.g. `[].detail`. */
  otherPaths?: string[];
  /** The sample body exactly as the page prints it. */
  sample: string;
  /** The source page the sample came from. */
  source: string;
}

/** A family of codes, written as a restricted pattern (catalog/family.ts lists the three forms). */
export interface Family {
  /** `SVCSTG\.SWR\.[0-9]{7}`, `[0-9]{4}` (a bare number) or `[A-Za-z][A-Za-z0-9.]*` (a name), a literal prefix (dots escaped) first. */
  pattern: string;
  /** A short human name for the family, e.g. `SWR`. */
  name: string;
}

/** One vendor page the catalog was built from. */
export interface SourcePage {
  /** Short id used by `origin` fields, e.g. `swr-en`. */
  id: string;
  /** Path of the kept copy, relative to the catalogs folder (e.g. `sources/swr-en.rst`). */
  file: string;
  locale: Locale;
  /** The page's own title or original name. */
  title: string;
  /** Where the page came from, as far as is known. */
  origin: string;
  /** The table layout the importer read. */
  layout: Layout;
  /** The page's public address: an `https:` URL (pageUrl.ts says which ones are accepted). */
  url?: string;
}

export type Layout = 'rst-grid' | 'html-table' | 'pipe-table' | 'cell-lines';
/** The page layouts the importer reads, and a catalog's sources may name. */
export const LAYOUTS: readonly Layout[] = ['rst-grid', 'html-table', 'pipe-table', 'cell-lines'];

/** A fact about an entry (or a catalog) that the vendor's data gets wrong or leaves odd. */
export type Note =
  | { kind: 'statusMismatch'; documented: number; embedded: number }
  | { kind: 'singleLocale'; locale: Locale }
  | { kind: 'descriptionDiffers'; text: LocalizedText }
  | { kind: 'foreignSample'; code: string }
  | { kind: 'editorial'; text: LocalizedText };

export interface Entry {
  code: string;
  /** Absent when the page gives none (a table without a status column). */
  httpStatus?: number;
  message: LocalizedText;
  description?: LocalizedText;
  handling?: LocalizedText;
  /**
   * Which source page each text came from: keys `message.en`, `description.zh-CN`, … → source id.
   * Left out in a catalog of one page, where every text is that page's (catalog/origin.ts): read it with originOf.
   */
  origin?: Record<string, string>;
  notes?: Note[];
}

export interface Catalog {
  $schema?: string;
  /** Stable id of the catalog, e.g. `swr`. */
  id: string;
  /** The service's name per locale. */
  service: LocalizedText;
  families: Family[];
  responseBody?: ResponseBody;
  sources: SourcePage[];
  notes?: Note[];
  codes: Entry[];
}
