// Runs the in-editor suite in code-server (VS Code's own workbench and extension host,
// served over HTTP) driven by headless Chromium. code-server has no
// --extensionDevelopmentPath flag; the workbench takes the same payload that
// @vscode/test-web passes, and reports the suite's end through window.codeAutomationExit.
//
// While the suite runs, a small HTTP endpoint lets it ask for things only the browser side
// can do: screenshots, DOM queries (e.g. the status bar text) and key presses.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type { Tools } from './install';
import { tail, type Session } from './session';

// The part of playwright-core used here. It is installed outside the repository (see
// install.ts), so its own types are not available to the compiler.
interface Locator {
  waitFor(o: { state: 'visible' | 'attached'; timeout: number }): Promise<void>;
  first(): Locator;
  filter(o: { hasText: string }): Locator;
  count(): Promise<number>;
  textContent(): Promise<string | null>;
  getAttribute(name: string): Promise<string | null>;
  click(): Promise<void>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}
interface Page {
  goto(url: string): Promise<unknown>;
  exposeFunction(name: string, fn: (...args: unknown[]) => unknown): Promise<void>;
  on(event: 'console', fn: (m: { text(): string }) => void): void;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  locator(selector: string): Locator;
  screenshot(o: { path: string; animations?: 'disabled'; clip?: { x: number; y: number; width: number; height: number } }): Promise<Buffer>;
  keyboard: { press(key: string): Promise<void> };
  mouse: { move(x: number, y: number): Promise<void> };
}
interface Browser {
  newPage(o: { viewport: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}
interface Chromium {
  launch(o: { executablePath: string; args: string[] }): Promise<Browser>;
}

export interface CodeServerRun {
  session: Session;
  /** extensionDevelopmentPath: the repository, or a stub when testing the installed .vsix. */
  extensionPath: string;
  /** .vsix files to install into the session's extensions folder first. */
  vsix?: string[];
  screenshotsDir: string;
  /** VS Code's display language, e.g. `zh-cn`. */
  locale?: string;
  /** Keep workspace trust on (normally disabled, so every test workspace is trusted). */
  workspaceTrust?: boolean;
  /** The whole run, workbench start included. */
  timeoutMs: number;
}

const VIEWPORT = { width: 1180, height: 720 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function envFor(tools: Tools, s: Session): NodeJS.ProcessEnv {
  // XDG folders inside the session, or code-server writes its config under the home folder.
  return {
    ...process.env,
    PATH: `${path.join(tools.nodeHome, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: path.join(s.dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(s.dir, 'xdg-data'),
  };
}

async function waitForHealth(port: number, child: ChildProcess, logFile: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before it was ready:\n${tail(logFile)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => {
        req.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer /healthz within ${ms / 1000} s:\n${tail(logFile)}`);
}

/**
 * The suite's requests to the browser side. It listens before the suite is built (the
 * suite's config carries its address) and gets the page once the browser is up.
 */
export class Driver {
  private page: Page | undefined;
  private screenshotsDir = '';
  private log: (line: string) => void = () => undefined;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static start(): Promise<Driver> {
    let driver: Driver | undefined;
    const server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (raw += c));
      req.on('end', () => {
        driver!.handle((req.url ?? '').slice(1), raw ? (JSON.parse(raw) as Record<string, unknown>) : {}).then(
          (result) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
          (err: unknown) => res.writeHead(500).end(String(err instanceof Error ? err.message : err)),
        );
      });
    });
    return new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        driver = new Driver(server, `http://127.0.0.1:${port}`);
        resolve(driver);
      });
    });
  }

  attach(page: Page, screenshotsDir: string, log: (line: string) => void): void {
    this.page = page;
    this.screenshotsDir = screenshotsDir;
    this.log = log;
  }

  close(): void {
    this.server.close();
  }

  private async handle(action: string, body: Record<string, unknown>): Promise<unknown> {
    const page = this.page;
    if (!page) throw new Error('the browser is not attached yet');
    const find = (selector: unknown, text: unknown) => {
      const all = page.locator(String(selector));
      return { all, match: typeof text === 'string' ? all.filter({ hasText: text }) : all };
    };
    switch (action) {
      case 'shot': {
        const { match } = find(body.waitFor, body.text);
        mkdirSync(this.screenshotsDir, { recursive: true });
        try {
          await match.first().waitFor({ state: 'visible', timeout: 15_000 });
        } catch (err) {
          // What the page showed instead is the quickest way to see why.
          const file = path.join(this.screenshotsDir, `${String(body.name)}-not-shown.png`);
          await page.screenshot({ path: file });
          throw new Error(`${err instanceof Error ? err.message.split('\n')[0] : String(err)}; the page is in ${file}`, { cause: err });
        }
        const file = path.join(this.screenshotsDir, `${String(body.name)}.png`);
        // The window from the top down to just below the widget: the rest is empty editor.
        const box = await match.first().boundingBox();
        const height = box && !body.full ? Math.min(VIEWPORT.height, Math.ceil(box.y + box.height + 24)) : VIEWPORT.height;
        // Widgets fade in; with animations disabled the picture shows their final state.
        await page.screenshot({ path: file, animations: 'disabled', clip: { x: 0, y: 0, width: VIEWPORT.width, height } });
        this.log(`screenshot ${file}`);
        return { file };
      }
      case 'query': {
        const { all, match } = find(body.selector, body.text);
        try {
          await match.first().waitFor({ state: 'visible', timeout: Number(body.timeoutMs ?? 5000) });
        } catch {
          return { found: false, text: (await all.count()) ? ((await all.first().textContent()) ?? '') : '' };
        }
        const first = match.first();
        return {
          found: true,
          count: await match.count(),
          text: `${(await first.textContent()) ?? ''} ${(await first.getAttribute('aria-label')) ?? ''}`.trim(),
        };
      }
      case 'click': {
        const { match } = find(body.selector, body.text);
        await match.first().waitFor({ state: 'visible', timeout: 10_000 });
        await match.first().click();
        return {};
      }
      case 'keys':
        for (const key of body.keys as string[]) await page.keyboard.press(key);
        return {};
      default:
        throw new Error(`no such action: ${action}`);
    }
  }
}

