// The start of dist/cli.js and dist/server.js: it runs the bundle of server/src/cli.ts (or
// server.ts) through V8's code cache. server/build.mjs bundles this file on its own for each,
// and puts the bundle's text, hash and name in place of the constants declared below; nothing
// else imports it.
//
// Why: the command line starts often and briefly (a scan in CI, an explain in a terminal),
// and parsing its 700 KB bundle is a good part of its start-up; the language server starts
// with every editor window, and compiling its 1 MB bundle took about a tenth of the time to
// its first hover. Node 22 can keep V8's compiled code between runs
// (module.enableCompileCache); Node 20 cannot, so dist/cli.js and dist/server.js do it
// themselves: the bundle is a string in each, compiled with vm.Script and the cached code of
// the last run (a file in the user's cache folder, named by the bundle's name and hash, this
// script's own path, the Node version and the architecture), which is written on exit when
// it was missing or refused (the server exits when its client says so). Nothing changes without a cache (no home folder, a read-only one,
// ERROR_CODES_NO_COMPILE_CACHE set): the bundle is compiled from its text as before.
//
// A script, not a module (no import or export): the bundle is called with this file's own
// CommonJS `exports`, `require`, `module`, `__filename` and `__dirname`, which esbuild leaves
// alone only in CommonJS input. So Node built-ins come from `require`, typed by hand, and the
// ones only the cache needs are required only when it is used.
'use strict';

/** The bundle, wrapped as `(function (exports, require, module, __filename, __dirname) {…})` on its first line, so its lines (and its source map) stay as they are. */
declare const ERROR_CODES_BUNDLE_SOURCE: string;
/** The first 16 hex digits of the bundle's SHA-256: a new build never reads an older build's cached code. */
declare const ERROR_CODES_BUNDLE_HASH: string;
/** `cli` or `server`: the first word of the cache file's name. */
declare const ERROR_CODES_BUNDLE_NAME: string;

(function () {
  const fs: typeof import('node:fs') = require('node:fs');
  const path: typeof import('node:path') = require('node:path');
  const vm: typeof import('node:vm') = require('node:vm');
  // (A literal costs V8 a few milliseconds to read and hash; base64 or line comments cost as much to undo.)
  const source = ERROR_CODES_BUNDLE_SOURCE;
  let file: string | undefined;
  let cached: Buffer | undefined;
  if (!process.env.ERROR_CODES_NO_COMPILE_CACHE) {
    try {
      const home = (require('node:os') as typeof import('node:os')).homedir();
      const base =
        process.env.XDG_CACHE_HOME ||
        (process.platform === 'win32'
          ? process.env.LOCALAPPDATA
          : process.platform === 'darwin'
            ? path.join(home, 'Library', 'Caches')
            : home && path.join(home, '.cache'));
      // V8 keeps the file name the code was compiled under in the cached code: a copy made by
      // dist/cli.js at another path would name that path in every stack trace. The key has
      // this script's own path beside the bundle's hash, hashed by pathKey below: loading
      // node:crypto (and the streams it needs) cost 3 to 5 ms of every start.
      const where = pathKey(__filename);
      if (base && path.isAbsolute(base))
        file = path.join(base, 'error-codes', `${ERROR_CODES_BUNDLE_NAME}-${ERROR_CODES_BUNDLE_HASH}-${where}-${process.version}-${process.arch}.v8`);
      if (file) cached = fs.readFileSync(file);
      // eslint-disable-next-line no-restricted-syntax -- a cache only saves time: no failure of it may change what the command does
    } catch {
      // Expected: ENOENT (no cache yet: the first run, or a new build, path or Node), and
      // EACCES, EISDIR, ENOTDIR or a home folder os.homedir() cannot name (none possible).
      // The cache only ever saves time, so whatever went wrong, the bundle is compiled from
      // its text (`cached` stays unset) and the command runs exactly as it would without one;
      // saying so on stderr would put noise in every CI log of a read-only home.
      cached = undefined;
    }
  }
  const script = new vm.Script(source, { filename: __filename, cachedData: cached });
  if (file && (!cached || script.cachedDataRejected)) {
    const cacheFile = file;
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        // A random name, created exclusively ('wx' never opens through a link): nothing planted
        // at a name guessed in advance is written through.
        const temp = `${cacheFile}.${(require('node:crypto') as typeof import('node:crypto')).randomBytes(8).toString('hex')}.tmp`;
        fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600, flag: 'wx' });
        try {
          fs.renameSync(temp, cacheFile);
        } catch (err) {
          fs.rmSync(temp, { force: true });
          throw err;
        }
        // Each build and Node version writes its own file: those not written for 30 days go
        // (and temporary files a killed run left behind).
        const dir = path.dirname(cacheFile);
        for (const name of fs.readdirSync(dir)) {
          const other = path.join(dir, name);
          if (other === cacheFile || !/^(?:cli|server)-.*\.v8(\.[0-9a-f]+\.tmp)?$/.test(name)) continue;
          if (Date.now() - fs.lstatSync(other).mtimeMs > 30 * 24 * 3600 * 1000) fs.unlinkSync(other);
        }
        // eslint-disable-next-line no-restricted-syntax -- a cache only saves time: no failure of it may change what the command does
      } catch {
        // Expected: EACCES, EROFS, ENOSPC, EEXIST (something already at the random name),
        // EXDEV or a file another run removed meanwhile. A cache that cannot be written (or
        // tidied) is only a slower start next time; the command has already exited with its
        // own status, which a failure here must not change.
      }
    });
  }
  script.runInThisContext().call(module.exports, module.exports, require, module, __filename, __dirname);

  /**
   * 16 hex digits that name this script's path in the cache file's name (it only tells copies
   * at two paths apart: V8 checks the cached code itself): two 32-bit FNV-1a hashes of its
   * UTF-16 units from two starting values, the second also folding its high bits back in.
   */
  function pathKey(text: string): string {
    let a = 0x811c9dc5;
    let b = 0x050c5d1f;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
})();
