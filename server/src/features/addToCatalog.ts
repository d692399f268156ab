// "Add CODE to the workspace catalog": the text edit that records a code in the
// workspace's own catalog file, creating the file when there is none. The status is a
// guess from the code's digits and the message is left empty, for the user to fill in.
import { applyEdits, findNodeAtLocation, getNodeValue, modify, Node as JsonNode, parseTree, ParseError } from 'jsonc-parser';
import type { CatalogIndex } from '../catalog/index';
import { CODE, quoteValue } from '../catalog/codeRule';
import { formatFamilyPattern, parseFamilyPattern, recognisedAnywhere } from '../catalog/family';
import { splitCode } from '../shapes/codeParts';

interface CatalogAddition {
  /** The whole new text of the catalog file. */
  text: string;
  /** Offsets of the empty English message, where the user types next. */
  selection: { start: number; end: number };
}

const FORMAT = { tabSize: 2, insertSpaces: true, eol: '\n' };

/** The status the digits embed (`SVCSTG.SWR.4000306` → 400), or 400 when they embed none. */
function guessStatus(number: string): number {
  const s = Number(number.slice(0, 3));
  return number.length >= 7 && s >= 100 && s <= 599 ? s : 400;
}

function familyFor(index: CatalogIndex, code: string): { pattern: string; name: string } {
  const known = index.familyOfCode(code);
  const { head, num } = splitCode(code);
  if (known) {
    // The width the code has among those the catalogs declare (`DBS.` of 6 digits, or of 8), not their span, which would let in 7.
    const digits = code.length - known.prefix.length;
    const width = known.widths.find((w) => digits >= w.min && digits <= w.max) ?? { min: digits, max: digits };
    return { pattern: formatFamilyPattern({ prefix: known.prefix, minDigits: width.min, maxDigits: width.max }), name: known.name };
  }
  const name =
    head
      .replace(/[.\-_]+$/, '')
      .split('.')
      .pop() || head;
  return { pattern: formatFamilyPattern({ prefix: head, minDigits: num.length, maxDigits: num.length }), name };
}

/** JSON on one line with spaces after colons and commas, as people write small objects. */
function oneLine(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}

/**
 * `value` appended to the array `node`, touching nothing else in the text: formatters would
 * re-indent the whole array, and the user's text is theirs. A missing array is created.
 */
function appendTo(text: string, node: JsonNode | undefined, path: string[], value: unknown): string {
  if (!node) return applyEdits(text, modify(text, path, [value], { formattingOptions: FORMAT }));
  const children = node.children ?? [];
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const indentAt = (offset: number) => /^[ \t]*/.exec(text.slice(lineStart(offset)))![0];
  if (children.length === 0) {
    const outer = indentAt(node.offset);
    const at = node.offset + 1;
    return `${text.slice(0, at)}\n${outer}  ${oneLine(value)}\n${outer}${text.slice(at, node.offset + node.length - 1).trim()}${text.slice(node.offset + node.length - 1)}`;
  }
  const last = children[children.length - 1];
  const end = last.offset + last.length;
  const sameLine = lineStart(last.offset) === lineStart(node.offset);
  const sep = sameLine ? ', ' : `,\n${indentAt(last.offset)}`;
  return `${text.slice(0, end)}${sep}${oneLine(value)}${text.slice(end)}`;
}

/**
 * Why `code` cannot go into a catalog, or undefined when it can. The command's argument comes
 * from the client and may be anything: only what the loader accepts (its code rule, and a
 * family the code belongs to, so a run of digits after a prefix) is written, or the user's
 * catalog would stop loading.
 */
export function addableCodeProblem(code: unknown, index: CatalogIndex): string | undefined {
  if (typeof code !== 'string') return 'expected the code as a string';
  if (!CODE.test(code)) return `expected a code of 3 to 100 letters, digits, ".", "-" or "_", found ${quoteValue(code)}`;
  const shape = parseFamilyPattern(familyFor(index, code).pattern);
  // Only a prefix and digits: a bare number or a name would be recognised in code fields alone, not where the user added it.
  if (typeof shape === 'string' || !recognisedAnywhere(shape)) {
    return `expected a code that ends in digits after a prefix (like SVCSTG.SWR.4001048 or IMG.0024), found ${quoteValue(code)}`;
  }
  return undefined;
}

/**
 * The new text of `existing` (undefined: no file yet) with `code` added; undefined when it
 * cannot be edited safely, or when the code is not one a catalog may hold (callers say why
 * with addableCodeProblem first).
 */
export function addCodeToCatalog(existing: string | undefined, code: string, index: CatalogIndex): CatalogAddition | undefined | 'present' {
  if (addableCodeProblem(code, index)) return undefined;
  const family = familyFor(index, code);
  const entry = { code, httpStatus: guessStatus(splitCode(code).num), message: { en: '' } };
  let text: string;
  if (existing === undefined || existing.trim() === '') {
    text = `${JSON.stringify({ id: 'workspace', service: { en: 'This workspace' }, families: [family], codes: [entry] }, null, 2)}\n`;
  } else {
    const errors: ParseError[] = [];
    const root = parseTree(existing, errors);
    // Never rewrite a file that does not parse: the user's text would be at risk.
    if (errors.length || !root || root.type !== 'object') return undefined;
    const codes = findNodeAtLocation(root, ['codes']);
    if (codes && codes.type !== 'array') return undefined;
    if (codes && (getNodeValue(codes) as { code?: string }[]).some((e) => e?.code === code)) return 'present';
    text = existing;
    const families = findNodeAtLocation(root, ['families']);
    const patterns = families?.type === 'array' ? (getNodeValue(families) as { pattern?: string }[]).map((f) => f?.pattern) : [];
    if (families && families.type !== 'array') return undefined;
    // Codes go in first: they come later in the text, so the families' offsets stay valid.
    text = appendTo(text, codes, ['codes'], entry);
    if (!patterns.includes(family.pattern)) text = appendTo(text, families, ['families'], family);
  }
  // The empty message of the entry just added: the last `"en": ""` after the code.
  const at = text.indexOf('"en": ""', text.lastIndexOf(`"${code}"`));
  const start = at + '"en": "'.length;
  return { text, selection: { start, end: start } };
}
