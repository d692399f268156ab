// Which vendor page a code links to. An entry links to the page its shown message came from
// (the reader checks the text against the page that says it), then to the other pages its
// texts came from; a code no page documents links to the page of its family's catalog.
import type { FamilyInfo, IndexedEntry, LoadedCatalog } from '../catalog/index';
import { pickText } from '../catalog/index';
import { originOf } from '../catalog/origin';
import { linkTarget } from '../catalog/pageUrl';
import type { Locale, SourcePage } from '../catalog/types';
import { escapeMarkdown } from './text';

export interface PageLink {
  /** The address in the form links carry (pageUrl.ts's linkTarget): safe in Markdown, JSON and a terminal. */
  url: string;
  /** The page's title as the catalog gives it (text from a file: escape it where it is shown). */
  title: string;
  /** The source page's id and its catalog's, e.g. `swr-en` of `swr`. */
  source: string;
  catalog: string;
}

/** Each page's link, made once: a catalog's pages never change, and every explanation of its codes asks again. */
const linkMemo = new WeakMap<SourcePage, PageLink | null>();

function linkOf(loaded: LoadedCatalog, source: SourcePage | undefined): PageLink | undefined {
  if (!source) return undefined;
  let link = linkMemo.get(source);
  if (link === undefined) {
    const url = source.url === undefined ? undefined : linkTarget(source.url);
    link = url === undefined ? null : { url, title: source.title, source: source.id, catalog: loaded.catalog.id };
    linkMemo.set(source, link);
  }
  return link ?? undefined;
}

/** The catalog's first page that has an address: the page of a code it does not document by name. */
function catalogPage(loaded: LoadedCatalog): PageLink | undefined {
  for (const source of loaded.catalog.sources) {
    const link = linkOf(loaded, source);
    if (link) return link;
  }
  return undefined;
}

/**
 * The pages that document an entry, each address once: first the page of the message shown in
 * `locale` (or, when that page has no address, the catalog's first page that has one), then
 * every other page one of its texts came from.
 */
export function entryPages(e: IndexedEntry, locale: Locale): PageLink[] {
  const { catalog } = e.catalog;
  const sourceById = (id: string | undefined) => (id === undefined ? undefined : catalog.sources.find((s) => s.id === id));
  const origin = originOf(e.entry, catalog);
  const shown = pickText(e.entry.message, locale);
  const first = linkOf(e.catalog, sourceById(shown && origin[`message.${shown.locale}`])) ?? catalogPage(e.catalog);
  const out: PageLink[] = first ? [first] : [];
  for (const id of Object.values(origin)) {
    const link = linkOf(e.catalog, sourceById(id));
    if (link && !out.some((l) => l.url === link.url)) out.push(link);
  }
  return out;
}

/**
 * The page a diagnostic links to: that of the code its fix writes when there is one (the page
 * says whether the fix is right), else that of the family's catalog, which lists the codes
 * the literal could have meant.
 */
export function pageForProblem(fix: IndexedEntry | undefined, family: FamilyInfo | undefined, locale: Locale): PageLink | undefined {
  if (fix) {
    const page = entryPages(fix, locale)[0];
    if (page) return page;
  }
  return family ? catalogPage(family.catalog) : undefined;
}

/** A link in Markdown: the text escaped, the address already in a form that cannot leave the parentheses. */
export function markdownLink(text: string, page: PageLink): string {
  return `[${escapeMarkdown(text)}](${page.url})`;
}
