// The one check of a document, for every door onto it: the server's open documents, the
// workspace scan's source files and the CLI's `check` all come here, so they can never
// disagree on what a file's problems are. A long text may be checked in slices, giving way
// between them (see slicedCheck.ts); a short one, or one for the terminal, in one piece.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServiceContext } from './context';
import { wholeCheck, type DiagnoseOptions } from './diagnostics';
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
  return wholeCheck(doc, ctx, options);
}
