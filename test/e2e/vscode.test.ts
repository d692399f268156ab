// The real-editor tier, as node tests: starts a real VS Code with the extension, runs the
// in-editor suite (test/e2e/suite) inside its extension host, and reports each in-editor
// test as its own node test, so the runner's pass/fail counts are the editor's.
//
// Three sessions (see KINDS): the development folder (dist/ as built by `npm run build`);
// the packaged .vsix installed into a fresh extensions folder, VS Code in Chinese; and the
// development folder in an untrusted workspace.
//
// Environment:
//   ERROR_CODES_E2E_HOST=code-server (default) | electron | skip
//     code-server: installs its tools into ${XDG_CACHE_HOME:-~/.cache}/error-codes-e2e (see
//       harness/install.ts) and drives the workbench with headless Chromium.
//     electron: @vscode/test-electron; needs to download VS Code (and a display, e.g. xvfb-run).
//   ERROR_CODES_E2E_VSCODE=stable | 1.91.0 | …   VS Code version for the electron host.
//   ERROR_CODES_E2E_GREP=text        run only in-editor tests whose name contains it.
//   ERROR_CODES_E2E_SESSIONS=dev     only some of the sessions (dev, package, trust).
//   ERROR_CODES_E2E_SCREENSHOTS=dir  where screenshots go (default: error-codes-e2e-screenshots
//                                    in the temp folder; docs/images refreshes the README's).
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Driver, runInCodeServer } from './harness/codeServer';
import { ensureTools } from './harness/install';
import { emptyLanguagePack, prepareSession, readOutcome, stubExtension, tail, type Outcome, type Session } from './harness/session';
import { ROOT } from '../support/root';

const host = process.env.ERROR_CODES_E2E_HOST ?? 'code-server';
const grep = process.env.ERROR_CODES_E2E_GREP;
// Not under out/: every test run empties out/, and others may run tests in this folder meanwhile.
const screenshotsDir = path.resolve(ROOT, process.env.ERROR_CODES_E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'error-codes-e2e-screenshots'));
const sessions = (process.env.ERROR_CODES_E2E_SESSIONS ?? 'dev,package,trust').split(',');
const skip = host === 'skip' ? 'ERROR_CODES_E2E_HOST=skip' : false;
if (!['code-server', 'electron', 'skip'].includes(host)) throw new Error(`ERROR_CODES_E2E_HOST must be code-server, electron or skip, not "${host}"`);

function log(line: string): void {
  process.stderr.write(`[e2e] ${line}\n`);
}

/** The editor sessions; each runs the in-editor tests of its group. */
interface SessionKind {
  group: 'dev' | 'package' | 'trust';
  title: string;
  /** Install the packaged .vsix instead of loading the development folder. */
  packaged?: boolean;
  /** Display language (code-server only). */
  locale?: string;
  /** Leave workspace trust on, so the workspace opens untrusted (code-server only). */
  untrusted?: boolean;
  /** Copied over the test workspace. */
  overlay?: string;
}

const KINDS: SessionKind[] = [
  { group: 'dev', title: 'the development folder' },
  // In Chinese: the package's translations ship in it, and explanations follow the display language.
  { group: 'package', title: 'the packaged .vsix, VS Code in Chinese', packaged: true, locale: 'zh-cn' },
  { group: 'trust', title: 'an untrusted workspace', untrusted: true, overlay: 'test/e2e/workspace-trust' },
];

async function runSession(kind: SessionKind): Promise<Outcome> {
  const started = Date.now();
  const label = kind.group;
  let session: Session | undefined;
  let driver: Driver | undefined;
  try {
    const tools = host === 'code-server' ? ensureTools() : undefined;
    driver = tools ? await Driver.start() : undefined;
    session = await prepareSession(
      ROOT,
      label,
      { repoRoot: ROOT, groups: [kind.group], ...(driver && { driverUrl: driver.url }), ...(grep && { grep }) },
      {
        ...(kind.overlay && { overlay: path.join(ROOT, kind.overlay) }),
        ...(kind.untrusted && {
          userSettings: {
            'security.workspace.trust.enabled': true,
            'security.workspace.trust.startupPrompt': 'never',
            'security.workspace.trust.emptyWindow': false,
          },
        }),
      },
    );
    let vsix: string | undefined;
    if (kind.packaged) {
      vsix = path.join(session.dir, 'error-codes.vsix');
      const r = spawnSync(process.execPath, [path.join(ROOT, 'client/scripts/package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`packaging failed:\n${r.stdout}${r.stderr}`);
    }
    const extensionPath = kind.packaged ? stubExtension(session) : ROOT;
    if (tools) {
      if (kind.locale) emptyLanguagePack(session, kind.locale);
      await runInCodeServer(
        tools,
        {
          session,
          extensionPath,
          vsix: vsix ? [vsix] : [],
          screenshotsDir,
          timeoutMs: 8 * 60_000,
          ...(kind.locale && { locale: kind.locale }),
          ...(kind.untrusted && { workspaceTrust: true }),
        },
        driver!,
      );
    } else {
      const { runInElectron } = await import('./harness/electron');
      await runInElectron({ session, extensionPath, ...(vsix && { vsix }), version: process.env.ERROR_CODES_E2E_VSCODE ?? 'stable' });
    }
    const outcome = readOutcome(session);
    log(`${label}: ${outcome.results.length} in-editor tests in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    // A failed run keeps its scratch folder (logs, profile, workspace) for a look.
    if (outcome.done && outcome.results.every((r) => r.ok)) rmSync(session.dir, { recursive: true, force: true });
    else log(`${label}: kept ${session.dir}`);
    return outcome;
  } catch (err) {
    // A failed run of the suite itself still reports the tests that finished.
    const error = err instanceof Error ? err : new Error(String(err));
    if (session && !error.message.includes(session.logFile)) error.message += `\n(editor log: ${session.logFile})\n${tail(session.logFile, 25)}`;
    return session ? readOutcome(session, error) : { results: [], done: false, error };
  } finally {
    driver?.close();
  }
}

function report(outcome: Outcome, session: string): void {
  for (const r of outcome.results) {
    it(r.name, r.skipped ? { skip: r.skipped } : {}, () => {
      if (!r.ok) throw Object.assign(new Error(r.error ?? 'failed'), { stack: r.error });
    });
  }
  if (outcome.error || !outcome.done) {
    it(`the ${session} session ran to the end`, () => {
      throw outcome.error ?? new Error('the in-editor suite stopped before its last test');
    });
  }
}

/**
 * node:test files a test under the suite whose async context registers it, and a promise
 * made outside the suite (like the sessions below) carries the outside context into the
 * code after `await`. Re-wrapping it in a promise made inside the suite keeps the context.
 */
function inScope<T>(p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => p.then(resolve, reject));
}

// One after the other: two editors at once would halve the speed of each on a 2-core machine.
// The electron host has no display-language or trust switches here, so it runs the first two.
let previous: Promise<unknown> = Promise.resolve();
for (const kind of KINDS) {
  const wanted = !skip && sessions.includes(kind.group) && (host === 'code-server' || kind.group !== 'trust');
  const outcome = wanted ? previous.then(() => runSession(kind)) : undefined;
  if (outcome) previous = outcome;
  describe(
    `real VS Code (${host}): ${kind.title}`,
    { skip: skip || (!outcome && `not selected (ERROR_CODES_E2E_SESSIONS=${sessions.join(',')})`) },
    async () => {
      if (outcome) report(await inScope(outcome), kind.group);
    },
  );
}
