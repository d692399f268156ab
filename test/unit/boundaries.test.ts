// What may import what at the edges of the code: the shared protocol/ folder, the client,
// the compile-cache loader and the test helpers. Read from the sources, so a stray import
// fails here with the file's name instead of in a bundle or an editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/root';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** Every module a file names in `import … from`, `import '…'`, `export … from`, `import(…)` or `require(…)`, relative ones resolved against the repository. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/\bfrom\s+'([^']+)'|\brequire\('([^']+)'\)|\bimport\(?\s*'([^']+)'/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.map((s) => (s.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), s)) : s));
}

test('protocol/ imports nothing but itself: no vscode, no language-server runtime, no Node built-ins, no server code', () => {
  for (const file of sources('protocol')) {
    for (const spec of importsOf(file)) assert.ok(spec.startsWith('protocol/'), `${file} imports ${spec}`);
  }
});

test('the client imports, from this repository, only its own files and protocol/', () => {
  for (const file of sources('client/src')) {
    for (const spec of importsOf(file)) {
      const local = spec.includes('/') && !spec.startsWith('vscode-') && !spec.startsWith('node:');
      if (local) assert.ok(spec.startsWith('client/src/') || spec === 'protocol' || spec.startsWith('protocol/'), `${file} imports ${spec}`);
    }
  }
});

test('nothing imports the compile-cache loader: it is the start of dist/cli.js, built on its own by server/build.mjs', () => {
  for (const file of [...sources('server/src'), ...sources('client/src'), ...sources('test')]) {
    for (const spec of importsOf(file)) assert.ok(!spec.endsWith('compileCacheLoader'), `${file} imports ${spec}`);
  }
  assert.match(fs.readFileSync(path.join(ROOT, 'server/build.mjs'), 'utf8'), /server\/src\/cli\/compileCacheLoader\.ts/);
});

test('the repository root is found in one place: test/support/root.ts', () => {
  // Spelt in two parts, so this file does not name the variable it looks for.
  const variable = new RegExp(['ERROR_CODES', 'ROOT'].join('_'));
  for (const file of sources('test')) {
    if (file === 'test/support/root.ts') continue;
    assert.doesNotMatch(fs.readFileSync(path.join(ROOT, file), 'utf8'), variable, `${file} works out the repository root itself`);
  }
});
