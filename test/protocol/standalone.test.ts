// The shipped server is one file plus the catalogs: the .vsix carries no node_modules, and
// other editors run dist/server.js from wherever it was copied. So run it from a folder with
// no node_modules anywhere above it: any dependency left out of the bundle fails here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, positionOf } from './client';
import { ROOT, SERVER_JS } from '../support/root';

/** Every node_modules folder Node's resolver would look in from `dir`. */
function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules');
    if (fs.existsSync(candidate)) found.push(candidate);
    if (path.dirname(d) === d) return found;
  }
}

describe('the bundle on its own', { timeout: 60_000 }, () => {
  let dir: string;
  let server: LspClient | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-standalone-'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.copyFileSync(SERVER_JS, path.join(dir, 'dist', 'server.js'));
    fs.cpSync(path.join(ROOT, 'catalogs'), path.join(dir, 'catalogs'), { recursive: true });
  });
  after(() => {
    server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the copy has no node_modules to fall back on', () => {
    assert.deepEqual(nodeModulesAbove(path.join(dir, 'dist')), [], 'pick a temporary folder without node_modules above it (TMPDIR)');
  });

  test('runs over stdio from the copy: initialize, then a hover from the catalogs beside it', async () => {
    // No NODE_PATH, no catalog override: only what a user's machine would have.
    const env = { ...process.env };
    delete env.NODE_PATH;
    delete env.ERROR_CODES_CATALOGS;
    server = await LspClient.start({ serverJs: path.join(dir, 'dist', 'server.js'), cwd: dir, env });
    assert.equal(server.initializeResult?.capabilities.hoverProvider, true);
    const uri = 'file:///ws/standalone.go';
    const text = 'switch code {\ncase "IMG.0024":\n}\n';
    await server.open(uri, 'go', text);
    const md = await server.hoverText(uri, positionOf(text, 'IMG.0024', 4));
    assert.match(md ?? '', /\*\*IMG\.0024\*\*/);
    assert.match(md ?? '', /What to do/);
    assert.equal(await server.shutdown(), 0);
    assert.doesNotMatch(server.stderr, /Cannot find module|could not read the bundled catalogs/);
  });
});
