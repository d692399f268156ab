// Bundles the three entry points with esbuild. The client alone may import `vscode`;
// the server and the CLI are built without that external, so a stray `vscode` import
// in shared code fails here instead of at run time.
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
const [, , cli] = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', write: false }),
]);
for (const out of cli.outputFiles) writeFileSync(out.path, out.path.endsWith('.js') ? withCompileCache(out.text) : out.contents);

/**
 * The command line starts often and briefly (a scan in CI, an explain in a terminal), and
 * parsing its 650 KB bundle is a good part of its start-up. Node 22 can keep V8's compiled
 * code between runs (module.enableCompileCache); Node 20 cannot, so dist/cli.js does it
 * itself: the bundle is a string in it, compiled with vm.Script and the cached code of the
 * last run (a file in the user's cache folder, named by the bundle's hash, the script's own
 * path, the Node version and the architecture), which is written on exit when it was missing
 * or refused. Nothing changes without a cache (no home folder, a read-only one,
 * ERROR_CODES_NO_COMPILE_CACHE set): the bundle is compiled from its text as before.
 */
function withCompileCache(bundle) {
  const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  // The wrapper goes on the bundle's first line, so its lines (and its source map) stay as they are.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${bundle}\n})`;
  return `#!/usr/bin/env node
// The bundle of server/src/cli.ts (see server/build.mjs): compiled through V8's code cache.
'use strict';
(function () {
  const fs = require('node:fs');
  const path = require('node:path');
  const vm = require('node:vm');
  // (A literal costs V8 a few milliseconds to read and hash; base64 or line comments cost as much to undo.)
  const source = ${JSON.stringify(wrapped)};
  let file;
  let cached;
  if (!process.env.ERROR_CODES_NO_COMPILE_CACHE) {
    try {
      const home = require('node:os').homedir();
      const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : process.platform === 'darwin' ? path.join(home, 'Library', 'Caches') : home && path.join(home, '.cache'));
      // V8 keeps the file name the code was compiled under in the cached code: a copy made by
      // dist/cli.js at another path would name that path in every stack trace. The key has
      // this script's own path beside the bundle's hash (node:crypto costs well under 1 ms here).
      const where = require('node:crypto').createHash('sha256').update(__filename).digest('hex').slice(0, 16);
      if (base && path.isAbsolute(base)) file = path.join(base, 'error-codes', \`cli-${hash}-\${where}-\${process.version}-\${process.arch}.v8\`);
      if (file) cached = fs.readFileSync(file);
    } catch {
      // No cache yet, or none possible.
    }
  }
  const script = new vm.Script(source, { filename: __filename, cachedData: cached });
  if (file && (!cached || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        // A random name, created exclusively ('wx' never opens through a link): nothing planted
        // at a name guessed in advance is written through.
        const temp = \`\${file}.\${require('node:crypto').randomBytes(8).toString('hex')}.tmp\`;
        fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600, flag: 'wx' });
        try {
          fs.renameSync(temp, file);
        } catch (err) {
          fs.rmSync(temp, { force: true });
          throw err;
        }
        // Each build and Node version writes its own file: those not written for 30 days go
        // (and temporary files a killed run left behind).
        const dir = path.dirname(file);
        for (const name of fs.readdirSync(dir)) {
          const other = path.join(dir, name);
          if (other === file || !/^cli-.*\\.v8(\\.[0-9a-f]+\\.tmp)?$/.test(name)) continue;
          if (Date.now() - fs.lstatSync(other).mtimeMs > 30 * 24 * 3600 * 1000) fs.unlinkSync(other);
        }
      } catch {
        // A cache that cannot be written (or tidied) is only a slower start next time.
      }
    });
  }
  script.runInThisContext().call(module.exports, module.exports, require, module, __filename, __dirname);
})();
`;
}
