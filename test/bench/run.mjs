// `npm run bench` (after `npm run build`): bundles test/bench/bench.ts — which imports the
// protocol client and the server's own sources for the in-process figures — into a scratch
// folder and runs it. Arguments are passed on (see bench.ts: --seed, --samples, --profile …).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(path.join(root, 'dist', 'server.js'))) {
  console.error('dist/server.js is missing: run `npm run build` first (`npm run bench` does)');
  process.exit(2);
}

// Not under out/: the test runner empties that folder, and may run meanwhile.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'error-codes-bench-'));
const outfile = path.join(scratch, 'bench.js');
try {
  await build({
    entryPoints: [path.join(root, 'test', 'bench', 'bench.ts')],
    outfile,
    bundle: true,
    // Everything inside: the bundle runs from a folder without node_modules.
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // A separate map file, so the profiles can name server/src files and lines.
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  const r = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, ERROR_CODES_ROOT: root },
  });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
