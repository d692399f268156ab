// Diagnostics: a code used as a code (a case label, a comparison, a list, a constant …)
// that the catalogs do not hold. Each diagnostic carries its candidates, so quick fixes
// need no second analysis.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { type CatalogIndex, pickText } from '../catalog/index';
import type { Locale } from '../catalog/types';
import { DIAGNOSTIC_SOURCE, SeverityName } from '../../../protocol';
import { foldsCase, UsageContext } from '../scan/context';
import { codePointLabel } from '../scan/disguise';
import { CodeHit, MAX_HITS, scanText, ShownCode } from '../scan/scanner';
import { Candidate, completionsOf, suggest } from '../suggest/rank';
import { ServiceContext, localeOf } from './context';
import { familyLabel, firstLine } from './explain';
import { pageForProblem } from './links';

type ProblemKind = 'misspelled' | 'unknown';

interface CandidateData {
  code: string;
  httpStatus?: number;
  message: string;
}

/** What a diagnostic carries in `data`. */
export interface DiagnosticData {
  token: string;
  candidates: CandidateData[];
  /** The candidate a fix-all may apply without asking. */
  preferred?: string;
  /** A literal with hidden or look-alike characters: the text it shows, which a quick fix writes in its place. */
  clean?: string;
}

/** Contexts in which a literal is used as a code (and so can be wrong). */
const CODE_USES: ReadonlySet<UsageContext> = new Set<UsageContext>([
  'case',
  'compare',
  'compareIgnoreCase',
  'member',
  'substring',
  'arg',
  'const',
  'value',
  'key',
]);
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
    if (hit.disguise) {
      out.push(disguisedProblem(hit, hit.disguise, index));
      continue;
    }
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
        if (!WHOLE_MATCH.has(hit.context) && index.hasPrefix(hit.text)) continue;
        const s = suggest(index, hit.text, hit.family);
        const extended = completionsOf(index, hit.text).map((entry) => ({ entry, score: 1 }));
        const candidates = s.candidates.length ? s.candidates : extended;
        out.push({ hit, kind: 'misspelled', candidates, preferred: s.preferred });
        break;
      }
      case 'near': {
        const s = suggest(index, hit.text, hit.family);
        out.push({ hit, kind: 'misspelled', candidates: s.candidates, preferred: s.preferred });
        break;
      }
      case 'unknown': {
        // Real services return codes their pages do not list: offer neighbours, never apply one unasked.
        const s = suggest(index, hit.text, hit.family);
        out.push({ hit, kind: 'unknown', candidates: s.candidates.filter((c) => c.score <= 1), preferred: undefined });
        break;
      }
    }
  }
  return out;
}

/**
 * A literal that shows a code but cannot equal it. Writing the code it shows is applied
 * unasked only when a catalog documents that code; otherwise its neighbours are offered.
 */
function disguisedProblem(hit: CodeHit, shown: ShownCode, index: CatalogIndex): Problem {
  if (shown.entry) {
    const c: Candidate = { entry: shown.entry, score: 0 };
    return { hit, kind: 'misspelled', candidates: [c], preferred: c };
  }
  return { hit, kind: 'misspelled', candidates: suggest(index, shown.clean).candidates, preferred: undefined };
}

/** The hidden characters as a message lists them (at most three, then how many more). */
export function hiddenCharactersText(shown: ShownCode, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const shownChars = shown.chars.slice(0, 3).map((c) => {
    const label = `${codePointLabel(c.codePoint)} ${c.name}`;
    const like = c.looksLike ? (zh ? `（形似 "${c.looksLike}"）` : ` (looks like "${c.looksLike}")`) : '';
    const written = c.escaped ? (zh ? '（以转义序列写出）' : ' (written as an escape)') : '';
    return zh ? `第 ${c.at + 1} 个字符 ${label}${like}${written}` : `${label}${like}${written} at character ${c.at + 1}`;
  });
  const more = shown.chars.length - shownChars.length;
  if (more > 0) shownChars.push(zh ? `另有 ${more} 个` : `${more} more`);
  return shownChars.join(zh ? '、' : ', ');
}

