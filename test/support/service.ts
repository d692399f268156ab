// The language service in process, for tests of the pure core: the real bundled catalogs, a
// service context, and documents written inline, with a caret marker (‸) where the cursor stands.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogIndex, type IndexedEntry } from '../../server/src/catalog/index';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import type { ServiceContext } from '../../server/src/features/context';
import { DEFAULT_SETTINGS, Settings } from '../../protocol';
import { caret } from './caret';
import { CATALOG_DIR } from './root';

let cached: CatalogIndex | undefined;
export function realIndex(): CatalogIndex {
  cached ??= new CatalogIndex(bundledCatalogs(CATALOG_DIR).map((catalog) => ({ catalog, origin: 'bundled' })));
  return cached;
}

/**
 * The bundled entries whose codes are told from other text by their shape (a prefix, then digits).
 * Bare numbers and names are recognised only in code fields, so properties of the shape scanner
 * are stated over these.
 */
export function shapeEntries(): IndexedEntry[] {
  return [...realIndex().entries()].filter((e) => e.family.kind === 'digits');
}

export function context(overrides: Partial<Settings> = {}, displayLanguage = 'en'): ServiceContext {
  const settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), ...overrides };
  return { index: realIndex(), settings, displayLanguage };
}

/** A document from text holding one caret marker; returns the document and the caret's position. */
export function withCaret(text: string, languageId = 'typescript', uri = `file:///test.${languageId}`) {
  const { text: clean, offset } = caret(text);
  const doc = TextDocument.create(uri, languageId, 1, clean);
  return { doc, position: doc.positionAt(offset), offset };
}

export function document(text: string, languageId = 'typescript', uri = `file:///test.${languageId}`): TextDocument {
  return TextDocument.create(uri, languageId, 1, text);
}
