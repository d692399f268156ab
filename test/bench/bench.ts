// The benchmark (run by test/bench/run.mjs, which bundles this file): how fast the server
// answers on large inputs, measured twice — as an editor sees it (dist/server.js over stdio,
// driven by the protocol client) and in-process (the pure functions of server/src/features on
// the same text) — so the report separates analysis time from protocol overhead.
//
// Then the figures issue 5 asks for, each its own section of the same table: `error-codes
// scan` against `rg -j1 -o` on a ~200 MB log (logs.ts), `error-codes check` on a source tree
// (checkTree.ts), and the server's workspace scan of 10,000 files (workspace.ts).
//
// Options (test/bench/run.mjs lists them all): --only editor,logs,check,workspace; --seed N
// (default 1); --profile (CPU profiles: the editor's phases in-process and in the server, one
// scan of the log, the server's workspace scan); for the editor section --source-bytes N,
// --log-bytes N, --samples N (positions per file, default 500); for the others --scan-bytes N,
// --error-share F, --no-gigabyte, --runs N, --check-files N, --workspace-files N, --hovers N.
// It prints figures; it passes or fails nothing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Position } from 'vscode-languageserver-protocol/node';
import { CatalogIndex } from '../../server/src/catalog/index';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import { complete } from '../../server/src/features/completion';
import type { ServiceContext } from '../../server/src/features/context';
import { diagnose } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { DEFAULT_SETTINGS } from '../../protocol';
import { scanText } from '../../server/src/scan/scanner';
import { startupSection } from './startup';
import { LspClient } from '../protocol/client';
import { ROOT, SERVER_JS } from '../support/root';
import { checkSection } from './checkTree';
import type { CatalogCode } from './generate';
import { generateLog, generateSource, readCodes, rng, Span } from './generate';
import { growthSection } from './growth';
import { hostileSection } from './hostile';
import { loadSection } from './load';
import { logSection } from './logs';
import { CpuProfile, formatTimes, functionTimes, nowUs, profileInProcess, Window } from './profile';
import { memoryOf, SectionName, SectionResult, SECTIONS } from './sections';
import { bytes, ms, Row, summarise, table, timed, timedAsync } from './stats';
import { workspaceSection } from './workspace';

const HOVER_P99_MS = 5;
const COMPLETION_P99_MS = 5;
const DIAGNOSTICS_MS = 50;
const WARM_UP = 20;

interface Options {
  only: Set<SectionName>;
  seed: number;
  sourceBytes: number;
  logBytes: number;
  samples: number;
  profile: boolean;
  scanBytes: number;
  errorShare: number;
  gigabyte: boolean;
  runs: number;
  checkFiles: number;
  workspaceFiles: number;
  hovers: number;
  libraryClient: boolean;
  /** Another build's checkout to compare with (startup, logs). */
  compare?: string;
  startupRuns: number;
  vsix: boolean;
}

