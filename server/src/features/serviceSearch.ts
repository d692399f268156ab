// One search of the codes for look-up and for completion by words: by code, by the service's
// name (its id, its names in every language, its families), and by the words of the message.
// With sixty services a word alone finds too much; a service's name with it ("vpc quota")
// narrows the answer to that service. Each code's text is lower-cased once per set of catalogs.
import type { CatalogIndex, IndexedEntry } from '../catalog/index';

interface Row {
  entry: IndexedEntry;
  code: string;
  /** The service's names, lower-case: catalog id, service in every locale, family name and prefix. */
  service: string;
  /** Message, description and handling in every locale, lower-case. */
  text: string;
  /** The message alone in every locale, lower-case: what a user reads first, so it ranks first. */
  message: string;
}

const rowsOf = new WeakMap<CatalogIndex, Row[]>();

function rows(index: CatalogIndex): Row[] {
  let out = rowsOf.get(index);
  if (out) return out;
  out = [];
  // Entries of one catalog share its service's text: made once per catalog and family.
  const serviceText = new Map<string, string>();
  // A code two bundled catalogs document is a row per catalog: each service's words find its own text.
  for (const entry of [...index.entries()].flatMap((e) => (e.peers.length ? [e, ...e.peers] : [e]))) {
    const key = `${entry.catalog.origin}\n${entry.catalog.catalog.id}\n${entry.family.prefix}`;
    let service = serviceText.get(key);
    if (service === undefined) {
      const c = entry.catalog.catalog;
      service = [c.id, ...Object.values(c.service), entry.family.name, entry.family.prefix].join(' ').toLowerCase();
      serviceText.set(key, service);
    }
    const e = entry.entry;
    const text = [...Object.values(e.message), ...Object.values(e.description ?? {}), ...Object.values(e.handling ?? {})].join(' ').toLowerCase();
    out.push({ entry, code: e.code.toLowerCase(), service, text, message: Object.values(e.message).join(' ').toLowerCase() });
  }
  rowsOf.set(index, out);
  return out;
}

/** Makes the search's lower-cased texts now (a server calls it when idle), not at the first search of a keystroke. */
export function warmSearch(index: CatalogIndex): void {
  rows(index);
}

/** No match. */
const NONE = 9;

/**
 * How well a code answers a query, best first: the code itself (0), a code it begins (1) or
 * holds (2); then words: a service named and the rest in the message (3), every word in the
 * message or the code (4), only the service named (5). Every word must be found somewhere.
 */
function rank(row: Row, q: string, words: readonly string[]): number {
  if (row.code === q) return 0;
  if (row.code.startsWith(q)) return 1;
  if (row.code.includes(q)) return 2;
  let inService = 0;
  let inText = 0;
  for (const w of words) {
    const s = row.service.includes(w);
    const t = row.text.includes(w) || row.code.includes(w);
    if (!s && !t) return NONE;
    if (s) inService++;
    if (t) inText++;
  }
  // With 8,000 codes many texts hold every word somewhere: the message holding the words as
  // typed ranks first, then the message holding them all, then the other texts.
  const inMessage = row.message.includes(q) ? 0 : words.every((w) => row.message.includes(w)) ? 0.25 : 0.5;
  if (inText === words.length) return (inService > 0 && inService < words.length ? 3 : 4) + inMessage;
  return inText > 0 ? 3 + inMessage : 5;
}

/** The codes a query finds, best first then by code, at most `limit`. */
export function searchCodes(index: CatalogIndex, query: string, limit: number): IndexedEntry[] {
  const q = query.trim().toLowerCase();
  const all = rows(index);
  if (q === '') return all.slice(0, limit).map((r) => r.entry);
  const words = q.split(/\s+/);
  const found: { row: Row; r: number }[] = [];
  for (const row of all) {
    const r = rank(row, q, words);
    if (r < NONE) found.push({ row, r });
  }
  found.sort((a, b) => a.r - b.r || (a.row.entry.entry.code < b.row.entry.entry.code ? -1 : 1));
  return found.slice(0, limit).map((x) => x.row.entry);
}
