// The server's start with every bundled catalog (issue 13): dist/server.js keeps V8's compiled
// code in the user's cache folder as dist/cli.js does, reads it at the next start, and answers
// the same with a cache, without one, and with a broken one.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../support/files';
import { LspClient } from './client';

const URI = 'file:///startup/first.ts';
const TEXT = "if (body.error_code === 'IMG.0024') retry();\n";

/** The server's cache files in a cache folder (XDG_CACHE_HOME). */
function serverCaches(cache: string): string[] {
  const dir = path.join(cache, 'error-codes');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^server-.*\.v8$/.test(n)) : [];
}

describe('the server keeps its compiled code between starts', { timeout: 120_000 }, () => {
  let server: LspClient | undefined;
  afterEach(() => {
    server?.kill();
    server = undefined;
  });

  /** Starts the server with this cache folder, hovers a code, and lets it exit as a client does; the hover's text. */
  async function startHoverExit(cache: string, extra: NodeJS.ProcessEnv = {}): Promise<string | undefined> {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cache, ERROR_CODES_NO_COMPILE_CACHE: '', ...extra };
    delete env.ERROR_CODES_CATALOGS;
    server = await LspClient.start({ env });
    await server.open(URI, 'typescript', TEXT);
    const text = await server.hoverText(URI, { line: 0, character: 28 });
    assert.equal(await server.shutdown(), 0, server.stderr);
    server = undefined;
    return text;
  }

  test('the first start writes the cache, the next reads it and answers the same', async () => {
    const cache = tempDir('error-codes-cache-');
    const first = await startHoverExit(cache);
    assert.match(first ?? '', /IMG\.0024/);
    const files = serverCaches(cache);
    assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
    const file = path.join(cache, 'error-codes', files[0]);
    const written = fs.readFileSync(file);
    assert.ok(written.length > 100_000, `the compiled code of a 1 MB bundle (${written.length} bytes)`);
    assert.equal(await startHoverExit(cache), first);
    // Accepted, so not written again: the same bytes, and still one file.
    assert.deepEqual(fs.readFileSync(file), written);
    assert.deepEqual(serverCaches(cache), files);
  });

  test('a broken cache file is compiled around and replaced; the answers do not change', async () => {
    const cache = tempDir('error-codes-cache-');
    const first = await startHoverExit(cache);
    const file = path.join(cache, 'error-codes', serverCaches(cache)[0]);
    fs.writeFileSync(file, 'not compiled code at all');
    assert.equal(await startHoverExit(cache), first);
    assert.ok(fs.readFileSync(file).length > 100_000, 'the broken file was replaced by compiled code');
  });

  test('with ERROR_CODES_NO_COMPILE_CACHE set nothing is written, and the server answers as before', async () => {
    const cache = tempDir('error-codes-cache-');
    assert.match((await startHoverExit(cache, { ERROR_CODES_NO_COMPILE_CACHE: '1' })) ?? '', /IMG\.0024/);
    assert.deepEqual(serverCaches(cache), []);
  });
});
