// A probe preloaded into the server (`node --require probe.js dist/server.js`), so the
// benchmark can say why a request waited without touching the server's code: it records
// every collector pause and every stall of the event loop (a 5 ms timer that fired more
// than 4 ms late), and writes them to a file when the process exits. Times are epoch
// milliseconds (performance.timeOrigin + now), comparable with the client's own.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ProbeData {
  /** Collector pauses: [start, duration ms, kind (perf_hooks.constants: 1 minor, 4 major, 8 incremental, 16 weak callbacks)]. */
  gc: [number, number, number][];
  /** Stalls: [when the timer was due, how late it fired in ms]. */
  stalls: [number, number][];
  /** process.hrtime in µs minus epoch time in µs: maps epoch times onto a CPU profile's clock. */
  hrOffsetUs: number;
}

const STEP_MS = 5;
const LATE_MS = 4;

/** Writes the preload script to `dir` and returns its path; the data goes to `dir/probe.json` at exit. */
export function writeProbe(dir: string): { script: string; data: string } {
  const data = path.join(dir, 'probe.json');
  const script = path.join(dir, 'probe.js');
  const source = `'use strict';
const { PerformanceObserver, performance } = require('node:perf_hooks');
const fs = require('node:fs');
const epoch = (t) => performance.timeOrigin + t;
const gc = [];
const stalls = [];
const hrOffsetUs = Number(process.hrtime.bigint() / 1000n) - epoch(performance.now()) * 1000;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gc.push([epoch(e.startTime), e.duration, (e.detail && e.detail.kind) || 0]);
}).observe({ entryTypes: ['gc'] });
let due = performance.now() + ${STEP_MS};
const tick = () => {
  const now = performance.now();
  if (now - due > ${LATE_MS}) stalls.push([epoch(due), now - due]);
  due = now + ${STEP_MS};
  setTimeout(tick, ${STEP_MS}).unref();
};
setTimeout(tick, ${STEP_MS}).unref();
process.on('exit', () => fs.writeFileSync(${JSON.stringify(data)}, JSON.stringify({ gc, stalls, hrOffsetUs })));
`;
  fs.writeFileSync(script, source);
  return { script, data };
}

export function readProbe(file: string): ProbeData | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeData;
  } catch {
    return undefined;
  }
}

/** Does [a0, a1] overlap [b0, b1]? */
export function overlaps(a0: number, a1: number, b0: number, b1: number): boolean {
  return a0 < b1 && b0 < a1;
}

export const PROBE_LATE_MS = LATE_MS;
export const GC_MAJOR = 4;
