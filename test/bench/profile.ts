// Where the time goes: V8 CPU profiles (from `node --cpu-prof` or the inspector) summed per
// function and mapped back through the bundle's source map to server/src file and line.
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

const maps = new Map<string, SourceMap | null>();

/** The source map beside a bundle (`x.js.map`), or its inline one; null when there is none. */
function sourceMapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let map: SourceMap | null = null;
  try {
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    if (path.isAbsolute(file) && fs.existsSync(file)) {
      const beside = `${file}.map`;
      if (fs.existsSync(beside)) map = new SourceMap(JSON.parse(fs.readFileSync(beside, 'utf8')));
      else {
        const inline = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(fs.readFileSync(file, 'utf8'));
        if (inline) map = new SourceMap(JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8')));
      }
    }
  } catch {
    map = null;
  }
  maps.set(url, map);
  return map;
}

function locate(frame: CallFrame, root: string): string {
  if (!frame.url) return '(native)';
  const map = sourceMapFor(frame.url);
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry && 'originalSource' in entry) {
    const bundle = frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url;
    const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(bundle), entry.originalSource);
    return `${path.relative(root, source)}:${entry.originalLine + 1}`;
  }
  const file = frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url;
  return `${path.isAbsolute(file) ? path.relative(root, file) : file}:${frame.lineNumber + 1}`;
}

/** A span of time on the monotonic clock, in microseconds (`process.hrtime`, which V8's profiles use too). */
export interface Window {
  startUs: number;
  endUs: number;
}

export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Self and total (inclusive) time per function, the heaviest first by self time; only the
 * samples taken inside `window` when one is given (so one phase of a whole-run profile).
 */
export function functionTimes(profile: CpuProfile, root: string, window?: Window): FunctionTime[] {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const keyOf = new Map<number, string>();
  const info = new Map<string, FunctionTime>();
  const key = (id: number): string => {
    let k = keyOf.get(id);
    if (k === undefined) {
      const f = byId.get(id)!.callFrame;
      const where = locate(f, root);
      k = `${f.functionName || '(anonymous)'}@${where}`;
      keyOf.set(id, k);
      if (!info.has(k)) info.set(k, { name: f.functionName || '(anonymous)', where, selfMs: 0, totalMs: 0 });
    }
    return k;
  };
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (window && (t < window.startUs || t > window.endUs)) continue;
    // A sample's delta is the time until the next sample: attribute it to this sample's stack.
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = profile.samples[i];
    info.get(key(leaf))!.selfMs += dt;
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const k = key(id);
      if (seen.has(k)) continue; // recursion counts once
      seen.add(k);
      info.get(k)!.totalMs += dt;
    }
  }
  return [...info.values()].sort((a, b) => b.selfMs - a.selfMs);
}

export function formatTimes(times: readonly FunctionTime[], top = 12, ignore = /^\((root|program|idle|garbage collector)\)$/): string {
  const rows = times.filter((t) => !ignore.test(t.name)).slice(0, top);
  const gc = times.find((t) => t.name === '(garbage collector)');
  const lines = rows.map((t) => `    ${t.selfMs.toFixed(1).padStart(8)} ms self ${t.totalMs.toFixed(1).padStart(8)} ms total  ${t.name}  ${t.where}`);
  if (gc) lines.push(`    ${gc.selfMs.toFixed(1).padStart(8)} ms self  (garbage collector)`);
  return lines.join('\n');
}

/** Profiles `fn` in this process with the inspector (sampling every 100 µs). */
export async function profileInProcess(fn: () => void | Promise<void>): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  try {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    await post('Profiler.start');
    await fn();
    const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
    return profile;
  } finally {
    session.disconnect();
  }
}
