// Figures and the table the benchmark prints.
import { performance } from 'node:perf_hooks';

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles: p99 of 500 samples is the 495th smallest, a real observed value. */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const s = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  return { n: s.length, p50: rank(50), p99: rank(99), max: s[s.length - 1], mean: s.reduce((x, y) => x + y, 0) / s.length };
}

/** Runs `fn` and returns its result and how long it took in milliseconds. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

export function ms(v: number): string {
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(2)} ms`;
}

export function bytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} B`;
}

export interface Row {
  /** The part of the report the row belongs to: the table says so when it changes. */
  section?: string;
  what: string;
  input: string;
  p50?: number;
  p99?: number;
  /** A single figure (a one-off time), shown in the p50 column's place. */
  value?: string;
  max?: number;
  /** The figure compared with the target, and the target itself (in ms unless the label says otherwise). */
  target?: { figure: number; limit: number; label: string; /** The limit itself passes (≤ rather than <). */ atMost?: boolean };
  note?: string;
}

export function verdict(row: Row): string {
  if (!row.target) return '';
  const { figure, limit, atMost } = row.target;
  return (atMost ? figure <= limit : figure < limit) ? 'ok' : 'MISSED';
}

/** A plain-text table: readable in a terminal and pasteable into an issue. */
export function table(rows: readonly Row[]): string {
  const header = ['measure', 'input', 'p50 / value', 'p99', 'max', 'target', ''];
  const cells = rows.map((r) => [
    r.what,
    r.input,
    r.value ?? (r.p50 === undefined ? '' : ms(r.p50)),
    r.p99 === undefined ? '' : ms(r.p99),
    r.max === undefined ? '' : ms(r.max),
    r.target?.label ?? '',
    verdict(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (let i = 0; i < rows.length; i++) {
    const section = rows[i].section;
    if (section !== undefined && section !== rows[i - 1]?.section) out.push(`[${section}]`);
    out.push(line(cells[i]));
    if (rows[i].note) out.push(`    ${rows[i].note}`);
  }
  return out.join('\n');
}
