// The start-up section (issue 13): what a user waits for before the first answer, and what
// the server holds at rest, with all the bundled catalogs. The figures that matter are the
// ratios against another build (--compare DIR, e.g. a checkout of the 3-catalog release), so
// both builds run here, interleaved, on the same machine at the same moment:
//   - `node dist/cli.js explain CODE`, process start to exit, for a code both builds know and
//     one only this build's catalogs have;
//   - the server: spawn → `initialize` answered → a document opened → first hover answered,
//     then its resident memory at rest (VmRSS, VmHWM from /proc) a moment later;
//   - the size of the .vsix (`client/scripts/package.mjs --out` into a scratch folder).
// The first run of each build is not counted: it may write dist/cli.js's compile cache.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspClient } from '../protocol/client';
import { dropScratch, scratch } from './external';
import { memoryOf, SectionResult } from './sections';
import { bytes, ms, Row, summarise } from './stats';

export interface StartupOptions {
  root: string;
  /** Another build's repository (dist/ built, catalogs/ beside it), run alternately with this one. */
  compare?: string;
  runs: number;
  /** Also build both .vsix files and say their size. */
  vsix: boolean;
}

const SECTION = 'startup: explain, first hover, memory at rest, .vsix';
/** The issue's bound: start-up at most 20% slower than the 3-catalog build. */
const SLOWER_LIMIT = 1.2;
const VSIX_LIMIT = 3 * 1024 * 1024;
/** A code the 3-catalog build already knows (IMS), and one of a service only the new catalogs have (VPC). */
const KNOWN_TO_BOTH = 'IMG.0024';
const NEW_SERVICE = 'VPC.0101';
/** How long after the first hover the server is left alone before its memory is read. */
const REST_MS = 1_000;

interface Build {
  name: string;
  root: string;
}

/** Wall time of one `explain`, in ms; the exit status alongside. */
function explainOnce(build: Build, code: string, cwd: string): { ms: number; status: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(build.root, 'dist', 'cli.js'), 'explain', code], { cwd, stdio: 'ignore' });
  return { ms: performance.now() - t0, status: r.status };
}

interface ServerStart {
  initializeMs: number;
  hoverMs: number;
  totalMs: number;
  found: boolean;
  rss?: number;
  hwm?: number;
}

async function serverOnce(build: Build, cwd: string): Promise<ServerStart> {
  const t0 = performance.now();
  const client = await LspClient.start({ serverJs: path.join(build.root, 'dist', 'server.js'), cwd });
  const t1 = performance.now();
  try {
    const uri = 'file:///bench/first.ts';
    await client.open(uri, 'typescript', `if (body.error_code === '${KNOWN_TO_BOTH}') retry();\n`);
    const text = await client.hoverText(uri, { line: 0, character: 28 });
    const t2 = performance.now();
    await new Promise((r) => setTimeout(r, REST_MS));
    const mem = memoryOf(client.pid);
    await client.shutdown();
    return { initializeMs: t1 - t0, hoverMs: t2 - t1, totalMs: t2 - t0, found: !!text?.includes(KNOWN_TO_BOTH), rss: mem?.rss, hwm: mem?.hwm };
  } finally {
    client.kill();
  }
}