function disguiseMessage(p: Problem, shown: ShownCode, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const invisible = shown.chars.every((c) => !c.looksLike);
  const alike = shown.chars.every((c) => c.looksLike);
  const what = zh
    ? invisible
      ? '隐藏字符'
      : alike
        ? '形似字符'
        : '隐藏字符和形似字符'
    : `${invisible ? 'Hidden character' : alike ? 'Look-alike character' : 'Hidden and look-alike character'}${shown.chars.length > 1 ? 's' : ''}`;
  const list = hiddenCharactersText(shown, locale);
  if (shown.entry) {
    const e = candidateData({ entry: shown.entry, score: 0 }, locale);
    return zh
      ? `\`${shown.clean}\` 中有${what}：${list}；按原样写，它永远不等于该错误码（${e.httpStatus}，${e.message}）。`
      : `${what} in \`${shown.clean}\`: ${list}; as written it never equals the code (${e.httpStatus}, ${e.message}).`;
  }
  const family = p.hit.family ? familyLabel(p.hit.family, locale) : '';
  const best = p.candidates[0] ? candidateData(p.candidates[0], locale) : undefined;
  const guess = best
    ? zh
      ? `；是否应为 \`${best.code}\`（${best.httpStatus}，${best.message}）？`
      : `; did you mean \`${best.code}\` (${best.httpStatus}, ${best.message})?`
    : zh
      ? '。'
      : '.';
  return zh
    ? `\`${shown.clean}\` 中有${what}：${list}；即使按普通字符读，它也不是已知的 ${family} 错误码${guess}`
    : `${what} in \`${shown.clean}\`: ${list}; even read plainly, it is not a known ${family} code${guess}`;
}

function severity(name: SeverityName): DiagnosticSeverity | undefined {
  switch (name) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'information':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
    case 'off':
      return undefined;
  }
}

function candidateData(c: Candidate, locale: Locale): CandidateData {
  return {
    code: c.entry.entry.code,
    httpStatus: c.entry.entry.httpStatus,
    message: firstLine(pickText(c.entry.entry.message, locale)?.text ?? '').replace(/`/g, ''),
  };
}

/** One short line: Error Lens and the Problems panel show it whole. */
function problemMessage(p: Problem, locale: Locale): string {
  if (p.hit.disguise) return disguiseMessage(p, p.hit.disguise, locale);
  const shape = p.hit.family ?? p.candidates[0]?.entry.family;
  const family = shape ? familyLabel(shape, locale) : '';
  const best = p.preferred ?? p.candidates[0];
  const hint = best ? candidateData(best, locale) : undefined;
  const zh = locale === 'zh-CN';
  const guess = hint
    ? zh
      ? `；是否应为 \`${hint.code}\`（${hint.httpStatus}，${hint.message}）？`
      : `; did you mean \`${hint.code}\` (${hint.httpStatus}, ${hint.message})?`
    : '';
  if (p.kind === 'unknown') {
    return zh
      ? `\`${p.hit.text}\` 不在 ${family} 错误码目录中${hint ? `；最接近的是 \`${hint.code}\`（${hint.httpStatus}，${hint.message}）` : ''}。`
      : `\`${p.hit.text}\` is not in the ${family} catalog${hint ? `; nearest is \`${hint.code}\` (${hint.httpStatus}, ${hint.message})` : ''}.`;
  }
  if (p.hit.kind === 'case') {
    return zh ? `\`${p.hit.text}\` 与 \`${hint!.code}\` 仅大小写不同。` : `\`${p.hit.text}\` differs from \`${hint!.code}\` only in letter case.`;
  }
  if (p.hit.kind === 'short') {
    // `DBS.` has 6 digits in some services and 8 in others: say both.
    const digits = [...new Set(p.hit.family!.widths.map((w) => (w.min === w.max ? `${w.min}` : `${w.min}-${w.max}`)))].join(zh ? ' 或 ' : ' or ');
    return zh
      ? `\`${p.hit.text}\` 不是完整的 ${family} 错误码（应有 ${digits} 位数字）${guess || '。'}`
      : `\`${p.hit.text}\` is not a complete ${family} code (${digits} digits)${guess || '.'}`;
  }
  return zh ? `\`${p.hit.text}\` 不是已知的 ${family} 错误码${guess || '。'}` : `\`${p.hit.text}\` is not a known ${family} error code${guess || '.'}`;
}

