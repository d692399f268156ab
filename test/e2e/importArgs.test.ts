// The editor-free parts of "Import error-code page…": the proposed service id, the
// command line, and reading the command line's report, here against the real dist/cli.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_ID, cliArgs, proposeServiceId, readImportReport } from '../../client/src/importArgs';
import { ROOT } from '../support/root';

test('the proposed service id comes from the file name, without locale or "error codes" words', () => {
  const cases: Array<[string, string]> = [
    ['ecs.md', 'ecs'],
    ['/pages/ecs-en.md', 'ecs'],
    ['ecs_zh-CN.html', 'ecs'],
    ['ECS_Error-Codes.zh-CN.md', 'ecs'],
    ['api-gateway-error-codes.rst', 'api-gateway'],
    ['cce.addon.htm', 'cce-addon'],
    ['codes.md', 'codes'],
    ['错误码.md', ''],
    [`${'a'.repeat(80)}.txt`, 'a'.repeat(64)],
  ];
  for (const [file, id] of cases) {
    assert.equal(proposeServiceId(file), id, file);
    if (id) assert.match(id, SERVICE_ID);
  }
});

test('a new catalog is written with --out (and --name when given); a merge goes --into the existing file', () => {
  assert.deepEqual(cliArgs({ page: 'p.md', service: 'ecs', target: 'c/ecs.json', mode: 'create' }), [
    'import',
    'p.md',
    '--service',
    'ecs',
    '--out',
    'c/ecs.json',
  ]);
  assert.deepEqual(cliArgs({ page: 'p.md', service: 'ecs', target: 'c/ecs.json', mode: 'create', name: 'Elastic Cloud Server' }), [
    'import',
    'p.md',
    '--service',
    'ecs',
    '--out',
    'c/ecs.json',
    '--name',
    'Elastic Cloud Server',
  ]);
  assert.deepEqual(cliArgs({ page: 'p.md', service: 'ecs', target: 'c/ecs.json', mode: 'merge', name: 'ignored' }), [
    'import',
    'p.md',
    '--service',
    'ecs',
    '--into',
    'c/ecs.json',
  ]);
});

test('the report of the real command line is read: codes, rows not read, and why nothing was written', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'error-codes-import-args-'));
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const page = path.join(dir, 'ecs-en.md');
  writeFileSync(
    page,
    [
      '| Status Code | Error Code | Error Message |',
      '|---|---|---|',
      '| 404 | Ecs.0114 | The cloud server cannot be found. |',
      '| 400 | Ecs.0007 | The flavor is not offered here. |',
      '| 400 | Ecs.0008 |',
      '',
    ].join('\n'),
  );
  const target = path.join(dir, '.vscode', 'error-codes', 'ecs.json');
  const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });

  const created = run(cliArgs({ page, service: proposeServiceId(page), target, mode: 'create' }));
  assert.equal(created.status, 1, created.stderr);
  const report = readImportReport(created.stderr);
  assert.equal(report.read, 2);
  assert.equal(report.total, 2);
  assert.equal(report.unreadRows.length, 1);
  assert.match(report.unreadRows[0]!, /ecs-en\.md:5: row not read/);
  assert.equal(report.failure, undefined);
  assert.equal(JSON.parse(readFileSync(target, 'utf8')).codes.length, 2);

  const zh = path.join(dir, 'ecs-zh.md');
  writeFileSync(zh, '| 状态码 | 错误码 | 错误信息 |\n|---|---|---|\n| 404 | Ecs.0114 | 找不到该云服务器。 |\n| 409 | Ecs.0200 | 状态冲突。 |\n');
  const merged = run(cliArgs({ page: zh, service: 'ecs', target, mode: 'merge' }));
  assert.equal(merged.status, 0, merged.stderr);
  assert.deepEqual(readImportReport(merged.stderr), { read: 2, total: 3, unreadRows: [] });

  const prose = path.join(dir, 'notes.md');
  writeFileSync(prose, 'No table here.\n');
  const failed = run(cliArgs({ page: prose, service: 'notes', target: path.join(dir, 'notes.json'), mode: 'create' }));
  assert.equal(failed.status, 2);
  const why = readImportReport(failed.stderr);
  assert.ok(why.failure && !why.failure.startsWith('error-codes:'), `failure: ${why.failure}`);
  assert.equal(why.read, undefined);
});
