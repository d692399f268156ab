// The sample error response body a page prints, and where in it the code and the message
// sit. The paths are read from the sample itself (the key that holds a code, the key that
// holds a message), so a user's page needs no configuration for the common shapes.
import type { Layout } from '../catalog/types';
import { parseJson } from '../catalog/json';
import { splitLines } from './errors';

export interface SampleBody {
  /** The sample as the page prints it (minus the indentation that is markup in RST). */
  text: string;
  line: number;
}

export interface BodyPaths {
  codePath: string;
  messagePath: string;
  otherPaths: string[];
  /** The code the sample carries, to tell whether it belongs to the service. */
  sampleCode?: string;
}

/** The first JSON-looking code sample of the page: a literal block, a fenced block, or bare lines. */
export function findSampleBody(text: string, layout: Layout): SampleBody | undefined {
  const lines = splitLines(text);
  const block = layout === 'rst-grid' ? rstLiteralBlock(lines) : layout === 'cell-lines' ? undefined : fencedBlock(lines);
  return block ?? bareJson(lines);
}

function looksLikeJson(lines: readonly string[]): boolean {
  const first = lines.find((l) => l.trim() !== '');
  return first !== undefined && /^\s*[[{]/.test(first);
}

function rstLiteralBlock(lines: readonly string[]): SampleBody | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (!/(^\s*\.\. code(?:-block)?::)|(::\s*$)/.test(lines[i])) continue;
    let start = i + 1;
    while (start < lines.length && lines[start].trim() === '') start++;
    // The block is the indented lines from here; only a block that opens like JSON is read to
    // its end (reading each `::` line's block was quadratic in a page of indented `::` lines).
    if (start >= lines.length || !/^\s/.test(lines[start]) || !looksLikeJson([lines[start]])) continue;
    let end = start;
    while (end < lines.length && (lines[end].trim() === '' || /^\s/.test(lines[end]))) end++;
    while (end > start && lines[end - 1].trim() === '') end--;
    return { text: dedent(lines.slice(start, end)).join('\n'), line: start + 1 };
  }
  return undefined;
}

function fencedBlock(lines: readonly string[]): SampleBody | undefined {
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s{0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end].trim().startsWith(open[1])) end++;
    const body = lines.slice(i + 1, end);
    if (looksLikeJson(body)) return { text: body.join('\n'), line: i + 2 };
    i = end;
  }
  return undefined;
}

/**
 * Lines from one that opens a bracket to the one that closes it (pages copied as plain text):
 * the earliest such line whose bracket is closed. One pass over the page with the open
 * candidates on a stack; reading on from each candidate was quadratic in a page of `{` lines.
 * Strings end with their line, as JSON strings do.
 */
function bareJson(lines: readonly string[]): SampleBody | undefined {
  /** Candidates not yet closed, each with the depth before its bracket. */
  const open: { line: number; depth: number }[] = [];
  let found: { start: number; end: number } | undefined;
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*[[{]\s*$|^\s*[[{]\s*["{[]/.test(line)) {
      if (open.length === 0) depth = 0;
      open.push({ line: i, depth });
    }
    if (open.length === 0) continue;
    let inString = false;
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (inString) {
        if (ch === '\\') c++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        const top = open[open.length - 1];
        if (top && top.depth === depth) {
          open.pop();
          // The oldest candidate closing wins over any inside it; an inner one is kept in case it never does.
          if (open.length === 0) return sampleOf(lines, top.line, i);
          if (!found || top.line < found.start) found = { start: top.line, end: i };
        }
      }
    }
  }
  return found && sampleOf(lines, found.start, found.end);
}

function sampleOf(lines: readonly string[], start: number, end: number): SampleBody {
  return { text: lines.slice(start, end + 1).join('\n'), line: start + 1 };
}

function dedent(lines: readonly string[]): string[] {
  // A loop, not Math.min(...indents): spreading a block of some 100,000 lines overflows the stack.
  let cut = Infinity;
  for (const l of lines) if (l.trim() !== '') cut = Math.min(cut, l.length - l.trimStart().length);
  return lines.map((l) => l.slice(cut));
}

const CODE_KEYS = ['errorcode', 'code', 'errcode'];
const MESSAGE_KEYS = ['errormessage', 'errormsg', 'message', 'msg', 'errmsg'];

/** Where the sample keeps its code and message; undefined when it is not JSON or has no such keys. */
export function guessBodyPaths(sample: string): BodyPaths | undefined {
  const json = parseJson(sample);
  if (json.problem !== undefined) return undefined;
  const body = json.value;
  const leaves: { path: string; key: string; value: unknown }[] = [];
  collectLeaves(body, '', '', leaves);
  const pick = (names: readonly string[]) => {
    for (const name of names) {
      const hit = leaves.find((l) => l.key.toLowerCase().replace(/[_-]/g, '') === name);
      if (hit) return hit;
    }
    return undefined;
  };
  const code = pick(CODE_KEYS);
  const message = pick(MESSAGE_KEYS);
  if (!code || !message) return undefined;
  return {
    codePath: code.path,
    messagePath: message.path,
    otherPaths: leaves.filter((l) => l !== code && l !== message).map((l) => l.path),
    ...(typeof code.value === 'string' ? { sampleCode: code.value } : {}),
  };
}

function collectLeaves(value: unknown, path: string, key: string, out: { path: string; key: string; value: unknown }[]): void {
  if (Array.isArray(value)) {
    // Every element has the same shape in an error body; the first one shows it.
    const inner = `${path}[]`;
    if (value.length) collectLeaves(value[0], inner, key, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectLeaves(v, path ? `${path}.${k}` : k, k, out);
  } else out.push({ path, key, value });
}

/** Reads the value at a dotted path (`[]` takes an array's first element), for checking a path given by hand. */
export function valueAtPath(sample: string, path: string): unknown {
  const json = parseJson(sample);
  if (json.problem !== undefined) return undefined;
  let value = json.value;
  for (const step of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\])*)$/.exec(step);
    if (!m) return undefined;
    // Own keys only: `constructor` or `__proto__` in a path would otherwise read what every object inherits.
    if (m[1])
      value =
        value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, m[1])
          ? (value as Record<string, unknown>)[m[1]]
          : undefined;
    for (let n = m[2].length / 2; n > 0; n--) value = Array.isArray(value) ? value[0] : undefined;
  }
  return value;
}
