// The load section: the 1 MB handler file of the editor section typed into every few
// milliseconds, with pauses in which the server starts a check of the whole file, while 200
// hovers and completions are fired without waiting for each other (test/protocol/typist.ts,
// the same user the protocol tier's load test plays). It reports how fast they are answered
// meanwhile (apart: those sent among edits and those sent in a pause, when a check may be
// running), how long after the last edit the problems settle, and what the server's event
// loop did (a probe preloaded into it; with --profile, what ran in its longest stalls).
//
// ERROR_CODES_BENCH_SERVER=/path/to/dist/server.js runs another server build (with its
// catalogs/ beside it), to compare a change to the checks against the current one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CatalogIndex } from '../../server/src/catalog/index';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import type { ServiceContext } from '../../server/src/features/context';
import { hover } from '../../server/src/features/hover';
import { normaliseSettings } from '../../server/src/settings';
import { LspClient } from '../protocol/client';
import { judge, typeAndAsk, TYPIST_DEFAULTS } from '../protocol/typist';
import type { Asked } from '../protocol/typist';
import type { CatalogCode } from './generate';
import { generateSource } from './generate';
import { dropScratch, scratch } from './external';
import { CpuProfile, formatTimes, functionTimes } from './profile';
import { GC_MAJOR, LATENCY_PARTS, overlaps, PROBE_LATE_MS, readProbe, splitLatency, watchWire, writeProbe } from './probe';
import { memoryOf, SectionResult } from './sections';
import { bytes, ms, Row, summarise } from './stats';

export interface LoadOptions {
  seed: number;
  /** Size of the generated TypeScript file (the editor section's --source-bytes). */
  sourceBytes: number;
  requests: number;
  profile: boolean;
  root: string;
  /** The client keeps its copy as vscode-languageserver-textdocument's (as before): --library-client. */
  libraryClient?: boolean;
}

const SECTION = 'load: typing into the 1 MB source while hovers and completions are fired';
const HOVER_P99_MS = 5;
const COMPLETION_P99_MS = 5;
const PROFILE_INTERVAL_US = 250;

