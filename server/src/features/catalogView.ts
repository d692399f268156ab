// A whole catalog as one readable Markdown page ("Show catalog").
import { LoadedCatalog, pickText } from '../catalog/index';
import type { Locale } from '../catalog/types';
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
  out.push('| Code | HTTP | Message |', '|---|---|---|');
  const rows = [...c.codes].sort((a, b) => (a.code < b.code ? -1 : 1));
  for (const e of rows) {
    const msg = pickText(e.message, locale)?.text ?? '';
    const cell = catalogTextToMarkdown(msg)
      .replace(/\|/g, '\\|')
      .replace(/ {2}\n/g, ' ');
    out.push(`| \`${e.code}\` | ${escapeMarkdown(statusLine(e.httpStatus))} | ${cell} |`);
  }
  // The table rows must stay one block: join them with single newlines.
  const head = out.slice(0, out.indexOf('| Code | HTTP | Message |'));
  const table = out.slice(head.length);
  return `${head.join('\n\n')}\n\n${table.join('\n')}\n`;
}

/** A path from the catalog as a code span: a back-quote in it would end the span and let Markdown through. */
function pathSpan(path: string): string {
  return `\`${path.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}
