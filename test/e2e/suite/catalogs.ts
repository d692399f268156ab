// Users' own catalogs in a real VS Code: writing one with the editor's help (the bundled
// schema), importing a vendor page into one, editing one and seeing hovers follow (unsaved
// edits, a broken save that keeps the last good version), and the quick fix that records
// an unknown code. Every test makes its own files and removes them, so the other tests
// see the workspace as it was.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ImportPageResult } from '../../../client/src/importPage';
import { test } from './framework';
import {
  cleanupFiles,
  exists,
  hoverAt,
  open,
  positionOf,
  runPickCommand,
  theirs,
  until,
  waitForDiagnostics,
  waitForHover,
  workspaceUri,
  writeWorkspaceFile,
} from './helpers';

const G = 'dev';

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label).replace(/^"|"$/g, '');

test(
  G,
  'a catalog file gets completion and validation from the bundled schema',
  async (ctx) => {
    const broken = '.vscode/error-codes/authoring.json';
    const draft = 'draft.error-codes.json';
    cleanupFiles(ctx, broken, draft);
    // The status is a string: the schema wants an integer. (The server reports this catalog too.)
    await writeWorkspaceFile(
      broken,
      [
        '{',
        '  "id": "authoring",',
        '  "service": { "en": "Authoring (test)" },',
        '  "families": [{ "pattern": "AUTHT\\\\.[0-9]{4}", "name": "AUTHT" }],',
        '  "sources": [],',
        '  "codes": [',
        '    { "code": "AUTHT.0001", "message": { "en": "Not there." },',
        '      "httpStatus": "404" }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    const editor = await open(broken);
    const doc = editor.document;
    const statusLine = positionOf(doc, '"httpStatus"').line;
    const json = await waitForDiagnostics(
      doc.uri,
      'the JSON service to report the string status',
      (ds) => ds.some((d) => d.range.start.line === statusLine),
      30_000,
      theirs,
    );
    const onLine = json.filter((d) => d.range.start.line === statusLine).map((d) => d.message);
    assert.ok(
      onLine.some((m) => /integer/i.test(m)),
      `the JSON service's message should ask for an integer: ${JSON.stringify(onLine)}`,
    );

    // A file named *.error-codes.json gets the schema too: property names of a code entry are offered.
    await writeWorkspaceFile(draft, '{\n  "codes": [\n    { "code": "AUTHT.0002",  }\n  ]\n}\n');
    const draftEditor = await open(draft);
    const at = positionOf(draftEditor.document, '"AUTHT.0002", ', '"AUTHT.0002", '.length);
    const labels = await until(
      'completion to offer httpStatus inside a code entry',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', draftEditor.document.uri, at);
        const found = list.items.map(labelOf);
        return found.includes('httpStatus') ? found : undefined;
      },
      30_000,
      300,
    );
    assert.ok(labels.includes('message'), `message should be offered too: ${labels.join(', ')}`);
    assert.ok(!labels.includes('code'), `code is already there and should not be offered again: ${labels.join(', ')}`);
  },
  60_000,
);

const PAGE_EN = [
  '# ECS error codes (a page for the editor tests)',
  '',
  '| Status Code | Error Code | Error Message | Description | Handling Measure |',
  '|---|---|---|---|---|',
  '| 404 | Ecs.0114 | The cloud server cannot be found. | No server has the ID in the request. | Check the server ID. |',
  '| 400 | Ecs.0007 | The flavor is not offered here. | The region does not sell this flavor. | Choose another flavor. |',
  '| 400 | Ecs.0008 |',
  '',
].join('\n');
const PAGE_ZH = [
  '| 状态码 | 错误码 | 错误信息 | 描述 | 处理措施 |',
  '|---|---|---|---|---|',
  '| 404 | Ecs.0114 | 找不到该云服务器。 | 请求中的ID没有对应的服务器。 | 检查服务器ID。 |',
  '',
].join('\n');

test(
  G,
  '"Import error-code page" makes a catalog the hover uses, and a second page in Chinese merges into it',
  async (ctx) => {
    const catalog = '.vscode/error-codes/ecs.json';
    cleanupFiles(ctx, catalog, 'pages', 'ecs-use.ts');
    const en = await writeWorkspaceFile('pages/ecs-en.md', PAGE_EN);
    const zh = await writeWorkspaceFile('pages/ecs-zh.md', PAGE_ZH);
    await writeWorkspaceFile('ecs-use.ts', 'export const missing = (code: string) => code === "Ecs.0114";\n');
    const use = await open('ecs-use.ts');
    const pos = positionOf(use.document, 'Ecs.0114', 4);
    assert.ok(!(await hoverAt(use.document.uri, pos)).includes('cannot be found'), 'Ecs.0114 is explained before any import');

    // The questions are answered with what the command proposes: the service id from the
    // file name (ecs-en.md → ecs), no display name.
    const first = await runPickCommand<ImportPageResult>('errorCodes.importPage', { page: en });
    assert.ok(first, 'the import did not finish');
    assert.equal(first.catalog, workspaceUri(catalog).fsPath);
    assert.equal(first.mode, 'create');
    assert.equal(first.read, 2, 'two rows of the page are whole');
    assert.equal(first.unreadRows, 1, 'the cut-off row is reported');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, first.catalog, 'the new catalog is opened');
    // The server learns of the new file from VS Code's file watcher (and from the command).
    await waitForHover(
      use.document.uri,
      pos,
      'the imported catalog to explain Ecs.0114',
      (t) => t.includes('The cloud server cannot be found.') && t.includes('404'),
    );

    // ecs-zh.md proposes the same id; the catalog exists, so the first choice offered is to merge.
    const second = await runPickCommand<ImportPageResult>('errorCodes.importPage', { page: zh });
    assert.ok(second, 'the second import did not finish');
    assert.equal(second.mode, 'merge');
    assert.equal(second.read, 1);
    assert.equal(second.total, 2, 'merging adds no code the catalog has');
    const text = await waitForHover(use.document.uri, pos, 'the Chinese text in the hover', (t) => t.includes('找不到该云服务器。'));
    assert.ok(text.includes('The cloud server cannot be found.'), `the English text should stay:\n${text}`);
  },
  90_000,
);

