// One explanation of a code, built once and rendered twice: as Markdown for hovers,
// completion documentation and the look-up view, and as plain text for the terminal.
import { BUNDLED, type CatalogIndex, type FamilyInfo, type IndexedEntry, type LoadedCatalog, pickText } from '../catalog/index';
import type { Locale, LocalizedText, Note } from '../catalog/types';
import { entryPages, markdownLink, type PageLink } from './links';
import { catalogTextToMarkdown, catalogTextToPlain, escapeMarkdown, otherLocale, statusLine, statusOf, visibleText } from './text';

interface Labels {
  description: string;
  handling: string;
  notes: string;
  catalog: string;
  alsoIn: string;
  vendorPage: string;
  alsoOn: string;
  sameIn: string;
  alsoDocumented: string;
  other: string;
  prefixMatches: (n: number, family: string) => string;
  andMore: (n: number) => string;
}

export const LABELS: Record<Locale, Labels> = {
  en: {
    description: 'Description',
    handling: 'What to do',
    notes: 'Note',
    catalog: 'Catalog',
    alsoIn: 'Also defined in',
    vendorPage: 'Vendor page',
    alsoOn: 'Also documented on',
    sameIn: 'Same text in',
    alsoDocumented: 'Also documented by',
    other: '中文',
    prefixMatches: (n, family) => `matches ${n} ${family} code${n === 1 ? '' : 's'}`,
    andMore: (n) => `and ${n} more`,
  },
  'zh-CN': {
    description: '描述',
    handling: '处理措施',
    notes: '注意',
    catalog: '目录',
    alsoIn: '亦定义于',
    vendorPage: '官方页面',
    alsoOn: '亦记载于',
    sameIn: '相同说明亦见于',
    alsoDocumented: '另一说明见于',
    other: 'English',
    prefixMatches: (n, family) => `匹配 ${n} 个 ${family} 错误码`,
    andMore: (n) => `另有 ${n} 个`,
  },
};

export function noteText(note: Note, locale: Locale): string | undefined {
  const zh = locale === 'zh-CN';
  switch (note.kind) {
    case 'statusMismatch':
      return zh
        ? `页面记载的 HTTP 状态码为 ${note.documented}，但错误码中的数字表示 ${note.embedded}。`
        : `The page documents HTTP ${note.documented}, but the code's digits say ${note.embedded}.`;
    case 'singleLocale':
      return zh
        ? `只有${note.locale === 'en' ? '英文' : '中文'}页面记载了此错误码。`
        : `Only the ${note.locale === 'en' ? 'English' : 'Chinese'} page documents this code.`;
    case 'foreignSample':
      return zh ? `页面的响应示例使用了其他服务的错误码 ${note.code}。` : `The page's sample response carries ${note.code}, a code of another service.`;
    case 'descriptionDiffers':
    case 'editorial':
      return pickText(note.text, locale)?.text;
  }
}

interface Explanation {
  code: string;
  service: string;
  family: string;
  httpStatus?: number;
  locale: Locale;
  message?: string;
  description?: string;
  handling?: string;
  /** The texts in the other locale, when the catalog has them. */
  other: { locale: Locale; message?: string; description?: string; handling?: string };
  notes: string[];
  /** Where the entry came from, and every other catalog that defines the code. */
  catalog: string;
  alsoIn: string[];
  /** The vendor pages that document the code, the one the shown message came from first. */
  pages: PageLink[];
  /** Other bundled catalogs that document the code in the same words. */
  sameIn: string[];
  /** Other bundled catalogs that document it in other words: one part per wording. */
  peers: PeerText[];
}

/** How other services' catalogs word the same code. */
interface PeerText {
  /** Each catalog that words it so, with its service. */
  catalogs: string[];
  httpStatus?: number;
  message?: string;
  description?: string;
  handling?: string;
  notes: string[];
}

