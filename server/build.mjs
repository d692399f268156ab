// Bundles the three entry points with esbuild, and the CLI's start-up loader around the
// third. The client alone may import `vscode`; the server and the CLI are built without that
// external, so a stray `vscode` import in shared code fails here instead of at run time.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
  // Prefer packages' ES module builds: jsonc-parser's UMD build requires files by computed paths esbuild cannot follow.
  mainFields: ['module', 'main'],
};

rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const [, server, cli] = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', write: false }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', write: false }),
]);
// The language server too: compiling its 1 MB bundle was about a tenth of the wait for the first hover.
for (const [name, result] of [
  ['server', server],
  ['cli', cli],
]) {
  const bundle = result.outputFiles.find((out) => out.path.endsWith('.js'));
  for (const out of result.outputFiles) if (out !== bundle) writeFileSync(out.path, out.contents);
  await withCompileCache(bundle.text, bundle.path, name);
}

/**
 * dist/cli.js and dist/server.js are server/src/cli/compileCacheLoader.ts (read it for why)
 * with their bundle in it as a string literal, which the loader compiles through V8's code
 * cache. The loader is bundled on its own, with no source map (the bundle's own map still
 * fits: the bundle keeps its lines), and the bundle's text, hash and name (which names its
 * cache files) go in as esbuild `define`s.
 */
async function withCompileCache(text, outfile, name) {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  // The wrapper goes on the bundle's first line, so its lines (and its source map) stay as they are.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${text}\n})`;
  await build({
    ...common,
    entryPoints: ['server/src/cli/compileCacheLoader.ts'],
    outfile,
    // The loader is small and read once per run: kept readable even in a production build.
    sourcemap: false,
    minify: false,
    banner: {
      js: `${name === 'cli' ? '#!/usr/bin/env node\n' : ''}// The bundle of server/src/${name}.ts (see server/build.mjs): compiled through V8's code cache.`,
    },
    define: {
      ERROR_CODES_BUNDLE_SOURCE: JSON.stringify(wrapped),
      ERROR_CODES_BUNDLE_HASH: JSON.stringify(hash),
      ERROR_CODES_BUNDLE_NAME: JSON.stringify(name),
    },
  });
}
