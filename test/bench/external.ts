// Other programs, as the benchmark runs them: wall-clock time and peak memory of a command
// (GNU time's %M when /usr/bin/time is there, else /proc polled), scratch folders that go
// away when the benchmark ends however it ends, and ripgrep found or installed.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

// ---- scratch folders ----------------------------------------------------------------------

const scratchDirs = new Set<string>();

function removeScratch(): void {
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
  scratchDirs.clear();
}

let hooked = false;

/** A new folder in the system's temporary folder (never under the repository), removed at exit. */
export function scratch(name: string): string {
  if (!hooked) {
    hooked = true;
    process.on('exit', removeScratch);
    // Interrupted: clean up and end as an interrupted program does.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `error-codes-bench-${name}-`));
  scratchDirs.add(dir);
  return dir;
}

/** Removes a scratch folder now (its inputs can be large). */
export function dropScratch(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  scratchDirs.delete(dir);
}

// ---- measuring a command -------------------------------------------------------------------

const GNU_TIME = '/usr/bin/time';

/** How peak memory is measured: GNU time's maximum resident set size, or /proc polled every 10 ms. */
export const PEAK_RSS_METHOD: 'gnu-time' | 'proc' | 'none' = (() => {
  if (fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0) return 'gnu-time';
  return fs.existsSync('/proc/self/status') ? 'proc' : 'none';
})();

export interface Measured {
  /** Wall clock from spawning to the end of the process. */
  ms: number;
  /** Peak resident set size in bytes, when it could be had. */
  peakRss?: number;
  /** User and system CPU time (GNU time only): less shaken than wall clock by a busy machine. */
  cpuMs?: { user: number; system: number };
  code: number | null;
  /** The end of what it wrote to standard error. */
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Where standard output goes: /dev/null (the default), a file, or a function given each chunk. */
  stdout?: { file: string } | ((chunk: Buffer) => void);
}

let timeDir: string | undefined;
let timeRuns = 0;

/** VmHWM (the peak RSS so far) of a live process, in bytes. */
function highWater(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `command args` once and measures it. Standard input is empty. */
export function measure(command: string, args: string[], options: RunOptions): Promise<Measured> {
  // In a scratch folder, so an interrupted run leaves nothing behind.
  timeDir ??= scratch('time');
  const timeFile = PEAK_RSS_METHOD === 'gnu-time' ? path.join(timeDir, `rss-${++timeRuns}`) : undefined;
  const [file, argv] = timeFile ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, args];
  const out = options.stdout;
  const outFd = typeof out === 'function' ? undefined : fs.openSync(out ? out.file : '/dev/null', 'w');
  return new Promise<Measured>((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', outFd ?? 'pipe', 'pipe'] });
    if (outFd !== undefined) fs.closeSync(outFd);
    if (typeof out === 'function') child.stdout!.on('data', out);
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => {
      stderr = (stderr + s).slice(-8000);
    });
    let polled: number | undefined;
    const poll =
      PEAK_RSS_METHOD === 'proc'
        ? setInterval(() => {
            const hwm = child.pid && highWater(child.pid);
            if (hwm) polled = Math.max(polled ?? 0, hwm);
          }, 10)
        : undefined;
    child.on('error', (err) => {
      if (poll) clearInterval(poll);
      reject(err);
    });
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (poll) clearInterval(poll);
      let peakRss = polled;
      let cpuMs: Measured['cpuMs'];
      if (timeFile) {
        // GNU time writes "Command exited with non-zero status N" first when the command fails.
        const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
        const [kb, user, system] = lines[lines.length - 1].split(' ').map(Number);
        if (Number.isFinite(kb) && kb > 0) peakRss = kb * 1024;
        if (Number.isFinite(user) && Number.isFinite(system)) cpuMs = { user: user * 1000, system: system * 1000 };
        fs.rmSync(timeFile, { force: true });
      }
      resolve({ ms, peakRss, cpuMs, code, stderr });
    });
  });
}

// ---- ripgrep -------------------------------------------------------------------------------

export type Ripgrep = { path: string; version: string; installed: boolean } | { missing: string };

function rgVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

/**
 * ripgrep on PATH, or else Debian's package installed with apt-get when this runs as root
 * (saying so through `say`); `missing` with the reason when neither works.
 */
export function findRipgrep(say: (line: string) => void): Ripgrep {
  const found = rgVersion('rg');
  if (found) return { path: 'rg', version: found, installed: false };
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !fs.existsSync('/usr/bin/apt-get')) return { missing: 'rg is not on PATH, and apt-get is not available to a root user here' };
  say("rg is not on PATH: installing Debian's ripgrep package (apt-get update; apt-get install -y ripgrep) …");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { env, encoding: 'utf8' });
  if (update.status !== 0) return { missing: `apt-get update failed: ${(update.stderr ?? '').trim().split('\n').pop() ?? update.status}` };
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'ripgrep'], { env, encoding: 'utf8' });
  if (install.status !== 0) return { missing: `apt-get install ripgrep failed: ${(install.stderr ?? '').trim().split('\n').pop() ?? install.status}` };
  const now = rgVersion('rg');
  if (!now) return { missing: 'the ripgrep package installed, but rg still does not run' };
  say(`installed ${now}`);
  return { path: 'rg', version: now, installed: true };
}

/** Whether this ripgrep has the PCRE2 engine (-P), for look-around. */
export function ripgrepHasPcre2(bin: string): boolean {
  const r = spawnSync(bin, ['-P', '-c', '(?<=a)b', '-'], { input: 'ab\n', encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === '1';
}
