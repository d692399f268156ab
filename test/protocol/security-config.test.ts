// Through the real server over stdio: a code hiding an invisible character is reported with
// the character named, its preferred fix and fix-all write the documented code, and an
// unknown code (or a candidate the client makes up) is never written.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver-types';
import { FIX_ALL_KIND } from '../../protocol';
import { applied, LspClient, positionOf } from './client';

let server: LspClient | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

const CODE = 'SVCSTG.SWR.4040009';

describe('codes in disguise over stdio', () => {
  test('diagnostic names the character, quick fix and fix-all write the code, hover explains', async () => {
    server = await LspClient.start();
    const uri = 'file:///hidden.ts';
    const text = `switch (e.code) {\n  case "${CODE}\u200b":\n    break;\n  case "SVCSTG.SWR.4049999\u202e":\n    break;\n}\n`;
    const doc = await server.open(uri, 'typescript', text);
    const { diagnostics } = await server.diagnostics(uri, { version: 1 });
    assert.equal(diagnostics.length, 2);
    assert.match(String(diagnostics[0].message), /U\+200B ZERO WIDTH SPACE/);
    assert.match(String(diagnostics[1].message), /U\+202E RIGHT-TO-LEFT OVERRIDE/);

    const actions = await server.codeActions(uri, diagnostics[0].range, [diagnostics[0]]);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    assert.equal(applied(doc, preferred[0].edit!.changes![uri]), text.replace(`${CODE}\u200b`, CODE));

    const unknown = await server.codeActions(uri, diagnostics[1].range, [diagnostics[1]]);
    assert.ok(
      unknown.every((a) => !a.isPreferred),
      'a code no catalog documents has no preferred fix',
    );

    const [all] = await server.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL_KIND]);
    assert.equal(applied(doc, all.edit!.changes![uri]), text.replace(`${CODE}\u200b`, CODE), 'fix-all leaves the unknown code alone');

    const hover = await server.hoverText(uri, positionOf(text, CODE, 3));
    assert.match(hover ?? '', /ZERO WIDTH SPACE/);
  });

  test('candidates the client sends back are written only when a catalog documents them', async () => {
    server = await LspClient.start();
    const uri = 'file:///forged.ts';
    const text = 'if (code === "SVCSTG.SRW.4040010") {}\n';
    const doc = await server.open(uri, 'typescript', text);
    const { diagnostics } = await server.diagnostics(uri, { version: 1 });
    const forged = {
      ...diagnostics[0],
      data: {
        token: 'SVCSTG.SRW.4040010',
        candidates: [{ code: '"+require("child_process").execSync("id")+"', httpStatus: 200, message: 'x' }],
        preferred: '"+1+"',
      },
    };
    const actions = await server.codeActions(uri, forged.range, [forged]);
    const written = actions.flatMap((a) => (a.edit?.changes?.[uri] ?? []) as TextEdit[]);
    assert.deepEqual(
      written.map((e) => applied(doc, [e])),
      [],
    );
  });
});
