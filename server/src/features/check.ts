// The one check of a document, for every door onto it: the server's open documents, the
// workspace scan's source files and the CLI's `check` all come here, so they can never
// disagree on what a file's problems are. A long text may be checked in slices, giving way
// between them (see slicedCheck.ts); a short one, or one for the terminal, in one piece.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServiceContext } from './context';
import { notCheckedDiagnostics, problemsOf, toDiagnostics, type DiagnoseOptions } from './diagnostics';
import { MAX_HITS, scanText } from '../scan/scanner';
import { checkInSlices, type SlicedCheck, type SlicedCheckOptions } from './slicedCheck';

/** What a check found: the hits, which of them are problems, and the diagnostics. */
export type Check = SlicedCheck;

export interface CheckOptions extends DiagnoseOptions {
  /**
   * Texts at least this long (characters) are checked in slices, giving way between them;
   * 0 (the default) slices every text, Infinity none. A check in one piece takes `maxProblems`.
   */
  slicedFrom?: number;
  /** How a check in slices gives way, and when its result is no longer wanted. */
  slices?: SlicedCheckOptions;
}

/**
 * The document's check; undefined when a check in slices was overtaken (the document moved
 * on, or `slices.stale` said so) before it was over.
 */
export async function check(doc: TextDocument, ctx: ServiceContext, options: CheckOptions = {}): Promise<Check | undefined> {
  if (doc.getText().length >= (options.slicedFrom ?? 0)) return checkInSlices(doc, ctx, options.slices);
  return checkWhole(doc, ctx, options);
}

/** The check in one piece, as `diagnose` gives it, with its hits and problems. */
function checkWhole(doc: TextDocument, ctx: ServiceContext, options: DiagnoseOptions = {}): Check {
  const text = doc.getText();
  if (text.length > ctx.settings.maxFileSize) return { hits: [], problems: [], diagnostics: notCheckedDiagnostics(doc, ctx), tooLarge: true };
  const all = options.maxProblems === Infinity;
  // One hit past the bound tells a document of exactly MAX_HITS codes from a longer one.
  let hits = scanText(text, doc.languageId, ctx.index, { maxHits: all ? Infinity : MAX_HITS + 1 });
  let stoppedAt: number | undefined;
  if (hits.length > MAX_HITS && !all) {
    stoppedAt = hits[MAX_HITS].start;
    hits = hits.slice(0, MAX_HITS);
  }
  const problems = problemsOf(hits, text, ctx);
  return { hits, problems, diagnostics: toDiagnostics(doc, problems, ctx, { ...options, stoppedAt }), ...(stoppedAt === undefined ? {} : { stoppedAt }) };
}