function textIn(text: LocalizedText | undefined, locale: Locale, fallback: boolean): string | undefined {
  if (!text) return undefined;
  if (!fallback) return text[locale] || undefined;
  return pickText(text, locale)?.text;
}

export function explanationOf(e: IndexedEntry, locale: Locale): Explanation {
  const other = otherLocale(locale);
  const { entry } = e;
  const message = pickText(entry.message, locale);
  // When the wanted locale is missing, its fallback is the other locale: don't repeat it below.
  const otherShown = message?.locale === locale;
  return {
    code: entry.code,
    service: pickText(e.catalog.catalog.service, locale)?.text ?? e.catalog.catalog.id,
    family: familyLabel(e.family, locale),
    httpStatus: entry.httpStatus,
    locale,
    message: message?.text,
    description: textIn(entry.description, locale, true),
    handling: textIn(entry.handling, locale, true),
    other: otherShown
      ? {
          locale: other,
          message: textIn(entry.message, other, false),
          description: textIn(entry.description, other, false),
          handling: textIn(entry.handling, other, false),
        }
      : { locale: other },
    notes: notesOf(e, locale),
    catalog: describeOrigin(e.catalog.catalog.id, e.catalog.origin),
    alsoIn: e.definedIn.filter((c) => c !== e.catalog && !e.peers.some((p) => p.catalog === c)).map((c) => describeOrigin(c.catalog.id, c.origin)),
    pages: entryPages(e, locale),
    ...peerTexts(e, locale),
  };
}

function notesOf(e: IndexedEntry, locale: Locale): string[] {
  return (e.entry.notes ?? []).map((n) => noteText(n, locale)).filter((t): t is string => !!t);
}

/** The service and catalog, as a peer's part names them. */
function serviceAndOrigin(loaded: LoadedCatalog, locale: Locale): string {
  return `${pickText(loaded.catalog.service, locale)?.text ?? loaded.catalog.id} · ${describeOrigin(loaded.catalog.id, loaded.origin)}`;
}

/** What an entry says, all locales: two catalogs that say the same are shown once. */
function wording(e: IndexedEntry): string {
  const { httpStatus, message, description, handling, notes } = e.entry;
  return JSON.stringify([httpStatus, message, description, handling, notes]);
}

/** The peers of an entry: those worded as it is, and the others grouped by wording (eight database services share the `DBS.` texts). */
function peerTexts(e: IndexedEntry, locale: Locale): { sameIn: string[]; peers: PeerText[] } {
  const sameIn: string[] = [];
  const peers: PeerText[] = [];
  if (e.peers.length === 0) return { sameIn, peers };
  const own = wording(e);
  const byWording = new Map<string, PeerText>();
  for (const p of e.peers) {
    const key = wording(p);
    if (key === own) {
      sameIn.push(serviceAndOrigin(p.catalog, locale));
      continue;
    }
    const known = byWording.get(key);
    if (known) {
      known.catalogs.push(serviceAndOrigin(p.catalog, locale));
      continue;
    }
    const text: PeerText = {
      catalogs: [serviceAndOrigin(p.catalog, locale)],
      httpStatus: p.entry.httpStatus,
      message: pickText(p.entry.message, locale)?.text,
      description: textIn(p.entry.description, locale, true),
      handling: textIn(p.entry.handling, locale, true),
      notes: notesOf(p, locale),
    };
    byWording.set(key, text);
    peers.push(text);
  }
  return { sameIn, peers };
}

/** A short name for a catalog's service: the abbreviation its English name ends with (`… (ELB)`), else its id. */
function serviceShortName(loaded: LoadedCatalog): string {
  const m = /\(([A-Za-z0-9][A-Za-z0-9 .&+/-]{0,23})\)\s*$/.exec(loaded.catalog.service.en ?? '');
  return m ? m[1] : loaded.catalog.id.toUpperCase();
}

/** Services named in a family's label before the rest are counted. */
const LABELLED_SERVICES = 4;

