// What a user sees, checked inside a real VS Code with the development build of the
// extension. Expectations about codes come from the catalogs (see catalogEntry), so the
// tests state behaviour, not catalog contents.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { FIX_ALL_KIND } from '../../../protocol';
import { MAX_RESTARTS } from '../../../client/src/restartPolicy';
import { driver, test } from './framework';
import { notificationWith, pressEscape, shot, showHover, type Query } from './ui';
import {
  EXTENSION_ID,
  catalogEntry,
  closeAllEditors,
  open,
  ours,
  plain,
  positionOf,
  rangeOf,
  revert,
  runPickCommand,
  serverPids,
  setSetting,
  until,
  waitForDiagnostics,
  waitForHover,
} from './helpers';

const KNOWN = 'SVCSTG.SWR.4001048';
const TYPO = 'SVCSTG.SWR.404010';
const FIXED = 'SVCSTG.SWR.4040010';
const G = 'dev';

/** Matches a hover that explains `code`: the code itself and its HTTP status. */
const explains = (code: string, status: number) => (text: string) => text.includes(code) && text.includes(String(status));

const isTypoDiagnostic = (doc: vscode.TextDocument) => (d: vscode.Diagnostic) => doc.getText(d.range).includes(TYPO);

test(G, 'no server process runs until a covered file is opened', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  // VS Code may activate the extension at startup (it opens its JSON settings models), but
  // the workspace opens with no editor, so the server must not be running yet.
  const docs = vscode.workspace.textDocuments.map((d) => `${d.uri.toString()} (${d.languageId})`).join(', ');
  assert.deepEqual(serverPids(), [], `the server started before any covered file was opened; open documents: ${docs}`);
  await open('handler.ts');
  await until('the extension to activate on a TypeScript file', () => (ext.isActive ? true : undefined), 15_000);
  if (process.platform === 'linux') await until('the server process to start', () => (serverPids().length === 1 ? true : undefined), 15_000);
});

test(
  G,
  'hover on a code in a TypeScript file shows its HTTP status and message',
  async (ctx) => {
    const entry = catalogEntry(ctx.config.repoRoot, KNOWN);
    const editor = await open('handler.ts');
    const pos = positionOf(editor.document, KNOWN, 4);
    const text = await waitForHover(editor.document.uri, pos, `a hover explaining ${KNOWN}`, explains(KNOWN, entry.httpStatus), 30_000);
    assert.ok(entry.message.en && text.includes(entry.message.en), `the hover lacks the catalog message "${entry.message.en}":\n${text}`);

    // The picture for the README: the hover as the user sees it.
    editor.selection = new vscode.Selection(pos, pos);
    await showHover(ctx, 'hover', KNOWN);
    await pressEscape(ctx);
  },
  45_000,
);

test(G, 'hover on a code in a .log file explains it', async (ctx) => {
  const entry = catalogEntry(ctx.config.repoRoot, KNOWN);
  const editor = await open('push.log');
  assert.equal(editor.document.languageId, 'log');
  const text = await waitForHover(
    editor.document.uri,
    positionOf(editor.document, KNOWN, 2),
    `a hover explaining ${KNOWN} in the log`,
    explains(KNOWN, entry.httpStatus),
  );
  assert.ok(entry.message.en && text.includes(entry.message.en), `the hover lacks the message:\n${text}`);
});

test(G, 'completion inside a string literal offers catalog codes', async (ctx) => {
  catalogEntry(ctx.config.repoRoot, FIXED);
  const editor = await open('complete.ts');
  const prefix = 'SVCSTG.SWR.4040';
  const pos = positionOf(editor.document, prefix, prefix.length);
  const labels = await until(`completion items for "${prefix}"`, async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
    const found = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    return found.includes(FIXED) ? found : undefined;
  });
  const codes = labels.filter((l) => l.startsWith('SVCSTG.SWR.'));
  assert.ok(
    codes.every((l) => l.startsWith(prefix)),
    `codes not matching the typed prefix were offered: ${codes
      .filter((l) => !l.startsWith(prefix))
      .slice(0, 5)
      .join(', ')}`,
  );
});