/** Builds the .vsix of a checkout into a scratch folder and returns its size, or why it could not. */
function vsixSize(build: Build, dir: string): number | string {
  const out = path.join(dir, `${build.name}.vsix`);
  const r = spawnSync(process.execPath, [path.join(build.root, 'client', 'scripts', 'package.mjs'), '--out', out], { cwd: build.root, encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(out)) return `package.mjs exited with ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ')}`;
  return fs.statSync(out).size;
}

export async function startupSection(o: StartupOptions, say: (line: string) => void): Promise<SectionResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const row = (r: Row) => rows.push({ section: SECTION, ...r });
  const builds: Build[] = [{ name: 'this build', root: o.root }];
  if (o.compare) {
    for (const f of ['dist/cli.js', 'dist/server.js'])
      if (!fs.existsSync(path.join(o.compare, f))) throw new Error(`--compare ${o.compare}: ${f} is missing (build it there first)`);
    builds.push({ name: 'compared build', root: path.resolve(o.compare) });
  } else notes.push('startup: no --compare build: absolute figures only (give --compare DIR, a built checkout of the release to compare with)');
  // An empty folder: no configuration or workspace catalog of the repository is picked up.
  const dir = scratch('startup');
  try {
    say(`startup: ${o.runs} runs of each, builds interleaved${o.compare ? `; compared with ${o.compare}` : ''}`);
    // ---- explain --------------------------------------------------------------------------
    const codes = [KNOWN_TO_BOTH, NEW_SERVICE];
    const medians = new Map<string, number>();
    for (const code of codes) {
      const times = builds.map(() => [] as number[]);
      const statuses = builds.map(() => new Set<number | null>());
      builds.forEach((b) => explainOnce(b, code, dir));
      for (let i = 0; i < o.runs; i++)
        builds.forEach((b, j) => {
          const r = explainOnce(b, code, dir);
          times[j].push(r.ms);
          statuses[j].add(r.status);
        });
      builds.forEach((b, j) => {
        const s = summarise(times[j]);
        medians.set(`${b.name} ${code}`, s.p50);
        const found = statuses[j].has(0) ? 'explained' : `not found (exit ${[...statuses[j]].join(', ')})`;
        row({ what: `explain ${code}, ${b.name}`, input: `${o.runs} runs`, p50: s.p50, max: s.max, note: `${found}; min ${ms(Math.min(...times[j]))}` });
      });
      const base = medians.get(`compared build ${code}`);
      const mine = medians.get(`this build ${code}`)!;
      if (base !== undefined && code === KNOWN_TO_BOTH) {
        const ratio = mine / base;
        row({
          what: `  explain ${code}: this / compared (median)`,
          input: `${o.runs} runs`,
          value: ratio.toFixed(2),
          target: { figure: ratio, limit: SLOWER_LIMIT, label: `≤ ${SLOWER_LIMIT}`, atMost: true },
        });
      }
    }
    // ---- the server -----------------------------------------------------------------------
    const starts = builds.map(() => [] as ServerStart[]);
    for (let i = 0; i < o.runs; i++) for (let j = 0; j < builds.length; j++) starts[j].push(await serverOnce(builds[j], dir));
    const totals = builds.map((b, j) => {
      const runs = starts[j];
      const total = summarise(runs.map((r) => r.totalMs));
      const init = summarise(runs.map((r) => r.initializeMs));
      const hover = summarise(runs.map((r) => r.hoverMs));
      const missed = runs.filter((r) => !r.found).length;
      row({
        what: `server spawn → initialize → first hover, ${b.name}`,
        input: `${o.runs} runs`,
        p50: total.p50,
        max: total.max,
        note: `initialize answered at ${ms(init.p50)} (median), the hover ${ms(hover.p50)} after it${missed ? `; ${missed} hovers did not explain ${KNOWN_TO_BOTH}` : ''}`,
      });
      const rss = runs.map((r) => r.rss).filter((x): x is number => x !== undefined);
      const hwm = runs.map((r) => r.hwm).filter((x): x is number => x !== undefined);
      if (rss.length)
        row({
          what: `  server memory at rest, ${b.name}`,
          input: `${REST_MS} ms after the first hover`,
          value: bytes(summarise(rss).p50),
          note: `VmRSS median of ${rss.length}; peak (VmHWM) ${bytes(summarise(hwm).p50)}`,
        });
      return total.p50;
    });
    if (totals.length === 2) {
      const ratio = totals[0] / totals[1];
      row({
        what: '  first hover: this / compared (median)',
        input: `${o.runs} runs`,
        value: ratio.toFixed(2),
        target: { figure: ratio, limit: SLOWER_LIMIT, label: `≤ ${SLOWER_LIMIT}`, atMost: true },
      });
    }
    // ---- the package ----------------------------------------------------------------------
    if (o.vsix) {
      for (const b of builds) {
        const size = vsixSize(b, dir);
        if (typeof size === 'string') notes.push(`startup: .vsix of ${b.name}: ${size}`);
        else
          row({
            what: `.vsix size, ${b.name}`,
            input: 'package.mjs',
            value: bytes(size),
            note: `${size} bytes`,
            ...(b.root === o.root ? { target: { figure: size, limit: VSIX_LIMIT, label: '< 3 MiB' } } : {}),
          });
      }
    }
    notes.push('startup: wall clock from spawn (explain: to exit; server: to the answer), medians; the machine load is printed above and below the table');
    return { rows, notes };
  } finally {
    dropScratch(dir);
  }
}
