// `errorCodes.addToCatalog` through the real server: its arguments come from the client and
// may be anything. A code the catalog loader would refuse (empty, control characters, a
// prototype key, megabytes long, no digits to make a family of) is refused with a message,
// and nothing is written; a good code still gets its edit.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest, MessageType } from 'vscode-languageserver-protocol/node';
import { LspClient, type ShownMessage } from './client';
import { tempProject } from '../support/files';

let server: LspClient | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const BAD_CODES: unknown[] = [
  '',
  'ab',
  'SVC\u0000.0001',
  'IMG.0001\n# Owned',
  '__proto__',
  'constructor',
  `IMG.${'1'.repeat(5_000_000)}`,
  'NODIGITS',
  42,
  null,
];

describe('errorCodes.addToCatalog over stdio', () => {
  test('refuses codes the catalog loader would refuse, says so, and writes nothing; a good code still gets its edit', async () => {
    const dir = tempProject({ 'src/app.ts': 'if (code === "APIGW.0301") {}\n' }, 'error-codes-add-');
    dirs.push(dir);
    const s = (server = await LspClient.start({ workspaceFolders: [dir] }));
    const docUri = pathToFileURL(path.join(dir, 'src', 'app.ts')).href;
    for (const [i, code] of BAD_CODES.entries()) {
      await server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'errorCodes.addToCatalog', arguments: [code, docUri] });
      const shown: ShownMessage = await s.waitFor(`the refusal of code #${i}`, () => s.shown[i]);
      assert.equal(shown.type, MessageType.Error);
      assert.match(shown.message, /^Error Codes: cannot add this code to the workspace catalog: expected /);
      assert.ok(shown.message.length < 300, `the message stays short: ${shown.message.length} characters`);
      assert.doesNotMatch(shown.message, /[\u0000-\u001f]/, 'control characters are escaped');
    }
    assert.equal(server.editsAsked.length, 0);
    assert.equal(fs.existsSync(path.join(dir, '.vscode')), false, 'no catalog file was made');

    await server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'errorCodes.addToCatalog', arguments: ['APIGW.0301', docUri] });
    await s.waitFor('the edit for a good code', () => s.editsAsked[0]);
    assert.equal(server.shown.length, BAD_CODES.length, 'no message for the good code');
    assert.match(JSON.stringify(server.editsAsked[0]), /APIGW\.0301/);
  });
});
