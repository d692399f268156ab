// A small test runner for inside the extension host. Mocha would do, but the node-side
// wrapper needs each result as data (name, pass/fail, message) to report it as its own node
// test, and both hosts (code-server, test-electron) need the same file to come back; so
// results are written as JSON after every test, and a crash mid-run still leaves the
// finished ones on disk.
import { writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export interface RunConfig {
  /** Where results are written. */
  resultsFile: string;
  /** The repository, for reading the catalogs the expectations come from. */
  repoRoot: string;
  /** Which groups of tests to run: `dev` (the development folder) or `package` (the installed .vsix). */
  groups: string[];
  /** The node-side driver (code-server route only): takes screenshots and inspects the page. */
  driverUrl?: string;
  /** Only tests whose name contains this run (for working on one test). */
  grep?: string;
}

export interface TestResult {
  name: string;
  ok: boolean;
  skipped?: string;
  error?: string;
  durationMs: number;
}

type TestFn = (ctx: TestContext) => Promise<void> | void;
interface Registered {
  name: string;
  group: string;
  fn: TestFn;
  timeoutMs: number;
}

export class SkipError extends Error {}

export interface TestContext {
  config: RunConfig;
  skip(reason: string): never;
  /** Runs on every exit of the test, pass or fail, newest first. */
  cleanup(fn: () => unknown): void;
}

const registry: Registered[] = [];

export function test(group: string, name: string, fn: TestFn, timeoutMs = 30_000): void {
  registry.push({ name, group, fn, timeoutMs });
}

export function loadConfig(): RunConfig {
  // Next to the bundle, so neither host needs to pass environment variables through.
  return JSON.parse(readFileSync(path.join(__dirname, 'run-config.json'), 'utf8')) as RunConfig;
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/** Runs the registered tests of the configured groups in order; resolves to the number that failed. */
export async function runAll(config: RunConfig): Promise<number> {
  const results: TestResult[] = [];
  const save = () => writeFileSync(config.resultsFile, JSON.stringify({ done: false, results }, null, 1));
  const selected = registry.filter((t) => config.groups.includes(t.group) && (!config.grep || t.name.includes(config.grep)));
  save();
  for (const t of selected) {
    const started = Date.now();
    const cleanups: Array<() => unknown> = [];
    const ctx: TestContext = {
      config,
      skip: (reason) => {
        throw new SkipError(reason);
      },
      cleanup: (fn) => {
        cleanups.unshift(fn);
      },
    };
    let result: TestResult;
    try {
      await withTimeout(
        Promise.resolve().then(() => t.fn(ctx)),
        t.timeoutMs,
        t.name,
      );
      result = { name: t.name, ok: true, durationMs: Date.now() - started };
    } catch (err) {
      result =
        err instanceof SkipError
          ? { name: t.name, ok: true, skipped: err.message, durationMs: Date.now() - started }
          : { name: t.name, ok: false, error: describeError(err), durationMs: Date.now() - started };
    }
    for (const fn of cleanups) {
      try {
        await withTimeout(Promise.resolve().then(fn), 10_000, `cleanup of ${t.name}`);
      } catch (err) {
        // A failed cleanup would poison the tests after it, so it fails this test.
        if (result.ok && !result.skipped) result = { ...result, ok: false, error: `cleanup failed: ${describeError(err)}` };
      }
    }
    console.log(
      `[e2e] ${result.ok ? (result.skipped ? 'skip' : 'pass') : 'FAIL'} ${t.name} (${result.durationMs} ms)${result.error ? `\n${result.error}` : ''}`,
    );
    results.push(result);
    save();
  }
  writeFileSync(config.resultsFile, JSON.stringify({ done: true, results }, null, 1));
  return results.filter((r) => !r.ok).length;
}

/**
 * Asks the driver (the node process running the browser) to do something to the page:
 * `shot` saves a screenshot once `waitFor` is visible; `query` reports whether a selector
 * with the given text is on the page. Without a driver (test-electron) it resolves to
 * undefined and the caller decides whether that means "skip".
 */
export function driver<T>(action: 'shot' | 'query' | 'keys' | 'click', body: Record<string, unknown>, driverUrl: string | undefined): Promise<T | undefined> {
  if (!driverUrl) return Promise.resolve(undefined);
  const data = JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      `${driverUrl}/${action}`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`driver ${action}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text) as T);
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
