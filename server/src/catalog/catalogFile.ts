// A user's catalog file, JSON or YAML, read with positions: every problem, a syntax error
// or a value of the wrong shape, comes back with the file, the line and what is wrong, so
// the editor can put it on the very spot and the command line can print it.
import { findNodeAtLocation, getNodeValue, Node as JsonNode, parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';
import { isNode, parseDocument } from 'yaml';
import { CatalogError, catalogFromData } from './load';
import type { Catalog } from './types';

interface TextRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface CatalogFileProblem {
  file: string;
  /** One line: what is wrong and where, e.g. `codes[3].httpStatus: expected an integer from 100 to 599, found "404"`. */
  message: string;
  range: TextRange;
}

type ParsedCatalogFile = { catalog: Catalog; problem?: undefined } | { catalog?: undefined; problem: CatalogFileProblem };

/** Larger catalog files are refused before parsing: a catalog of every code of a big cloud is far smaller. */
export const MAX_CATALOG_BYTES = 20 * 1024 * 1024;
/** A catalog is six levels deep at most; far deeper nesting is refused before parsing (the parsers recurse). */
const MAX_CATALOG_DEPTH = 64;
const MAX_MESSAGE = 500;

/**
 * A problem's text as the user will see it, perhaps in a notification that turns `[text](command:…)`
 * into a link, or in a terminal: control characters written as escapes, link syntax broken
 * apart, and no longer than a few lines (a problem may quote the file).
 */
export function readableProblem(message: string): string {
  const plain = message
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\n/g, ' ')
    .replace(/\]\(/g, '] (');
  return plain.length > MAX_MESSAGE ? `${plain.slice(0, MAX_MESSAGE - 3)}...` : plain;
}

function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/** Offsets to UTF-16 line/character positions, as LSP counts them. */
function positions(text: string) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number) => {
    // The parsers may point one past the end (an unterminated YAML quote): keep positions in the text.
    offset = Math.min(Math.max(offset, 0), text.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  };
}

/** `codes[3] (IMG.0004).message.en` → ['codes', 3, 'message', 'en'] (the code in brackets is for people). */
function pathOf(where: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of where.replace(/ \([^)]*\)/g, '').matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export function parseCatalogFile(text: string, file: string): ParsedCatalogFile {
  const at = positions(text);
  const problem = (message: string, start: number, end: number): ParsedCatalogFile => ({
    problem: { file, message: readableProblem(message), range: { start: at(start), end: at(Math.max(end, start)) } },
  });
  if (text.length > MAX_CATALOG_BYTES) return problem(`larger than ${MAX_CATALOG_BYTES} bytes: not read`, 0, 0);
  const deep = tooDeepAt(text);
  if (deep >= 0) return problem(`nested more than ${MAX_CATALOG_DEPTH} levels deep: not read (a catalog needs six)`, deep, deep + 1);
  try {
    return isYamlFile(file) ? parseYaml(text, file, problem) : parseJson(text, file, problem);
  } catch (err) {
    // Whatever the pre-checks missed (nesting in a form they do not count) ends here, not in the caller.
    if (err instanceof RangeError) return problem(`too deeply nested or too large to read: ${err.message}`, 0, 0);
    throw err;
  }
}

/**
 * Where brackets (`[`, `{`, outside strings) first nest deeper than MAX_CATALOG_DEPTH, or -1: one
 * linear pass, so 100,000 nested arrays are refused at once instead of running the parser out of stack.
 * Quoted strings of JSON and YAML are skipped; anything it miscounts is still caught after parsing.
 */
function tooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123) {
      if (++depth > MAX_CATALOG_DEPTH) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  return -1;
}

type Problem = (message: string, start: number, end: number) => ParsedCatalogFile;

function shapeProblem(err: unknown, locate: (path: (string | number)[]) => [number, number], problem: Problem): ParsedCatalogFile {
  if (!(err instanceof CatalogError)) throw err;
  // A missing key has no node: point at the nearest thing that exists on its path.
  let path = pathOf(err.where);
  let span = locate(path);
  while (span[0] < 0 && path.length > 0) {
    path = path.slice(0, -1);
    span = locate(path);
  }
  return problem(err.where ? `${err.where}: ${err.detail}` : err.detail, Math.max(span[0], 0), Math.max(span[1], 0));
}

function parseJson(text: string, file: string, problem: Problem): ParsedCatalogFile {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length || !root) {
    const e = errors[0] ?? { error: 0, offset: 0, length: 0 };
    return problem(`invalid JSON: ${errors.length ? printParseErrorCode(e.error) : 'empty file'}`, e.offset, e.offset + e.length);
  }
  const duplicate = duplicateKey(root);
  if (duplicate)
    return problem(
      `the key "${duplicate.value}" appears twice in one object: its second value would silently win`,
      duplicate.offset,
      duplicate.offset + duplicate.length,
    );
  const locate = (path: (string | number)[]): [number, number] => {
    const node: JsonNode | undefined = path.length ? findNodeAtLocation(root, path) : root;
    if (!node) return [-1, -1];
    // For a property, mark its key and value; for an array element or the root, the value.
    const target = node.parent?.type === 'property' ? node.parent : node;
    return [target.offset, target.offset + target.length];
  };
  try {
    return { catalog: catalogFromData(getNodeValue(root), file) };
  } catch (err) {
    return shapeProblem(err, locate, problem);
  }
}

/** The first key that repeats a key of the same object (YAML's uniqueKeys says the same for YAML). */
function duplicateKey(root: JsonNode): JsonNode | undefined {
  const todo: JsonNode[] = [root];
  while (todo.length) {
    const node = todo.pop()!;
    if (node.type === 'object') {
      const keys = new Set<unknown>();
      for (const property of node.children ?? []) {
        const key = property.children?.[0];
        if (key && keys.has(key.value)) return key;
        keys.add(key?.value);
      }
    }
    // Children in reverse onto the stack: the walk goes in document order.
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) todo.push(children[i]);
  }
  return undefined;
}

function parseYaml(text: string, file: string, problem: Problem): ParsedCatalogFile {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    return problem(`invalid YAML: ${e.message.split('\n')[0]}`, e.pos[0], e.pos[1]);
  }
  let data: unknown;
  try {
    // Aliases are data too; a bounded count keeps an alias bomb from expanding without end.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return problem(`invalid YAML: ${err instanceof Error ? err.message : String(err)}`, 0, 0);
  }
  const locate = (path: (string | number)[]): [number, number] => {
    const node = path.length ? doc.getIn(path, true) : doc.contents;
    if (!isNode(node) || !node.range) return [-1, -1];
    return [node.range[0], node.range[1]];
  };
  try {
    return { catalog: catalogFromData(data, file) };
  } catch (err) {
    return shapeProblem(err, locate, problem);
  }
}
