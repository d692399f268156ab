// The log section (issue 5): `error-codes scan` against `rg -j1 -o`, the tool a user would
// reach for, on the same generated log of about 200 MB in the same run — wall clock (best
// of N, runs interleaved), peak memory, the ratio, whether both count the same codes; then
// the same content five times over (1 GB) to show that scan's memory does not grow with it.
// rg gets the pattern two ways: its own engine with ASCII word boundaries, and PCRE2 with
// look-around, which says exactly what scan accepts (and is much the faster of the two).
// Beside them, the floor: node reading the file as scan reads it and doing nothing else.
// dist/cli.js keeps V8's compiled code in the user's cache folder (server/build.mjs): the
// first run may write it, and the best of N is a start with it, as a user's second run is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFamilyPattern, recognisedAnywhere } from '../../server/src/catalog/family';
import { shapeOf } from '../../server/src/importer/families';
import type { CatalogCode } from './generate';
import { generateLog } from './generate';
import { dropScratch, findRipgrep, measure, Measured, PEAK_RSS_METHOD, ripgrepHasPcre2, scratch } from './external';
import { CpuProfile, formatTimes, functionTimes } from './profile';
import { bytes, ms, Row, timed, timedAsync } from './stats';
import type { SectionResult } from './sections';

export interface LogOptions {
  seed: number;
  /** Size of the generated log. */
  bytes: number;
  /** Share of its lines that report an error with a code. */
  errorShare: number;
  /** Timed runs of each command; the best counts. */
  runs: number;
  /** Also scan the log written five times over. */
  gigabyte: boolean;
  /** Also profile one scan of the log (node --cpu-prof) and list where its time goes. */
  profile: boolean;
  root: string;
  catalogDir: string;
  /** Another build's checkout: its `scan` of the same log runs interleaved with this one's (issue 13: within 1.5×). */
  compare?: string;
}

const SECTION = 'logs: error-codes scan vs ripgrep';
/** `node -e` reading its argument 128 KiB at a time into one buffer, as scan reads (SEARCH_CHUNK): the floor of any scan in node. */
const READ_ONLY =
  "const fs = require('fs'); const b = Buffer.allocUnsafe(131072); const fd = fs.openSync(process.argv[1], 'r'); while (fs.readSync(fd, b, 0, b.length, null) > 0);";
const PIECE = 4_000_000;
const RATIO_LIMIT = 1.0;
/** Issue 13: with every service's families, the scan may take at most this much longer than the compared build's. */
const COMPARED_LIMIT = 1.5;
/** Memory is bounded when five times the input costs at most this much more peak memory. */
const GROWTH_LIMIT = 1.25;

/**
 * The families' patterns of the bundled catalogs (`families[].pattern`), in file order: those of
 * codes told by their shape. Bare numbers (`[0-9]{4}`) and names are codes only as a code field's
 * value, which no pattern given to rg can say; the comparisons with rg leave them out.
 */
export function familyPatterns(catalogDir: string): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(catalogDir).sort()) {
    if (!name.endsWith('.json') || name === 'schema.json') continue;
    const catalog = JSON.parse(fs.readFileSync(path.join(catalogDir, name), 'utf8')) as { families?: { pattern: string }[] };
    for (const f of catalog.families ?? []) {
      const shape = parseFamilyPattern(f.pattern);
      if (typeof shape !== 'string' && recognisedAnywhere(shape)) out.push(f.pattern);
    }
  }
  if (out.length === 0) throw new Error(`no family patterns in ${catalogDir}`);
  return out;
}

/**
 * The pattern a user would give rg: the families' patterns between word boundaries. The
 * boundaries are ASCII ones, `(?-u:\b)`, as scan reads bytes: a code right after Chinese
 * text counts for both (Unicode `\b` sees CJK letters as word characters, and is much
 * slower in rg besides). What rg's own engine cannot say: scan also rejects a code right
 * after `.` `-` `/` `\` `@` `$` `%`, and right before `-` `/` `\` `@` `$` `%`, or before full
 * stops followed by any of those or a letter, digit or `_` (`IMG.0024.png`, `IMG.0024./x`,
 * `IMG.0024..5`: the editor's token runs on there); `\b` lets all of those through.
 */
export function ripgrepPattern(patterns: readonly string[]): string {
  return `(?-u:\\b)(?:${patterns.join('|')})(?-u:\\b)`;
}

/**
 * The same with look-around (PCRE2, `rg -P`): scan's rules exactly, for checking the counts.
 * After the code, full stops (a sentence's), then nothing that continues a token or glues one on.
 */
