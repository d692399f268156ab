// Test text written with a caret marker (‸) where the cursor stands, as in
// yaml-language-server's tests: `case "SVCSTG.SWR.40‸"` reads as what the user sees.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';

export const CARET = '‸';

/** Text with exactly one caret marker: the text without it, and the caret's offset and position in that text. */
export function caret(marked: string): { text: string; offset: number; position: Position } {
  const offset = marked.indexOf(CARET);
  if (offset < 0 || marked.indexOf(CARET, offset + 1) >= 0) throw new Error('test text needs exactly one caret marker');
  const text = marked.slice(0, offset) + marked.slice(offset + CARET.length);
  return { text, offset, position: TextDocument.create('file:///x', 'plaintext', 0, text).positionAt(offset) };
}
