// The text near a place in a document, for readers that look only so far (hover, completion).
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * The document's text from `reach` characters before `offset` to `reach` after (to either end
 * of the document when nearer), and where it starts. A reader that looks no further than
 * `reach - 1` from `offset` finds in it what it finds in the whole text, offsets moved by
 * `base`: the server's open documents are kept in pieces (server/src/document.ts), and their
 * whole text costs a copy of it at each version.
 */
export function textAround(doc: TextDocument, offset: number, reach: number): { text: string; base: number } {
  // A position cannot stand between a CR and its LF: an end may come one character nearer.
  const start = doc.positionAt(offset - reach);
  const end = doc.positionAt(offset + reach);
  return { text: doc.getText({ start, end }), base: doc.offsetAt(start) };
}
