// The workspace section (issue 5): the server started on a folder of 10,000 files — handlers
// in four languages and small logs — timed from `initialized` to the moment
// `errorCodes/workspaceCodes` says the scan is over; meanwhile an open document is hovered
// every few milliseconds, to show whether the scan keeps requests waiting. The client plays
// VS Code's: it pulls diagnostics (LSP 3.17), the open document's once it opens, and the
// workspace's as vscode-languageclient does (a pull held until something changes, taking
// partial results, the next one 2 s after each answer), so closed files' problems come
// through those pulls rather than as publishDiagnostics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource, DocumentDiagnosticRequest, WorkspaceDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import type { Position } from 'vscode-languageserver-protocol/node';
import type { WorkspaceCodes } from '../../protocol';
import { WorkspaceCodesChangedNotification, WorkspaceCodesRequest } from '../../protocol';
import { LspClient } from '../protocol/client';
import type { CatalogCode } from './generate';
import { EXTENSIONS, generateHandlers, generateLog, generateSource, rng } from './generate';
import { TREE_LANGUAGES } from './checkTree';
import { dropScratch, scratch } from './external';
import { CpuProfile, formatTimes, functionTimes, nowUs } from './profile';
import { GC_MAJOR, LATENCY_PARTS, overlaps, PROBE_LATE_MS, readProbe, splitLatency, watchWire, writeProbe } from './probe';
import { memoryOf, SectionResult } from './sections';
import { bytes, ms, Row, summarise, timedAsync } from './stats';

export interface WorkspaceOptions {
  seed: number;
  files: number;
  /** Hovers wanted during the scan at least (more are taken if the scan lasts). */
  hovers: number;
  /** Profile the server during each scan. */
  profile: boolean;
  root: string;
}

const SECTION = 'workspace: the server scans a folder';
const HOVER_P99_MS = 5;
/** How often the client asks whether the scan is over, and how long it waits at most. */
const POLL_MS = 50;
/** Without polling: how long without a change notice before asking whether the scan is over. */
const QUIET_MS = 500;
const DEADLINE_MS = 5 * 60_000;
/** vscode-languageclient asks for the workspace's problems again this long after each answer. */
const WORKSPACE_PULL_GAP_MS = 2_000;
/** Pause between hovers during the scan, so they spread over all of it. */
const HOVER_GAP_MS = 10;
/** Every tenth file is a log, three in ten: the rest are handlers. */
const LOG_SHARE = 0.3;

interface Folder {
  files: number;
  bytes: number;
  sources: number;
  logs: number;
  /** Files holding at least one code: what the view should count at the end. */
  withCodes: number;
}

/**
 * `count` files of 2–10 KB in folders of 100 (`svc-N/src`, `svc-N/logs`), each with its own
 * seed; it yields now and then, so an interrupt is handled (and the folder removed) at once.
 */
