// Bare-number and name codes through the real server, with a user's catalog in the
// workspace: explained as the value of a response body's code field, and nowhere else.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, positionOf } from './client';
import { tempProject } from '../support/files';

const CATALOG = JSON.stringify({
  id: 'iam-team',
  service: { en: 'Identity and Access Management' },
  families: [
    { pattern: '[0-9]{4}', name: 'IAM' },
    { pattern: '[A-Za-z][A-Za-z0-9.]*', name: 'OBS' },
  ],
  codes: [
    { code: '1100', httpStatus: 400, message: { en: 'Incorrect IAM parameter.' } },
    { code: 'NoSuchBucket', httpStatus: 404, message: { en: 'The specified bucket does not exist.' } },
  ],
});

const BODY = '{\n  "error_code": "1100",\n  "error_msg": "Incorrect IAM parameter.",\n  "retry_after": 1100\n}\n';
const HANDLER = 'if (err.Code === "NoSuchBuckte") {\n  retry();\n}\n';

let server: LspClient | undefined;
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
});

describe('codes that only a code field tells from other text', () => {
  test("hover explains a code field's number in a JSON file, and not the same number under another key", async () => {
    const dir = tempProject({ '.vscode/error-codes/iam.json': CATALOG });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'response.json')).href;
    await s.open(uri, 'json', BODY);
    const field = positionOf(BODY, '1100', 2);
    await s.eventually('the user catalog in the hover', async () => ((await s.hoverText(uri, field)) ?? '').includes('Incorrect IAM parameter') || undefined);
    assert.match((await s.hoverText(uri, field))!, /\*\*1100\*\*/);
    assert.equal(await s.hoverText(uri, positionOf(BODY, '1100', 2, 1)), undefined);
  });

  test('a misspelled name compared with a code field is a problem with the documented name as its fix', async () => {
    const dir = tempProject({ '.vscode/error-codes/iam.json': CATALOG });
    server = await LspClient.start({ workspaceFolders: [dir] });
    const s = server;
    const uri = pathToFileURL(path.join(dir, 'h.ts')).href;
    await s.open(uri, 'typescript', HANDLER);
    const found = await s.eventually('the misspelling reported', async () => {
      const d = (await s.diagnostics(uri)).diagnostics;
      return d.length > 0 ? d : undefined;
    });
    assert.equal(found.length, 1);
    assert.match(String(found[0].message), /NoSuchBucket/);
    const actions = await s.codeActions(uri, found[0].range, found);
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.edit?.changes?.[uri]?.[0].newText, 'NoSuchBucket');
  });
});
