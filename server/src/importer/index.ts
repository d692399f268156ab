// The importer's public face, for build-catalogs today and for a user-facing
// `import PAGE --service ID` later: read a page, look at what was read, fold it into a catalog.
export { ImportError } from './errors';
export type { Cell, ParsedTable, TableRow } from './table';
export { LAYOUTS, MAX_PAGE_BYTES, detectLayout, importPage, parseTables } from './page';
export type { ImportPageOptions, PageImport, TableRead } from './page';
export { COLUMN_KINDS, columnKindOf, guessColumns } from './columns';
export type { ColumnKind, ColumnMap } from './columns';
export { TEXT_FIELDS, requireNoProblems, tableToEntries } from './entries';
export type { PageEntry, RowProblem, RowProblemReason, TableEntries, TextField } from './entries';
export { findSampleBody, guessBodyPaths } from './sample';
export type { BodyPaths, SampleBody } from './sample';
export { deriveFamilyShapes, embeddedStatus } from './families';
export { splitCatalogCode } from '../shapes/codeParts';
export type { FamilyShape } from './families';
export { BASE_PRIORITY, mergeEntries } from './merge';
export type { MergeSource } from './merge';
export { applyAnnotations, parseAnnotations, withComputedNotes } from './notes';
export type { Annotations } from './notes';
export { assembleCatalog, mergeIntoCatalog } from './catalog';
export type { AnnotationSet, CatalogSpec, ResponseBodySpec, SourcedPage } from './catalog';
export { canonicalCatalog, SCHEMA_REF, serializeCatalog } from './serialize';
export { checkAnnotations, parseRecipe, recipeCatalog, sourcedPage } from './recipe';
export type { Recipe, RecipeCatalog, RecipePage } from './recipe';