/** The severity a problem is shown with; undefined when its kind is turned `off`. */
export function severityOf(p: Problem, ctx: ServiceContext): DiagnosticSeverity | undefined {
  return severity(p.kind === 'unknown' ? ctx.settings.diagnostics.unknown : ctx.settings.diagnostics.misspelled);
}

function toDiagnostic(doc: TextDocument, p: Problem, ctx: ServiceContext): Diagnostic | undefined {
  const sev = severityOf(p, ctx);
  if (sev === undefined) return undefined;
  const locale = localeOf(ctx);
  const data: DiagnosticData = {
    token: p.hit.text,
    candidates: p.candidates.map((c) => candidateData(c, locale)),
    // Only a misspelling has a fix applied unasked, and only to a code the catalogs hold.
    preferred: p.kind === 'misspelled' ? documentedCode(p.preferred, ctx) : undefined,
  };
  if (p.hit.disguise) data.clean = p.hit.disguise.clean;
  const diagnostic: Diagnostic = {
    range: { start: doc.positionAt(p.hit.start), end: doc.positionAt(p.hit.end) },
    severity: sev,
    source: DIAGNOSTIC_SOURCE,
    code: p.kind,
    message: problemMessage(p, locale),
    data,
  };
  // The editor shows the code (`misspelled`) as a link to the vendor's page.
  const page = pageOfProblem(p, data.preferred, ctx);
  if (page) diagnostic.codeDescription = { href: page.url };
  return diagnostic;
}

/** The vendor page a problem links to: the page of the code its fix writes, else its family's catalog's. */
function pageOfProblem(p: Problem, preferred: string | undefined, ctx: ServiceContext) {
  const fix = preferred === undefined ? undefined : ctx.index.get(preferred);
  return pageForProblem(fix, p.hit.family ?? p.candidates[0]?.entry.family, localeOf(ctx));
}

/** The candidate's code when it is one the index holds as it is (never anything else written into a file). */
function documentedCode(c: Candidate | undefined, ctx: ServiceContext): string | undefined {
  const code = c?.entry.entry.code;
  return code !== undefined && ctx.index.get(code) === c!.entry ? code : undefined;
}

/**
 * At most this many problems are listed per document: an editor (its Problems panel, its
 * squiggles, the JSON of one publishDiagnostics) chokes on tens of thousands, and nobody reads
 * past the first screens. A note after the last one says how many more there are.
 */
export const MAX_PROBLEMS = 1000;

export interface DiagnoseOptions {
  /** Problems listed at most (default MAX_PROBLEMS; the command line and fix-all take them all). */
  maxProblems?: number;
}

/**
 * The document's diagnostics. A document over the size limit is not checked: one note at its
 * start says so, so the user knows why a misspelled code goes unmarked there.
 */
export function diagnose(doc: TextDocument, ctx: ServiceContext, hits?: readonly CodeHit[], options: DiagnoseOptions = {}): Diagnostic[] {
  return wholeCheck(doc, ctx, options, hits).diagnostics;
}

/** What a check of a whole document found (see features/check.ts, the entry every door uses). */
export interface WholeCheck {
  hits: readonly CodeHit[];
  problems: readonly Problem[];
  diagnostics: Diagnostic[];
  /** Over `errorCodes.maxFileSize`: not checked at all (the diagnostics say so). */
  tooLarge?: true;
  /** Where the check stopped after MAX_HITS codes: the rest of the text was not checked. */
  stoppedAt?: number;
}

