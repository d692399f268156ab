// The explanation of a code typed by a person (look-up command, `cli.js explain`): the
// code itself, a code in other letter case, a prefix of codes, or a near miss. What the
// token is gets decided once; the editor and the terminal only render it differently.
import type { IndexedEntry } from '../catalog/index';
import type { ExplainResult } from '../../../protocol';
import { classify } from '../scan/classify';
import { fieldSuggestions, suggest } from '../suggest/rank';
import { ServiceContext, localeOf } from './context';
import { explanationMarkdownOf, explanationOf, explanationPlain, prefixMarkdown } from './explain';
import { statusOf } from './text';

const LISTED = 20;

type Found = { kind: 'entry'; entry: IndexedEntry } | { kind: 'prefix'; matches: IndexedEntry[] } | { kind: 'none'; close: IndexedEntry[] };

function find(token: string, ctx: ServiceContext): Found {
  const exact = ctx.index.get(token);
  if (exact) return { kind: 'entry', entry: exact };
  const variants = ctx.index.allIgnoreCase(token);
  if (variants.length === 1) return { kind: 'entry', entry: variants[0] };
  // `endpoint.0004` names `EndPoint.0004` and `Endpoint.0004` alike: list both, explain neither as if it were the one.
  if (variants.length > 1) return { kind: 'none', close: [...variants] };
  const matches = classify(ctx.index, token, true)?.kind === 'short' ? ctx.index.withPrefix(token) : [];
  if (matches.length) return { kind: 'prefix', matches };
  const close = suggest(ctx.index, token).candidates;
  // A typed bare number or name: the documented ones nearest to it (a look-up asks for a code, whatever the shape).
  return { kind: 'none', close: (close.length ? close : fieldSuggestions(ctx.index, token).candidates).map((c) => c.entry) };
}

function notFound(token: string, zh: boolean): string {
  return zh ? `没有目录记载 ${token}。` : `No catalog documents ${token}.`;
}

/** Is `code` one entry of the index (exactly, or the one code it names in other letter case)? */
export function namesOneEntry(code: string, ctx: ServiceContext): boolean {
  const token = code.trim();
  return !!ctx.index.get(token) || ctx.index.allIgnoreCase(token).length === 1;
}

export function explainCode(code: string, ctx: ServiceContext): ExplainResult {
  const locale = localeOf(ctx);
  const token = code.trim();
  const found = find(token, ctx);
  if (found.kind === 'entry') return { found: true, markdown: explanationMarkdownOf(found.entry, locale) };
  if (found.kind === 'prefix') return { found: true, markdown: prefixMarkdown(ctx.index, token, locale, LISTED)! };
  const zh = locale === 'zh-CN';
  const head = notFound(`\`${token.replace(/`/g, '')}\``, zh);
  const list = found.close.map((e) => `- \`${e.entry.code}\``).join('\n');
  return { found: false, markdown: found.close.length ? `${head}\n\n${zh ? '相近的错误码：' : 'Close codes:'}\n\n${list}` : head };
}

/** The same for a terminal: plain text, one block per code. */
export function explainCodePlain(code: string, ctx: ServiceContext): { found: boolean; text: string } {
  const locale = localeOf(ctx);
  const zh = locale === 'zh-CN';
  const token = code.trim();
  const found = find(token, ctx);
  if (found.kind === 'entry') return { found: true, text: explanationPlain(explanationOf(found.entry, locale)) };
  if (found.kind === 'prefix') {
    const { matches } = found;
    const lines = matches
      .slice(0, LISTED)
      .map((e) => `  ${e.entry.code}  ${statusOf(e.entry.httpStatus)}  ${e.entry.message[locale] ?? e.entry.message.en ?? ''}`);
    if (matches.length > LISTED) lines.push(zh ? `  … 另有 ${matches.length - LISTED} 个` : `  … and ${matches.length - LISTED} more`);
    return { found: true, text: `${token}  ${zh ? `匹配 ${matches.length} 个错误码` : `matches ${matches.length} codes`}\n${lines.join('\n')}` };
  }
  const head = notFound(token, zh);
  return { found: false, text: found.close.length ? `${head} ${zh ? '相近：' : 'Close:'} ${found.close.map((e) => e.entry.code).join(', ')}` : head };
}
