// Quick fixes read what each diagnostic carries; fix-all applies only preferred fixes.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { ADD_TO_CATALOG_COMMAND, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, IGNORE_CODE_COMMAND } from '../protocol';
import { ServiceContext, localeOf } from './context';
import { DiagnosticData, diagnose, Problem, severityOf } from './diagnostics';

function isOurs(d: Diagnostic): d is Diagnostic & { data: DiagnosticData } {
  const data = d.data as DiagnosticData | undefined;
  return d.source === DIAGNOSTIC_SOURCE && !!data && typeof data.token === 'string' && Array.isArray(data.candidates);
}

function wants(only: string[] | undefined, kind: string): boolean {
  // `only: ['source']` asks for every source action, `['quickfix']` for quick fixes, and so on.
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * The actions asked for. `problems`: the whole document's, when the caller has them from a
 * check it ran (in slices, or before, for this version); without them a fix-all checks the
 * document in one piece.
 */
export function codeActions(doc: TextDocument, diagnostics: Diagnostic[], only: string[] | undefined, ctx: ServiceContext, problems?: readonly Problem[]): CodeAction[] {
  const zh = localeOf(ctx) === 'zh-CN';
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const d of diagnostics) {
      if (!isOurs(d)) continue;
      for (const c of d.data.candidates) {
        actions.push({
          title: zh ? `替换为 ${c.code}（${c.httpStatus} ${c.message}）` : `Replace with ${c.code} (${c.httpStatus} ${c.message})`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: d.data.preferred === c.code,
          edit: { changes: { [doc.uri]: [TextEdit.replace(d.range, c.code)] } },
        });
      }
      if (d.code === 'unknown') {
        // A well-formed code the pages do not list is often real: let the user record it.
        actions.push({
          title: zh ? `将 ${d.data.token} 添加到工作区错误码目录` : `Add ${d.data.token} to the workspace catalog`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: 'Add to catalog', command: ADD_TO_CATALOG_COMMAND, arguments: [d.data.token, doc.uri] },
        });
      }
      actions.push({
        title: zh ? `在此工作区中忽略 ${d.data.token}` : `Ignore ${d.data.token} in this workspace`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: 'Ignore code', command: IGNORE_CODE_COMMAND, arguments: [d.data.token, doc.uri] },
      });
    }
  }
  if (wantsFixAll(only)) {
    const fix = fixAll(doc, ctx, problems);
    if (fix) actions.push(fix);
  }
  return actions;
}

/** Every preferred fix in the document, as one action; undefined when there is none. */
export function fixAll(doc: TextDocument, ctx: ServiceContext, problems?: readonly Problem[]): CodeAction | undefined {
  const edits = fixAllEdits(doc, ctx, problems);
  if (edits.length === 0) return undefined;
  return {
    title: localeOf(ctx) === 'zh-CN' ? '修正所有拼错的错误码' : 'Fix all misspelled error codes',
    kind: FIX_ALL_KIND,
    edit: { changes: { [doc.uri]: edits } },
  };
}

/** Whether a fix-all wants the document's problems: otherwise it is not asked for, and no check is needed. */
export function wantsFixAll(only: string[] | undefined): boolean {
  return !!only && wants(only, FIX_ALL_KIND);
}

export function fixAllEdits(doc: TextDocument, ctx: ServiceContext, problems?: readonly Problem[]): TextEdit[] {
  const edits: TextEdit[] = [];
  if (problems) {
    // The preferred fix of every problem that is shown (as `diagnose` with no bound would list them).
    for (const p of problems) {
      if (!p.preferred || severityOf(p, ctx) === undefined) continue;
      edits.push(TextEdit.replace({ start: doc.positionAt(p.hit.start), end: doc.positionAt(p.hit.end) }, p.preferred.entry.entry.code));
    }
    return edits;
  }
  // Every preferred fix, not only those of the problems an editor is shown (MAX_PROBLEMS).
  for (const d of diagnose(doc, ctx, undefined, { maxProblems: Infinity })) {
    if (isOurs(d) && d.data.preferred) edits.push(TextEdit.replace(d.range as Range, d.data.preferred));
  }
  return edits;
}
