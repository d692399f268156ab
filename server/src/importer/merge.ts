// Several pages (and possibly an existing catalog) → one list of entries. Each text is
// kept per field and locale with the page it came from; a page replaces a text only when
// its priority is higher, so "the newer Chinese page wins" is data in the recipe, and a
// text only a lower-priority page has is kept.
import type { Entry, LocalizedText, Locale, Note } from '../catalog/types';
import { LOCALES } from '../catalog/types';
import { type PageEntry, TEXT_FIELDS, type TextField } from './entries';

export interface MergeSource {
  /** Source id recorded in `origin`. */
  id: string;
  locale: Locale;
  /** Higher wins over lower for the same field and locale, and for the HTTP status. */
  priority: number;
  entries: readonly PageEntry[];
}

interface Held<T> {
  value: T;
  source: string;
  priority: number;
}

interface Draft {
  code: string;
  /** Undefined while no page has given one. */
  status: Held<number> | undefined;
  /** Every status a page gave, to report pages that disagree. */
  statuses: Map<number, string[]>;
  texts: Map<string, Held<string>>;
  /** Every wording a page gave per field and locale, to keep those that differ from the one kept. */
  wordings: Map<string, Held<string>[]>;
  notes: Note[];
}

/** Priority of what an existing catalog already holds; a page merged into it picks a priority above or below. */
export const BASE_PRIORITY = 0;

/**
 * Merges pages into `base` (entries of an existing catalog, or none). Codes keep the order
 * in which they are first met: the base's order, then each page's in the order given.
 * Notes of the base entries are kept as they are; notes about the merge are added.
 */
export function mergeEntries(base: readonly Entry[], sources: readonly MergeSource[]): Entry[] {
  const drafts = new Map<string, Draft>();
  for (const entry of base) drafts.set(entry.code, draftFromEntry(entry));
  for (const source of sources) {
    for (const entry of source.entries) {
      const draft = drafts.get(entry.code) ?? newDraft(entry.code);
      drafts.set(entry.code, draft);
      takeStatus(draft, entry.httpStatus, source);
      for (const note of entry.notes ?? []) addNote(draft.notes, note);
      for (const field of TEXT_FIELDS) {
        const text = entry[field];
        if (text === undefined) continue;
        const key = `${field}.${source.locale}`;
        const offer = { value: text, source: source.id, priority: source.priority };
        take(draft.texts, key, offer);
        draft.wordings.set(key, [...(draft.wordings.get(key) ?? []), offer]);
      }
    }
  }
  return [...drafts.values()].map(finishDraft);
}

function newDraft(code: string): Draft {
  return { code, status: undefined, statuses: new Map(), texts: new Map(), wordings: new Map(), notes: [] };
}

function draftFromEntry(entry: Entry): Draft {
  const origin = entry.origin ?? {};
  const draft: Draft = {
    code: entry.code,
    status: entry.httpStatus === undefined ? undefined : { value: entry.httpStatus, source: 'catalog', priority: BASE_PRIORITY },
    statuses: entry.httpStatus === undefined ? new Map() : new Map([[entry.httpStatus, ['catalog']]]),
    texts: new Map(),
    wordings: new Map(),
    notes: [...(entry.notes ?? [])],
  };
  for (const field of TEXT_FIELDS) {
    for (const locale of LOCALES) {
      const text = entry[field]?.[locale];
      const key = `${field}.${locale}`;
      if (text !== undefined) draft.texts.set(key, { value: text, source: origin[key] ?? 'catalog', priority: BASE_PRIORITY });
    }
  }
  return draft;
}

/** A page without a status gives none: it neither replaces a status nor disagrees with one. */
function takeStatus(draft: Draft, status: number | undefined, source: MergeSource): void {
  if (status === undefined) return;
  const givers = draft.statuses.get(status) ?? [];
  givers.push(source.id);
  draft.statuses.set(status, givers);
  if (!draft.status || source.priority > draft.status.priority) draft.status = { value: status, source: source.id, priority: source.priority };
}

function take(texts: Map<string, Held<string>>, key: string, offer: Held<string>): void {
  const held = texts.get(key);
  if (!held || offer.priority > held.priority) texts.set(key, offer);
}

function finishDraft(draft: Draft): Entry {
  const entry: Entry = { code: draft.code, message: {} };
  if (draft.status) entry.httpStatus = draft.status.value;
  const origin: Record<string, string> = {};
  for (const field of TEXT_FIELDS) {
    const text: LocalizedText = {};
    for (const locale of LOCALES) {
      const held = draft.texts.get(`${field}.${locale}`);
      if (!held) continue;
      text[locale] = held.value;
      origin[`${field}.${locale}`] = held.source;
    }
    if (Object.keys(text).length) setField(entry, field, text);
  }
  entry.origin = origin;
  const notes = [...draft.notes];
  for (const note of otherWordings(draft)) addNote(notes, note);
  if (draft.statuses.size > 1) addNote(notes, statusConflictNote(draft));
  if (notes.length) entry.notes = notes;
  return entry;
}

/**
 * Where two pages word a field differently (beyond blanks and markup), the one kept is in the
 * entry and each other is kept in a note that names its page, in the locale of its page.
 */
function otherWordings(draft: Draft): Note[] {
  const notes: Note[] = [];
  for (const [key, offers] of draft.wordings) {
    const kept = draft.texts.get(key);
    if (!kept) continue;
    const [field, locale] = key.split('.') as [TextField, Locale];
    const seen = new Set([plain(kept.value)]);
    for (const offer of offers) {
      if (seen.has(plain(offer.value))) continue;
      seen.add(plain(offer.value));
      const text =
        locale === 'zh-CN'
          ? `页面 ${offer.source} 的${FIELD_NAMES_ZH[field]}措辞不同：${offer.value}`
          : `The page ${offer.source} words the ${FIELD_NAMES_EN[field]} differently: ${offer.value}`;
      notes.push({ kind: 'editorial', text: { [locale]: text.length > MAX_NOTE ? `${text.slice(0, MAX_NOTE - 1)}…` : text } });
    }
  }
  return notes;
}

const FIELD_NAMES_EN: Record<TextField, string> = { message: 'message', description: 'description', handling: 'handling measure' };
const FIELD_NAMES_ZH: Record<TextField, string> = { message: '消息', description: '描述', handling: '处理措施' };
/** What the loader accepts in a text. */
const MAX_NOTE = 4000;

/** A wording without what only its page's markup or line breaks make different. */
function plain(text: string): string {
  return text
    .replace(/[`*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.。]$/, '');
}

function setField(entry: Entry, field: TextField, text: LocalizedText): void {
  if (field === 'message') entry.message = text;
  else entry[field] = text;
}

function statusConflictNote(draft: Draft): Note {
  const given = [...draft.statuses].map(([status, sources]) => `${status} (${sources.join(', ')})`).join(', ');
  return { kind: 'editorial', text: { en: `The source pages give different HTTP statuses: ${given}; this entry keeps ${draft.status?.value}.` } };
}

/** Adds a note unless an equal one is there, so merging the same page twice changes nothing. */
export function addNote(notes: Note[], note: Note): void {
  const text = JSON.stringify(note);
  if (!notes.some((n) => JSON.stringify(n) === text)) notes.push(note);
}
