// Completion of codes inside string literals (and, in prose, of a code already begun).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position, Range } from 'vscode-languageserver-types';
import { CatalogIndex, FamilyInfo, IndexedEntry, pickText } from '../catalog/index';
import type { Locale } from '../catalog/types';
import { languageSpec } from '../scan/languages';
import { lex, RegionKind } from '../scan/lexer';
import { codeKeys, hasFieldFamilies, literalField } from '../scan/fields';
import { textAround } from './around';
import { ServiceContext, localeOf } from './context';
import { explanationMarkdownOf, firstLine } from './explain';
import { statusOf } from './text';
import { searchCodes } from './serviceSearch';

/**
 * Items per answer. A short prefix matches a whole family; more than this and the answer is
 * marked incomplete, so the editor asks again as the user types on (each answer is cheap).
 */
const MAX_ITEMS = 60;

function isCodeChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}

interface Where {
  /** Offset where the literal's content starts (prose: the start of the code-like run). */
  contentStart: number;
  /** Offset where the typed code-like run starts and ends (the range an item replaces). */
  runStart: number;
  runEnd: number;
  inString: boolean;
}

/** How far from the caret its line's ends are looked for (characters). */
const REACH = 2000;

/** Where the caret stands: inside a string literal on this line, or in prose. */
function locate(text: string, offset: number, languageId: string): Where | undefined {
  // The line's ends within reach only: on a long line (a minified file) a search to its real
  // ends would read the whole line at every keystroke.
  const lo = Math.max(0, offset - REACH);
  const hi = Math.min(text.length, offset + REACH);
  const lineStart = lo + text.slice(lo, offset).lastIndexOf('\n') + 1;
  const nl = text.slice(offset, hi).indexOf('\n');
  const lineEnd = nl < 0 ? hi : offset + nl;
  let runStart = offset;
  while (runStart > lineStart && isCodeChar(text.charCodeAt(runStart - 1))) runStart--;
  let runEnd = offset;
  while (runEnd < lineEnd && isCodeChar(text.charCodeAt(runEnd))) runEnd++;
  const spec = languageSpec(languageId);
  if (spec.prose) return { contentStart: runStart, runStart, runEnd, inString: false };
  // Lex from the line's start (bounded) up to the caret: an unterminated literal there holds the caret.
  const regions = lex(text, spec, lineStart, offset);
  const last = regions[regions.length - 1];
  if (!last || last.kind !== RegionKind.String || last.end !== offset || last.contentEnd !== offset) return undefined;
  return { contentStart: last.contentStart, runStart: Math.max(runStart, last.contentStart), runEnd, inString: true };
}

interface CompletionOptions {
  /** The client takes a shared edit range (LSP 3.17 `itemDefaults.editRange`): items then need no edit of their own. */
  itemDefaults?: boolean;
  /** For tests: how far from the caret the text is read (the default reaches as far as anything looks). */
  reach?: number;
}

