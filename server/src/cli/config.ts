// The command line reads the same settings the editor does, from the same files, so the
// two agree. In order, each overriding the one before:
//   1. the defaults;
//   2. `.vscode/settings.json` of the project (its `errorCodes.*` keys; comments allowed);
//   3. `.error-codes.json` of the project (the same keys, with or without the `errorCodes.` prefix);
//   4. `--config FILE`, when given, in place of 3.
// The project is the nearest folder at or above the working directory holding one of them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node as JsonNode, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { isPrototypeKey, ownValue } from '../catalog/guards';
import type { Settings } from '../../../protocol';
import { LinkRule, readFailure, readTextBounded } from '../safeRead';
import { foldFlatSettings, normaliseSettings } from '../settings';

export interface ResolvedConfig {
  /** The project folder: relative catalog paths and `.vscode/error-codes/` are found from here. */
  root: string;
  settings: Settings;
  /** The files read, in the order they were applied. */
  files: string[];
  /** What was wrong in them; broken values fall back to defaults. */
  problems: string[];
  /**
   * Whether `errorCodes.catalogs` in force was written by the project's own files (a repository
   * being checked) rather than by the user's `--config`: a project may name only files inside it,
   * or a pull request could have CI read a secret and print part of it in a catalog error.
   */
  catalogsFromProject: boolean;
}

export class ConfigError extends Error {}

/** A settings file is a few kilobytes: a larger one is not read. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Reads a JSON-with-comments file; a syntax error names the file, line and column. A key
 * such as `__proto__` is left out of the value and named in `problems`: jsonc-parser's own
 * `parse` would make it the object's prototype, and what a prototype holds is read as if the
 * file had said it. `links` and `projectRoot` say where a link may lead (see safeRead).
 */
function readJsonc(file: string, problems: string[] = [], links: LinkRule = 'follow', projectRoot?: string): unknown {
  let text: string;
  try {
    text = readTextBounded(file, { maxBytes: MAX_CONFIG_BYTES, links, root: projectRoot });
  } catch (err) {
    throw new ConfigError(`${file}: ${readFailure(err)}`);
  }
  const place = (offset: number) => {
    const before = text.slice(0, offset);
    return `${file}:${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
  };
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (err) {
    // The parser recurses: a file nested many thousands deep runs it out of stack.
    if (err instanceof RangeError) throw new ConfigError(`${file}: nested too deeply to be settings`);
    throw err;
  }
  if (errors.length) throw new ConfigError(`${place(errors[0].offset)}: ${printParseErrorCode(errors[0].error)}`);
  if (!root) return undefined;
  const valueOf = (node: JsonNode): unknown => {
    if (node.type === 'array') return (node.children ?? []).map(valueOf);
    if (node.type !== 'object') return node.value;
    const out: Record<string, unknown> = {};
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      const name = String(key.value);
      if (isPrototypeKey(name)) problems.push(`${place(key.offset)}: the key "${name}" is not a setting (it names the prototype of every object); ignored`);
      else out[name] = valueOf(value);
    }
    return out;
  };
  try {
    return valueOf(root);
  } catch (err) {
    if (err instanceof RangeError) throw new ConfigError(`${file}: nested too deeply to be settings`);
    throw err;
  }
}

function findProjectRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.error-codes.json')) || fs.existsSync(path.join(dir, '.vscode', 'settings.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

export function resolveConfig(cwd: string, configFile?: string): ResolvedConfig {
  const root = findProjectRoot(cwd);
  const files: string[] = [];
  const fileProblems: string[] = [];
  let merged: Record<string, unknown> = {};
  let catalogsFromProject = false;
  const apply = (file: string, prefixOptional: boolean, links: LinkRule) => {
    // The project's own files may link only within it; a file named with --config is the user's choice.
    const raw = readJsonc(file, fileProblems, links, root);
    if (raw === undefined || raw === null) return;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: expected a JSON object of settings`);
    const entries = Object.entries(raw as Record<string, unknown>).map(
      ([k, v]) => [prefixOptional && !k.startsWith('errorCodes') ? `errorCodes.${k}` : k, v] as const,
    );
    const folded = foldFlatSettings(Object.fromEntries(entries), fileProblems, file);
    if (Object.hasOwn(folded, 'catalogs')) catalogsFromProject = links !== 'follow';
    merged = deepMerge(merged, folded);
    files.push(file);
  };
  const vscodeSettings = path.join(root, '.vscode', 'settings.json');
  if (fs.existsSync(vscodeSettings)) apply(vscodeSettings, false, 'within');
  const project = configFile ? path.resolve(cwd, configFile) : path.join(root, '.error-codes.json');
  if (configFile || fs.existsSync(project)) apply(project, true, configFile ? 'follow' : 'within');
  const { settings, problems } = normaliseSettings(merged);
  return { root, settings, files, problems: [...fileProblems, ...problems], catalogsFromProject };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  // Spread and entries copy own keys as plain data; the assignment below must never be given a
  // prototype key (folding leaves them out, this is the second lock).
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (isPrototypeKey(k)) continue;
    const prev = ownValue(out, k);
    out[k] = isPlain(prev) && isPlain(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
