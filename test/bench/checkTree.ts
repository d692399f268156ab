// The check section (issue 5): `error-codes check` on a large generated source tree — small
// files of handlers in TypeScript, Python, Go and Java with misspellings planted — timed as
// CI runs it, and given as files and megabytes per second.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CatalogCode, HandlerLanguage } from './generate';
import { EXTENSIONS, generateHandlers, rng } from './generate';
import { dropScratch, measure, Measured, scratch } from './external';
import type { SectionResult } from './sections';
import { bytes, ms, Row, timed } from './stats';

export interface CheckOptions {
  seed: number;
  files: number;
  runs: number;
  root: string;
}

const SECTION = 'check: a source tree';
export const TREE_LANGUAGES: readonly HandlerLanguage[] = ['typescript', 'python', 'go', 'java'];

export interface Tree {
  files: number;
  bytes: number;
  /** Misspellings planted, each one a problem check should report. */
  typos: number;
  /** Files that hold at least one code (or misspelling). */
  withCodes: number;
  byLanguage: Map<HandlerLanguage, number>;
}

/**
 * Writes `count` handler files of 2–`maxBytes` bytes under `dir`, the languages in turn, in
 * folders of 50 (`<lang>/mod-N/`); `prefix` names the top folder. Each file has its own seed.
 */
export function writeTree(dir: string, codes: readonly CatalogCode[], count: number, seed: number, prefix = 'src', minBytes = 2_000, maxBytes = 12_000): Tree {
  const size = rng(seed * 31 + 7);
  const tree: Tree = { files: 0, bytes: 0, typos: 0, withCodes: 0, byLanguage: new Map() };
  const made = new Set<string>();
  for (let i = 0; i < count; i++) {
    const language = TREE_LANGUAGES[i % TREE_LANGUAGES.length];
    const target = minBytes + Math.floor(size() * (maxBytes - minBytes));
    const src = generateHandlers(language, codes, target, seed * 7919 + i);
    const folder = path.join(dir, prefix, language, `mod-${Math.floor(i / (TREE_LANGUAGES.length * 50))}`);
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    const name = language === 'java' ? `Handlers${seed * 7919 + i}` : `handlers_${i}`;
    const buf = Buffer.from(src.text, 'utf8');
    fs.writeFileSync(path.join(folder, `${name}.${EXTENSIONS[language]}`), buf);
    tree.files++;
    tree.bytes += buf.length;
    tree.typos += src.typos.length;
    if (src.literals.length + src.inComments.length + src.typos.length > 0) tree.withCodes++;
    tree.byLanguage.set(language, (tree.byLanguage.get(language) ?? 0) + 1);
  }
  return tree;
}

export async function checkSection(codes: readonly CatalogCode[], o: CheckOptions, say: (line: string) => void): Promise<SectionResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const dir = scratch('check');
  try {
    const made = timed(() => writeTree(dir, codes, o.files, o.seed));
    const tree = made.value;
    const input = `${tree.files} files, ${bytes(tree.bytes)}`;
    say(
      `check: ${path.join(dir, 'src')}: ${tree.files} files (${[...tree.byLanguage].map(([l, n]) => `${n} ${l}`).join(', ')}), ${bytes(tree.bytes)}, ${tree.typos} misspellings planted, written in ${ms(made.ms)}`,
    );

    const cli = path.join(o.root, 'dist', 'cli.js');
    const out = path.join(dir, 'check.json');
    const runs: Measured[] = [];
    for (let i = 0; i < o.runs; i++) runs.push(await measure(process.execPath, [cli, 'check', '--format', 'json', 'src'], { cwd: dir, stdout: { file: out } }));
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    // Exit 1 says problems were found, which the planted misspellings make sure of.
    const bad = runs.find((r) => r.code !== 0 && r.code !== 1);
    if (bad) notes.push(`check: exited with ${bad.code}: ${bad.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    let found = 'no JSON to read';
    try {
      const problems = JSON.parse(fs.readFileSync(out, 'utf8')) as { kind: string }[];
      const kinds = new Map<string, number>();
      for (const p of problems) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
      found = `${problems.length} problems reported (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}) for ${tree.typos} planted misspellings`;
    } catch (err) {
      found = `its JSON could not be read: ${err instanceof Error ? err.message : String(err)}`;
    }
    row(rows, {
      what: `check --format json (best of ${o.runs})`,
      input,
      value: ms(best.ms),
      note: `exit ${best.code}; peak RSS ${best.peakRss === undefined ? 'unknown' : bytes(best.peakRss)}; runs ${runs.map((r) => ms(r.ms)).join(', ')}; ${found}`,
    });
    const seconds = best.ms / 1000;
    row(rows, {
      what: '  throughput',
      input,
      value: `${(tree.files / seconds).toFixed(0)} files/s, ${(tree.bytes / 1e6 / seconds).toFixed(1)} MB/s`,
      note: 'wall clock of the whole command, node start and catalog loading included',
    });
    return { rows, notes };
  } finally {
    dropScratch(dir);
  }
}

function row(rows: Row[], r: Row): void {
  rows.push({ section: SECTION, ...r });
}