test(G, 'a misspelled case label gets a warning that names the right code', async (ctx) => {
  const editor = await open('handler.ts');
  const doc = editor.document;
  const diags = await waitForDiagnostics(doc.uri, `a diagnostic on ${TYPO}`, (ds) => ds.some(isTypoDiagnostic(doc)));
  const diag = diags.find(isTypoDiagnostic(doc))!;
  assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning, 'default severity of a misspelling is a warning');
  assert.ok(diag.message.includes(FIXED), `the message does not suggest ${FIXED}: ${diag.message}`);
  assert.ok(!diag.message.includes('\n'), 'the message should be one line');
  assert.ok(!ours(doc.uri).some((d) => doc.getText(d.range).includes(KNOWN)), `${KNOWN} is a real code and must not be flagged`);

  // The picture: the Problems panel with the warning, and the quick-fix menu on the
  // squiggle (only quick fixes: TypeScript's refactorings would fill the rest of the menu).
  const at = rangeOf(doc, TYPO).start.translate(0, 3);
  editor.selection = new vscode.Selection(at, at);
  if (ctx.config.driverUrl) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    ctx.cleanup(() => vscode.commands.executeCommand('workbench.action.closePanel'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('editor.action.codeAction', { kind: vscode.CodeActionKind.QuickFix.value });
    await driver('shot', { name: 'quick-fix', waitFor: '.action-widget', text: FIXED, full: true }, ctx.config.driverUrl);
  }
  await pressEscape(ctx);
});

test(G, 'the quick fix replaces the misspelled code', async (ctx) => {
  const editor = await open('fix-one.ts');
  ctx.cleanup(() => revert(editor));
  const doc = editor.document;
  const [diag] = await waitForDiagnostics(doc.uri, `a diagnostic on ${TYPO}`, (ds) => ds.some(isTypoDiagnostic(doc)));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    diag!.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const fix = actions.find((a) => a.title.includes(FIXED));
  assert.ok(fix, `no quick fix offering ${FIXED}; offered: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(fix.isPreferred, 'the best suggestion should be the preferred fix (Ctrl+. Enter, and fix-all, take it)');
  await apply(fix);
  assert.ok(doc.getText().includes(`case "${FIXED}":`), `the document after the fix:\n${doc.getText()}`);
  await waitForDiagnostics(doc.uri, 'the diagnostic to go away after the fix', (ds) => !ds.some(isTypoDiagnostic(doc)));
});

test(G, 'fix-all (source.fixAll.errorCodes) fixes every misspelling in the file', async (ctx) => {
  const editor = await open('fix-all.ts');
  ctx.cleanup(() => revert(editor));
  const doc = editor.document;
  await waitForDiagnostics(doc.uri, `two diagnostics on ${TYPO}`, (ds) => ds.filter(isTypoDiagnostic(doc)).length === 2);
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, FIX_ALL_KIND);
  const fixAll = actions.filter((a) => a.kind?.value === FIX_ALL_KIND);
  assert.equal(fixAll.length, 1, `expected one ${FIX_ALL_KIND} action, got: ${actions.map((a) => `${a.title} (${a.kind?.value})`).join(' | ')}`);
  await apply(fixAll[0]!);
  const text = doc.getText();
  assert.ok(!text.includes(`"${TYPO}"`), `a misspelling is left:\n${text}`);
  assert.equal(text.split(`"${FIXED}"`).length - 1, 2, `both occurrences should read ${FIXED}:\n${text}`);
  assert.ok(text.includes(`"${KNOWN}"`), 'a correct code was changed');
});

test(G, 'ECS, VPC and RDS codes: hover, a warning with its fix for each slip, completion', async (ctx) => {
  const editor = await open('services.ts');
  const doc = editor.document;
  // Each service's code, the slip beside it in the handler, and a few words of its catalog's name.
  const cases = [
    { code: 'Ecs.0114', slip: 'Ecs.O114', service: 'Elastic Cloud Server' },
    { code: 'VPC.0101', slip: 'VPC.O101', service: 'Virtual Private Cloud' },
    { code: 'DBS.200019', slip: 'DBS.2OOO19', service: 'Relational Database Service' },
  ];
  for (const c of cases) {
    const entry = catalogEntry(ctx.config.repoRoot, c.code);
    const pos = positionOf(doc, `"${c.code}"`, 3);
    // A code several services document (VPC.0101: VPC, EIP, ELB...) is explained by each; the hover names this one.
    const text = await waitForHover(doc.uri, pos, `a hover explaining ${c.code}`, explains(c.code, entry.httpStatus), 30_000);
    assert.ok(plain(text).includes(c.service), `the hover of ${c.code} does not name ${c.service}:\n${text}`);
  }
  const onSlip = (slip: string) => (d: vscode.Diagnostic) => doc.getText(d.range).includes(slip);
  const diags = await waitForDiagnostics(doc.uri, 'a warning on each slip', (ds) => cases.every((c) => ds.some(onSlip(c.slip))));
  for (const c of cases) {
    const diag = diags.find(onSlip(c.slip))!;
    assert.ok(diag.message.includes(c.code), `the warning on ${c.slip} does not name ${c.code}: ${diag.message}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.title.includes(c.code), `the preferred fix of ${c.slip} is not ${c.code}: ${actions.map((a) => a.title).join(' | ')}`);
  }
  assert.ok(!ours(doc.uri).some((d) => cases.some((c) => doc.getText(d.range) === c.code)), 'a documented code was flagged');
  const prefix = 'Ecs.011';
  const at = positionOf(doc, `"${prefix}"`, 1 + prefix.length);
  await until(`completion offering Ecs.0114 after "${prefix}"`, async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
    return list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'Ecs.0114') ? true : undefined;
  });
});