export async function runInCodeServer(tools: Tools, run: CodeServerRun, driver: Driver): Promise<void> {
  const { session: s } = run;
  const env = envFor(tools, s);
  const log = createWriteStream(s.logFile, { flags: 'a' });
  const say = (line: string) => log.write(`[${new Date().toISOString().slice(11, 23)}] ${line}\n`);
  const common = ['--user-data-dir', s.userDataDir, '--extensions-dir', s.extensionsDir];

  for (const vsix of run.vsix ?? []) {
    const r = spawnSync(tools.codeServerBin, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
    say(`install-extension: ${r.stdout}${r.stderr}`);
    if (r.status !== 0) throw new Error(`code-server --install-extension failed:\n${r.stdout}${r.stderr}`);
  }

  const port = await freePort();
  const child = spawn(
    tools.codeServerBin,
    [
      ...common,
      '--config',
      path.join(s.dir, 'code-server.yaml'),
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      ...(run.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--vscode-option',
      'enable-smoke-test-driver',
      ...(run.locale ? ['--locale', run.locale] : []),
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => log.write(d));
  child.stderr?.on('data', (d: Buffer) => log.write(d));
  // Its own process group, so the extension host and the language server go with it.
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };

  let browser: Browser | undefined;
  try {
    await waitForHealth(port, child, s.logFile, 60_000);
    const { chromium } = createRequire(path.join(tools.playwrightDir, 'noop.js'))('playwright-core') as { chromium: Chromium };
    browser = await chromium.launch({
      executablePath: tools.chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    driver.attach(page, run.screenshotsDir, say);
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: unknown) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (...args: unknown[]) => say(`[automation] ${args.join(' ')}`));
    page.on('console', (m) => say(`[console] ${m.text()}`));
    page.on('pageerror', (e) => say(`[pageerror] ${e.message}`));

    const host = `127.0.0.1:${port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${run.extensionPath}`],
      ['extensionTestsPath', `vscode-remote://${host}${s.suiteDir}`],
    ];
    await page.goto(`http://${host}/?folder=${encodeURIComponent(s.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exit,
      new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), run.timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    say(`suite exit: ${code}`);
    if (code === 'timeout') throw new Error(`the suite did not finish within ${run.timeoutMs / 1000} s`);
  } finally {
    await browser?.close().catch(() => undefined);
    stop();
    log.end();
  }
}
