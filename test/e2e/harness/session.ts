// One run of the in-editor suite: a scratch folder holding the compiled suite, its config, a
// copy of the test workspace and the editor's profile. Both hosts (code-server and
// test-electron) get the same folder and leave results.json in it.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunConfig, TestResult } from '../suite/framework';

export interface Session {
  dir: string;
  /** Folder holding index.js (the extensionTestsPath). */
  suiteDir: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  resultsFile: string;
  logFile: string;
}

export interface Outcome {
  results: TestResult[];
  /** False when the suite stopped before its last test (a crash or a time-out). */
  done: boolean;
  /** Why the session itself failed, if it did. */
  error?: Error;
}

// Settings that keep a fresh profile quiet and offline: no welcome page, no AI panel, no
// update or gallery checks, and room for the editor in screenshots.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'editor.fontSize': 15,
  'workbench.colorTheme': 'Default Dark Modern',
};

export interface SessionExtras {
  /** A folder copied over the test workspace. */
  overlay?: string;
  /** User settings on top of the quiet defaults. */
  userSettings?: Record<string, unknown>;
}

export async function prepareSession(root: string, label: string, config: Omit<RunConfig, 'resultsFile'>, extras: SessionExtras = {}): Promise<Session> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `error-codes-e2e-${label}-`));
  const s: Session = {
    dir,
    suiteDir: path.join(dir, 'suite'),
    workspace: path.join(dir, 'workspace'),
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    resultsFile: path.join(dir, 'results.json'),
    logFile: path.join(dir, 'editor.log'),
  };
  await build({
    entryPoints: [path.join(root, 'test/e2e/suite/index.ts')],
    outfile: path.join(s.suiteDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
  });
  writeFileSync(path.join(s.suiteDir, 'run-config.json'), JSON.stringify({ ...config, resultsFile: s.resultsFile } satisfies RunConfig, null, 1));
  cpSync(path.join(root, 'test/e2e/workspace'), s.workspace, { recursive: true });
  if (extras.overlay) cpSync(extras.overlay, s.workspace, { recursive: true });
  mkdirSync(path.join(s.userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(s.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extras.userSettings }, null, 1));
  mkdirSync(s.extensionsDir, { recursive: true });
  return s;
}

/**
 * A development folder that contributes nothing. Both hosts only run extension tests for a
 * development session, so the packaged-extension run points at this stub and gets the real
 * extension from its extensions folder.
 */
export function stubExtension(s: Session): string {
  const stub = path.join(s.dir, 'stub-extension');
  mkdirSync(stub, { recursive: true });
  writeFileSync(
    path.join(stub, 'package.json'),
    JSON.stringify({ name: 'e2e-stub', publisher: 'error-codes-tests', version: '0.0.0', engines: { vscode: '*' } }),
  );
  return stub;
}

export function readOutcome(s: Session, error?: Error): Outcome {
  if (!existsSync(s.resultsFile)) return { results: [], done: false, error: error ?? new Error('the in-editor suite never started (no results file)') };
  const { done, results } = JSON.parse(readFileSync(s.resultsFile, 'utf8')) as { done: boolean; results: TestResult[] };
  return error ? { results, done, error } : { results, done };
}

export function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/**
 * Makes `locale` an available display language without translating anything. VS Code only
 * switches its display language (and with it `vscode.env.language` and the extensions'
 * package.nls.<locale>.json) to a locale that an installed language pack provides; real packs
 * come from the Marketplace, which these machines cannot reach. The server reads the packs
 * it knows from languagepacks.json in the user data folder, so an empty translations file
 * listed there is enough: the workbench stays English, everything else runs in `locale`.
 */
export function emptyLanguagePack(s: Session, locale: string): void {
  const translations = path.join(s.dir, `language-pack-${locale}`, 'main.i18n.json');
  mkdirSync(path.dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const packs = {
    [locale]: {
      hash: `e2e-empty-${locale}`,
      extensions: [{ extensionIdentifier: { id: `error-codes-tests.language-pack-${locale}` }, version: '0.0.1' }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  writeFileSync(path.join(s.userDataDir, 'languagepacks.json'), JSON.stringify(packs, null, 1));
}