test(G, 'the look-up command finds a code and shows its explanation', async (ctx) => {
  ctx.cleanup(closeAllEditors);
  const entry = catalogEntry(ctx.config.repoRoot, KNOWN);
  if (ctx.config.driverUrl) {
    await closeAllEditors();
    // The picture: the pick searching by words of a message rather than by code.
    const pending = vscode.commands.executeCommand('errorCodes.lookup', { query: 'obtain the token' });
    await shot(ctx, 'lookup', '.quick-input-widget .monaco-list-row', 'SVCSTG.SWR.');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await pending;
  }
  const opened = new Promise<vscode.TextDocument>((resolve) => {
    const sub = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.scheme === 'error-codes') {
        sub.dispose();
        resolve(d);
      }
    });
  });
  const picked = await runPickCommand<string>('errorCodes.lookup', { query: KNOWN });
  assert.equal(picked, KNOWN, 'the first result for an exact code should be that code');
  const page = await Promise.race([
    opened,
    until('the explanation page', () => vscode.workspace.textDocuments.find((d) => d.uri.path.includes(`/explain/${KNOWN}`))),
  ]);
  const text = plain(page.getText());
  assert.ok(text.includes(KNOWN) && text.includes(String(entry.httpStatus)), `the page does not explain ${KNOWN}:\n${text.slice(0, 500)}`);
  assert.ok(entry.message.en && text.includes(entry.message.en), `the page lacks the message:\n${text.slice(0, 500)}`);
});

test(G, 'the insert command puts the chosen code at the cursor', async (ctx) => {
  const editor = await open('insert.ts');
  ctx.cleanup(() => revert(editor));
  const pos = positionOf(editor.document, '""', 1);
  editor.selection = new vscode.Selection(pos, pos);
  const picked = await runPickCommand<string>('errorCodes.insert', { query: FIXED });
  assert.equal(picked, FIXED);
  assert.ok(editor.document.getText().includes(`tokenFailure = "${FIXED}"`), editor.document.getText());
});