export function complete(doc: TextDocument, position: Position, ctx: ServiceContext, options: CompletionOptions = {}): CompletionList {
  const list = completeItems(doc, position, ctx, options.reach ?? REACH + 1);
  if (!options.itemDefaults || list.items.length === 0) return list;
  // Every item of one answer replaces the same range with its label: say it once, not a hundred times.
  const range = (list.items[0].textEdit as { range: Range }).range;
  if (!list.items.every((i) => i.textEdit && 'range' in i.textEdit && sameRange(i.textEdit.range, range) && i.textEdit.newText === i.label)) return list;
  return {
    isIncomplete: list.isIncomplete,
    itemDefaults: { editRange: range, insertTextFormat: InsertTextFormat.PlainText },
    items: list.items.map(({ textEdit: _edit, insertTextFormat: _format, ...rest }) => rest),
  };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function completeItems(doc: TextDocument, position: Position, ctx: ServiceContext, reach: number): CompletionList {
  // Only the text within reach of the caret (REACH, and one to spare: see textAround); offsets below are the window's.
  const at = doc.offsetAt(position);
  const { text, base } = textAround(doc, at, reach);
  const offset = at - base;
  const where = locate(text, offset, doc.languageId);
  const empty: CompletionList = { isIncomplete: false, items: [] };
  if (!where) return empty;
  const typed = text.slice(where.runStart, offset);
  const range: Range = { start: doc.positionAt(base + where.runStart), end: doc.positionAt(base + where.runEnd) };

  // Right after the quote the families come first (below): a switch on a code field may hold
  // any service's codes, and 400 names and numbers would hide them.
  if (where.inString && typed !== '' && hasFieldFamilies(ctx.index)) {
    // A literal a code field puts a bare number or a name in: those codes, by what is typed,
    // after the families the typed text begins (`S` is SVCSTG. as well as SlowDown).
    const fieldCodes = fieldCodesAt(text, offset, where, doc.languageId, ctx);
    if (fieldCodes) {
      const codes = fieldCodes.filter((e) => e.entry.code.toUpperCase().startsWith(typed.toUpperCase()));
      // Words that start no code are looked up in the messages (below), as in any literal.
      if (codes.length > 0) {
        const families = familyItems(ctx, range, familiesBegunBy(ctx, typed));
        const items = [...families, ...codes.slice(0, MAX_ITEMS).map((e) => codeItem(e, ctx, range, undefined))];
        return { isIncomplete: true, items };
      }
    }
  }

  if (where.inString && where.contentStart === offset) {
    // Just after the opening quote: offer the families, and come back once one is chosen.
    return { isIncomplete: true, items: familyItems(ctx, range) };
  }

  if (typed !== '') {
    // Typed text that several families begin (`SVCSTG.S`, `D`): the families, not the first
    // codes of whichever family sorts first; once one is chosen its codes follow.
    // (Not after words in a literal: there the last word is more likely a word than a family.)
    const afterWords = where.inString && /\s/.test(text.slice(where.contentStart, where.runStart));
    const families = afterWords ? [] : familiesBegunBy(ctx, typed);
    if (families.length > 1) return { isIncomplete: true, items: familyItems(ctx, range, families) };
    // One more than is shown: enough to know the answer is cut, without listing a family of thousands.
    const byCode = ctx.index.withPrefix(typed, MAX_ITEMS + 1);
    if (byCode.length > 0) {
      return { isIncomplete: byCode.length > MAX_ITEMS, items: byCode.slice(0, MAX_ITEMS).map((e) => codeItem(e, ctx, range, undefined)) };
    }
  }
  if (!where.inString) {
    // In prose only a code already begun is completed; words are just words there.
    return empty;
  }
  // Words typed inside the literal: look them up in the messages, in both languages.
  const query = text.slice(where.contentStart, offset);
  if (query.trim().length < 2) return { isIncomplete: true, items: familyItems(ctx, range) };
  const wordRange: Range = { start: doc.positionAt(base + where.contentStart), end: doc.positionAt(base + where.runEnd) };
  const matches = searchCodes(ctx.index, query, MAX_ITEMS);
  return { isIncomplete: true, items: matches.map((e) => codeItem(e, ctx, wordRange, query)) };
}

/** The families whose prefix begins with what was typed (ignoring case), when it has not reached past one's prefix. */
function familiesBegunBy(ctx: ServiceContext, typed: string): FamilyInfo[] {
  const upper = typed.toUpperCase();
  return ctx.index.families.filter((f) => f.prefix.length > typed.length && f.prefix.toUpperCase().startsWith(upper));
}

/** How far before the caret a literal's code field is looked for (a switch's subject may be far above its case). */
const FIELD_REACH = 1500;

/**
 * The bare-number and name codes when the literal at the caret is where a code field puts
 * them (compared with one, a case of a switch on one, a code key's value); undefined otherwise.
 * The text from a line start FIELD_REACH before is lexed (as if it started outside any literal).
 */
function fieldCodesAt(text: string, offset: number, where: Where, languageId: string, ctx: ServiceContext): IndexedEntry[] | undefined {
  const lo = Math.max(0, offset - FIELD_REACH);
  const from = lo === 0 ? 0 : Math.min(where.contentStart, lo + text.slice(lo, offset).indexOf('\n') + 1);
  const nl = text.indexOf('\n', offset);
  const to = nl < 0 ? text.length : nl;
  const spec = languageSpec(languageId);
  const regions = lex(text, spec, from, to);
  const i = regions.findIndex((r) => r.kind === RegionKind.String && r.contentStart === where.contentStart);
  if (i < 0 || !literalField(text, regions, i, spec, codeKeys(ctx.index))) return undefined;
  // Numbers after digits, names after letters; both when nothing is typed yet.
  const typed = text.slice(where.contentStart, offset);
  const out: IndexedEntry[] = [];
  for (const family of ctx.index.fieldFamilies) {
    if (typed !== '' && (family.kind === 'number') !== /^[0-9]/.test(typed)) continue;
    out.push(...family.codes);
  }
  return out;
}

function familyItems(ctx: ServiceContext, range: Range, families: readonly FamilyInfo[] = ctx.index.families): CompletionItem[] {
  const locale = localeOf(ctx);
  return families.map((f) => ({
    label: f.prefix,
    kind: CompletionItemKind.Module,
    labelDetails: { description: pickText(f.catalog.catalog.service, locale)?.text },
    detail: `${f.codes.length} codes`,
    textEdit: { range, newText: f.prefix },
    insertTextFormat: InsertTextFormat.PlainText,
    sortText: ` ${f.prefix}`,
    command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
  }));
}

function codeItem(e: IndexedEntry, ctx: ServiceContext, range: Range, query: string | undefined): CompletionItem {
  const locale = localeOf(ctx);
  const message = pickText(e.entry.message, locale)?.text ?? '';
  return {
    label: e.entry.code,
    kind: CompletionItemKind.EnumMember,
    // With sixty services, which one a code belongs to is part of choosing it.
    detail: serviceOf(e, locale),
    labelDetails: { detail: ` ${statusOf(e.entry.httpStatus)}`, description: firstLine(message).replace(/`/g, '') },
    // The explanation is sent only for the item the user looks at (completionItem/resolve).
    data: locale satisfies ItemData,
    // The editor filters items by what was typed: after words (in either language) that is the
    // words, so the item must carry them; after a code's beginning the label itself matches.
    ...(query === undefined ? {} : { filterText: `${query} ${e.entry.code}` }),
    textEdit: { range, newText: e.entry.code },
    insertTextFormat: InsertTextFormat.PlainText,
  };
}

/** What an item carries for its resolve: the locale of the explanation (the label is the code). */
type ItemData = Locale;

/** Fills in the documentation of an item the editor is about to show in full. */
export function resolveCompletion(item: CompletionItem, index: CatalogIndex): CompletionItem {
  const e = typeof item.label === 'string' ? index.get(item.label) : undefined;
  if (!e) return item;
  const locale: Locale = (item.data as ItemData | undefined) === 'zh-CN' ? 'zh-CN' : 'en';
  return { ...item, documentation: { kind: MarkupKind.Markdown, value: explanationMarkdownOf(e, locale) } };
}

/** The service of a code as an item names it: the catalog's service name, with the family where the catalog has several. */
function serviceOf(e: IndexedEntry, locale: Locale): string {
  const c = e.catalog.catalog;
  const name = pickText(c.service, locale)?.text ?? c.id;
  return c.families.length > 1 ? `${name} · ${e.family.name}` : name;
}
