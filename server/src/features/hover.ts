// Hover: the explanation of the code under the caret, wherever it stands.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { pickText } from '../catalog/index';
import type { Locale } from '../catalog/types';
import { AROUND, CodeHit, fieldHitNear, scanAround, ShownCode } from '../scan/scanner';
import { isTokenChar } from '../shapes/tokenChars';
import { suggest } from '../suggest/rank';
import { ServiceContext, localeOf } from './context';
import { hiddenCharactersText } from './diagnostics';
import { explanationMarkdown, explanationMarkdownOf, explanationOf, familyLabel, LABELS, prefixMarkdown } from './explain';
import { markdownLink, pageForProblem } from './links';
import { catalogTextToMarkdown, escapeMarkdown, statusOf } from './text';
import { LOGGED_REACH, loggedMessageNear } from './logged';
import { textAround } from './around';

/**
 * How far the hover reads from the caret: the line around it (AROUND either side), and from
 * the code found there to its line's ends (LOGGED_REACH), with one to spare.
 */
const HOVER_REACH = AROUND + LOGGED_REACH + 1;

export function hover(doc: TextDocument, position: Position, ctx: ServiceContext, reach = HOVER_REACH): Hover | null {
  // Only the text within reach: the whole of a large document is a copy at each version.
  const at = doc.offsetAt(position);
  const { text, base } = textAround(doc, at, reach);
  const offset = at - base;
  const hit =
    scanAround(text, offset, doc.languageId, ctx.index).find((h) => h.start <= offset && offset <= h.end) ?? documentedTokenAt(text, offset, ctx, doc);
  if (!hit) return null;
  const value = hoverMarkdown(hit, text, ctx);
  if (!value) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: doc.positionAt(base + hit.start), end: doc.positionAt(base + hit.end) },
  };
}

/**
 * The documented code under the caret when the line alone does not tell what it stands in:
 * an inner line of a block comment or of a multi-line string reads as code on its own. A
 * token that is exactly a catalog's code is explained wherever it is; anything less sure is
 * left to the scan.
 */
function documentedTokenAt(text: string, offset: number, ctx: ServiceContext, doc: TextDocument): CodeHit | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && offset - start < 200 && isTokenChar(text.charCodeAt(start - 1))) start--;
  while (end < text.length && end - offset < 200 && isTokenChar(text.charCodeAt(end))) end++;
  while (end > start && text.charCodeAt(end - 1) === 46) end--;
  if (end <= start || offset > end) return undefined;
  const token = text.slice(start, end);
  const entry = ctx.index.get(token);
  if (!entry) return undefined;
  // A bare number or a name is a code only where a code field puts it: a case far below its
  // switch (beyond the line) is looked for around the caret, never taken on its own.
  if (entry.family.kind !== 'digits') return fieldHitNear(text, offset, doc.languageId, ctx.index);
  return { start, end, text: token, kind: 'exact', entry, family: entry.family, where: 'prose', context: 'other' };
}

