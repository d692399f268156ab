// The command line as a user runs it: the built dist/cli.js in a child process.
import { spawnSync } from 'node:child_process';
import { CLI_JS } from './root';

export interface CliOptions {
  /** Text on standard input. */
  input?: string;
  /** The child's whole environment (default: this process's, with LANG=C so messages are English). */
  env?: NodeJS.ProcessEnv;
  /** Kill the child after this long (its `signal` then says so). */
  timeout?: number;
  killSignal?: NodeJS.Signals;
  /** The child's user and group, for tests that drop root. */
  uid?: number;
  gid?: number;
}

export interface CliResult {
  /** The exit status; null when the child was killed. */
  code: number | null;
  out: string;
  err: string;
  signal: NodeJS.Signals | null;
}

export function runCli(args: string[], cwd: string, options: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C' },
    // Room for the reports of huge inputs (the hostile tests print 100,000 problems).
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}