const TEAM_FILE = '.vscode/error-codes/team.json';
const teamCatalog = (message: string, status: string) =>
  [
    '{',
    '  "id": "team-dev",',
    '  "service": { "en": "Team service (test)" },',
    '  "families": [{ "pattern": "TEAMDEV\\\\.[0-9]{4}", "name": "TEAMDEV" }],',
    '  "sources": [],',
    '  "codes": [',
    '    {',
    '      "code": "TEAMDEV.0042",',
    `      "httpStatus": ${status},`,
    `      "message": { "en": "${message}" }`,
    '    }',
    '  ]',
    '}',
    '',
  ].join('\n');

/** Replaces the first occurrence of `from` in the open document, without saving. */
async function replaceIn(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const start = positionOf(doc, from);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(start, start.translate(0, from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), `replacing ${from} failed`);
}

test(
  G,
  'editing a workspace catalog changes the hover at once; a broken save is reported on its line and the last good text stays',
  async (ctx) => {
    cleanupFiles(ctx, TEAM_FILE, 'team-use.ts');
    await writeWorkspaceFile('team-use.ts', 'export const throttled = (code: string) => code === "TEAMDEV.0042";\n');
    await writeWorkspaceFile(TEAM_FILE, teamCatalog('Quota of pushes reached.', '429'));
    const use = (await open('team-use.ts')).document;
    const pos = positionOf(use, 'TEAMDEV.0042', 4);
    await waitForHover(
      use.uri,
      pos,
      'the new catalog file to explain TEAMDEV.0042',
      (t) => t.includes('Quota of pushes reached.') && t.includes('429'),
      30_000,
    );

    // Unsaved: the server reads the open document, not the disk.
    const catalog = (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(TEAM_FILE)), { preview: false })).document;
    await replaceIn(catalog, 'Quota of pushes reached.', 'Push quota used up for this hour.');
    assert.ok(catalog.isDirty);
    await waitForHover(use.uri, pos, 'the hover to show the unsaved message', (t) => t.includes('Push quota used up for this hour.'));

    // Broken and saved: reported on the status's line; the last good version stays in force.
    await replaceIn(catalog, '"httpStatus": 429', '"httpStatus": "429"');
    assert.ok(await catalog.save(), 'saving the broken catalog failed');
    const statusLine = positionOf(catalog, '"httpStatus"').line;
    const [problem] = await waitForDiagnostics(catalog.uri, 'the broken catalog to be reported', (ds) => ds.length > 0);
    assert.equal(
      problem!.range.start.line,
      statusLine,
      `reported on line ${problem!.range.start.line + 1}, the status is on line ${statusLine + 1}: ${problem!.message}`,
    );
    assert.match(problem!.message, /httpStatus/);
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
    const kept = await hoverAt(use.uri, pos);
    assert.ok(kept.includes('Push quota used up for this hour.'), `the last good text should stay in the hover:\n${kept}`);

    // Fixed and saved: the problem goes.
    await replaceIn(catalog, '"httpStatus": "429"', '"httpStatus": 429');
    assert.ok(await catalog.save());
    await waitForDiagnostics(catalog.uri, 'the problem to go once fixed', (ds) => ds.length === 0);
    await waitForHover(use.uri, pos, 'the fixed catalog in the hover', (t) => t.includes('Push quota used up for this hour.') && t.includes('429'));
  },
  60_000,
);

