// A hostile workspace against the real server over stdio: a named pipe and a link to /dev/zero
// among its catalogs, a backtracking glob in its settings beside a file named to make it
// backtrack (picomatch took 46 s on 60 `a`s here, the 30 s; each more `a` costs more),
// and a link to a log outside it announced by a watched-file event. After each the server still
// answers hovers, and says what it refused, naming the file or the setting.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf } from './client';
import { tempProject } from '../support/files';

let server: LspClient | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.shutdown();
  server = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const canMakeSpecials = process.platform !== 'win32' && fs.existsSync('/dev/zero');

function workspace(files: Record<string, string>): string {
  const dir = tempProject(files, 'error-codes-reads-');
  dirs.push(dir);
  return dir;
}

const SOURCE = 'if (code === "SVCSTG.SWR.4001048") {}\n';

async function hoverStillAnswers(s: LspClient, dir: string): Promise<void> {
  const uri = pathToFileURL(path.join(dir, 'open.ts')).href;
  await s.open(uri, 'typescript', SOURCE);
  assert.match((await s.hoverText(uri, positionOf(SOURCE, 'SVCSTG.SWR.4001048', 2))) ?? '', /Failed to obtain the token/);
}

describe('special files among the workspace catalogs', { skip: !canMakeSpecials && 'no FIFOs or /dev/zero here' }, () => {
  test('a named pipe at .vscode/error-codes/x.json is reported; the server keeps answering', async () => {
    const dir = workspace({ 'src/ok.ts': SOURCE });
    fs.mkdirSync(path.join(dir, '.vscode/error-codes'), { recursive: true });
    assert.equal(spawnSync('mkfifo', [path.join(dir, '.vscode/error-codes/x.json')]).status, 0);
    server = await LspClient.start({ workspaceFolders: [dir], deadlineMs: 30_000 });
    const s = server;
    const shown = await s.message('the problem of x.json', (m) => m.message.includes('x.json'));
    assert.match(shown.message, /x\.json:1: a named pipe \(FIFO\), not a regular file: not read/);
    await hoverStillAnswers(s, dir);
    // A watched-file event for it (the editor saw it change) reads it no more than the first time.
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(path.join(dir, '.vscode/error-codes/x.json')).href, type: FileChangeType.Changed }],
    });
    await hoverStillAnswers(s, dir);
  });

  test('a link to /dev/zero as a workspace catalog is refused as leading out of the workspace', async () => {
    const dir = workspace({ 'src/ok.ts': SOURCE });
    fs.mkdirSync(path.join(dir, '.vscode/error-codes'), { recursive: true });
    fs.symlinkSync('/dev/zero', path.join(dir, '.vscode/error-codes/evil.json'));
    server = await LspClient.start({ workspaceFolders: [dir], deadlineMs: 30_000 });
    const s = server;
    const shown = await s.message('the problem of evil.json', (m) => m.message.includes('evil.json'));
    assert.match(shown.message, /evil\.json:1: a symbolic link to \/dev\/zero, outside .*: not followed/);
    await hoverStillAnswers(s, dir);
  });
});

describe('hostile globs in the settings', () => {
  test('a backtracking exclude beside a file named with 80 `a`s: the scan finishes, hovers answer', async () => {
    const dir = workspace({ [`src/${'a'.repeat(80)}.ts`]: SOURCE, 'logs/app.log': 'IMG.0024\n' });
    server = await LspClient.start({
      workspaceFolders: [dir],
      deadlineMs: 60_000,
      settings: { workspace: { exclude: ['**/*a*a*a*a*a*a*a*a*b'], include: ['**/*a*a*a*a*a*a*a*a*b', '**/*.ts', '**/*.log'] } },
    });
    const s = server;
    assert.deepEqual(await s.scannedCodeCounts(), [
      ['IMG.0024', 1],
      ['SVCSTG.SWR.4001048', 1],
    ]);
    await hoverStillAnswers(s, dir);
  });

  test('a pattern the settings cannot have (a leading !) is reported by setting', async () => {
    const dir = workspace({ 'src/ok.ts': SOURCE });
    server = await LspClient.start({ workspaceFolders: [dir], settings: { workspace: { exclude: ['!**/*.ts'] } } });
    const s = server;
    await s.scannedCodes();
    const said = await s.waitFor('the refused pattern logged', () => s.logged.find((m) => m.message.includes('errorCodes.workspace.exclude')));
    assert.match(said.message, /errorCodes\.workspace\.exclude: the pattern "!\*\*\/\*\.ts" is not used: a leading `!`/);
  });
});

describe('links announced by watched-file events', { skip: process.platform === 'win32' && 'symbolic links need rights on Windows' }, () => {
  test('a link to a log outside the workspace is not read, as the scan skips links; a real new log is', async () => {
    const outside = workspace({ 'secret.log': 'IMG.0024\n' });
    const dir = workspace({ 'src/ok.ts': SOURCE });
    server = await LspClient.start({ workspaceFolders: [dir], deadlineMs: 30_000 });
    const s = server;
    await s.scannedCodes();
    fs.mkdirSync(path.join(dir, 'logs'));
    fs.symlinkSync(path.join(outside, 'secret.log'), path.join(dir, 'logs/link.log'));
    fs.writeFileSync(path.join(dir, 'logs/real.log'), 'SVCSTG.SWR.4000306\n');
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: pathToFileURL(path.join(dir, 'logs/link.log')).href, type: FileChangeType.Created },
        { uri: pathToFileURL(path.join(dir, 'logs/real.log')).href, type: FileChangeType.Created },
      ],
    });
    // The real log's code shows that both events were taken; the link's code must not be there.
    const view = await s.eventually('the new log scanned', async () => {
      const v = await s.scannedCodes();
      return v.services.some((x) => x.codes.some((c) => c.code === 'SVCSTG.SWR.4000306')) ? v : undefined;
    });
    assert.ok(!view.services.some((x) => x.codes.some((c) => c.code === 'IMG.0024')), 'the log behind the link is not read');
  });
});