/**
 * A family as messages name it: its name, and when several services' catalogs declare it,
 * which (`VPC (VPC, ELB)`), so a code is not taken for one service's when it may be another's.
 */
export function familyLabel(family: FamilyInfo, locale: Locale): string {
  const names = [...new Set(family.catalogs.map(serviceShortName))];
  if (names.length < 2) return family.name;
  const shown = names.slice(0, LABELLED_SERVICES);
  const more = names.length - shown.length;
  return locale === 'zh-CN'
    ? `${family.name}（${shown.join('、')}${more ? ` 等 ${names.length} 个服务` : ''}）`
    : `${family.name} (${shown.join(', ')}${more ? ` and ${more} more` : ''})`;
}

function describeOrigin(id: string, origin: string): string {
  // The origin is a file path: a newline or an escape in it is shown, not obeyed.
  return origin === BUNDLED ? `${id} (bundled)` : `${id} (${visibleText(origin)})`;
}

export function explanationMarkdown(x: Explanation, extra: string[] = []): string {
  const L = LABELS[x.locale];
  const out: string[] = [];
  out.push(`**${escapeMarkdown(x.code)}** · ${escapeMarkdown(x.family)} · HTTP ${escapeMarkdown(statusLine(x.httpStatus))}`);
  if (x.message) out.push(catalogTextToMarkdown(x.message));
  if (x.description && x.description !== x.message) out.push(`*${L.description}:* ${catalogTextToMarkdown(x.description)}`);
  if (x.handling) out.push(`*${L.handling}:* ${catalogTextToMarkdown(x.handling)}`);
  out.push(...extra);
  const o = x.other;
  if (o.message || o.description || o.handling) {
    const OL = LABELS[o.locale];
    const parts = [`*${L.other}:* ${o.message ? catalogTextToMarkdown(o.message) : ''}`];
    if (o.description && o.description !== o.message) parts.push(`*${OL.description}:* ${catalogTextToMarkdown(o.description)}`);
    if (o.handling) parts.push(`*${OL.handling}:* ${catalogTextToMarkdown(o.handling)}`);
    out.push('---', parts.join('  \n'));
  }
  const tail: string[] = x.notes.map((n) => `⚠ *${L.notes}:* ${escapeMarkdown(n)}`);
  tail.push(...pagesMarkdown(x.pages, L));
  tail.push(`*${L.catalog}:* ${escapeMarkdown(x.service)} · ${escapeMarkdown(x.catalog)}`);
  if (x.sameIn.length) tail.push(`*${L.sameIn}:* ${x.sameIn.map(escapeMarkdown).join(', ')}`);
  if (x.alsoIn.length) tail.push(`*${L.alsoIn}:* ${x.alsoIn.map(escapeMarkdown).join(', ')}`);
  out.push('---', tail.join('  \n'));
  for (const p of x.peers) {
    out.push('---', `*${L.alsoDocumented}:* ${p.catalogs.map(escapeMarkdown).join(', ')} · HTTP ${escapeMarkdown(statusLine(p.httpStatus))}`);
    if (p.message) out.push(catalogTextToMarkdown(p.message));
    if (p.description && p.description !== p.message) out.push(`*${L.description}:* ${catalogTextToMarkdown(p.description)}`);
    if (p.handling) out.push(`*${L.handling}:* ${catalogTextToMarkdown(p.handling)}`);
    if (p.notes.length) out.push(p.notes.map((n) => `⚠ *${L.notes}:* ${escapeMarkdown(n)}`).join('  \n'));
  }
  return out.join('\n\n');
}

/**
 * The Markdown explanation of an entry, remembered per entry and locale: entries never
 * change (a new set of catalogs makes new entries), and completion lists and hovers ask
 * for the same ones again and again.
 */
const markdownMemo = new WeakMap<IndexedEntry, Partial<Record<Locale, string>>>();

