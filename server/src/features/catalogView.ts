// A whole catalog as one readable Markdown page ("Show catalog").
import { LoadedCatalog, pickText } from '../catalog/index';
import { parseFamilyPattern } from '../catalog/family';
import type { Entry, Family, Locale } from '../catalog/types';
import { LABELS, noteText } from './explain';
import { catalogTextToMarkdown, escapeMarkdown, statusLine, visibleText } from './text';

export function catalogMarkdown(loaded: LoadedCatalog, locale: Locale): string {
  const c = loaded.catalog;
  const L = LABELS[locale];
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(pickText(c.service, locale)?.text ?? c.id)}`);
  out.push(`${c.codes.length} codes · ${c.families.map((f) => `\`${f.pattern}\``).join(', ')} · ${escapeMarkdown(visibleText(loaded.origin))}`);
  if (c.responseBody) {
    out.push(
      `*${locale === 'zh-CN' ? '错误响应体' : 'Error response body'}:* code at ${pathSpan(c.responseBody.codePath)}, message at ${pathSpan(c.responseBody.messagePath)}`,
    );
    out.push('```json\n' + c.responseBody.sample.replace(/```/g, '` ` `') + '\n```');
  }
  for (const n of c.notes ?? []) {
    const t = noteText(n, locale);
    if (t) out.push(`⚠ *${L.notes}:* ${escapeMarkdown(t)}`);
  }
  const rows = [...c.codes].sort((a, b) => (a.code < b.code ? -1 : 1));
  const row = (e: Entry) => {
    const msg = pickText(e.message, locale)?.text ?? '';
    const cell = catalogTextToMarkdown(msg)
      .replace(/\|/g, '\\|')
      .replace(/ {2}\n/g, ' ');
    return `| \`${e.code}\` | ${escapeMarkdown(statusLine(e.httpStatus))} | ${cell} |`;
  };
  const head = out.join('\n\n');
  // A table's rows must stay one block: joined with single newlines.
  const table = (entries: readonly Entry[]) => ['| Code | HTTP | Message |', '|---|---|---|', ...entries.map(row)].join('\n');
  const groups = byFamily(c.families, rows);
  if (groups.length <= 1) return `${head}\n\n${table(rows)}\n`;
  // A service of several families (ECS's `Ecs.` and `Common.`): a table for each, under its name.
  const sections = groups.map((g) => `## ${escapeMarkdown(g.name)} · \`${g.prefix}\` · ${g.codes.length} codes\n\n${table(g.codes)}`);
  return `${head}\n\n${sections.join('\n\n')}\n`;
}

/** The catalog's codes by the family whose prefix (the longest) starts them; codes of none last, as "Other". */
function byFamily(families: readonly Family[], codes: readonly Entry[]): { name: string; prefix: string; codes: Entry[] }[] {
  const groups = families.flatMap((f) => {
    const shape = parseFamilyPattern(f.pattern);
    return typeof shape === 'string' ? [] : [{ name: f.name, prefix: shape.prefix, codes: [] as Entry[] }];
  });
  const longestFirst = [...groups].sort((a, b) => b.prefix.length - a.prefix.length);
  const other = { name: 'Other', prefix: '', codes: [] as Entry[] };
  for (const e of codes) (longestFirst.find((g) => e.code.startsWith(g.prefix)) ?? other).codes.push(e);
  return [...groups, other].filter((g) => g.codes.length > 0);
}

/** A path from the catalog as a code span: a back-quote in it would end the span and let Markdown through. */
function pathSpan(path: string): string {
  return `\`${path.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}
