// What the parts of the benchmark share: their result, and a process's memory.
import * as fs from 'node:fs';
import type { Row } from './stats';

/** The parts `--only` chooses from, in the order they run. */
export const SECTIONS = ['startup', 'editor', 'load', 'logs', 'check', 'workspace', 'growth', 'hostile'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface SectionResult {
  /** Rows of the one table the benchmark prints. */
  rows: Row[];
  /** Lines printed after the table. */
  notes: string[];
}

/** Resident memory now and at its peak (VmRSS, VmHWM) of a live process, from /proc. */
export function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}