export function explanationMarkdownOf(e: IndexedEntry, locale: Locale): string {
  let forEntry = markdownMemo.get(e);
  if (!forEntry) markdownMemo.set(e, (forEntry = {}));
  return (forEntry[locale] ??= explanationMarkdown(explanationOf(e, locale)));
}

export function explanationPlain(x: Explanation): string {
  const L = LABELS[x.locale];
  const indent = (t: string) => catalogTextToPlain(t).replace(/\n/g, '\n    ');
  const out: string[] = [`${x.code}  ${x.family}  HTTP ${statusLine(x.httpStatus)}`];
  if (x.message) out.push(`  ${indent(x.message)}`);
  if (x.description && x.description !== x.message) out.push(`  ${L.description}: ${indent(x.description)}`);
  if (x.handling) out.push(`  ${L.handling}: ${indent(x.handling)}`);
  const o = x.other;
  if (o.message) out.push(`  ${L.other}: ${indent(o.message)}`);
  if (o.description && o.description !== o.message) out.push(`    ${LABELS[o.locale].description}: ${indent(o.description)}`);
  if (o.handling) out.push(`    ${LABELS[o.locale].handling}: ${indent(o.handling)}`);
  for (const n of x.notes) out.push(`  ${L.notes}: ${n}`);
  const [page, ...others] = x.pages;
  if (page) out.push(`  ${L.vendorPage}: ${page.url}`);
  if (others.length) out.push(`  ${L.alsoOn}: ${others.map((p) => `${visibleText(p.title)} ${p.url}`).join(', ')}`);
  out.push(`  ${L.catalog}: ${x.service} · ${x.catalog}`);
  if (x.sameIn.length) out.push(`  ${L.sameIn}: ${x.sameIn.join(', ')}`);
  if (x.alsoIn.length) out.push(`  ${L.alsoIn}: ${x.alsoIn.join(', ')}`);
  for (const p of x.peers) {
    out.push(`  ${L.alsoDocumented}: ${p.catalogs.join(', ')}  HTTP ${statusLine(p.httpStatus)}`);
    if (p.message) out.push(`    ${indent(p.message)}`);
    if (p.description && p.description !== p.message) out.push(`    ${L.description}: ${indent(p.description)}`);
    if (p.handling) out.push(`    ${L.handling}: ${indent(p.handling)}`);
    for (const n of p.notes) out.push(`    ${L.notes}: ${n}`);
  }
  return out.join('\n');
}

/** The vendor page as a link, then the other pages that document the code, each by its title. */
function pagesMarkdown(pages: readonly PageLink[], L: Labels): string[] {
  const [page, ...others] = pages;
  if (!page) return [];
  const out = [markdownLink(L.vendorPage, page)];
  if (others.length) out.push(`*${L.alsoOn}:* ${others.map((p) => markdownLink(p.title.trim() || p.url, p)).join(', ')}`);
  return out;
}

/** What a short code or family prefix (`SVCSTG.SWR.4000`) matches, as Markdown. */
export function prefixMarkdown(index: CatalogIndex, prefix: string, locale: Locale, shown = 5): string | undefined {
  const matches = index.withPrefix(prefix);
  if (matches.length === 0) return undefined;
  const L = LABELS[locale];
  const family = familyLabel(matches[0].family, locale);
  const lines = matches.slice(0, shown).map((e) => {
    const msg = pickText(e.entry.message, locale)?.text ?? '';
    return `- \`${e.entry.code}\` ${statusOf(e.entry.httpStatus)} ${catalogTextToMarkdown(firstLine(msg))}`;
  });
  if (matches.length > shown) lines.push(`- … ${L.andMore(matches.length - shown)}`);
  return `**${escapeMarkdown(prefix)}** ${L.prefixMatches(matches.length, escapeMarkdown(family))}\n\n${lines.join('\n')}`;
}

export function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}