export function exactPattern(patterns: readonly string[]): string {
  return `(?<![A-Za-z0-9_.\\-/\\\\@$%])(?:${patterns.join('|')})(?!\\.*+[A-Za-z0-9_\\-/\\\\@$%])`;
}

interface Written {
  bytes: number;
  lines: number;
  /** How often each code was written. */
  counts: Map<string, number>;
  ms: number;
}

/**
 * Writes the log piece by piece (4 MB each, its own seed), never holding more than a piece;
 * it yields between pieces, so an interrupt is handled (and the scratch removed) at once.
 */
async function writeLogPieces(file: string, codes: readonly CatalogCode[], o: LogOptions): Promise<Omit<Written, 'ms'>> {
  const counts = new Map<string, number>();
  const fd = fs.openSync(file, 'w');
  let total = 0;
  let lines = 0;
  let startMs: number | undefined;
  try {
    for (let i = 0; total < o.bytes; i++) {
      const piece = generateLog(codes, Math.min(PIECE, o.bytes - total), o.seed * 1_000_003 + i, { errorShare: o.errorShare, nearMisses: true, startMs });
      const buf = Buffer.from(piece.text, 'utf8');
      fs.writeSync(fd, buf);
      total += buf.length;
      lines += piece.lines;
      startMs = piece.endMs;
      for (const s of piece.codes) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes: total, lines, counts };
}

/** Counts per code in `rg -o` output (one match a line), read as it streams. */
function lineCounter(): { onChunk: (chunk: Buffer) => void; counts: () => Map<string, number> } {
  const counts = new Map<string, number>();
  let rest = '';
  return {
    onChunk: (chunk) => {
      const text = rest + chunk.toString('latin1');
      const lines = text.split('\n');
      rest = lines.pop()!;
      for (const l of lines) if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
    },
    counts: () => {
      if (rest) counts.set(rest, (counts.get(rest) ?? 0) + 1);
      rest = '';
      return counts;
    },
  };
}

/** The first differences between two counts per code, or an empty list when they agree. */
function differences(a: Map<string, number>, b: Map<string, number>, aName: string, bName: string, max = 5): string[] {
  const out: string[] = [];
  for (const code of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(code) ?? 0;
    const y = b.get(code) ?? 0;
    if (x !== y) out.push(`${code}: ${aName} ${x}, ${bName} ${y}`);
  }
  return out.length > max ? [...out.slice(0, max), `… ${out.length - max} more`] : out;
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

function rate(n: number, msTaken: number): string {
  return `${(n / 1e6 / (msTaken / 1000)).toFixed(0)} MB/s`;
}

function rss(m: Measured | undefined): string {
  return m?.peakRss === undefined ? 'peak RSS unknown' : `peak RSS ${bytes(m.peakRss)}`;
}

/** The CPU time of the run, when GNU time gave it (10 ms resolution). */
function cpu(m: Measured): string {
  return m.cpuMs ? `; CPU ${ms(m.cpuMs.user)} user + ${ms(m.cpuMs.system)} system` : '';
}

function best(runs: Measured[]): Measured {
  return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
}

function failed(m: Measured, what: string): string | undefined {
  return m.code === 0 ? undefined : `${what} exited with ${m.code}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}`;
}

export async function logSection(codes: readonly CatalogCode[], o: LogOptions, say: (line: string) => void): Promise<SectionResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const row = (r: Row) => rows.push({ section: SECTION, ...r });
  const dir = scratch('logs');
  try {
    const file = path.join(dir, 'service.log');
    const written = await writeLogTimed(file, codes, o);
    const label = `service.log ${bytes(written.bytes)}`;
    say(
      `logs: ${file}: ${bytes(written.bytes)} (${written.bytes} bytes), ${written.lines} lines, ${total(written.counts)} codes (${written.counts.size} distinct) on ${(100 * o.errorShare).toFixed(0)}% of the lines, generated in ${ms(written.ms)}`,
    );

    const cli = path.join(o.root, 'dist', 'cli.js');
    // Run where the log is, so no configuration of the repository's is picked up.
    const scanCmd = (target: string, extra: string[] = []) => [process.execPath, [cli, 'scan', ...extra, target]] as const;
    const patterns = familyPatterns(o.catalogDir);
    const rg = findRipgrep(say);
    // A user's ripgrep configuration would change what is measured.
    const rgEnv = { ...process.env };
    delete rgEnv.RIPGREP_CONFIG_PATH;
    const pattern = ripgrepPattern(patterns);
    const rgArgs = (target: string, extra: string[] = []) => ['-j1', '-o', '--no-filename', ...extra, pattern, target];
    const rgBin = 'missing' in rg ? undefined : rg.path;
    if ('missing' in rg) notes.push(`logs: ripgrep: ${rg.missing}; the ratio is skipped`);
    else say(`logs: ${rg.version}${rg.installed ? ' (installed for this run with apt-get)' : ''}; pattern ${pattern}`);

    // Two ways to give rg the pattern: its own engine with ASCII word boundaries (what a user
    // types, near enough), and PCRE2 with look-around (scan's rules exactly, when rg has it).
    const exact = rgBin && ripgrepHasPcre2(rgBin) ? exactPattern(patterns) : undefined;
    if (rgBin && !exact) notes.push("logs: this rg has no PCRE2 (-P): the runs with scan's exact boundaries are skipped");
    const exactArgs = (target: string) => ['-j1', '-o', '--no-filename', '-P', exact!, target];

    // Interleaved, so a busy moment of the machine hurts each alike.
    const scanRuns: Measured[] = [];
    const rgRuns: Measured[] = [];
    const exactRuns: Measured[] = [];
    const floorRuns: Measured[] = [];
    const comparedRuns: Measured[] = [];
    const comparedCli = o.compare ? path.join(path.resolve(o.compare), 'dist', 'cli.js') : undefined;
    for (let i = 0; i < o.runs; i++) {
      if (comparedCli) comparedRuns.push(await measure(process.execPath, [comparedCli, 'scan', file], { cwd: dir }));
      if (rgBin) rgRuns.push(await measure(rgBin, rgArgs(file), { cwd: dir, env: rgEnv }));
      if (rgBin && exact) exactRuns.push(await measure(rgBin, exactArgs(file), { cwd: dir, env: rgEnv }));
      const [node, args] = scanCmd(file);
      scanRuns.push(await measure(node, [...args], { cwd: dir }));
      floorRuns.push(await measure(process.execPath, ['-e', READ_ONLY, file], { cwd: dir }));
    }
    const scanBest = best(scanRuns);
    const problems = [...scanRuns.map((m) => failed(m, 'scan')), ...rgRuns.map((m) => failed(m, 'rg')), ...exactRuns.map((m) => failed(m, 'rg -P'))].filter(
      (x): x is string => !!x,
    );
    for (const p of new Set(problems)) notes.push(`logs: ${p}`);
    const all = (runs: Measured[]) => `runs ${runs.map((m) => ms(m.ms)).join(', ')}`;
    const ratioRow = (what: string, rgBest: Measured) => {
      const ratio = scanBest.ms / rgBest.ms;
      row({ what, input: label, value: ratio.toFixed(2), target: { figure: ratio, limit: RATIO_LIMIT, label: `≤ ${RATIO_LIMIT.toFixed(1)}`, atMost: true } });
    };
    row({
      what: `error-codes scan (best of ${o.runs})`,
      input: label,
      value: ms(scanBest.ms),
      note: `${rate(written.bytes, scanBest.ms)}; ${rss(scanBest)}${cpu(scanBest)}; ${all(scanRuns)}${rgBin ? '' : '; no rg to compare with'}`,
    });
    if (comparedRuns.length) {
      const theirs = best(comparedRuns);
      row({
        what: `compared build's scan (best of ${o.runs})`,
        input: label,
        value: ms(theirs.ms),
        note: `${o.compare}; ${rate(written.bytes, theirs.ms)}; ${rss(theirs)}${cpu(theirs)}; ${all(comparedRuns)}${failed(theirs, 'its scan') ? `; ${failed(theirs, 'its scan')}` : ''}`,
      });
      const ratio = scanBest.ms / theirs.ms;
      row({
        what: '  scan: this / compared, wall clock',
        input: label,
        value: ratio.toFixed(2),
        target: { figure: ratio, limit: COMPARED_LIMIT, label: `≤ ${COMPARED_LIMIT}`, atMost: true },
        note: `${familyPatterns(o.catalogDir).length} family patterns here against ${familyPatterns(path.join(path.resolve(o.compare!), 'catalogs')).length} there`,
      });
    }
    // What any scan costs before reading a byte: node, the bundle, the catalogs.
    const empty = path.join(dir, 'empty.log');
    fs.writeFileSync(empty, '');
    const starts: Measured[] = [];
    for (let i = 0; i < o.runs; i++) {
      const [node, args] = scanCmd(empty);
      starts.push(await measure(node, [...args], { cwd: dir }));
    }
    const start = best(starts);
    row({
      what: '  scan of an empty file: start-up alone',
      input: 'empty.log',
      value: ms(start.ms),
      note: `best of ${o.runs}${cpu(start)}; the scan above less this: ${ms(scanBest.ms - start.ms)} (${rate(written.bytes, scanBest.ms - start.ms)})`,
    });
    // What no scan in node can beat: node starting and reading the file as scan does (128 KiB
    // at a time with readSync, into one buffer), doing nothing with the bytes. rg maps the file
    // instead of copying it, so it skips the copy that this floor pays.
    const floor = best(floorRuns);
    const exactBestOf = exactRuns.length ? best(exactRuns) : undefined;
    row({
      what: '  floor: node reading the file, nothing else',
      input: label,
      value: ms(floor.ms),
      note: `best of ${o.runs}${cpu(floor)}; ${all(floorRuns)}; scan above it: ${ms(scanBest.ms - floor.ms)}${exactBestOf ? `; floor / rg -P ${(floor.ms / exactBestOf.ms).toFixed(2)}` : ''}`,
    });
    if (rgBin && rgRuns.length) {
      const rgBest = best(rgRuns);
      row({
        what: `rg -j1 -o, ASCII \\b (best of ${o.runs})`,
        input: label,
        value: ms(rgBest.ms),
        note: `${rate(written.bytes, rgBest.ms)}; ${rss(rgBest)} (rg maps the file: its pages count)${cpu(rgBest)}; ${all(rgRuns)}`,
      });
      ratioRow('scan / rg (ASCII \\b), wall clock', rgBest);
      if (exactRuns.length) {
        const exactBest = best(exactRuns);
        row({
          what: `rg -j1 -o -P, look-around (best of ${o.runs})`,
          input: label,
          value: ms(exactBest.ms),
          note: `${rate(written.bytes, exactBest.ms)}; ${rss(exactBest)}${cpu(exactBest)}; ${all(exactRuns)}; scan's boundaries exactly, PCRE2's JIT`,
        });
        ratioRow('scan / rg -P (look-around), wall clock', exactBest);
      }
      // rg without mmap: its memory when it reads as scan does.
      const noMmap = await measure(rgBin, rgArgs(file, ['--no-mmap']), { cwd: dir, env: rgEnv });
      row({
        what: 'rg -j1 -o --no-mmap, ASCII \\b (one run)',
        input: label,
        value: ms(noMmap.ms),
        note: `${rate(written.bytes, noMmap.ms)}; ${rss(noMmap)}${cpu(noMmap)}`,
      });
      // The pattern as most people write it: Unicode \b, which rg's fast engines give up on.
      const unicode = await measure(rgBin, ['-j1', '-o', '--no-filename', `\\b(?:${patterns.join('|')})\\b`, file], { cwd: dir, env: rgEnv });
      row({
        what: 'rg -j1 -o, Unicode \\b (one run)',
        input: label,
        value: ms(unicode.ms),
        note: `${rate(written.bytes, unicode.ms)}${cpu(unicode)}; plain \\b, as most people would type it`,
      });
    }

    // ---- do they find the same codes? ------------------------------------------------------
    const jsonFile = path.join(dir, 'scan.json');
    const [node, args] = scanCmd(file, ['--format', 'json']);
    const json = await measure(node, [...args], { cwd: dir, stdout: { file: jsonFile } });
    const scanned = new Map<string, number>();
    if (json.code === 0) {
      for (const c of (JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { codes: { code: string; count: number }[] }).codes) scanned.set(c.code, c.count);
    } else notes.push(`logs: ${failed(json, 'scan --format json')}`);
    // What rg can be asked for: the codes told by their shape (not bare numbers and names).
    const shaped = new Map([...scanned].filter(([code]) => shapeOf(code)?.kind === undefined));
    const compare = (what: string, theirs: Map<string, number>, name: string, extra?: string) => {
      const diff = differences(name === 'generated' ? scanned : shaped, theirs, 'scan', name);
      row({
        what,
        input: label,
        value: diff.length ? 'DIFFER' : 'agree',
        note: `${diff.length ? `first differences: ${diff.join('; ')}` : `${theirs.size} codes, ${total(theirs)} occurrences, the same count for each`}${extra ? `; ${extra}` : ''}`,
      });
    };
    compare('counts per code: scan vs generated', written.counts, 'generated');
    if (rgBin) {
      const counter = lineCounter();
      const counted = await measure(rgBin, rgArgs(file), { cwd: dir, env: rgEnv, stdout: counter.onChunk });
      compare('counts per code: scan vs rg -o', counter.counts(), 'rg', counted.code === 0 ? undefined : failed(counted, 'rg'));
      if (exact) {
        const exactCounter = lineCounter();
        const run = await measure(rgBin, exactArgs(file), { cwd: dir, env: rgEnv, stdout: exactCounter.onChunk });
        compare("counts per code: scan vs rg -P (scan's rules)", exactCounter.counts(), 'rg -P', run.code === 0 ? undefined : failed(run, 'rg -P'));
      }
    }

    if (o.profile) {
      const profDir = path.join(dir, 'prof');
      const run = await measure(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=200', cli, 'scan', file], { cwd: dir });
      for (const f of fs.existsSync(profDir) ? fs.readdirSync(profDir) : []) {
        const profile = JSON.parse(fs.readFileSync(path.join(profDir, f), 'utf8')) as CpuProfile;
        notes.push(
          '',
          `logs: profile of one scan of ${label} (node --cpu-prof, ${ms(run.ms)} with the profiler on):`,
          formatTimes(functionTimes(profile, o.root), 15),
        );
      }
    }

    // ---- five times the size: memory must not follow ----------------------------------------
    if (o.gigabyte) {
      const big = path.join(dir, 'service-x5.log');
      const copy = timed(() => appendTimes(file, big, 5)).ms;
      const bigBytes = fs.statSync(big).size;
      const bigLabel = `service-x5.log ${bytes(bigBytes)}`;
      say(`logs: ${big}: the log written 5 times over (${bytes(bigBytes)}) in ${ms(copy)}`);
      // The first run reads what the copy just wrote; one run each (the page cache holds it).
      const [bn, bargs] = scanCmd(big);
      const bigScan = await measure(bn, [...bargs], { cwd: dir });
      const growth = bigScan.peakRss !== undefined && scanBest.peakRss !== undefined ? bigScan.peakRss / scanBest.peakRss : undefined;
      row({
        what: 'error-codes scan, 5× the log (one run)',
        input: bigLabel,
        value: ms(bigScan.ms),
        note: `${rate(bigBytes, bigScan.ms)}; ${rss(bigScan)} against ${rss(scanBest).replace('peak RSS ', '')} for 1×${failed(bigScan, 'scan') ? `; ${failed(bigScan, 'scan')}` : ''}`,
      });
      if (growth !== undefined) {
        row({
          what: '  peak RSS, 5× the log / 1×',
          input: bigLabel,
          value: growth.toFixed(2),
          target: { figure: growth, limit: GROWTH_LIMIT, label: `≤ ${GROWTH_LIMIT} (bounded)`, atMost: true },
        });
      }
      if (rgBin) {
        const bigRg = await measure(rgBin, rgArgs(big), { cwd: dir, env: rgEnv });
        row({
          what: 'rg -j1 -o, 5× the log (one run)',
          input: bigLabel,
          value: ms(bigRg.ms),
          note: `${rate(bigBytes, bigRg.ms)}; ${rss(bigRg)}; scan / rg ${(bigScan.ms / bigRg.ms).toFixed(2)}`,
        });
      }
    }
    notes.push(
      `logs: peak RSS measured with ${PEAK_RSS_METHOD === 'gnu-time' ? 'GNU time (%M)' : PEAK_RSS_METHOD === 'proc' ? 'VmHWM from /proc, polled every 10 ms' : 'nothing: no /usr/bin/time and no /proc'}; times are wall clock including process start (node's is about 40 ms)`,
    );
    return { rows, notes };
  } finally {
    dropScratch(dir);
  }
}

/** Writes `from` `times` over into `to`, a megabyte at a time: never the whole file in memory. */
function appendTimes(from: string, to: string, times: number): void {
  const buf = Buffer.allocUnsafe(1 << 20);
  const out = fs.openSync(to, 'w');
  try {
    for (let i = 0; i < times; i++) {
      const input = fs.openSync(from, 'r');
      try {
        for (let n = fs.readSync(input, buf); n > 0; n = fs.readSync(input, buf)) fs.writeSync(out, buf, 0, n);
      } finally {
        fs.closeSync(input);
      }
    }
  } finally {
    fs.closeSync(out);
  }
}

async function writeLogTimed(file: string, codes: readonly CatalogCode[], o: LogOptions): Promise<Written> {
  const t = await timedAsync(() => writeLogPieces(file, codes, o));
  return { ...t.value, ms: t.ms };
}
