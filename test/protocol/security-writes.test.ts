// Writes the server asks the editor to make: "Add CODE to the workspace catalog" edits
// .vscode/error-codes/workspace.json, and the editor writes wherever a link planted there leads.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { ADD_TO_CATALOG_COMMAND } from '../../protocol';
import { LspClient } from './client';
import { tempProject } from '../support/files';

const HANDLER = 'switch (code) {\n  case "SVCSTG.SWR.4000306":\n    break;\n}\n';

let server: LspClient | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

async function addToCatalog(dir: string): Promise<LspClient> {
  const s = await LspClient.start({ workspaceFolders: [dir] });
  const args = ['SVCSTG.SWR.4000306', pathToFileURL(path.join(dir, 'src', 'h.ts')).href];
  await s.deadline(s.connection.sendRequest(ExecuteCommandRequest.type, { command: ADD_TO_CATALOG_COMMAND, arguments: args }), 'the add-to-catalog command');
  return s;
}

describe('add to the workspace catalog: planted links', { skip: process.platform === 'win32' && 'needs symbolic links' }, () => {
  test('a plain workspace gets the edit (the control for the cases below)', async () => {
    const dir = tempProject({ 'src/h.ts': HANDLER });
    server = await addToCatalog(dir);
    assert.equal(server.editsAsked.length, 1);
  });

  test('workspace.json that is a link to a file elsewhere: no edit is asked for, and the user is told why', async () => {
    const dir = tempProject({ 'src/h.ts': HANDLER });
    const outside = tempProject({});
    fs.mkdirSync(path.join(dir, '.vscode', 'error-codes'), { recursive: true });
    // Dangling: the editor would create the link's target, outside the workspace.
    fs.symlinkSync(path.join(outside, 'planted.json'), path.join(dir, '.vscode', 'error-codes', 'workspace.json'));
    server = await addToCatalog(dir);
    assert.deepEqual(server.editsAsked, []);
    const shown = await server.message('the refusal', (m) => /was not added/.test(m.message));
    assert.match(shown.message, /workspace\.json: is a symbolic link/);
  });

  test('a .vscode folder that is a link out of the workspace: no edit is asked for', async () => {
    const dir = tempProject({ 'src/h.ts': HANDLER });
    const outside = tempProject({});
    fs.symlinkSync(outside, path.join(dir, '.vscode'));
    server = await addToCatalog(dir);
    assert.deepEqual(server.editsAsked, []);
    const shown = await server.message('the refusal', (m) => /was not added/.test(m.message));
    assert.match(shown.message, /the folder .*\.vscode is a symbolic link/);
    assert.deepEqual(fs.readdirSync(outside), []);
  });
});
