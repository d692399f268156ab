// Waiting and reading helpers for the in-editor tests. Everything waits on an event or on a
// provider answer with a deadline; nothing sleeps for a fixed time, so a fast machine is
// fast and a slow one fails with a message saying what it was waiting for.
import * as vscode from 'vscode';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DIAGNOSTIC_SOURCE } from '../../../protocol';
import type { TestContext } from './framework';

export const EXTENSION_ID = 'error-codes.error-codes';

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Position `offset` characters into the first occurrence of `needle` (after `after`, if given). */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, after?: string): vscode.Position {
  const text = doc.getText();
  const from = after ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, from < 0 ? 0 : from);
  if (at < 0) throw new Error(`"${needle}" not found in ${path.basename(doc.uri.fsPath)}`);
  return doc.positionAt(at + offset);
}

export function rangeOf(doc: vscode.TextDocument, needle: string): vscode.Range {
  const start = positionOf(doc, needle);
  return new vscode.Range(start, start.translate(0, needle.length));
}

/** Calls `probe` until it returns something other than undefined, or fails after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000, everyMs = 150): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

/** Everybody else's diagnostics (VS Code's JSON service, for one, sets no source in 1.139). */
export function theirs(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source !== DIAGNOSTIC_SOURCE);
}

/**
 * Resolves with our diagnostics for `uri` once `accept` holds for them, checking now and on
 * every diagnostics change for that file. On time-out the message lists what there was.
 * `pick` chooses other diagnostics instead (e.g. `theirs`).
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diags: vscode.Diagnostic[]) => boolean,
  ms = 20_000,
  pick: (uri: vscode.Uri) => vscode.Diagnostic[] = ours,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diags = pick(uri);
      if (!accept(diags)) return false;
      cleanup();
      resolve(diags);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const now = vscode.languages.getDiagnostics(uri).map((d) => `${d.source}: ${d.message} @${d.range.start.line}:${d.range.start.character}`);
      reject(new Error(`timed out after ${ms / 1000} s waiting for ${what} in ${path.basename(uri.fsPath)}; diagnostics now: ${JSON.stringify(now)}`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

/**
 * Markdown as the reader sees it, near enough for `includes`: backslash escapes removed
 * (the server escapes the dots in codes) and emphasis markers dropped.
 */
export function plain(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1').replace(/(\*\*|__)/g, '');
}

export function hoverTexts(hovers: vscode.Hover[]): string[] {
  return hovers.flatMap((h) => h.contents.map((c) => plain(typeof c === 'string' ? c : c.value)));
}

export async function hoverAt(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return hoverTexts(hovers ?? []).join('\n---\n');
}

/** Polls the hover providers until the combined hover text satisfies `accept`; the server may still be starting. */
export async function waitForHover(uri: vscode.Uri, pos: vscode.Position, what: string, accept: (text: string) => boolean, ms = 20_000): Promise<string> {
  let last = '';
  try {
    return await until(
      what,
      async () => {
        last = await hoverAt(uri, pos);
        return accept(last) ? last : undefined;
      },
      ms,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last hover: ${JSON.stringify(last.slice(0, 400))}`, { cause: err });
  }
}

export interface CatalogEntry {
  code: string;
  httpStatus: number;
  message: { en?: string; 'zh-CN'?: string };
}

/** The expectations come from the catalogs themselves, so tests follow catalog updates. */
export function catalogEntry(repoRoot: string, code: string): CatalogEntry & { catalog: string } {
  const dir = path.join(repoRoot, 'catalogs');
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json') || file === 'schema.json') continue;
    const catalog = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { id: string; codes: CatalogEntry[] };
    const entry = catalog.codes.find((c) => c.code === code);
    if (entry) return { ...entry, catalog: catalog.id };
  }
  throw new Error(`${code} is in no catalog under ${dir}; the test fixtures assume it is`);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  const dot = key.indexOf('.');
  await vscode.workspace.getConfiguration(key.slice(0, dot)).update(key.slice(dot + 1), value, vscode.ConfigurationTarget.Workspace);
}

/**
 * Runs a command that shows a quick pick and resolves to its result, accepting the
 * highlighted item as soon as there is one. "Accept" with an empty list is ignored by our
 * picks, so repeating it until the command returns is safe.
 */
export async function runPickCommand<T>(command: string, ...args: unknown[]): Promise<T | undefined> {
  let finished = false;
  const result = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => (finished = true));
  await until(
    `${command} to accept an item`,
    async () => {
      if (finished) return true;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return finished ? true : undefined;
    },
    20_000,
    250,
  );
  return result;
}

/** Writes a file of the test workspace through VS Code's file service (folders made as needed). */
export async function writeWorkspaceFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

/** Deletes a file or folder of the test workspace, if it is there. */
export async function removeWorkspaceFile(name: string): Promise<void> {
  const uri = workspaceUri(name);
  const there = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  if (there) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
}

/** Reverts the named files' unsaved edits, closes every editor, and deletes the files. */
export async function discard(names: string[]): Promise<void> {
  const uris = new Set(names.map((n) => workspaceUri(n).toString()));
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || !uris.has(doc.uri.toString())) continue;
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await closeAllEditors();
  for (const n of names) await removeWorkspaceFile(n);
}

/** Files (or folders) of the test workspace a test makes: gone again however the test ends. */
export function cleanupFiles(ctx: TestContext, ...names: string[]): void {
  ctx.cleanup(() => discard(names));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

/** Children of this extension host that run the server bundle (Linux: read from /proc). */
export function serverPids(): number[] {
  if (process.platform !== 'linux') return [];
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) return [];
  const bundle = path.join(ext.extensionPath, 'dist', 'server.js');
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may contain spaces and parentheses; the fields after it do not.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      // Exactly our bundle: TypeScript's tsserver.js runs under the same host.
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(bundle)) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