test(G, 'show catalog opens a readable page of a catalog', async (ctx) => {
  ctx.cleanup(closeAllEditors);
  const id = await runPickCommand<string>('errorCodes.showCatalog');
  assert.ok(id, 'no catalog was offered');
  const page = await until('the catalog page', () =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'error-codes' && d.uri.path === `/catalog/${id}.md`),
  );
  const file = readdirSync(`${ctx.config.repoRoot}/catalogs`)
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${ctx.config.repoRoot}/catalogs/${f}`)
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as { id?: string; codes?: Array<{ code: string }> })
    .find((c) => c.id === id);
  const some = file?.codes?.[0]?.code;
  assert.ok(!some || plain(page.getText()).includes(some), `the page for ${id} does not list ${some}`);
});

test(G, 'the status bar counts the codes and problems and lists them on click', async (ctx) => {
  const editor = await open('handler.ts');
  await waitForDiagnostics(editor.document.uri, 'the misspelling diagnostic', (ds) => ds.some(isTypoDiagnostic(editor.document)));
  const item = await driver<{ found: boolean; text: string }>(
    'query',
    { selector: '[id$="errorCodes.status"]', text: '1', timeoutMs: 10_000 },
    ctx.config.driverUrl,
  );
  if (item) assert.ok(item.found, `status bar item not shown (found text: ${JSON.stringify(item.text)})`);
  // Clicking runs this command; choosing an entry moves the cursor onto its code.
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  await runPickCommand('errorCodes.listDocumentCodes');
  const active = vscode.window.activeTextEditor!;
  const selected = active.document.getText(active.selection);
  assert.match(selected, /^SVCSTG\.SWR\.\d+$/, `the cursor should be on a code after picking one, selection is "${selected}"`);
});

test(G, 'the "ignore" quick fix adds the code to errorCodes.ignore and the warning goes', async (ctx) => {
  const editor = await open('handler.ts');
  const doc = editor.document;
  const [diag] = (await waitForDiagnostics(doc.uri, `a diagnostic on ${TYPO}`, (ds) => ds.some(isTypoDiagnostic(doc)))).filter(isTypoDiagnostic(doc));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    diag!.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const ignore = actions.find((a) => /ignore/i.test(a.title));
  assert.ok(ignore, `no ignore action; offered: ${actions.map((a) => a.title).join(' | ')}`);
  ctx.cleanup(async () => {
    await setSetting('errorCodes.ignore', undefined);
    await waitForDiagnostics(doc.uri, 'the diagnostic to return once the code is no longer ignored', (ds) => ds.some(isTypoDiagnostic(doc)));
  });
  await apply(ignore);
  const ignored = vscode.workspace.getConfiguration('errorCodes', doc.uri).get<string[]>('ignore') ?? [];
  assert.ok(ignored.includes(TYPO), `errorCodes.ignore is ${JSON.stringify(ignored)}`);
  await waitForDiagnostics(doc.uri, 'the ignored code to lose its warning', (ds) => !ds.some(isTypoDiagnostic(doc)));
});

test(G, '"Show catalogs and settings in force" lists the bundled catalogs and the settings', async (ctx) => {
  ctx.cleanup(closeAllEditors);
  await vscode.commands.executeCommand('errorCodes.showConfiguration');
  const page = await until('the configuration page', () =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'error-codes' && d.uri.path.endsWith('configuration.txt')),
  );
  const text = page.getText();
  assert.ok(/\bswr\b/.test(text) && text.includes('"errorCodes"'), `unexpected page:\n${text.slice(0, 600)}`);
});

test(G, 'the Error Codes view lists the codes the workspace uses', async (ctx) => {
  if (!ctx.config.driverUrl) return ctx.skip('reads the view from the page');
  ctx.cleanup(() => vscode.commands.executeCommand('workbench.action.closeSidebar'));
  await vscode.commands.executeCommand('errorCodes.workspaceCodes.focus');
  const rows = '.pane-body .monaco-list-row';
  const service = await driver<Query>('query', { selector: rows, text: 'SWR', timeoutMs: 20_000 }, ctx.config.driverUrl);
  assert.ok(service?.found, `no SWR row in the view (first row: ${service?.text})`);
  // A code's places are fetched from the server when it is opened (they are not in the view's first answer).
  const open = async (text: string, child: string) => {
    const shown = await driver<Query>('query', { selector: rows, text: child, timeoutMs: 1000 }, ctx.config.driverUrl);
    if (!shown?.found) await driver('click', { selector: rows, text }, ctx.config.driverUrl);
  };
  await open('SWR', KNOWN);
  await open(KNOWN, 'handler.ts:');
  const place = await driver<Query>('query', { selector: rows, text: 'handler.ts:', timeoutMs: 10_000 }, ctx.config.driverUrl);
  assert.ok(place?.found, `no place of ${KNOWN} under it in the view (first row: ${place?.text})`);
});

test(G, 'turning errorCodes.diagnostics.misspelled off removes the warning without a restart', async (ctx) => {
  const editor = await open('handler.ts');
  const doc = editor.document;
  await waitForDiagnostics(doc.uri, 'the misspelling diagnostic', (ds) => ds.some(isTypoDiagnostic(doc)));
  ctx.cleanup(async () => {
    await setSetting('errorCodes.diagnostics.misspelled', undefined);
    await waitForDiagnostics(doc.uri, 'the diagnostic to come back after resetting the setting', (ds) => ds.some(isTypoDiagnostic(doc)));
  });
  await setSetting('errorCodes.diagnostics.misspelled', 'off');
  await waitForDiagnostics(doc.uri, 'the diagnostic to vanish', (ds) => !ds.some(isTypoDiagnostic(doc)));
  await setSetting('errorCodes.diagnostics.misspelled', 'error');
  const ds = await waitForDiagnostics(doc.uri, 'the diagnostic to return as an error', (all) =>
    all.some((d) => isTypoDiagnostic(doc)(d) && d.severity === vscode.DiagnosticSeverity.Error),
  );
  assert.ok(ds.length);
});

test(G, 'errorCodes.language zh-CN makes the hover Chinese', async (ctx) => {
  const entry = catalogEntry(ctx.config.repoRoot, KNOWN);
  const zh = entry.message['zh-CN'];
  if (!zh) return ctx.skip(`${KNOWN} has no Chinese message in the catalog`);
  const editor = await open('handler.ts');
  const pos = positionOf(editor.document, KNOWN, 4);
  await waitForHover(editor.document.uri, pos, 'an English hover first', (t) => t.includes(KNOWN));
  ctx.cleanup(() => setSetting('errorCodes.language', undefined));
  await setSetting('errorCodes.language', 'zh-CN');
  await waitForHover(editor.document.uri, pos, `the hover to show "${zh}"`, (t) => t.includes(zh));
});

test(
  G,
  'after the server crashes it is restarted and diagnostics come back, without an error message',
  async (ctx) => {
    if (process.platform !== 'linux') ctx.skip('finds the server process through /proc');
    const editor = await open('handler.ts');
    const doc = editor.document;
    await waitForDiagnostics(doc.uri, 'the misspelling diagnostic', (ds) => ds.some(isTypoDiagnostic(doc)));
    const before = serverPids();
    assert.equal(before.length, 1, `expected one server process under the extension host, found ${JSON.stringify(before)}`);
    let republished = false;
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === doc.uri.toString()) && ours(doc.uri).some(isTypoDiagnostic(doc))) republished = true;
    });
    ctx.cleanup(() => sub.dispose());
    process.kill(before[0]!, 'SIGKILL');
    const after = await until('a new server process', () => {
      const now = serverPids();
      return now.length === 1 && now[0] !== before[0] ? now[0] : undefined;
    });
    assert.notEqual(after, before[0]);
    // Diagnostics published by the new process, not the ones left from the old one.
    await until('the restarted server to publish the diagnostic again', () => (republished ? true : undefined));
    await waitForHover(doc.uri, positionOf(doc, KNOWN, 4), 'hover to work after the restart', (t) => t.includes(KNOWN), 10_000);
    if (ctx.config.driverUrl) {
      const any = await notificationWith(ctx, 'Error Codes', 500);
      assert.equal(any.count, 0, `a notification appeared: ${any.text}`);
    }
  },
  45_000,
);

test(
  G,
  'a crash while unsaved edits are being checked: the restarted server checks the unsaved text, hover works, the document is left as it was',
  async (ctx) => {
    if (process.platform !== 'linux') ctx.skip('finds the server process through /proc');
    // VS Code in a browser saves after a second by default; unsaved edits must stay unsaved here.
    await setSetting('files.autoSave', 'off');
    ctx.cleanup(() => setSetting('files.autoSave', undefined));
    const editor = await open('handler.ts');
    const doc = editor.document;
    const onDisk = readFileSync(doc.uri.fsPath, 'utf8');
    ctx.cleanup(() => revert(editor));
    await waitForDiagnostics(doc.uri, 'the misspelling diagnostic', (ds) => ds.some(isTypoDiagnostic(doc)));
    // Unsaved: the misspelling on disk is put right, and a new one is typed below it.
    const typed = 'SVCSTG.SWR.4001084';
    assert.ok(
      await editor.edit((e) => {
        e.replace(rangeOf(doc, TYPO), FIXED);
        e.insert(positionOf(doc, '    default:'), `    case "${typed}":\n      return 'Typed, not saved.';\n`);
      }),
      'the edit was refused',
    );
    const hasTyped = (ds: vscode.Diagnostic[]) => ds.some((d) => doc.getText(d.range) === typed);
    await waitForDiagnostics(doc.uri, `a diagnostic on the unsaved ${typed}`, (ds) => hasTyped(ds) && !ds.some(isTypoDiagnostic(doc)));
    const before = serverPids();
    assert.equal(before.length, 1, `expected one server process, found ${JSON.stringify(before)}`);

    // One more keystroke, and the server dies before (or while) it checks it.
    assert.ok(await editor.edit((e) => e.insert(positionOf(doc, "'Typed, not saved.'"), ' ')));
    const text = doc.getText();
    const version = doc.version;
    const others = new Map(vscode.workspace.textDocuments.filter((d) => d !== doc).map((d) => [d.uri.toString(), d.getText()]));
    assert.equal(doc.isDirty, true);
    let republished = false;
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === doc.uri.toString()) && hasTyped(ours(doc.uri))) republished = true;
    });
    ctx.cleanup(() => sub.dispose());
    process.kill(before[0]!, 'SIGKILL');
    // The client clears what the dead server published; the new one checks the unsaved text.
    await until('a new server process', () => {
      const now = serverPids();
      return now.length === 1 && now[0] !== before[0] ? now[0] : undefined;
    });
    await until('the restarted server to publish the unsaved misspelling', () => (republished ? true : undefined), 30_000);
    const diags = await waitForDiagnostics(doc.uri, 'the diagnostics of the unsaved text', (ds) => hasTyped(ds) && !ds.some(isTypoDiagnostic(doc)));
    assert.equal(diags.length, 1, `expected the unsaved misspelling alone: ${JSON.stringify(diags.map((d) => doc.getText(d.range)))}`);
    assert.ok(diags[0].message.includes(KNOWN), `the message does not suggest ${KNOWN}: ${diags[0].message}`);
    await waitForHover(doc.uri, positionOf(doc, FIXED, 3), `hover on the unsaved ${FIXED}`, (t) => t.includes(FIXED), 10_000);
    await waitForHover(doc.uri, positionOf(doc, KNOWN, 3), `hover on ${KNOWN}`, (t) => t.includes(KNOWN), 10_000);

    // Nothing the user holds changed: the text, its version, its dirty state, the file, the other documents.
    assert.equal(doc.getText(), text);
    assert.equal(doc.version, version);
    assert.equal(doc.isDirty, true);
    assert.equal(readFileSync(doc.uri.fsPath, 'utf8'), onDisk, 'the file on disk changed');
    for (const d of vscode.workspace.textDocuments) {
      if (others.has(d.uri.toString())) assert.equal(d.getText(), others.get(d.uri.toString()), `${d.uri.toString()} changed`);
    }
    if (ctx.config.driverUrl) {
      const any = await notificationWith(ctx, 'Error Codes', 500);
      assert.equal(any.count, 0, `a notification appeared: ${any.text}`);
    }
  },
  60_000,
);

async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

test(
  G,
  'a server that keeps crashing is given up after 4 restarts with one message, and "Restart Server" brings it back',
  async (ctx) => {
    if (process.platform !== 'linux') return ctx.skip('finds the server process through /proc');
    const editor = await open('handler.ts');
    const doc = editor.document;
    // A deliberate restart starts the crash count afresh, whatever earlier tests did.
    await vscode.commands.executeCommand('errorCodes.restartServer');
    let pid = await until('the server process', () => (serverPids().length === 1 ? serverPids()[0] : undefined));
    ctx.cleanup(() => vscode.commands.executeCommand('notifications.clearAll'));
    for (let crash = 1; crash <= MAX_RESTARTS; crash++) {
      process.kill(pid, 'SIGKILL');
      const old = pid;
      pid = await until(`restart number ${crash}`, () => {
        const now = serverPids();
        return now.length === 1 && now[0] !== old ? now[0] : undefined;
      });
    }
    process.kill(pid, 'SIGKILL');
    if (ctx.config.driverUrl) {
      const message = await notificationWith(ctx, 'not restarted again');
      assert.ok(message.found, 'no message after the last crash');
      assert.equal(message.count, 1, `expected one notification, there are ${message.count}`);
    } else {
      await until('the client to give up', () => (serverPids().length === 0 ? true : undefined));
    }
    assert.deepEqual(serverPids(), [], 'the server was restarted a fifth time');

    let republished = false;
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === doc.uri.toString()) && ours(doc.uri).some(isTypoDiagnostic(doc))) republished = true;
    });
    ctx.cleanup(() => sub.dispose());
    await vscode.commands.executeCommand('errorCodes.restartServer');
    await until('a server process after "Restart Server"', () => (serverPids().length === 1 ? true : undefined));
    await until('diagnostics from the restarted server', () => (republished ? true : undefined));
  },
  60_000,
);