export async function loadSection(codes: readonly CatalogCode[], o: LoadOptions, log: (line?: string) => void): Promise<SectionResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const row = (r: Row) => rows.push({ section: SECTION, ...r });
  const source = generateSource(codes, o.sourceBytes, o.seed);
  const ctx: ServiceContext = {
    index: new CatalogIndex(bundledCatalogs(path.join(o.root, 'catalogs')).map((catalog) => ({ catalog, origin: 'bundled' }))),
    settings: normaliseSettings({}).settings,
    displayLanguage: undefined,
  };
  const input = `handlers.ts ${bytes(Buffer.byteLength(source.text))}`;
  const serverJs = process.env.ERROR_CODES_BENCH_SERVER || undefined;
  log(
    `load: ${input}, ${source.literals.length} codes in literals; ${o.requests} requests among edits every ${TYPIST_DEFAULTS.gapMs} ms, a ${TYPIST_DEFAULTS.pauseMs} ms pause after every ${TYPIST_DEFAULTS.burst} actions${serverJs ? `; server ${serverJs}` : ''}`,
  );
  const dir = scratch('load');
  try {
    const probe = writeProbe(dir);
    const profileDir = o.profile ? path.join(dir, 'prof') : undefined;
    const server = await LspClient.start({
      settings: {},
      deadlineMs: 120_000,
      cwd: o.root,
      // This client's copy in pieces, not the library's: see StartOptions.documents.
      documents: o.libraryClient ? 'library' : 'pieces',
      ...(serverJs && { serverJs }),
      nodeArgs: [
        '--require',
        probe.script,
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${PROFILE_INTERVAL_US}`] : []),
      ],
    });
    const epoch = (t: number) => performance.timeOrigin + t;
    // When this client wrote each hover and completion to the server's input, and read the answer from its output.
    const wire = watchWire(server.child);
    let run;
    let settleMs = 0;
    let finalCount = 0;
    let settledEarly = false;
    let runStart = 0;
    try {
      const uri = 'file:///bench-load/handlers.ts';
      await server.open(uri, 'typescript', source.text);
      await server.diagnostics(uri, { version: 1 });
      // A few answers first, so the figures are not the server's first requests.
      for (const s of source.literals.slice(0, 20)) await server.hover(uri, server.document(uri).positionAt(s.start + 1));
      runStart = performance.now();
      // Each hover is also answered in-process (before it is sent, so not timed), to judge the server's answer by.
      run = await typeAndAsk(server, uri, source, { ...TYPIST_DEFAULTS, requests: o.requests, seed: o.seed }, (doc, position) => hover(doc, position, ctx));
      // The notice is timed when read; one read before the last answers came in is timed late (said so below).
      settledEarly = server.published.some((p) => p.params.uri === uri && p.params.version === run!.finalVersion);
      const final = await server.diagnostics(uri, { version: run.finalVersion });
      settleMs = performance.now() - run.lastEditAt;
      finalCount = final.diagnostics.length;
      const after = memoryOf(server.pid);
      if (after) notes.push(`load: server memory after the run ${bytes(after.rss)} (VmRSS), peak ${bytes(after.hwm)} (VmHWM)`);
      const exit = await server.shutdown();
      if (exit !== 0) notes.push(`load: the server exited with code ${exit}`);
    } finally {
      server.kill();
    }

    const latency = (a: Asked) => a.answeredAt! - a.sentAt;
    const figures = (what: string, list: Asked[], limit: number, note?: string) => {
      if (list.length === 0) return;
      const s = summarise(list.map(latency));
      row({
        what,
        input,
        p50: s.p50,
        p99: s.p99,
        max: s.max,
        target: { figure: s.p99, limit, label: `p99 < ${limit} ms` },
        note: `${list.length} requests${note ? `; ${note}` : ''}`,
      });
    };
    const hovers = run.asked.filter((a) => a.kind === 'hover');
    const completions = run.asked.filter((a) => a.kind === 'completion');
    const failed = run.asked.filter((a) => a.error).length;
    const wrong = run.asked.map(judge).filter((w) => w !== undefined).length;
    figures(
      'hover during the load',
      hovers,
      HOVER_P99_MS,
      `${failed} failed, ${wrong} answers not about their version (hover: the one computed in-process on that version; completion: items start with the literal's text)`,
    );
    figures(
      '  of which sent among edits',
      hovers.filter((a) => !a.inPause),
      HOVER_P99_MS,
    );
    figures(
      '  of which sent in a pause (a check may run)',
      hovers.filter((a) => a.inPause),
      HOVER_P99_MS,
    );
    figures('completion during the load', completions, COMPLETION_P99_MS);
    figures(
      '  of which sent among edits',
      completions.filter((a) => !a.inPause),
      COMPLETION_P99_MS,
    );
    figures(
      '  of which sent in a pause (a check may run)',
      completions.filter((a) => a.inPause),
      COMPLETION_P99_MS,
    );
    row({
      what: 'last edit → diagnostics of the final version',
      input,
      value: `${settledEarly ? '≤ ' : ''}${ms(settleMs)}`,
      note: `${finalCount} diagnostics; ${run.edits} edits in ${ms(run.lastEditAt - run.startedAt)} (${Object.entries(run.editKinds)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}); includes the server's ${150} ms debounce`,
    });

    // What the probe saw in the server while the typist worked.
    const seen = readProbe(probe.data);
    if (seen) {
      const t0 = epoch(runStart);
      const t1 = epoch(run.lastEditAt + settleMs);
      const stalls = seen.stalls.filter(([at, late]) => overlaps(at, at + late, t0, t1));
      const pauses = seen.gc.filter(([at, d]) => overlaps(at, at + d, t0, t1));
      const longest = [...stalls].sort((a, b) => b[1] - a[1]).slice(0, 5);
      row({
        what: `server event-loop stalls ≥ ${PROBE_LATE_MS} ms`,
        input,
        value: `${stalls.length}, ${ms(stalls.reduce((n, x) => n + x[1], 0))} in all`,
        note: `longest ${longest.map(([, late]) => ms(late)).join(', ') || 'none'}; a stall is a 5 ms timer in the server firing late (probe.ts)`,
      });
      const major = pauses.filter((x) => x[2] === GC_MAJOR);
      row({
        what: 'server collector pauses',
        input,
        value: `${pauses.length}, ${ms(pauses.reduce((n, x) => n + x[1], 0))} in all`,
        note: `longest ${ms(pauses.reduce((n, x) => Math.max(n, x[1]), 0))}; ${major.length} full (mark-compact) taking ${ms(major.reduce((n, x) => n + x[1], 0))}`,
      });
      const slow = run.asked.filter((a) => latency(a) >= HOVER_P99_MS);
      const byStall = slow.filter((a) => stalls.some(([at, late]) => overlaps(epoch(a.sentAt), epoch(a.answeredAt!), at, at + late))).length;
      notes.push(
        `load: ${slow.length} of ${run.asked.length} requests took ${HOVER_P99_MS} ms or more; ${byStall} of them overlap a stall of the server's event loop`,
      );
      // The server's own part of every request: from reading it to writing its answer.
      for (const kind of ['hover', 'completion'] as const) {
        const inServer = (seen.requests ?? [])
          .slice(-run.asked.length)
          .filter((r) => r[0] === kind && r[2] > 0)
          .map((r) => r[2] - r[1]);
        if (inServer.length === 0) continue;
        const s = summarise(inServer);
        row({
          what: `${kind}: in the server (read → answer written)`,
          input,
          p50: s.p50,
          p99: s.p99,
          max: s.max,
          note: `${inServer.length} requests; the rest of a request's time is the pipes' and this client's (see the notes)`,
        });
      }
      // Where the slow ones spent their time. The typist's requests are the client's last ones, in the order sent.
      const served = new Map((seen.requests ?? []).map((r) => [r[3], r]));
      const mine = wire.slice(-run.asked.length);
      if (mine.length === run.asked.length && slow.length) {
        const parts = slow.map((a) => {
          const w = mine[run!.asked.indexOf(a)];
          return splitLatency(epoch(a.sentAt), epoch(a.answeredAt!), w, served.get(w.id));
        });
        const median = (i: number) => summarise(parts.map((p) => p[i]).filter((x) => !Number.isNaN(x))).p50;
        const most = (i: number) => parts.filter((p) => p.every((x, k) => Number.isNaN(x) || x <= p[i] || k === i)).length;
        notes.push(
          `load: where the slow ones waited (median; in how many it was the largest part): ${LATENCY_PARTS.map((what, i) => `${what} ${ms(median(i))} (${most(i)})`).join('; ')}`,
        );
      }
      if (profileDir) {
        const file = fs.readdirSync(profileDir).find((x) => x.endsWith('.cpuprofile'));
        if (file) {
          const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
          notes.push('load: what ran in the server during its longest stalls (heaviest functions by own time; the server functions it ran under):');
          for (const [at, late] of longest) {
            const window = { startUs: at * 1000 + seen.hrOffsetUs, endUs: (at + late) * 1000 + seen.hrOffsetUs };
            const times = functionTimes(profile, o.root, window).filter((f) => !/^\((root|program|idle)\)$/.test(f.name));
            const self = times.slice(0, 4).map((f) => `${f.name} ${f.selfMs.toFixed(0)} ms ${f.where}`);
            const under = times
              .filter((f) => f.where.startsWith('server/'))
              .sort((a, b) => b.totalMs - a.totalMs)
              .slice(0, 4)
              .map((f) => `${f.name} ${f.totalMs.toFixed(0)} ms ${f.where}`);
            notes.push(`    ${ms(late)} at +${ms(at - t0)}: ${self.join(', ') || 'nothing'}${under.length ? `; under ${under.join(' < ')}` : ''}`);
          }
          const window = { startUs: t0 * 1000 + seen.hrOffsetUs, endUs: t1 * 1000 + seen.hrOffsetUs };
          notes.push('load: server profile over the whole run:', formatTimes(functionTimes(profile, o.root, window), 15));
        }
      }
    } else notes.push(`load: the probe wrote nothing (${probe.data})`);
    return { rows, notes };
  } finally {
    dropScratch(dir);
  }
}
