// Diagnostics: a code used as a code (a case label, a comparison, a list, a constant …)
// that the catalogs do not hold. Each diagnostic carries its candidates, so quick fixes
// need no second analysis.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { pickText } from '../catalog/index';
import type { Locale } from '../catalog/types';
import { DIAGNOSTIC_SOURCE, SeverityName } from '../protocol';
import { foldsCase, UsageContext } from '../scan/context';
import { CodeHit, scanText } from '../scan/scanner';
import { Candidate, completionsOf, suggest } from '../suggest/rank';
import { ServiceContext, localeOf } from './context';
import { firstLine } from './explain';

export type ProblemKind = 'misspelled' | 'unknown';

export interface CandidateData {
  code: string;
  httpStatus: number;
  message: string;
}

/** What a diagnostic carries in `data`. */
export interface DiagnosticData {
  token: string;
  candidates: CandidateData[];
  /** The candidate a fix-all may apply without asking. */
  preferred?: string;
}

/** Contexts in which a literal is used as a code (and so can be wrong). */
const CODE_USES: ReadonlySet<UsageContext> = new Set<UsageContext>(['case', 'compare', 'compareIgnoreCase', 'member', 'substring', 'arg', 'const', 'value', 'key']);
/** Contexts where the whole code must match (a map is looked up by the whole code): a code cut short there is a mistake, not a prefix. */
const WHOLE_MATCH: ReadonlySet<UsageContext> = new Set<UsageContext>(['case', 'compare', 'compareIgnoreCase', 'member', 'key']);

export interface Problem {
  hit: CodeHit;
  kind: ProblemKind;
  candidates: Candidate[];
  preferred?: Candidate;
}

/** Which hits are problems, and what could be meant instead. Pure: the same hits give the same problems. */
export function problemsOf(hits: readonly CodeHit[], text: string, ctx: ServiceContext): Problem[] {
  const { settings, index } = ctx;
  const ignored = new Set(settings.ignore.map((c) => c.toUpperCase()));
  let folds: boolean | undefined;
  const out: Problem[] = [];
  for (const hit of hits) {
    if (hit.kind === 'exact') continue;
    if (hit.where === 'literal') {
      if (!CODE_USES.has(hit.context)) continue;
    } else if (hit.where !== 'comment' || !settings.diagnostics.comments) {
      continue;
    }
    if (ignored.has(hit.text.toUpperCase())) continue;
    switch (hit.kind) {
      case 'case': {
        if (hit.context === 'compareIgnoreCase') continue;
        // A file that lower- or upper-cases codes before comparing keeps its constants that way on purpose.
        folds ??= foldsCase(text);
        if (folds) continue;
        const c: Candidate = { entry: hit.entry!, score: 0.1 };
        out.push({ hit, kind: 'misspelled', candidates: [c], preferred: c });
        break;
      }
      case 'short': {
        if (hit.where !== 'literal') continue;
        // Elsewhere a short code may be a prefix for partial matching, unless no code starts with it.
        if (!WHOLE_MATCH.has(hit.context) && index.withPrefix(hit.text).length > 0) continue;
        const s = suggest(index, hit.text);
        const extended = completionsOf(index, hit.text).map((entry) => ({ entry, score: 1 }));
        const candidates = s.candidates.length ? s.candidates : extended;
        out.push({ hit, kind: 'misspelled', candidates, preferred: s.preferred });
        break;
      }
      case 'near': {
        const s = suggest(index, hit.text);
        out.push({ hit, kind: 'misspelled', candidates: s.candidates, preferred: s.preferred });
        break;
      }
      case 'unknown': {
        // Real services return codes their pages do not list: offer neighbours, never apply one unasked.
        const s = suggest(index, hit.text);
        out.push({ hit, kind: 'unknown', candidates: s.candidates.filter((c) => c.score <= 1) });
        break;
      }
    }
  }
  return out;
}

