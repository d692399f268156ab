// Runs the same in-editor suite in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code (selected with ERROR_CODES_E2E_HOST=electron). There
// is no browser driver here, so screenshots are not taken and DOM checks are skipped by the
// tests themselves. On Linux without a display, run under xvfb-run.
import { spawnSync } from 'node:child_process';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import type { Session } from './session';

export interface ElectronRun {
  session: Session;
  extensionPath: string;
  vsix?: string;
  /** `stable`, or a version such as `1.91.0` (the oldest the manifest accepts). */
  version: string;
}

export async function runInElectron(run: ElectronRun): Promise<void> {
  const { session: s } = run;
  const executable = await downloadAndUnzipVSCode(run.version);
  if (run.vsix) {
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
    const r = spawnSync(cli!, [...cliArgs, '--extensions-dir', s.extensionsDir, '--user-data-dir', s.userDataDir, '--install-extension', run.vsix], {
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) throw new Error(`--install-extension failed:\n${r.stdout}${r.stderr}`);
  }
  const code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: run.extensionPath,
    extensionTestsPath: s.suiteDir,
    launchArgs: [
      s.workspace,
      '--user-data-dir',
      s.userDataDir,
      '--extensions-dir',
      s.extensionsDir,
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
  if (code !== 0) throw new Error(`VS Code exited with ${code}`);
}