test(
  G,
  'a YAML catalog open in the editor takes effect as it is typed',
  async (ctx) => {
    const file = '.vscode/error-codes/team-yaml.yaml';
    cleanupFiles(ctx, file, 'yaml-use.ts');
    await writeWorkspaceFile('yaml-use.ts', 'export const gone = (code: string) => code === "YAMLT.0001";\n');
    await writeWorkspaceFile(
      file,
      [
        'id: team-yaml',
        'service: { en: YAML team service (test) }',
        'families: [{ pattern: "YAMLT\\\\.[0-9]{4}", name: YAMLT }]',
        'sources: []',
        'codes:',
        '  - code: YAMLT.0001',
        '    httpStatus: 410',
        '    message: { en: Written in YAML. }',
        '',
      ].join('\n'),
    );
    const use = (await open('yaml-use.ts')).document;
    const pos = positionOf(use, 'YAMLT.0001', 4);
    await waitForHover(use.uri, pos, 'the YAML catalog to explain YAMLT.0001', (t) => t.includes('Written in YAML.'), 30_000);
    const catalog = (await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri(file)), { preview: false })).document;
    await replaceIn(catalog, 'Written in YAML.', 'Edited in YAML and not saved.');
    await waitForHover(use.uri, pos, 'the unsaved YAML edit in the hover', (t) => t.includes('Edited in YAML and not saved.'));
  },
  45_000,
);

test(
  G,
  '"Add CODE to the workspace catalog" records an unknown code, opens it at the message, and the diagnostic goes once it is typed',
  async (ctx) => {
    const UNKNOWN = 'IMG.9999';
    const catalogFile = '.vscode/error-codes/workspace.json';
    cleanupFiles(ctx, catalogFile, 'unknown-use.ts');
    assert.ok(!(await exists(workspaceUri(catalogFile))), `${catalogFile} is left over from an earlier run`);
    await writeWorkspaceFile('unknown-use.ts', `export const odd = (code: string) => code === "${UNKNOWN}";\n`);
    const doc = (await open('unknown-use.ts')).document;
    const isUnknown = (d: vscode.Diagnostic) => doc.getText(d.range).includes(UNKNOWN);
    const [diag] = (await waitForDiagnostics(doc.uri, `the unknown-code diagnostic on ${UNKNOWN}`, (ds) => ds.some(isUnknown), 30_000)).filter(isUnknown);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diag!.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const add = actions.find((a) => a.title === `Add ${UNKNOWN} to the workspace catalog`);
    assert.ok(add?.command, `no "Add to the workspace catalog" action; offered: ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.commands.executeCommand(add.command.command, ...(add.command.arguments ?? []));

    const target = workspaceUri(catalogFile);
    assert.ok(await exists(target), `${catalogFile} was not created`);
    const opened = await until(`${catalogFile} to be opened`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()));
    assert.ok(opened.getText().includes(`"code": "${UNKNOWN}"`), `the catalog does not record ${UNKNOWN}:\n${opened.getText()}`);
    assert.equal(
      vscode.window.activeTextEditor?.document.uri.toString(),
      target.toString(),
      'the catalog should be the active editor, at the message to fill in',
    );
    // The server put the cursor on the empty message; the user types it, unsaved, and the
    // catalog in force follows the editor.
    const editor = vscode.window.activeTextEditor!;
    const line = editor.document.lineAt(editor.selection.active.line).text;
    assert.match(line, /"en": ""/, `the cursor should be at the empty message, it is on: ${line}`);
    await editor.edit((e) => e.insert(editor.selection.active, 'Returned by the image service during maintenance.'));
    await waitForDiagnostics(doc.uri, `${UNKNOWN} to be known once recorded`, (ds) => !ds.some(isUnknown));
    await waitForDiagnostics(target, 'no problem reported in the new catalog', (ds) => ds.length === 0);
    const text = await waitForHover(doc.uri, positionOf(doc, UNKNOWN, 3), `the hover of ${UNKNOWN} to show the typed message`, (t) =>
      t.includes('during maintenance'),
    );
    assert.ok(text.includes(UNKNOWN), text);
  },
  45_000,
);