function severity(name: SeverityName): DiagnosticSeverity | undefined {
  switch (name) {
    case 'error': return DiagnosticSeverity.Error;
    case 'warning': return DiagnosticSeverity.Warning;
    case 'information': return DiagnosticSeverity.Information;
    case 'hint': return DiagnosticSeverity.Hint;
    case 'off': return undefined;
  }
}

export function candidateData(c: Candidate, locale: Locale): CandidateData {
  return { code: c.entry.entry.code, httpStatus: c.entry.entry.httpStatus, message: firstLine(pickText(c.entry.entry.message, locale)?.text ?? '').replace(/`/g, '') };
}

/** One short line: Error Lens and the Problems panel show it whole. */
export function problemMessage(p: Problem, locale: Locale): string {
  const family = p.hit.family?.name ?? p.candidates[0]?.entry.family.name ?? '';
  const best = p.preferred ?? p.candidates[0];
  const hint = best ? candidateData(best, locale) : undefined;
  const zh = locale === 'zh-CN';
  const guess = hint ? (zh ? `；是否应为 \`${hint.code}\`（${hint.httpStatus}，${hint.message}）？` : `; did you mean \`${hint.code}\` (${hint.httpStatus}, ${hint.message})?`) : '';
  if (p.kind === 'unknown') {
    return zh
      ? `\`${p.hit.text}\` 不在 ${family} 错误码目录中${hint ? `；最接近的是 \`${hint.code}\`（${hint.httpStatus}，${hint.message}）` : ''}。`
      : `\`${p.hit.text}\` is not in the ${family} catalog${hint ? `; nearest is \`${hint.code}\` (${hint.httpStatus}, ${hint.message})` : ''}.`;
  }
  if (p.hit.kind === 'case') {
    return zh ? `\`${p.hit.text}\` 与 \`${hint!.code}\` 仅大小写不同。` : `\`${p.hit.text}\` differs from \`${hint!.code}\` only in letter case.`;
  }
  if (p.hit.kind === 'short') {
    const digits = p.hit.family!.minDigits;
    return zh
      ? `\`${p.hit.text}\` 不是完整的 ${family} 错误码（应有 ${digits} 位数字）${guess || '。'}`
      : `\`${p.hit.text}\` is not a complete ${family} code (${digits} digits)${guess || '.'}`;
  }
  return zh ? `\`${p.hit.text}\` 不是已知的 ${family} 错误码${guess || '。'}` : `\`${p.hit.text}\` is not a known ${family} error code${guess || '.'}`;
}

export function toDiagnostic(doc: TextDocument, p: Problem, ctx: ServiceContext): Diagnostic | undefined {
  const sev = severity(p.kind === 'unknown' ? ctx.settings.diagnostics.unknown : ctx.settings.diagnostics.misspelled);
  if (sev === undefined) return undefined;
  const locale = localeOf(ctx);
  const data: DiagnosticData = {
    token: p.hit.text,
    candidates: p.candidates.map((c) => candidateData(c, locale)),
    preferred: p.preferred?.entry.entry.code,
  };
  return {
    range: { start: doc.positionAt(p.hit.start), end: doc.positionAt(p.hit.end) },
    severity: sev,
    source: DIAGNOSTIC_SOURCE,
    code: p.kind,
    message: problemMessage(p, locale),
    data,
  };
}

/** The document's diagnostics. Documents over the size limit are not checked. */
export function diagnose(doc: TextDocument, ctx: ServiceContext, hits?: readonly CodeHit[]): Diagnostic[] {
  const text = doc.getText();
  if (text.length > ctx.settings.maxFileSize) return [];
  const found = hits ?? scanText(text, doc.languageId, ctx.index);
  return toDiagnostics(doc, problemsOf(found, text, ctx), ctx);
}

/** Problems as diagnostics (those whose severity is not `off`). */
export function toDiagnostics(doc: TextDocument, problems: readonly Problem[], ctx: ServiceContext): Diagnostic[] {
  return problems.map((p) => toDiagnostic(doc, p, ctx)).filter((d): d is Diagnostic => d !== undefined);
}
