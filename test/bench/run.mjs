// `npm run bench` (after `npm run build`): bundles test/bench/bench.ts — which imports the
// protocol client and the server's own sources for the in-process figures — into a scratch
// folder and runs it. Arguments are passed on: `npm run bench -- --only logs` or
// `node test/bench/run.mjs --only logs,check,workspace`.
//
// Sections (all by default, in this order; --only takes a comma-separated list of them):
//   startup    `dist/cli.js explain CODE` and the server's spawn → initialize → first hover, both
//              against --compare DIR (another built checkout, e.g. the 3-catalog release) run
//              interleaved; the server's memory at rest; the .vsix size (package.mjs)
//   editor     a 1 MB TypeScript file and a 20 MB log, in-process and over stdio (hover,
//              completion, diagnostics)
//   load       the editor's 1 MB TypeScript file typed into every few ms (with pauses that
//              start a check of the whole file) while 200 hovers and completions are fired
//              without waiting: their p50/p99/max, the time from the last edit until the
//              diagnostics settle, the server's event-loop stalls (ERROR_CODES_BENCH_SERVER
//              runs another server build)
//   logs       `dist/cli.js scan` against `rg -j1 -o` on a generated ~200 MB log: best of
//              --runs, peak RSS, the ratio (target ≤ 1.0) against rg's own engine with
//              ASCII \b and against `rg -P` with look-around (scan's rules exactly), one run
//              with plain Unicode \b, counts per code compared; then the log written 5
//              times over (1 GB) to show scan's memory stays bounded. Uses rg from PATH, or
//              installs Debian's ripgrep with apt-get when root; without it the ratio is
//              skipped.
//   check      `dist/cli.js check --format json` on a generated tree of handlers in
//              TypeScript, Python, Go and Java: files and MB per second
//   workspace  the server started on a folder of generated files: time from `initialized`
//              until errorCodes/workspaceCodes says the scan is over, hover latency during
//              the scan, the server's memory after it
//   growth     adversarial inputs (unterminated literals, runs of dots and digits, deep
//              brackets, a huge literal, near misses, hostile catalogs and pages) at n, 2n,
//              4n, 8n: time at each and the growth exponent per doubling (~1 is linear);
//              exponents above 1.3 are flagged SUPER-LINEAR
// Options:
//   hostile    huge and hostile inputs: a 50 MB one-line minified file, a binary .log, Latin-1
//              and GBK logs, 100,000 codes (CLI and server), a 10 MB string literal, deep,
//              alias-bomb, 5 MB-text and 100 MB catalogs: size, time, peak RSS, what was said;
//              a hover sent right behind the summary of an 8.6 MB file and a fix-all of a 4 MB one
//   --only LIST            sections to run (startup,editor,load,logs,check,workspace,growth,hostile)
//   --seed N               seed of every generated input (default 1)
//   --source-bytes N       editor, load: size of the TypeScript file (default 1000000)
//   --log-bytes N          editor: size of the log (default 20000000)
//   --samples N            editor: positions per file for hover and completion (default 500)
//   --profile              CPU profiles, listed per function after the table: editor (the
//                          in-process phases and the server), logs (one `scan` of the log),
//                          workspace (the server during the polled scan); times run slower
//   --scan-bytes N         logs: size of the generated log (default 200000000)
//   --error-share F        logs: share of its lines with a code (default 0.06)
//   --no-gigabyte          logs: skip the 5× (1 GB) run
//   --runs N               logs, check: timed runs of each command, the best counts (default 3)
//   --check-files N        check: files in the tree (default 2000)
//   --workspace-files N    workspace: files in the folder (default 10000)
//   --hovers N             workspace: hovers wanted during the scan at least (default 200)
//   --compare DIR          startup, logs: another build's checkout (dist/ built) to run beside
//                          this one, interleaved; ERROR_CODES_BENCH_COMPARE says the same
//   --startup-runs N       startup: runs of each command per build (default 15)
//   --no-vsix              startup: do not build the .vsix files
//   --library-client       load: the client keeps its copy of the document as
//                          vscode-languageserver-textdocument's, which copies the 1 MB text at
//                          each edit (2-8 ms of the client's time, counted in its latencies);
//                          by default it keeps it in pieces as the server does
// Generated inputs go to folders in the system's temporary folder (never under the
// repository or out/), removed at the end, also when interrupted.
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
    // As server/build.mjs: jsonc-parser's UMD build requires files esbuild cannot follow (the catalog files' parser).
    mainFields: ['module', 'main'],
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