function hoverMarkdown(hit: CodeHit, text: string, ctx: ServiceContext): string | undefined {
  const locale = localeOf(ctx);
  if (hit.disguise) return disguiseMarkdown(hit.disguise, ctx, locale);
  switch (hit.kind) {
    case 'exact': {
      const extra = loggedMessageLines(hit, text, locale);
      return extra.length ? explanationMarkdown(explanationOf(hit.entry!, locale), extra) : explanationMarkdownOf(hit.entry!, locale);
    }
    case 'case': {
      const head =
        locale === 'zh-CN'
          ? `\`${hit.text}\` 与 \`${hit.entry!.entry.code}\` 仅大小写不同。`
          : `\`${hit.text}\` differs from \`${hit.entry!.entry.code}\` only in letter case.`;
      return `${head}\n\n${explanationMarkdown(explanationOf(hit.entry!, locale))}`;
    }
    case 'short':
      return prefixMarkdown(ctx.index, hit.text, locale);
    case 'unknown':
    case 'near': {
      const family = escapeMarkdown(familyLabel(hit.family!, locale));
      const lines: string[] = [];
      lines.push(
        hit.kind === 'unknown'
          ? locale === 'zh-CN'
            ? `**${escapeMarkdown(hit.text)}** 形如 ${family} 错误码，但不在目录中。服务确实会返回一些页面未记载的错误码。`
            : `**${escapeMarkdown(hit.text)}** looks like a ${family} code, but no catalog documents it. Services do return some undocumented codes.`
          : locale === 'zh-CN'
            ? `**${escapeMarkdown(hit.text)}** 不是已知的 ${family} 错误码。`
            : `**${escapeMarkdown(hit.text)}** is not a known ${family} error code.`,
      );
      const { candidates, preferred } = suggest(ctx.index, hit.text, hit.family);
      if (candidates.length) {
        lines.push(locale === 'zh-CN' ? '相近的错误码：' : 'Close codes:');
        for (const c of candidates) {
          const msg = pickText(c.entry.entry.message, locale)?.text ?? '';
          lines.push(`- \`${c.entry.entry.code}\` ${statusOf(c.entry.entry.httpStatus)} ${catalogTextToMarkdown(msg)}`);
        }
      }
      // The page the diagnostic links to: the fix's, or the family's list of codes.
      const page = pageForProblem(hit.kind === 'near' ? preferred?.entry : undefined, hit.family, locale);
      if (page) lines.push(markdownLink(LABELS[locale].vendorPage, page));
      return lines.join('\n\n');
    }
  }
}

/** A literal that shows a code but holds hidden or look-alike characters: which, where, and the code it shows. */
function disguiseMarkdown(shown: ShownCode, ctx: ServiceContext, locale: Locale): string {
  const list = escapeMarkdown(hiddenCharactersText(shown, locale));
  const code = escapeMarkdown(shown.clean);
  const head =
    locale === 'zh-CN'
      ? `**${code}** 中有不可见或形似的字符：${list}。按原样写，这个字符串永远不等于 ${code}。`
      : `**${code}** holds characters that are invisible or only look alike: ${list}. As written, this string never equals ${code}.`;
  if (shown.entry) return `${head}\n\n${explanationMarkdown(explanationOf(shown.entry, locale))}`;
  const { candidates } = suggest(ctx.index, shown.clean);
  if (!candidates.length) return head;
  const lines = [head, locale === 'zh-CN' ? '相近的错误码：' : 'Close codes:'];
  for (const c of candidates)
    lines.push(
      `- \`${c.entry.entry.code}\` ${statusOf(c.entry.entry.httpStatus)} ${catalogTextToMarkdown(pickText(c.entry.entry.message, locale)?.text ?? '')}`,
    );
  return lines.join('\n\n');
}

/** In a log line or a response body, the message the service sent beside the code. */
function loggedMessageLines(hit: CodeHit, text: string, locale: Locale): string[] {
  const logged = loggedMessageNear(text, hit.start, hit.end);
  if (logged === undefined) return [];
  const e = hit.entry!.entry;
  // Any catalog's wording will do: VPC and ELB word `VPC.0101` differently, and a service sends one of them.
  const documented = [e, ...hit.entry!.peers.map((p) => p.entry)].flatMap((d) => Object.values(d.message)).filter((m): m is string => !!m);
  const same = documented.some((m) => sameMessage(m, logged));
  const label = locale === 'zh-CN' ? '日志中的消息' : 'Logged message';
  const differs = locale === 'zh-CN' ? '（与文档中的消息不同）' : ' (differs from the documented message)';
  return [`*${label}:* ${escapeMarkdown(logged)}${same ? '' : differs}`];
}

function sameMessage(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/`/g, '')
      .replace(/[\s.。]+$/u, '')
      .trim()
      .toLowerCase();
  return norm(a) === norm(b);
}
