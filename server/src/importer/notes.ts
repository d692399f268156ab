// Notes on entries: the ones the importer can work out by itself (a status that
// contradicts the code's digits, a code only one locale documents), and the reviewed ones
// a person wrote down in an annotations file, because judging that a description
// contradicts its message takes a reader, not a rule.
import type { Entry, Locale, LocalizedText, Note } from '../catalog/types';
import { prototypeKeyOf } from '../catalog/guards';
import { parseJson } from '../catalog/json';
import { LOCALES } from '../catalog/types';
import { ImportError } from './errors';
import { embeddedStatus, type FamilyShape, shapeOfCode } from './families';
import { addNote } from './merge';

const COMPUTED: ReadonlySet<Note['kind']> = new Set(['statusMismatch', 'singleLocale']);

/**
 * Replaces the computed notes of each entry with fresh ones (first, in a fixed order) and
 * keeps every other note after them. `locales` are the locales the catalog's pages cover:
 * a code missing from one of them is only worth a note when there is more than one.
 */
export function withComputedNotes(entries: readonly Entry[], shapes: readonly FamilyShape[], locales: readonly Locale[]): Entry[] {
  return entries.map((entry) => {
    const notes: Note[] = [];
    const shape = shapeOfCode(entry.code, shapes);
    const embedded = shape && embeddedStatus(entry.code, shape);
    if (embedded !== undefined && entry.httpStatus !== undefined && embedded !== entry.httpStatus)
      notes.push({ kind: 'statusMismatch', documented: entry.httpStatus, embedded });
    const present = LOCALES.filter((l) => entry.message[l] !== undefined);
    if (locales.length > 1 && present.length === 1) notes.push({ kind: 'singleLocale', locale: present[0] });
    for (const note of entry.notes ?? []) if (!COMPUTED.has(note.kind)) addNote(notes, note);
    const { notes: _old, ...rest } = entry;
    return notes.length ? { ...rest, notes } : rest;
  });
}

/** Reviewed notes per catalog id, then per code. */
export type Annotations = Record<string, Record<string, Note[]>>;

/** Reads an annotations file, refusing anything but reviewed note kinds with texts. */
export function parseAnnotations(text: string, file: string): Annotations {
  const json = parseJson(text);
  if (json.problem !== undefined) throw new ImportError(file, 0, json.problem);
  const data = json.value;
  if (!isRecord(data)) throw new ImportError(file, 0, 'expected an object: catalog id → code → notes');
  refusePrototypeKey(data, '', file);
  // No prototype: a catalog id or a code looked up here finds what the file says or nothing (not Object for `constructor`).
  const out: Annotations = Object.create(null);
  for (const [catalogId, codes] of Object.entries(data)) {
    if (catalogId.startsWith('$')) continue;
    if (!isRecord(codes)) throw new ImportError(file, 0, `${catalogId}: expected an object: code → notes`);
    refusePrototypeKey(codes, `${catalogId}.`, file);
    out[catalogId] = Object.create(null);
    for (const [code, notes] of Object.entries(codes)) {
      if (!Array.isArray(notes)) throw new ImportError(file, 0, `${catalogId}.${code}: expected an array of notes`);
      out[catalogId][code] = notes.map((n, i) => reviewedNote(n, `${catalogId}.${code}[${i}]`, file));
    }
  }
  return out;
}

function refusePrototypeKey(obj: object, where: string, file: string): void {
  const key = prototypeKeyOf(obj);
  if (key !== undefined) throw new ImportError(file, 0, `${where}${key}: the key "${key}" is not allowed (it names the prototype of every object)`);
}

function reviewedNote(value: unknown, where: string, file: string): Note {
  if (!isRecord(value) || (value.kind !== 'descriptionDiffers' && value.kind !== 'editorial')) {
    throw new ImportError(file, 0, `${where}: expected a note of kind "descriptionDiffers" or "editorial" (the other kinds are worked out by the importer)`);
  }
  const text = value.text;
  if (
    !isRecord(text) ||
    Object.keys(text).length === 0 ||
    !Object.entries(text).every(([k, v]) => (LOCALES as readonly string[]).includes(k) && typeof v === 'string' && v.trim() !== '')
  ) {
    throw new ImportError(file, 0, `${where}: expected "text" with a non-empty text per locale (${LOCALES.join(', ')})`);
  }
  const extra = Object.keys(value).filter((k) => k !== 'kind' && k !== 'text');
  if (extra.length) throw new ImportError(file, 0, `${where}: unexpected ${extra.map((k) => `"${k}"`).join(', ')}`);
  return { kind: value.kind, text: text as LocalizedText };
}

/** Adds the reviewed notes to their entries; a note for a code the catalog lacks is an error, since it would be lost silently. */
export function applyAnnotations(entries: readonly Entry[], notes: Record<string, Note[]> | undefined, file: string, catalogId: string): Entry[] {
  if (!notes) return [...entries];
  const codes = new Set(entries.map((e) => e.code));
  for (const code of Object.keys(notes)) {
    if (!codes.has(code)) throw new ImportError(file, 0, `${catalogId}.${code}: expected a code of catalog "${catalogId}"; the pages do not document it`);
  }
  return entries.map((entry) => {
    const extra = notes[entry.code];
    if (!extra) return entry;
    const merged = [...(entry.notes ?? [])];
    for (const note of extra) addNote(merged, note);
    return { ...entry, notes: merged };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
