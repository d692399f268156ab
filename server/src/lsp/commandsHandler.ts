// Commands the client runs on the server: "Add to the workspace catalog" (the quick fix for
// an unknown code), which edits `.vscode/error-codes/workspace.json` through the editor.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageType } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_CATALOG_BYTES } from '../catalog/catalogFile';
import { WORKSPACE_CATALOG_DIR } from '../catalogStore';
import { addableCodeProblem, addCodeToCatalog } from '../features/addToCatalog';
import { ADD_TO_CATALOG_COMMAND } from '../../../protocol';
import { readTextBounded, RefusedRead } from '../safeRead';
import { writeRefusal } from '../safeWrite';
import type { CatalogHandler } from './catalogHandler';
import { filePathOf, type ServerState } from './state';

export const COMMANDS = [ADD_TO_CATALOG_COMMAND];

export class CommandsHandler {
  constructor(
    private readonly state: ServerState,
    private readonly catalogs: CatalogHandler,
  ) {
    state.connection.onExecuteCommand(async (params) => {
      if (params.command !== ADD_TO_CATALOG_COMMAND) return;
      const [code, docUri] = (params.arguments ?? []) as [unknown, unknown];
      if (typeof docUri !== 'string') return;
      await this.addToCatalog(code, docUri);
    });
  }

  private async addToCatalog(code: unknown, docUri: string): Promise<void> {
    const { connection, store, documents, folders } = this.state;
    const notAddable = addableCodeProblem(code, store.index);
    if (notAddable || typeof code !== 'string') {
      this.state.notify(MessageType.Error, `Error Codes: cannot add this code to the workspace catalog: ${notAddable}.`);
      return;
    }
    const docPath = filePathOf(docUri);
    const folder = folders.find((f) => docPath?.startsWith(f.path + path.sep)) ?? folders[0];
    if (!folder) {
      this.state.notify(MessageType.Warning, 'Error Codes: open a folder to keep a workspace catalog in it.');
      return;
    }
    const file = path.join(folder.path, WORKSPACE_CATALOG_DIR, 'workspace.json');
    const uri = pathToFileURL(file).href;
    // The editor writes the edit below wherever a planted link leads, and a FIFO there would hang
    // the read: the workspace's own files are looked at first, never through a link.
    const unwritable = writeRefusal(file, folder.path);
    if (unwritable) {
      this.state.notify(MessageType.Error, `Error Codes: ${file}: ${unwritable}; ${code} was not added.`);
      return;
    }
    const open = documents.get(uri);
    let existing: string | undefined = open?.getText();
    if (existing === undefined) {
      try {
        existing = readTextBounded(file, { maxBytes: MAX_CATALOG_BYTES, links: 'within', root: folder.path });
      } catch (err) {
        if (err instanceof RefusedRead) {
          this.state.notify(MessageType.Error, `Error Codes: ${file}: ${err.reason}`);
          return;
        }
        // Not there yet (ENOENT), or unreadable (which the edit will then meet): the catalog is created afresh.
        existing = undefined;
      }
    }
    const addition = addCodeToCatalog(existing, code, store.index);
    if (addition === 'present') {
      await connection.window.showDocument({ uri, takeFocus: true });
      return;
    }
    if (!addition) {
      this.state.notify(MessageType.Error, `Error Codes: ${file} does not parse as a catalog; fix it before adding ${code}.`);
      return;
    }
    // Replace exactly the old text (jsonc-parser kept every byte of it but the insertions).
    const before = TextDocument.create(uri, 'json', 0, existing ?? '');
    const whole = { start: { line: 0, character: 0 }, end: before.positionAt((existing ?? '').length) };
    const create = existing === undefined ? [{ kind: 'create' as const, uri, options: { ignoreIfExists: true } }] : [];
    const applied = await connection.workspace.applyEdit({
      label: `Add ${code} to the workspace catalog`,
      edit: { documentChanges: [...create, { textDocument: { uri, version: open?.version ?? null }, edits: [{ range: whole, newText: addition.text }] }] },
    });
    if (!applied.applied) return;
    const at = TextDocument.create(uri, 'json', 0, addition.text);
    await connection.window.showDocument({
      uri,
      takeFocus: true,
      selection: { start: at.positionAt(addition.selection.start), end: at.positionAt(addition.selection.end) },
    });
    void this.catalogs.refresh();
  }
}