async function writeWorkspace(dir: string, codes: readonly CatalogCode[], count: number, seed: number): Promise<Folder> {
  const r = rng(seed * 131 + 5);
  const out: Folder = { files: 0, bytes: 0, sources: 0, logs: 0, withCodes: 0 };
  for (let i = 0; i < count; i++) {
    const target = 2_000 + Math.floor(r() * 8_000);
    const isLog = i % 10 < LOG_SHARE * 10;
    const svc = path.join(dir, `svc-${Math.floor(i / 100)}`);
    let file: string;
    let text: string;
    let codesIn: number;
    if (isLog) {
      const log = generateLog(codes, target, seed * 7907 + i);
      file = path.join(svc, 'logs', `app-${i}.log`);
      text = log.text;
      codesIn = log.codes.length;
      out.logs++;
    } else {
      const language = TREE_LANGUAGES[out.sources % TREE_LANGUAGES.length];
      const src = generateHandlers(language, codes, target, seed * 7907 + i);
      file = path.join(svc, 'src', `handlers_${i}.${EXTENSIONS[language]}`);
      text = src.text;
      codesIn = src.literals.length + src.inComments.length + src.typos.length;
      out.sources++;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const buf = Buffer.from(text, 'utf8');
    fs.writeFileSync(file, buf);
    out.files++;
    out.bytes += buf.length;
    if (codesIn > 0) out.withCodes++;
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  return out;
}

/** How often the server's profile samples (µs). */
const PROFILE_INTERVAL_US = 200;

/** How many samples a profile took inside a window. */
function samplesIn(profile: CpuProfile, window: { startUs: number; endUs: number }): number {
  let t = profile.startTime;
  let n = 0;
  for (const dt of profile.timeDeltas) {
    t += dt;
    if (t >= window.startUs && t <= window.endUs) n++;
  }
  return n;
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

export async function workspaceSection(codes: readonly CatalogCode[], o: WorkspaceOptions, say: (line: string) => void): Promise<SectionResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const row = (r: Row) => rows.push({ section: SECTION, ...r });
  const dir = scratch('workspace');
  try {
    const made = await timedAsync(() => writeWorkspace(dir, codes, o.files, o.seed));
    const ws = made.value;
    const input = `${ws.files} files, ${bytes(ws.bytes)}`;
    say(
      `workspace: ${dir}: ${ws.files} files (${ws.sources} handlers in ${TREE_LANGUAGES.join(', ')}; ${ws.logs} logs), ${bytes(ws.bytes)}, ${ws.withCodes} holding codes, written in ${ms(made.ms)}`,
    );

    // The document hovered meanwhile: open in the editor, outside the folder.
    const hovered = generateSource(codes, 30_000, o.seed + 40);
    const uri = 'file:///bench-open/handlers.ts';
    const doc = TextDocument.create(uri, 'typescript', 1, hovered.text);
    const positions: Position[] = hovered.literals.map((s) => doc.positionAt(s.start + Math.floor((s.end - s.start) / 2)));
    const profileDir = o.profile ? scratch('workspace-prof') : undefined;
    const probeDir = scratch('workspace-probe');
    const epochNow = () => performance.timeOrigin + performance.now();

    for (const mode of ['poll', 'notices'] as const) {
      const polling = mode === 'poll';
      const label = polling ? `polled every ${POLL_MS} ms` : 'no polling';
      const probe = writeProbe(fs.mkdtempSync(path.join(probeDir, `${mode}-`)));
      const server = await LspClient.start({
        workspaceFolders: [dir],
        deadlineMs: DEADLINE_MS,
        cwd: o.root,
        // As in the load section: another build of the server, to compare.
        serverJs: process.env.ERROR_CODES_BENCH_SERVER || undefined,
        pullDiagnostics: true,
        nodeArgs: [
          '--require',
          probe.script,
          ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, mode)}`, `--cpu-prof-interval=${PROFILE_INTERVAL_US}`] : []),
        ],
      });
      const wire = watchWire(server.child);
      // `initialized` has just been sent: the clock starts.
      const t0 = performance.now();
      const t0Epoch = epochNow();
      const startUs = nowUs();
      try {
        let notices = 0;
        let lastNotice = 0;
        server.connection.onNotification(WorkspaceCodesChangedNotification, () => {
          notices++;
          lastNotice = performance.now();
        });
        await server.open(uri, 'typescript', hovered.text);
        const publishedBefore = server.published.length;
        // As VS Code: the open document is pulled at once, the workspace's problems pulled over and over.
        await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
        const held = new Map<string, string>();
        let pulls = 0;
        let pulledReports = 0;
        let pulling: CancellationTokenSource | undefined;

        let done = false;
        let doneAt = 0;
        let final: WorkspaceCodes | undefined;
        const asked: number[] = [];
        let biggest = 0;
        const ask = async () => {
          const t = await timedAsync(() => server.request<WorkspaceCodes>(WorkspaceCodesRequest, {}));
          asked.push(t.ms);
          // Sizing every answer would cost this process more than it costs the server: one in ten.
          if (asked.length % 10 === 1) biggest = Math.max(biggest, JSON.stringify(t.value).length);
          return t.value;
        };
        const finished = (r: WorkspaceCodes) => !r.scanning && r.files > 0;
        const watcher = (async () => {
          for (;;) {
            if (performance.now() - t0 > DEADLINE_MS) {
              done = true;
              throw new Error(`the workspace scan was not over after ${ms(DEADLINE_MS)}`);
            }
            if (polling) {
              // As issue 5 says: ask every 50 ms; the scan is over when the answer says so.
              const r = await ask();
              if (finished(r)) {
                doneAt = performance.now();
                final = r;
                done = true;
                return;
              }
              await sleep(POLL_MS);
            } else {
              // As a closed view does: nothing asked while the server's change notices keep
              // coming (one every 200 ms while it scans, one more at the end); after a quiet
              // spell, ask once. The scan ended at the last notice.
              await sleep(POLL_MS);
              if (notices === 0 || performance.now() - lastNotice < QUIET_MS) continue;
              const at = lastNotice;
              const r = await ask();
              if (finished(r) && lastNotice === at) {
                doneAt = at;
                final = r;
                done = true;
                return;
              }
            }
          }
        })();
        // This process's own collector pauses delay what it measures too.
        const clientGc: [number, number][] = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) clientGc.push([performance.timeOrigin + e.startTime, e.duration]);
        });
        observer.observe({ entryTypes: ['gc'] });
        const during: number[] = [];
        /** The slow ones (over the target), as epoch times: to set beside the server's stalls. */
        const slow: [number, number][] = [];
        /** Which hover each slow one was (its place in the order sent). */
        const slowIndex: number[] = [];
        const puller = (async () => {
          while (!done) {
            pulling = new CancellationTokenSource();
            // With a partial-result token, as vscode-languageclient sends: the server may answer in pieces.
            const partialResultToken = `bench-${pulls}`;
            const take = (items: readonly { uri: string; resultId?: string }[]) => {
              for (const item of items) {
                pulledReports++;
                if (item.resultId) held.set(item.uri, item.resultId);
              }
            };
            const pieces = server.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, partialResultToken, (p) => take(p.items));
            const previousResultIds = [...held].map(([u, value]) => ({ uri: u, value }));
            const answer = await server.connection
              .sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds, partialResultToken }, pulling.token)
              .finally(() => pieces.dispose());
            pulls++;
            take(answer.items);
            for (let waited = 0; waited < WORKSPACE_PULL_GAP_MS && !done; waited += POLL_MS) await sleep(POLL_MS);
          }
        })();
        const hoverer = (async () => {
          for (let k = 0; !done; k++) {
            const sent = epochNow();
            const t = await timedAsync(() => server.hover(uri, positions[k % positions.length]));
            // Only those answered before the scan ended count.
            if (!done || performance.now() <= doneAt) {
              during.push(t.ms);
              if (t.ms >= HOVER_P99_MS) {
                slow.push([sent, sent + t.ms]);
                slowIndex.push(k);
              }
            }
            await sleep(HOVER_GAP_MS);
          }
        })();
        await Promise.all([watcher, hoverer]).finally(() => observer.disconnect());
        // The held pull is let go, as the client does when it stops.
        pulling?.cancel();
        await puller;
        const endUs = nowUs();
        const pushed = server.published.slice(publishedBefore);
        const pushedBytes = pushed.reduce((n, p) => n + JSON.stringify(p.params).length, 0);
        const scanMs = doneAt - t0;
        const after = memoryOf(server.pid);
        if (!final) throw new Error('the scan ended without an answer');

        const codesSeen = final.services.reduce((n, s) => n + s.codes.length, 0);
        const occurrences = final.services.reduce((n, s) => n + s.count, 0);
        const checked = final.files === ws.withCodes ? '' : ` — expected ${ws.withCodes}`;
        row({
          what: `initialized → scan over (${label})`,
          input,
          value: ms(scanMs),
          note: `${(ws.files / (scanMs / 1000)).toFixed(0)} files/s, ${(ws.bytes / 1e6 / (scanMs / 1000)).toFixed(1)} MB/s; ${final.files} files with codes in the answer${checked}; ${codesSeen} codes, ${occurrences} occurrences; ${asked.length} workspaceCodes requests, ${notices} change notices, ${pulls} workspace diagnostic pulls answered (${pulledReports} file reports), ${pushed.length} publishDiagnostics (${bytes(pushedBytes)} of JSON)`,
        });
        const duringWhat = `  hover during the scan (${label})`;
        if (during.length) {
          const d = summarise(during);
          row({
            what: duringWhat,
            input: 'handlers.ts (open)',
            p50: d.p50,
            p99: d.p99,
            max: d.max,
            target: { figure: d.p99, limit: HOVER_P99_MS, label: `p99 < ${HOVER_P99_MS} ms` },
            note: `${during.length} hovers, one every ~${HOVER_GAP_MS} ms${during.length < o.hovers ? ` (fewer than the ${o.hovers} wanted: the scan was quicker)` : ''}`,
          });
        } else row({ what: duringWhat, input: 'handlers.ts (open)', value: 'none', note: 'the scan was over before the first hover was answered' });
        if (polling) {
          const a = summarise(asked);
          row({
            what: '  errorCodes/workspaceCodes during the scan',
            input,
            p50: a.p50,
            p99: a.p99,
            max: a.max,
            note: `${asked.length} answers, the largest sampled ${bytes(biggest)} of JSON; hovers wait behind them`,
          });
        }
        row({
          what: `  server memory after the scan (${label})`,
          input,
          value: after ? bytes(after.rss) : 'unknown',
          note: after ? `VmRSS right after the scan; peak (VmHWM) ${bytes(after.hwm)}` : '/proc is not available here',
        });

        /** Rows about the server once the scan is over: after those about the scan. */
        const later: Row[] = [];
        if (!polling) {
          // The same hovers with the scan over, and the view's request once, for comparison.
          const idle: number[] = [];
          for (let k = 0; k < Math.max(200, o.hovers); k++) idle.push((await timedAsync(() => server.hover(uri, positions[k % positions.length]))).ms);
          const i = summarise(idle);
          later.push({
            what: 'hover after the scan (idle server)',
            input: 'handlers.ts (open)',
            p50: i.p50,
            p99: i.p99,
            max: i.max,
            target: { figure: i.p99, limit: HOVER_P99_MS, label: `p99 < ${HOVER_P99_MS} ms` },
            note: `${idle.length} hovers back to back`,
          });
          const view = await timedAsync(() => server.request<WorkspaceCodes>(WorkspaceCodesRequest, {}));
          later.push({
            what: 'errorCodes/workspaceCodes after the scan',
            input,
            value: ms(view.ms),
            note: `${bytes(JSON.stringify(view.value).length)} of JSON, what the Error Codes view receives`,
          });
        }
        const exit = await server.shutdown();
        if (exit !== 0) notes.push(`workspace: the server exited with code ${exit}`);

        // What the probe saw inside the server while the scan ran.
        const seen = readProbe(probe.data);
        const scanEnd = t0Epoch + scanMs;
        const stalls = seen?.stalls.filter(([at, late]) => overlaps(at, at + late, t0Epoch, scanEnd)) ?? [];
        const pauses = seen?.gc.filter(([at, d]) => overlaps(at, at + d, t0Epoch, scanEnd)) ?? [];
        if (seen) {
          const longest = [...stalls].sort((a, b) => b[1] - a[1]).slice(0, 3);
          row({
            what: `  server event-loop stalls ≥ ${PROBE_LATE_MS} ms (${label})`,
            input,
            value: `${stalls.length}, ${ms(stalls.reduce((n, x) => n + x[1], 0))} in all`,
            note: `longest ${longest.map(([at, late]) => `${ms(late)} at +${ms(at - t0Epoch)}`).join(', ') || 'none'}; a stall is a 5 ms timer in the server firing late (probe.ts)`,
          });
          const major = pauses.filter((x) => x[2] === GC_MAJOR);
          row({
            what: `  server collector pauses (${label})`,
            input,
            value: `${pauses.length}, ${ms(pauses.reduce((n, x) => n + x[1], 0))} in all`,
            note: `longest ${ms(pauses.reduce((n, x) => Math.max(n, x[1]), 0))}; ${major.length} full (mark-compact) taking ${ms(major.reduce((n, x) => n + x[1], 0))}`,
          });
          const byStall = slow.filter(([a, b]) => stalls.some(([at, late]) => overlaps(a, b, at, at + late))).length;
          const byGc = slow.filter(([a, b]) => pauses.some(([at, d]) => overlaps(a, b, at, at + d))).length;
          const byClientGc = slow.filter(([a, b]) => clientGc.some(([at, d]) => overlaps(a, b, at, at + d))).length;
          notes.push(
            `workspace (${label}): ${slow.length} of ${during.length} hovers during the scan took ${HOVER_P99_MS} ms or more; of those ${byStall} overlap a server stall, ${byGc} a collector pause in the server, ${byClientGc} a collector pause in this client`,
          );
          // The hovers are this client's only hovers and completions, one at a time: the k-th on the wire is the k-th sent.
          const served = new Map((seen.requests ?? []).map((r) => [r[3], r]));
          const inServer = wire
            .slice(0, during.length)
            .map((w) => served.get(w.id))
            .filter((r) => r && r[2] > 0)
            .map((r) => r![2] - r![1]);
          if (inServer.length) {
            const s = summarise(inServer);
            row({
              what: `  hover during the scan, in the server (${label})`,
              input: 'handlers.ts (open)',
              p50: s.p50,
              p99: s.p99,
              max: s.max,
              note: `read → answer written, ${inServer.length} hovers; the rest is the pipes' and this client's`,
            });
          }
          if (slow.length) {
            const parts = slow.map(([a, b], i) => splitLatency(a, b, wire[slowIndex[i]], served.get(wire[slowIndex[i]]?.id)));
            const median = (i: number) => summarise(parts.map((p) => p[i]).filter((x) => !Number.isNaN(x))).p50;
            const most = (i: number) => parts.filter((p) => p.every((x, k) => Number.isNaN(x) || x <= p[i] || k === i)).length;
            notes.push(
              `workspace (${label}): where the slow ones waited (median; in how many it was the largest part): ${LATENCY_PARTS.map((what, i) => `${what} ${ms(median(i))} (${most(i)})`).join('; ')}`,
            );
          }
          if (profileDir) {
            const folder = path.join(profileDir, mode);
            const file = fs.readdirSync(folder).find((x) => x.endsWith('.cpuprofile'));
            if (file) {
              const profile = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as CpuProfile;
              notes.push(
                `workspace (${label}): what ran during the longest stalls (from the CPU profile: the heaviest functions by their own time, and the server's functions the time was spent under):`,
              );
              for (const [at, late] of longest) {
                const window = { startUs: at * 1000 + seen.hrOffsetUs, endUs: (at + late) * 1000 + seen.hrOffsetUs };
                const times = functionTimes(profile, o.root, window).filter((f) => !/^\((root|program|idle)\)$/.test(f.name));
                const self = times.slice(0, 4).map((f) => `${f.name} ${f.selfMs.toFixed(0)} ms ${f.where}`);
                const under = times
                  .filter((f) => f.where.startsWith('server/'))
                  .sort((a, b) => b.totalMs - a.totalMs)
                  .slice(0, 3)
                  .map((f) => `${f.name} ${f.totalMs.toFixed(0)} ms ${f.where}`);
                // Few samples in a stall: the server was not on a CPU (the machine was busy), not working.
                const onCpu = samplesIn(profile, window) * (PROFILE_INTERVAL_US / 1000);
                notes.push(
                  `    ${ms(late)} at +${ms(at - t0Epoch)} (samples for ${ms(onCpu)} of it): ${self.join(', ') || 'nothing'}${under.length ? `; under ${under.join(' < ')}` : ''}`,
                );
              }
            }
          }
        } else notes.push(`workspace (${label}): the probe wrote nothing (${probe.data})`);
        for (const r of later) row(r);
        if (profileDir) {
          const folder = path.join(profileDir, mode);
          for (const f of fs.readdirSync(folder).filter((x) => x.endsWith('.cpuprofile'))) {
            const profile = JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as CpuProfile;
            notes.push(
              `workspace: server profile during the scan (${label}, ${ms((endUs - startUs) / 1000)}):`,
              formatTimes(functionTimes(profile, o.root, { startUs, endUs }), 25),
            );
          }
        }
      } finally {
        server.kill();
      }
    }
    return { rows, notes };
  } finally {
    dropScratch(dir);
  }
}
