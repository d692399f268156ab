// One explanation of a code, built once and rendered twice: as Markdown for hovers,
// completion documentation and the look-up view, and as plain text for the terminal.
import { CatalogIndex, IndexedEntry, pickText } from '../catalog/index';
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
    family: e.family.name,
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
    notes: (entry.notes ?? []).map((n) => noteText(n, locale)).filter((t): t is string => !!t),
    catalog: describeOrigin(e.catalog.catalog.id, e.catalog.origin),
    alsoIn: e.definedIn.slice(1).map((c) => describeOrigin(c.catalog.id, c.origin)),
    pages: entryPages(e, locale),
  };
}

function describeOrigin(id: string, origin: string): string {
  // The origin is a file path: a newline or an escape in it is shown, not obeyed.
  return origin === 'bundled' ? `${id} (bundled)` : `${id} (${visibleText(origin)})`;
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
  if (x.alsoIn.length) tail.push(`*${L.alsoIn}:* ${x.alsoIn.map(escapeMarkdown).join(', ')}`);
  out.push('---', tail.join('  \n'));
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
  if (x.alsoIn.length) out.push(`  ${L.alsoIn}: ${x.alsoIn.join(', ')}`);
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
  const family = matches[0].family.name;
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