function options(argv: string[]): Options {
  const o: Options = {
    only: new Set(SECTIONS),
    seed: 1,
    sourceBytes: 1_000_000,
    logBytes: 20_000_000,
    samples: 500,
    profile: false,
    scanBytes: 200_000_000,
    errorShare: 0.06,
    gigabyte: true,
    runs: 3,
    checkFiles: 2_000,
    workspaceFiles: 10_000,
    hovers: 200,
    libraryClient: false,
    compare: process.env.ERROR_CODES_BENCH_COMPARE || undefined,
    startupRuns: 15,
    vsix: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--only') {
      const names = (argv[++i] ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      const wrong = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
      if (names.length === 0 || wrong.length)
        throw new Error(`--only takes a list of ${SECTIONS.join(', ')}${wrong.length ? `, not ${wrong.join(', ')}` : ''}`);
      o.only = new Set(names as SectionName[]);
    } else if (a === '--seed') o.seed = num();
    else if (a === '--source-bytes') o.sourceBytes = num();
    else if (a === '--log-bytes') o.logBytes = num();
    else if (a === '--samples') o.samples = num();
    else if (a === '--profile') o.profile = true;
    else if (a === '--scan-bytes') o.scanBytes = num();
    else if (a === '--error-share') {
      o.errorShare = num();
      if (o.errorShare > 1) throw new Error('--error-share is a fraction of the lines, at most 1');
    } else if (a === '--no-gigabyte') o.gigabyte = false;
    else if (a === '--runs') o.runs = Math.round(num());
    else if (a === '--check-files') o.checkFiles = Math.round(num());
    else if (a === '--workspace-files') o.workspaceFiles = Math.round(num());
    else if (a === '--hovers') o.hovers = Math.round(num());
    else if (a === '--library-client') o.libraryClient = true;
    else if (a === '--compare') {
      o.compare = argv[++i];
      if (!o.compare) throw new Error('--compare needs the folder of another built checkout');
    } else if (a === '--startup-runs') o.startupRuns = Math.round(num());
    else if (a === '--no-vsix') o.vsix = false;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** `n` spans drawn with replacement by a seeded generator: the same seed, the same positions. */
function sample(spans: readonly Span[], n: number, seed: number): Span[] {
  if (spans.length === 0) throw new Error('nothing to sample from');
  const r = rng(seed);
  return Array.from({ length: n }, () => spans[Math.floor(r() * spans.length)]);
}

/** Somewhere on a code (its first to its last character), as a person points at it. */
function hoverOffsets(spans: readonly Span[], seed: number): number[] {
  const r = rng(seed);
  return spans.map((s) => s.start + Math.floor(r() * (s.end - s.start)));
}

/** Inside a code being typed: after its family prefix and 0–3 digits. */
function prefixOffsets(spans: readonly Span[], seed: number): number[] {
  const r = rng(seed);
  return spans.map((s) => s.start + s.code.lastIndexOf('.') + 1 + Math.floor(r() * 4));
}

/** Other work on the machine shows up as a slow tail: say how busy it was. */
function loadLine(when: string): string {
  const [one, five] = os.loadavg();
  const busy = one > os.cpus().length * 0.5 ? ' — the machine is busy: expect noisy tails, run again when it is idle' : '';
  return `${when}: load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min) on ${os.cpus().length} CPUs${busy}`;
}

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

const EDITOR = 'editor: a 1 MB source and a 20 MB log, in-process and over stdio';

/** The first figures: one large source and one large log, as an editor holds them. */
async function editorSection(opts: Options, codes: readonly CatalogCode[], catalogDir: string): Promise<SectionResult> {
  const notes: string[] = [];
  const note = (line = '') => notes.push(line);
  // ---- inputs ------------------------------------------------------------------------
  const gen = timed(() => ({
    source: generateSource(codes, opts.sourceBytes, opts.seed),
    log: generateLog(codes, opts.logBytes, opts.seed + 1),
  }));
  const { source, log: logFile } = gen.value;
  const sourceBytes = Buffer.byteLength(source.text);
  const logBytes = Buffer.byteLength(logFile.text);
  const sourceLines = source.text.split('\n').length;
  if (opts.profile) log('--profile: both processes are sampled, so every figure below is inflated; read the profiles, not the times');
  log(`inputs generated in ${ms(gen.ms)}:`);
  log(
    `  handlers.ts  ${bytes(sourceBytes)} (${sourceBytes} bytes), ${sourceLines} lines, ${source.literals.length} codes in literals, ${source.inComments.length} in comments, ${source.typos.length} misspellings planted`,
  );
  log(`  service.log  ${bytes(logBytes)} (${logBytes} bytes), ${logFile.lines} lines, ${logFile.codes.length} codes`);
  log(`  ${codes.length} catalog codes; ${opts.samples} positions per file for hover and completion, after ${WARM_UP} warm-up requests`);
  log();

  const sourceUri = 'file:///bench/handlers.ts';
  const logUri = 'file:///bench/service.log';
  const sourceDoc = TextDocument.create(sourceUri, 'typescript', 1, source.text);
  const logDoc = TextDocument.create(logUri, 'log', 1, logFile.text);
  const hoverSource = hoverOffsets(sample([...source.literals, ...source.inComments], opts.samples, opts.seed + 10), opts.seed + 11).map((o) =>
    sourceDoc.positionAt(o),
  );
  const hoverLog = hoverOffsets(sample(logFile.codes, opts.samples, opts.seed + 12), opts.seed + 13).map((o) => logDoc.positionAt(o));
  const completeSource = prefixOffsets(sample(source.literals, opts.samples, opts.seed + 14), opts.seed + 15).map((o) => sourceDoc.positionAt(o));
  const completeLog = prefixOffsets(sample(logFile.codes, opts.samples, opts.seed + 16), opts.seed + 17).map((o) => logDoc.positionAt(o));

  const rows: Row[] = [];
  const profiles: { label: string; profile: CpuProfile }[] = [];
  /** The protocol phases on the monotonic clock, to cut the server's profile into them. */
  const phases: (Window & { label: string; t0: number; t1: number })[] = [];
  const phase = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const startUs = nowUs();
    const t0 = performance.now();
    const value = await fn();
    phases.push({ label, startUs, endUs: nowUs(), t0, t1: performance.now() });
    return value;
  };
  // This process's own collector pauses count in every round trip measured here: record them,
  // so a slow tail can be told apart from the server's.
  const gcPauses: { at: number; ms: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push({ at: e.startTime, ms: e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  // ---- in-process: the analysis alone ------------------------------------------------
  const index = timed(() => new CatalogIndex(bundledCatalogs(catalogDir).map((catalog) => ({ catalog, origin: 'bundled' }))));
  const ctx: ServiceContext = { index: index.value, settings: structuredClone(DEFAULT_SETTINGS), displayLanguage: 'en' };
  log(`in-process: catalogs indexed in ${ms(index.ms)}`);

  const firstDiagnose = timed(() => diagnose(sourceDoc, ctx));
  const diagnoseRuns = Array.from({ length: 10 }, () => timed(() => diagnose(sourceDoc, ctx)).ms);
  const scanRuns = Array.from({ length: 10 }, () => timed(() => scanText(source.text, 'typescript', ctx.index)).ms);
  const found = firstDiagnose.value;
  const flagged = new Set(found.map((d) => sourceDoc.offsetAt(d.range.start)));
  const missed = source.typos.filter((t) => !flagged.has(t.start));
  log(
    `in-process: ${found.length} diagnostics on handlers.ts (${source.typos.length - missed.length} of ${source.typos.length} planted misspellings among them)`,
  );
  if (missed.length)
    log(
      `  not diagnosed, e.g.: ${missed
        .slice(0, 5)
        .map((t) => `${t.code} (from ${t.meant})`)
        .join(', ')}`,
    );
  const dSum = summarise(diagnoseRuns);
  rows.push({
    what: 'diagnose() in-process, first run',
    input: 'handlers.ts',
    value: ms(firstDiagnose.ms),
    target: { figure: firstDiagnose.ms, limit: DIAGNOSTICS_MS, label: `< ${DIAGNOSTICS_MS} ms` },
  });
  rows.push({
    what: 'diagnose() in-process, 10 warm runs',
    input: 'handlers.ts',
    p50: dSum.p50,
    max: dSum.max,
    target: { figure: dSum.p50, limit: DIAGNOSTICS_MS, label: `< ${DIAGNOSTICS_MS} ms` },
  });
  const sSum = summarise(scanRuns);
  rows.push({ what: '  of which scanText() (lex + find codes)', input: 'handlers.ts', p50: sSum.p50, max: sSum.max });

  const inProcess = (
    label: string,
    input: string,
    positions: Position[],
    doc: TextDocument,
    fn: (doc: TextDocument, p: Position) => unknown,
    limit: number,
    sizes?: (r: unknown) => number,
  ) => {
    for (const p of positions.slice(0, WARM_UP)) fn(doc, p);
    const times: number[] = [];
    let size = 0;
    let empty = 0;
    for (const p of positions) {
      const t = timed(() => fn(doc, p));
      times.push(t.ms);
      if (sizes) size += sizes(t.value);
      if (t.value === null || (sizes && sizes(t.value) === 0)) empty++;
    }
    const s = summarise(times);
    rows.push({
      what: label,
      input,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
      target: { figure: s.p99, limit, label: `p99 < ${limit} ms` },
      note: sizes
        ? `${(size / positions.length).toFixed(0)} items per answer on average${empty ? `, ${empty} empty` : ''}`
        : empty
          ? `${empty} without a hover`
          : undefined,
    });
  };
  const items = (r: unknown) => (r as { items: CompletionItem[] }).items.length;
  inProcess('hover() in-process', 'handlers.ts', hoverSource, sourceDoc, (d, p) => hover(d, p, ctx), HOVER_P99_MS);
  inProcess('hover() in-process', 'service.log', hoverLog, logDoc, (d, p) => hover(d, p, ctx), HOVER_P99_MS);
  inProcess('complete() in-process, in literals', 'handlers.ts', completeSource, sourceDoc, (d, p) => complete(d, p, ctx), COMPLETION_P99_MS, items);
  inProcess('complete() in-process, at code prefixes', 'service.log', completeLog, logDoc, (d, p) => complete(d, p, ctx), COMPLETION_P99_MS, items);

  if (opts.profile) {
    profiles.push({
      label: 'in-process diagnose() × 10 on handlers.ts',
      profile: await profileInProcess(() => {
        for (let i = 0; i < 10; i++) diagnose(sourceDoc, ctx);
      }),
    });
    profiles.push({
      label: `in-process complete() × ${completeSource.length} in handlers.ts literals`,
      profile: await profileInProcess(() => {
        for (const p of completeSource) complete(sourceDoc, p, ctx);
      }),
    });
    profiles.push({
      label: `in-process hover() × ${hoverLog.length} in service.log`,
      profile: await profileInProcess(() => {
        for (const p of hoverLog) hover(logDoc, p, ctx);
      }),
    });
  }

  // ---- over the protocol: what an editor sees ---------------------------------------------
  const profileDir = opts.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-bench-prof-')) : undefined;
  const server = await LspClient.start({
    settings: {},
    deadlineMs: 120_000,
    ...(profileDir && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=200'] }),
  });
  try {
    const idle = memoryOf(server.pid);
    // The floor: a request the server answers without work (a hover on nothing in a tiny file).
    await server.open('file:///bench/empty.ts', 'typescript', 'let x = 1;\n');
    for (let i = 0; i < WARM_UP; i++) await server.hover('file:///bench/empty.ts', { line: 0, character: 4 });
    const floor: number[] = [];
    for (let i = 0; i < 200; i++) floor.push((await timedAsync(() => server.hover('file:///bench/empty.ts', { line: 0, character: 4 }))).ms);
    const fSum = summarise(floor);
    rows.push({ what: 'round trip of an empty hover (floor)', input: 'tiny.ts', p50: fSum.p50, p99: fSum.p99, max: fSum.max });

    // A one-line file: no analysis to speak of, so this is what the server waits before checking.
    const tiny = await timedAsync(async () => {
      await server.open('file:///bench/tiny.ts', 'typescript', 'if (code === "SVCSTG.SWR.404010") {}\n');
      return server.diagnostics('file:///bench/tiny.ts', { version: 1 });
    });
    rows.push({
      what: 'didOpen → publishDiagnostics, one line',
      input: 'tiny.ts',
      value: ms(tiny.ms),
      note: `${tiny.value.diagnostics.length} diagnostic; the time is the server's wait before a check, not analysis`,
    });

    const opened = await phase('didOpen handlers.ts → diagnostics', () =>
      timedAsync(async () => {
        await server.open(sourceUri, 'typescript', source.text);
        return server.diagnostics(sourceUri, { version: 1 });
      }),
    );
    rows.push({
      what: 'didOpen → publishDiagnostics',
      input: 'handlers.ts',
      value: ms(opened.ms),
      target: { figure: opened.ms, limit: DIAGNOSTICS_MS, label: `< ${DIAGNOSTICS_MS} ms` },
      note: `${opened.value.diagnostics.length} diagnostics published; includes sending ${bytes(sourceBytes)} and any debounce before the check`,
    });

    // Fix planted misspellings one at a time from the end of the file backwards, as quick fixes
    // would, waiting for each re-check: the first shows a server still warming up, the last a warm one.
    const FIXES = 5;
    const fixed = source.typos.slice(-FIXES).reverse();
    const changes: number[] = [];
    let remaining = opened.value.diagnostics.length;
    await phase(`didChange handlers.ts → diagnostics × ${FIXES}`, async () => {
      for (const typo of fixed) {
        const doc = server.document(sourceUri);
        const range = { start: doc.positionAt(typo.start), end: doc.positionAt(typo.end) };
        const t = await timedAsync(async () => {
          const version = await server.change(sourceUri, [{ range, text: typo.meant! }]);
          return server.diagnostics(sourceUri, { version });
        });
        changes.push(t.ms);
        remaining = t.value.diagnostics.length;
      }
    });
    rows.push({
      what: 'didChange (one fix) → publishDiagnostics, 1st',
      input: 'handlers.ts',
      value: ms(changes[0]),
      target: { figure: changes[0], limit: DIAGNOSTICS_MS, label: `< ${DIAGNOSTICS_MS} ms` },
    });
    rows.push({
      what: `didChange (one fix) → publishDiagnostics, ${FIXES}th`,
      input: 'handlers.ts',
      value: ms(changes[FIXES - 1]),
      target: { figure: changes[FIXES - 1], limit: DIAGNOSTICS_MS, label: `< ${DIAGNOSTICS_MS} ms` },
      note: `all ${FIXES}: ${changes.map(ms).join(', ')}; ${remaining} diagnostics left (expected ${opened.value.diagnostics.length - fixed.filter((t) => flagged.has(t.start)).length})`,
    });
    // The same figures less the wait the one-line file shows: the check itself, seen from outside.
    const lessWait = (label: string, figure: number) => {
      const net = Math.max(0, figure - tiny.ms);
      rows.push({
        what: `  ${label} less the wait`,
        input: 'handlers.ts',
        value: ms(net),
        target: { figure: net, limit: DIAGNOSTICS_MS, label: `< ${DIAGNOSTICS_MS} ms` },
      });
    };
    lessWait('didOpen', opened.ms);
    lessWait('didChange, 1st', changes[0]);
    lessWait(`didChange, ${FIXES}th`, changes[FIXES - 1]);

    const logOpened = await phase('didOpen service.log → diagnostics', () =>
      timedAsync(async () => {
        await server.open(logUri, 'log', logFile.text);
        return server.diagnostics(logUri, { version: 1 });
      }),
    );
    rows.push({
      what: 'didOpen → publishDiagnostics (logs get none)',
      input: 'service.log',
      value: ms(logOpened.ms),
      note: `sending ${bytes(logBytes)} as one JSON-RPC message`,
    });
    // The first position asked for in a new version of a document pays for its line table.
    const firstHover = await timedAsync(() => server.hover(logUri, hoverLog[0]));
    rows.push({
      what: 'first hover after the open',
      input: 'service.log',
      value: ms(firstHover.ms),
      note: 'includes computing the line offsets of the whole document once per version',
    });
    const loaded = memoryOf(server.pid);

    // The fixes changed the client's copy of handlers.ts after the positions were taken:
    // move each position by the length the fixes before it added.
    const current = server.document(sourceUri);
    const shift = (p: Position) => {
      const off = sourceDoc.offsetAt(p);
      const moved = fixed.filter((t) => t.start < off).reduce((a, t) => a + t.meant!.length - t.code.length, 0);
      return current.positionAt(off + moved);
    };
    const overWire = async (
      label: string,
      input: string,
      positions: Position[],
      fn: (p: Position) => Promise<unknown>,
      limit: number,
      count?: (r: unknown) => number,
    ) => {
      // The first requests after an open also pay for the document's line table (positionAt).
      const warm = await timedAsync(async () => {
        for (const p of positions.slice(0, WARM_UP)) await fn(p);
      });
      const times: number[] = [];
      const results: unknown[] = [];
      await phase(`${label} (${input})`, async () => {
        for (const p of positions) {
          const t = await timedAsync(() => fn(p));
          times.push(t.ms);
          results.push(t.value);
        }
      });
      const s = summarise(times);
      const answered = results.map((r) => JSON.stringify(r) ?? '').reduce((a, r) => a + r.length, 0) / results.length;
      const notes = [`warm-up ${ms(warm.ms)} for ${WARM_UP}`, `answers ${bytes(Math.round(answered))} of JSON on average`];
      const docs =
        results
          .map((r) => (Array.isArray(r) ? r.map((i: CompletionItem) => JSON.stringify(i.documentation ?? '').length).reduce((a, b) => a + b, 0) : 0))
          .reduce((a, b) => a + b, 0) / results.length;
      if (docs > 0) notes.push(`${((100 * docs) / answered).toFixed(0)}% of it item documentation`);
      if (count) notes.push(`${(results.reduce<number>((a, r) => a + count(r), 0) / results.length).toFixed(0)} items per answer`);
      rows.push({
        what: label,
        input,
        p50: s.p50,
        p99: s.p99,
        max: s.max,
        target: { figure: s.p99, limit, label: `p99 < ${limit} ms` },
        note: notes.join('; '),
      });
    };
    const n = (r: unknown) => (r as CompletionItem[]).length;
    await overWire('hover over stdio', 'handlers.ts', hoverSource.map(shift), (p) => server.hover(sourceUri, p), HOVER_P99_MS);
    await overWire('hover over stdio', 'service.log', hoverLog, (p) => server.hover(logUri, p), HOVER_P99_MS);
    await overWire(
      'completion over stdio, in literals',
      'handlers.ts',
      completeSource.map(shift),
      (p) => server.completion(sourceUri, p),
      COMPLETION_P99_MS,
      n,
    );
    await overWire('completion over stdio, at code prefixes', 'service.log', completeLog, (p) => server.completion(logUri, p), COMPLETION_P99_MS, n);

    const after = memoryOf(server.pid);
    if (idle && loaded && after) {
      note(
        `editor: server memory (VmRSS): ${bytes(idle.rss)} after initialize, ${bytes(loaded.rss)} with both files open, ${bytes(after.rss)} after the requests; peak (VmHWM) ${bytes(after.hwm)}`,
      );
    } else {
      note('editor: server memory: /proc is not available here');
    }
    const exit = await server.shutdown();
    if (exit !== 0) note(`editor: the server exited with code ${exit}`);
  } finally {
    server.kill();
  }

  gcObserver.disconnect();
  note('editor: collector pauses in this (client) process during each protocol phase:');
  for (const ph of phases) {
    const inside = gcPauses.filter((g) => g.at >= ph.t0 && g.at <= ph.t1);
    const total = inside.reduce((a, g) => a + g.ms, 0);
    const longest = inside.reduce((a, g) => Math.max(a, g.ms), 0);
    note(`  ${ph.label.padEnd(52)} ${String(inside.length).padStart(4)} pauses, ${ms(total)} in all, longest ${ms(longest)}`);
  }

  for (const { label, profile } of profiles) {
    note();
    note(`profile: ${label}`);
    note(formatTimes(functionTimes(profile, ROOT)));
  }
  if (profileDir) {
    for (const f of fs.readdirSync(profileDir).filter((x) => x.endsWith('.cpuprofile'))) {
      const file = path.join(profileDir, f);
      const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
      note();
      note(`server profile (--cpu-prof): ${file}`);
      for (const ph of phases) {
        note(`  during ${ph.label} (${ms((ph.endUs - ph.startUs) / 1000)}):`);
        note(formatTimes(functionTimes(profile, ROOT, ph), 8));
      }
    }
  }
  return { rows: rows.map((r) => ({ section: EDITOR, ...r })), notes };
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const catalogDir = path.join(ROOT, 'catalogs');
  const codes = readCodes(catalogDir);
  log(`Error Codes benchmark (seed ${opts.seed}, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'})`);
  log(loadLine('load before'));
  log(`sections: ${SECTIONS.filter((s) => opts.only.has(s)).join(', ')}`);
  const rows: Row[] = [];
  const notes: string[] = [];
  const started = performance.now();
  for (const name of SECTIONS) {
    if (!opts.only.has(name)) continue;
    const t0 = performance.now();
    log();
    let result: SectionResult;
    if (name === 'startup') result = await startupSection({ root: ROOT, compare: opts.compare, runs: opts.startupRuns, vsix: opts.vsix }, log);
    else if (name === 'editor') result = await editorSection(opts, codes, catalogDir);
    else if (name === 'load')
      result = await loadSection(
        codes,
        { seed: opts.seed, sourceBytes: opts.sourceBytes, requests: 200, profile: opts.profile, root: ROOT, libraryClient: opts.libraryClient },
        log,
      );
    else if (name === 'logs')
      result = await logSection(
        codes,
        {
          seed: opts.seed,
          bytes: opts.scanBytes,
          errorShare: opts.errorShare,
          runs: opts.runs,
          gigabyte: opts.gigabyte,
          profile: opts.profile,
          root: ROOT,
          catalogDir,
          compare: opts.compare,
        },
        log,
      );
    else if (name === 'check') result = await checkSection(codes, { seed: opts.seed, files: opts.checkFiles, runs: opts.runs, root: ROOT }, log);
    else if (name === 'growth') result = await growthSection({ catalogDir, scale: 1 }, log);
    else if (name === 'hostile') result = await hostileSection({ root: ROOT }, log);
    else result = await workspaceSection(codes, { seed: opts.seed, files: opts.workspaceFiles, hovers: opts.hovers, profile: opts.profile, root: ROOT }, log);
    log(`${name}: done in ${ms(performance.now() - t0)}`);
    rows.push(...result.rows);
    notes.push(...result.notes);
  }
  log();
  log(table(rows));
  log();
  log(loadLine('load after'));
  for (const n of notes) log(n);
  log();
  log(
    `targets: hover and completion p99 < ${HOVER_P99_MS} ms; diagnostics of the 1 MB source < ${DIAGNOSTICS_MS} ms; scan no slower than rg -j1 (ratio ≤ 1.0) with memory bounded. Figures, not a test: nothing here fails the build.`,
  );
  log(`server: ${path.relative(process.cwd(), SERVER_JS) || SERVER_JS}; all sections in ${ms(performance.now() - started)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
