// The explanation of a code typed by a person (look-up command, `cli.js explain`): the
// code itself, a code in other letter case, a prefix of codes, or a near miss.
import type { ExplainResult } from '../protocol';
import { classify } from '../scan/classify';
import { suggest } from '../suggest/rank';
import { ServiceContext, localeOf } from './context';
import { explanationMarkdown, explanationOf, explanationPlain, prefixMarkdown } from './explain';

export function explainCode(code: string, ctx: ServiceContext): ExplainResult {
  const locale = localeOf(ctx);
  const token = code.trim();
  const entry = ctx.index.get(token) ?? ctx.index.getIgnoreCase(token);
  if (entry) return { found: true, markdown: explanationMarkdown(explanationOf(entry, locale)) };
  const c = classify(ctx.index, token, true);
  if (c?.kind === 'short') {
    const md = prefixMarkdown(ctx.index, token, locale, 20);
    if (md) return { found: true, markdown: md };
  }
  const near = suggest(ctx.index, token).candidates;
  const zh = locale === 'zh-CN';
  const head = zh ? `没有目录记载 \`${token.replace(/`/g, '')}\`。` : `No catalog documents \`${token.replace(/`/g, '')}\`.`;
  const list = near.map((n) => `- \`${n.entry.entry.code}\``).join('\n');
  return { found: false, markdown: near.length ? `${head}\n\n${zh ? '相近的错误码：' : 'Close codes:'}\n\n${list}` : head };
}

/** The same for a terminal: plain text, one block per code. */
export function explainCodePlain(code: string, ctx: ServiceContext): { found: boolean; text: string } {
  const locale = localeOf(ctx);
  const token = code.trim();
  const entry = ctx.index.get(token) ?? ctx.index.getIgnoreCase(token);
  if (entry) return { found: true, text: explanationPlain(explanationOf(entry, locale)) };
  const zh = locale === 'zh-CN';
  const matches = classify(ctx.index, token, true)?.kind === 'short' ? ctx.index.withPrefix(token) : [];
  if (matches.length) {
    const lines = matches.slice(0, 20).map((e) => `  ${e.entry.code}  ${e.entry.httpStatus}  ${e.entry.message[locale] ?? e.entry.message.en ?? ''}`);
    if (matches.length > 20) lines.push(zh ? `  … 另有 ${matches.length - 20} 个` : `  … and ${matches.length - 20} more`);
    return { found: true, text: `${token}  ${zh ? `匹配 ${matches.length} 个错误码` : `matches ${matches.length} codes`}\n${lines.join('\n')}` };
  }
  const near = suggest(ctx.index, token).candidates;
  const head = zh ? `没有目录记载 ${token}。` : `No catalog documents ${token}.`;
  return { found: false, text: near.length ? `${head} ${zh ? '相近：' : 'Close:'} ${near.map((n) => n.entry.entry.code).join(', ')}` : head };
}
