// A probe preloaded into the server (`node --require probe.js dist/server.js`), so the
// benchmark can say why a request waited without touching the server's code: it records
// every collector pause and every stall of the event loop (a 5 ms timer that fired more
// than 4 ms late), and writes them to a file when the process exits. Times are epoch
// milliseconds (performance.timeOrigin + now), comparable with the client's own.
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ProbeData {
  /** Collector pauses: [start, duration ms, kind (perf_hooks.constants: 1 minor, 4 major, 8 incremental, 16 weak callbacks)]. */
  gc: [number, number, number][];
  /** Stalls: [when the timer was due, how late it fired in ms]. */
  stalls: [number, number][];
  /** process.hrtime in µs minus epoch time in µs: maps epoch times onto a CPU profile's clock. */
  hrOffsetUs: number;
  /**
   * Hover and completion requests in the order they came: [method, when the server read the
   * message from its input, when the answer was written to its output (0 if never), its id]. With the
   * client's own send and receive times this splits a request's latency into the time before
   * the server read it, the time in the server, and the time until the client saw the answer.
   */
  requests?: [string, number, number, number][];
}

const STEP_MS = 5;
const LATE_MS = 4;

/**
 * Reads JSON-RPC frames as they go by (Content-Length headers, then bodies), a chunk at a
 * time, and calls `onBody` with the start of each body (its first 100 bytes, as Latin-1):
 * enough for its id and method, or the id it answers. Also pasted into the probe as source.
 */
export function frameReader(onBody: (head: string) => void): (chunk: unknown) => void {
  let header = '';
  let left = -1;
  let head = '';
  return (chunk: unknown) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!(b instanceof Uint8Array)) return;
    let i = 0;
    while (i < b.length) {
      if (left < 0) {
        const end = b.indexOf(10, i);
        const stop = end < 0 ? b.length : end + 1;
        header += Buffer.from(b.buffer, b.byteOffset + i, stop - i).toString('latin1');
        i = stop;
        if (header.endsWith('\r\n\r\n')) {
          const m = /Content-Length: *(\d+)/i.exec(header);
          header = '';
          left = m ? Number(m[1]) : 0;
          head = '';
          if (left === 0) left = -1;
        }
      } else {
        const take = Math.min(left, b.length - i);
        if (head.length < 100) head += Buffer.from(b.buffer, b.byteOffset + i, Math.min(take, 100)).toString('latin1');
        i += take;
        left -= take;
        if (left === 0) {
          left = -1;
          onBody(head);
        }
      }
    }
  };
}

/** A hover or completion as the client saw it go: its id, when it was written to the server's input, when its answer was read (epoch ms; 0 until then). */
export interface Wired {
  id: number;
  wroteAt: number;
  readAt: number;
}

/**
 * Notes when this process writes each hover and completion to a server's input and reads the
 * answer from its output (the client's side of what the probe sees in the server), in the
 * order written.
 */
export function watchWire(child: ChildProcess): Wired[] {
  const now = () => performance.timeOrigin + performance.now();
  const wire: Wired[] = [];
  const byId = new Map<number, Wired>();
  const wrote = frameReader((head) => {
    const m = REQUEST_HEAD.exec(head);
    if (!m) return;
    const w = { id: Number(m[1]), wroteAt: now(), readAt: 0 };
    wire.push(w);
    byId.set(w.id, w);
  });
  const read = frameReader((head) => {
    const w = byId.get(Number(RESPONSE_HEAD.exec(head)?.[1]));
    if (w) w.readAt = now();
  });
  const stdin = child.stdin!;
  const write = stdin.write.bind(stdin) as (...args: unknown[]) => boolean;
  stdin.write = ((chunk: unknown, ...rest: unknown[]) => {
    wrote(chunk);
    return write(chunk, ...rest);
  }) as typeof stdin.write;
  const stdout = child.stdout!;
  const emit = stdout.emit.bind(stdout) as (...args: unknown[]) => boolean;
  stdout.emit = ((event: string, ...args: unknown[]) => {
    if (event === 'data') read(args[0]);
    return emit(event, ...args);
  }) as typeof stdout.emit;
  return wire;
}

/** The parts of a request's time, in order: see `splitLatency`. */
export const LATENCY_PARTS = [
  'in the client before it was written',
  'written, not yet read by the server',
  'in the server',
  'answered, not yet read by the client',
  'read by the client, not yet seen by its caller',
];

/**
 * A request's time cut at the moments the client wrote it, the server read it and wrote the
 * answer, and the client read that (epoch ms; NaN where one is missing).
 */
export function splitLatency(sentAt: number, answeredAt: number, wired: Wired | undefined, served: [string, number, number, number] | undefined): number[] {
  const at = [sentAt, wired?.wroteAt ?? NaN, served?.[1] ?? NaN, served?.[2] || NaN, wired?.readAt || NaN, answeredAt];
  return LATENCY_PARTS.map((_, i) => at[i + 1] - at[i]);
}

/** The id of a hover or completion request, from the start of its body. */
export const REQUEST_HEAD = /^\{"jsonrpc":"2\.0","id":(\d+),"method":"textDocument\/(hover|completion)"/;
/** The id a response answers, from the start of its body. */
export const RESPONSE_HEAD = /^\{"jsonrpc":"2\.0","id":(\d+),"(result|error)"/;

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
const requests = [];
const byId = new Map();
const frames = ${frameReader.toString()};
const readFrame = frames((head) => {
  const m = ${REQUEST_HEAD}.exec(head);
  if (!m) return;
  const r = [m[2], epoch(performance.now()), 0, Number(m[1])];
  requests.push(r);
  byId.set(m[1], r);
});
const wroteFrame = frames((head) => {
  const m = ${RESPONSE_HEAD}.exec(head);
  const r = m && byId.get(m[1]);
  if (!r) return;
  r[2] = epoch(performance.now());
  byId.delete(m[1]);
});
const input = process.stdin;
const emit = input.emit;
input.emit = function (event, chunk, ...rest) {
  if (event === 'data') readFrame(chunk);
  return emit.call(this, event, chunk, ...rest);
};
const output = process.stdout;
const write = output.write;
output.write = function (chunk, ...rest) {
  wroteFrame(chunk);
  return write.call(this, chunk, ...rest);
};
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
process.on('exit', () => fs.writeFileSync(${JSON.stringify(data)}, JSON.stringify({ gc, stalls, hrOffsetUs, requests })));
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