/**
 * The check of a whole document in one piece: its hits (or those given), their problems and the
 * diagnostics. With `maxProblems: Infinity` (the CLI, fix-all) every code counts; otherwise the
 * check stops after MAX_HITS codes and says where.
 */
export function wholeCheck(doc: TextDocument, ctx: ServiceContext, options: DiagnoseOptions = {}, given?: readonly CodeHit[]): WholeCheck {
  const text = doc.getText();
  if (text.length > ctx.settings.maxFileSize) return { hits: [], problems: [], diagnostics: notCheckedDiagnostics(doc, ctx), tooLarge: true };
  const all = options.maxProblems === Infinity;
  // One hit past the bound tells a document of exactly MAX_HITS codes from a longer one.
  let hits = given ?? scanText(text, doc.languageId, ctx.index, { maxHits: all ? Infinity : MAX_HITS + 1 });
  let stoppedAt: number | undefined;
  if (hits.length > MAX_HITS && !all) {
    stoppedAt = hits[MAX_HITS].start;
    hits = hits.slice(0, MAX_HITS);
  }
  const problems = problemsOf(hits, text, ctx);
  return { hits, problems, diagnostics: toDiagnostics(doc, problems, ctx, { ...options, stoppedAt }), ...(stoppedAt === undefined ? {} : { stoppedAt }) };
}

/** The note for a document over `errorCodes.maxFileSize` ([] for one within it). */
export function notCheckedDiagnostics(doc: TextDocument, ctx: ServiceContext): Diagnostic[] {
  const length = doc.getText().length;
  const max = ctx.settings.maxFileSize;
  if (length <= max) return [];
  const zh = localeOf(ctx) === 'zh-CN';
  const message = zh
    ? `未检查此文件中的错误码：它有 ${length} 个字符，超过 errorCodes.maxFileSize（${max}）。悬停说明仍然可用。`
    : `Error codes in this file are not checked: it has ${length} characters, more than errorCodes.maxFileSize (${max}). Hover still works.`;
  return [note(doc, 0, 'notChecked', message)];
}

function note(doc: TextDocument, offset: number, code: string, message: string): Diagnostic {
  const at = doc.positionAt(offset);
  return { range: { start: at, end: at }, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code, message };
}

/**
 * Problems as diagnostics (those whose severity is not `off`), at most `maxProblems` of them
 * and then a note of how many more there are; `stoppedAt`: the scan stopped at this offset
 * (MAX_HITS codes), and a note there says the rest of the document was not checked.
 */
export function toDiagnostics(
  doc: TextDocument,
  problems: readonly Problem[],
  ctx: ServiceContext,
  options: DiagnoseOptions & { stoppedAt?: number } = {},
): Diagnostic[] {
  const max = options.maxProblems ?? MAX_PROBLEMS;
  const out: Diagnostic[] = [];
  let more = 0;
  let firstLeftOut: Problem | undefined;
  for (const p of problems) {
    if (severityOf(p, ctx) === undefined) continue;
    if (out.length < max) out.push(toDiagnostic(doc, p, ctx)!);
    else if (more++ === 0) firstLeftOut = p;
  }
  const zh = localeOf(ctx) === 'zh-CN';
  if (firstLeftOut) {
    out.push(
      note(
        doc,
        firstLeftOut.hit.start,
        'tooManyProblems',
        zh
          ? `此文件中还有 ${more} 个错误码问题未列出（每个文件最多列出 ${max} 个），从这里开始。`
          : `${more} more error-code problem${more === 1 ? '' : 's'} in this file ${more === 1 ? 'is' : 'are'} not listed (at most ${max} per file), starting here.`,
      ),
    );
  }
  if (options.stoppedAt !== undefined) {
    out.push(
      note(
        doc,
        options.stoppedAt,
        'notChecked',
        zh
          ? `此文件的错误码检查在此停止：已找到 ${MAX_HITS} 个错误码，其后的内容未检查。`
          : `The check of error codes stopped here, after ${MAX_HITS} codes: the rest of this file is not checked.`,
      ),
    );
  }
  return out;
}
