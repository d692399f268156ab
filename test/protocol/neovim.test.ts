// A second, independent LSP client: headless Neovim (Debian's 0.7) runs neovim-smoke.lua
// against dist/server.js. Other editors than VS Code use the server as it is, so its
// protocol must not depend on anything only VS Code's client does.
//
// CI machines start without Neovim: the test installs Debian's package when `nvim` is missing
// (it needs root and apt), and fails saying so when it cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, SERVER_JS } from '../support/root';

const SCRIPT = path.join(ROOT, 'test', 'protocol', 'neovim-smoke.lua');

const HANDLER = [
  'export function retryable(err: { code: string }): boolean {',
  '  switch (err.code) {',
  '    case "SVCSTG.SWR.404010":',
  '      return false;',
  '    case "SVCSTG.SWR.4040010":',
  '      return false;',
  '  }',
  '  return true;',
  '}',
  '',
].join('\n');

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

/** Installs Debian's neovim when it is missing; returns its version line or throws saying why not. */
function ensureNeovim(log: (line: string) => void): string {
  const present = nvimVersion();
  if (present) return present;
  const hint = 'install Neovim (Debian/Ubuntu: apt-get install -y neovim) and run the tests again';
  if (process.platform !== 'linux' || !fs.existsSync('/usr/bin/apt-get')) throw new Error(`nvim is not on PATH and there is no apt-get here: ${hint}`);
  if (process.getuid?.() !== 0) throw new Error(`nvim is not on PATH and installing it needs root: ${hint}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'neovim']]) {
    log(`nvim missing: apt-get ${args.join(' ')}`);
    const r = spawnSync('apt-get', args, { encoding: 'utf8', env, timeout: 10 * 60_000 });
    if (r.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${hint}\n${(r.stdout + r.stderr).slice(-3000)}`);
  }
  const installed = nvimVersion();
  if (!installed) throw new Error(`apt-get installed neovim, but nvim still does not run: ${hint}`);
  return installed;
}

/** Runs a command with a hard deadline: a Neovim stuck on a prompt is killed, not waited for. */
function run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; deadlineMs: number }) {
  return new Promise<{ code: number | null; output: string; timedOut: boolean }>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      output += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      output += s;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.deadlineMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}

test('Neovim (headless) gets a hover, a completion and the misspelling diagnostic from the server', { timeout: 15 * 60_000 }, async (t) => {
  const version = ensureNeovim((line) => t.diagnostic(line));
  t.diagnostic(version);
  assert.ok(fs.existsSync(SERVER_JS), `${SERVER_JS} is missing: run npm run build first`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-nvim-'));
  try {
    const workspace = path.join(dir, 'workspace');
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(workspace, 'handler.ts'), HANDLER);
    // Everything Neovim would write (shada, swap, lsp.log) stays in the scratch folder.
    const xdg = (name: string) => {
      const p = path.join(dir, 'xdg', name);
      fs.mkdirSync(p, { recursive: true });
      return p;
    };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SERVER_JS,
      WORKSPACE: workspace,
      XDG_CONFIG_HOME: xdg('config'),
      XDG_DATA_HOME: xdg('data'),
      XDG_CACHE_HOME: xdg('cache'),
      XDG_STATE_HOME: xdg('state'),
    };
    delete env.ERROR_CODES_CATALOGS;
    const started = Date.now();
    const r = await run('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${SCRIPT}`], { cwd: workspace, env, deadlineMs: 90_000 });
    t.diagnostic(`neovim smoke took ${Date.now() - started} ms`);
    const report = `neovim-smoke.lua said:\n${r.output.trim()}`;
    assert.equal(r.timedOut, false, `Neovim did not finish within 90 s\n${report}`);
    assert.equal(r.code, 0, report);
    assert.match(r.output, /RESULT: PASS/, report);
    // Eleven checks run when everything works; fewer means the script stopped early.
    assert.equal(r.output.match(/^ok {4}/gm)?.length, 11, report);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
