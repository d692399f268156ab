// Where the repository and its built bundles are, for every tier. test/run.mjs and
// test/bench/run.mjs say so in ERROR_CODES_ROOT; a test bundle run any other way (from
// out/run-<pid>/test/unit/, say) finds the nearest folder above itself holding this package.
import * as fs from 'node:fs';
import * as path from 'node:path';

function packageAbove(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'error-codes') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no error-codes checkout above ${start}: set ERROR_CODES_ROOT to the repository`);
  }
}

export const ROOT = process.env.ERROR_CODES_ROOT ?? packageAbove(__dirname);
export const CATALOG_DIR = path.join(ROOT, 'catalogs');
/** The command line as `npm run build` leaves it. */
export const CLI_JS = path.join(ROOT, 'dist', 'cli.js');
/** The language server as `npm run build` leaves it. */
export const SERVER_JS = path.join(ROOT, 'dist', 'server.js');
